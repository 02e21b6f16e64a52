/* muni chat widget: connection states. Where the conversation's id is kept, and for how long
 * (a shared computer: after the idle time, or "Start forfra", the next person sees nothing);
 * the settings of the last good load (so the launcher and the phone number appear when the
 * API is down); a timeout on a hanging answer with "Prøv igen"; offline detection. */
const activeKey = `muni:${tenant}:active`;  // when the citizen last did something (ms)
const configKey = `muni:${tenant}:settings`;  // the last widget settings that loaded
const DEFAULT_IDLE_MINUTES = 30;
const DEFAULT_TIMEOUT_SECONDS = 20;
const MAX_BUSY_WAIT_SECONDS = 5;  // a busy server's Retry-After the widget waits out itself

CSS.push(`
  .state { font-size: .85rem; margin: 0; padding: .4rem .8rem; background: #fff4e5;
    color: #1b1b1b; border-top: 1px solid #b1b4b6; }
  .state:empty { display: none; }
  .footer { gap: .6rem; flex-wrap: wrap; }
  .footer button { min-height: 24px; }
  .msg.failed .body { outline: 2px dashed #505a5f; }
  .bot button.retry { display: inline-block; margin-top: .4rem; min-height: 24px; }
  .bot a.tel { display: inline; margin: 0; }
`);

Object.assign(MuniChat.prototype, {
  idleMinutes() {
    const config = this.config || this.cachedConfig() || {};
    return Number(config.idle_minutes) || DEFAULT_IDLE_MINUTES;
  },

  // the id, unless the citizen did nothing for the idle time (or no time was kept)
  savedConversation() {
    const id = localStorage.getItem(storeKey);
    const at = Number(localStorage.getItem(activeKey));
    if (!id) { return null; }
    if (!at || Date.now() - at > this.idleMinutes() * 60000) {
      localStorage.removeItem(storeKey); localStorage.removeItem(activeKey);
      return null;
    }
    return id;
  },

  saveConversation(id) { localStorage.setItem(storeKey, id); this.touchConversation(); },

  touchConversation() {
    if (localStorage.getItem(storeKey)) { localStorage.setItem(activeKey, String(Date.now())); }
  },

  forgetConversation() {
    localStorage.removeItem(storeKey); localStorage.removeItem(activeKey);
    this.conversation = null;
  },

  // "Start forfra", or the idle time passed while the page stood open: nothing of the last
  // conversation stays on the screen
  startOver(focus = true) {
    this.forgetConversation();
    if (this.live && this.stopLive) { this.stopLive(); }
    this.live = false;
    this.el.log.innerHTML = "";
    this.setInput("");
    this.pending = null;
    if (this.greet) { this.greet(); } else { this.bubble("bot", this.t("greeting")); }
    if (focus) { this.el.input.focus(); }
  },

  checkIdle() {
    if (this.conversation && !this.savedConversation()) { this.startOver(false); }
  },

  cachedConfig() {
    try { return JSON.parse(localStorage.getItem(configKey)); } catch (e) { return null; }
  },

  // the settings from the server; when it does not answer: the last good ones, else what the
  // script tag says (data-name, data-phone) with the texts built into the script
  async loadConfig() {
    try {
      const r = await this.fetchWithin(`${api}/api/tenants/${tenant}/widget`);
      if (!r.ok) { throw new Error(`settings: ${r.status}`); }
      const config = await r.json();
      localStorage.setItem(configKey, JSON.stringify(config));
      this.down = false;
      return config;
    } catch (e) {
      this.down = true;
      const cached = this.cachedConfig();
      if (cached && cached.texts) { return cached; }
      const name = (script && script.dataset.name) || "Chat";
      const fill = (words) => Object.fromEntries(Object.entries(words).map(([k, v]) =>
        [k, v.replace("{name}", name).replace("{owner}", name)]));
      return { tenant, name, phone: (script && script.dataset.phone) || "",
        primary: (script && script.dataset.primary) || "#0b5cad", logo: null,
        texts: { da: fill(WIDGET_TEXTS.da), en: fill(WIDGET_TEXTS.en) } };
    }
  },

  // fetch that gives up after the answer timeout (no response at all)
  fetchWithin(url, options = {}, ms) {
    const seconds = (this.config && this.config.answer_timeout_seconds) || DEFAULT_TIMEOUT_SECONDS;
    const control = new AbortController();
    const timer = setTimeout(() => control.abort(), ms || seconds * 1000);
    return fetch(url, { ...options, signal: control.signal })
      .finally(() => clearTimeout(timer));
  },

  // the seconds a busy server (503) asks to be left before the same request comes again
  // (Retry-After), when that is short enough to wait out here (MAX_BUSY_WAIT_SECONDS); else 0
  busyWait(r) {
    const wait = Number(r.headers.get("retry-after"));
    return r.status === 503 && wait > 0 && wait <= MAX_BUSY_WAIT_SECONDS ? wait : 0;
  },

  pause(seconds) { return new Promise((resolve) => setTimeout(resolve, seconds * 1000)); },

  // fetchWithin, and when the server is busy and says when to come back, once more after that
  // wait: a busy server has not handled the request, so sending it again is safe (the rating:
  // the citizen need not click again). A message is sent again the same way in ask(), with
  // its id, so the server answers it once even if the first one got through after all.
  async fetchPatiently(url, options = {}) {
    const r = await this.fetchWithin(url, options);
    const wait = this.busyWait(r);
    if (!wait) { return r; }
    await this.pause(wait);
    return this.fetchWithin(url, options);
  },

  // a message's own id (NewMessage.message_id): the same id when it is sent again after a
  // busy server, a lost answer, "Prøv igen" or going offline, so it is answered only once
  newMessageId() {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  },

  // a timer for a streamed answer: aborts when neither the first byte nor any further byte
  // comes within the timeout; kick() on every sign of life
  watchdog() {
    const seconds = (this.config && this.config.answer_timeout_seconds) || DEFAULT_TIMEOUT_SECONDS;
    const control = new AbortController();
    const watch = { signal: control.signal, timedOut: false, timer: null, reader: null };
    watch.kick = () => {
      clearTimeout(watch.timer);
      watch.timer = setTimeout(() => {
        watch.timedOut = true; control.abort();
        if (watch.reader) { watch.reader.cancel().catch(() => {}); }
      }, seconds * 1000);
    };
    watch.stop = () => clearTimeout(watch.timer);
    watch.kick();
    return watch;
  },

  keepQuestion(text) {
    if (!this.el.input.value.trim()) { this.setInput(text); }
  },

  // the question stays on screen, marked as not answered, with the reason and "Prøv igen"
  showFailed(mine, message, args) {
    mine.classList.add("failed");
    this.keepQuestion(args[0]);
    const note = this.bubble("bot", message);
    note.classList.add("error");
    const body = note.querySelector(".body") || note;
    body.appendChild(document.createElement("br"));
    const retry = document.createElement("button");
    retry.type = "button"; retry.className = "primary retry"; retry.textContent = this.t("retry");
    retry.addEventListener("click", () => {
      mine.remove(); note.remove();
      if (this.el.input.value.trim() === args[0].trim()) { this.setInput(""); }
      this.ask(...args);
    }, { once: true });
    body.appendChild(retry);
    retry.focus();
  },

  // offline: the question waits and is sent when the browser is online again
  waitForNetwork(args) {
    if (navigator.onLine !== false) { return false; }
    this.pending = args;
    this.keepQuestion(args[0]);
    this.el.state.textContent = this.t("offline");
    return true;
  },

  showDown() {
    const phone = this.config.phone;
    const div = this.bubble("bot", this.t("down"));
    div.classList.add("down");
    const body = div.querySelector(".body") || div;
    if (phone) {
      body.appendChild(document.createTextNode(` ${this.t("down_call")} `));
      const a = document.createElement("a");
      a.className = "tel";
      a.href = `tel:${phone.replace(/[^\d+]/g, "").replace(/^(\d{8})$/, "+45$1")}`;
      a.textContent = phone; body.appendChild(a);
      body.appendChild(document.createTextNode("."));
      const call = document.createElement("span");  // on the launcher too
      call.className = "launcher-phone"; call.textContent = ` · ${phone}`;
      this.el.launcher.appendChild(call);
    }
  },

  setupStates() {
    const state = document.createElement("p");
    state.className = "state"; state.setAttribute("role", "status");
    this.el.form.before(state);
    this.el.state = state;
    const again = document.createElement("button");
    again.type = "button"; again.className = "start-over"; again.textContent = this.t("start_over");
    again.addEventListener("click", () => this.startOver());
    this.el.end.before(again);
    this.el.startOver = again;
    window.addEventListener("offline", () => { this.el.state.textContent = this.t("offline"); });
    window.addEventListener("online", () => {
      this.el.state.textContent = this.t("online");
      setTimeout(() => { if (this.el.state.textContent === this.t("online")) {
        this.el.state.textContent = ""; } }, 4000);
      const args = this.pending; this.pending = null;
      if (args) {
        if (this.el.input.value.trim() === args[0].trim()) { this.setInput(""); }
        this.ask(...args);
      }
    });
    if (navigator.onLine === false) { this.el.state.textContent = this.t("offline"); }
    // the idle time may pass while the page stands open on a shared computer
    setInterval(() => this.checkIdle(), 30000);
    document.addEventListener("visibilitychange", () => this.checkIdle());
    window.addEventListener("focus", () => this.checkIdle());
    if (this.down) { this.showDown(); }
  }
});
