/* muni chat widget: handing over to a person, the live chat and the callback form.
 * Live messages are pushed (server-sent events, /live/events); without EventSource, or when
 * the stream keeps failing, the widget asks GET /live every few seconds instead. While a person
 * is in the conversation the notice says who ("Du skriver med Mette fra Borgerservice"), their
 * messages carry their name, and after a reload the whole human part is shown again in order
 * with the chatbot's turns (showLiveHistory, called by resume in core.js). */
CSS.push(`
  .msg.agent { background: #fff; border: 2px solid var(--primary); border-left-width: .4rem;
    padding: .5rem .7rem; border-radius: .5rem; white-space: pre-wrap; }
  .msg.agent .agent-name { display: block; font-weight: 700; font-size: .85rem;
    margin-bottom: .2rem; white-space: normal; }
  .msg.system { font-size: .85rem; font-style: italic; color: #3d3d3d; text-align: center;
    margin: .6rem 1rem; }
  details.notice.live, details.notice.live summary { background: #e8f0fa; }
  details.notice.live .notice-line { font-weight: 700; }
  @media (forced-colors: active) { .msg.agent { border-color: CanvasText; } }
`);

Object.assign(MuniChat.prototype, {
  liveUrl(path = "") {
    return `${api}/api/tenants/${tenant}/conversations/${this.conversation}/live${path}`;
  },

  offerHandoff(div, open) {
    const box = document.createElement("div"); box.className = "replies";
    if (!open) {
      const p = document.createElement("p"); p.className = "closed-now";
      p.textContent = this.t("live_closed_now"); div.appendChild(p);
      // "... Vi åbner igen i morgen kl. 08.00." in the conversation's language
      fetch(`${api}/api/tenants/${tenant}/conversations/${this.conversation}/handoff`)
        .then((r) => (r.ok ? r.json() : null))
        .then((hours) => { if (hours && !hours.open && hours.text) { p.textContent = hours.text; } })
        .catch(() => {});
    }
    const b = document.createElement("button"); b.type = "button"; b.className = "handoff";
    b.textContent = open ? this.t("handoff_now") : this.t("callback");
    b.addEventListener("click", () => (open ? this.startHandoff() : this.showCallback()));
    box.appendChild(b); div.appendChild(box);
  },

  async startHandoff() {
    await this.ensureConversation();
    const r = await fetch(`${api}/api/tenants/${tenant}/conversations/${this.conversation}/handoff`,
      { method: "POST" });
    const data = await r.json();
    if (!r.ok) { this.bubble("bot", data.error.message); return; }
    if (data.status === "closed") { this.showCallback(); return; }
    this.goLive();
  },

  /* Listen for the live chat: pushed events, else polling. */
  goLive() {
    this.live = true; this.seen = this.seen || 0; this.mine = this.mine || new Set();
    this.pendingLive = this.pendingLive || 0;
    this.stopLive(false);
    if (!this.person) { this.showWaiting(); }
    if (typeof EventSource === "undefined" || this.liveFailures >= 3) { this.pollLive(); return; }
    const es = new EventSource(this.liveUrl(`/events?after=${this.seen}`));
    this.events = es;
    es.addEventListener("open", () => { this.liveFailures = 0; });
    es.addEventListener("message", (e) => this.showLive(JSON.parse(e.data)));
    es.addEventListener("status", (e) => this.liveStatus(JSON.parse(e.data)));
    es.addEventListener("end", (e) => { es.close(); this.endLive(JSON.parse(e.data).status); });
    es.addEventListener("error", () => {
      // the browser reconnects by itself (Last-Event-ID); give up on a stream that never opens
      this.liveFailures = (this.liveFailures || 0) + 1;
      if (es.readyState === EventSource.CLOSED || this.liveFailures >= 3) {
        es.close(); if (this.live) { this.pollLive(); }
      }
    });
  },

  pollLive() {
    clearInterval(this.poller);
    this.poller = setInterval(() => this.poll(), 3000);
    this.poll();
  },

  stopLive(ended = true) {
    if (this.events) { this.events.close(); this.events = null; }
    clearInterval(this.poller);
    if (ended) { this.live = false; }
  },

  async poll() {
    const r = await fetch(this.liveUrl(`?after=${this.seen}`)).catch(() => null);
    if (!r || !r.ok) { return; }
    const data = await r.json();
    for (const m of data.messages) { this.showLive(m); }
    this.liveStatus(data);
    if (data.status !== "queued" && data.status !== "active") { this.endLive(data.status); }
  },

  /* One live message, once (the stream and a poll may both bring it). */
  showLive(m, before = null, history = false) {
    if (m.id <= (this.seen || 0) && !history) { return null; }
    this.seen = Math.max(this.seen || 0, m.id);
    if (m.sender === "citizen" && ((this.mine && this.mine.has(m.id)) || this.pendingLive > 0)) {
      return null;  // shown when it was sent (a message sent meanwhile is claimed by its reply)
    }
    let div;
    if (m.sender === "citizen") {
      div = this.bubble("me", m.text);
    } else if (m.sender === "agent") {
      const who = { agent: m.author || this.t("agent"), team: m.author_role || "" };
      div = this.bubble("agent", m.text, { speaker: this.fill("live_speaker", who) });
      const name = document.createElement("span"); name.className = "agent-name";
      name.setAttribute("aria-hidden", "true");  // the speaker label says it to screen readers
      name.textContent = m.author_role ? this.fill("live_name", who) : who.agent;
      div.prepend(name);
    } else {
      div = this.bubble("system", m.text, { speaker: this.t("live_system") });
      if (m.author && !history) { this.showPerson({ name: m.author, role: m.author_role }); }
    }
    if (before) { this.el.log.insertBefore(div, before); }
    return div;
  },

  fill(key, values) {
    return this.t(key).replace("{agent}", values.agent).replace("{team}", values.team);
  },

  liveStatus(data) {
    if (data.status === "active" && data.agent) { this.showPerson(data.agent); }
    if (data.status === "queued" && !this.person) { this.showWaiting(); }
  },

  /* The notice's first line says who the citizen is writing with now (applyTexts in core.js
   * leaves it alone while this.live). */
  showPerson(agent) {
    this.person = agent;
    this.el.notice.textContent = this.fill("live_with", { agent: agent.name,
      team: agent.role || this.t("agent") });
    (this.el.details || this.el.notice).classList.add("live");
  },

  showWaiting() {
    this.el.notice.textContent = this.t("live_waiting");
    (this.el.details || this.el.notice).classList.add("live");
  },

  /* The notice again in the widget's language (after a language switch). */
  refreshLiveNotice() {
    if (this.person) { this.showPerson(this.person); } else { this.showWaiting(); }
  },

  /* The handoff is over (returned to the chatbot or closed): the notice goes back. */
  endLive() {
    this.stopLive(true);
    this.person = null; this.pendingLive = 0;
    (this.el.details || this.el.notice).classList.remove("live");
    this.applyTexts();
  },

  /* A citizen's message to the person (ask() in core.js sends here while live). */
  async sendLive(text) {
    const mine = this.bubble("me", text);
    this.pendingLive = (this.pendingLive || 0) + 1;
    try {
      const r = await fetch(this.liveUrl(), { method: "POST",
        headers: { "content-type": "application/json" }, body: JSON.stringify({ text }) });
      const data = await r.json().catch(() => ({}));
      if (r.ok) { this.mine.add(data.id); this.setText(mine, data.text); return; }
      this.bubble("bot", (data.error && data.error.message) || this.t("live_not_sent"));
    } catch (e) {
      this.bubble("bot", this.t("live_not_sent"));
    } finally {
      this.pendingLive -= 1;
    }
  },

  /* After a reload: the live chat (also a finished one) in order with the chatbot's turns,
   * then listen again if a person is still in it. `turns` as GET /conversations/{id} gives
   * them; their questions are the log's .msg.me children, in order. */
  async showLiveHistory(turns) {
    const r = await fetch(this.liveUrl()).catch(() => null);
    if (!r || !r.ok) { return; }
    const data = await r.json();
    this.mine = this.mine || new Set();
    const questions = [...this.el.log.querySelectorAll(":scope > .msg.me")];
    for (const m of data.messages) {
      const later = (turns || []).findIndex(
        (t) => Date.parse(t.created_at) > Date.parse(m.created_at));
      this.showLive(m, later >= 0 && questions[later] ? questions[later] : null, true);
    }
    if (data.status === "active" && data.agent) { this.showPerson(data.agent); }
    if (["queued", "active"].includes(data.status)) { this.goLive(); }
  },

  showCallback() {
    if (this.root.querySelector("form.callback")) { return; }
    const form = document.createElement("form"); form.className = "callback msg";
    form.innerHTML = `<fieldset><legend></legend>
      <label for="muni-cb-name"></label><br><input id="muni-cb-name" required maxlength="200"><br>
      <label for="muni-cb-phone"></label><br><input id="muni-cb-phone" type="tel" required
        minlength="6" maxlength="50"><br>
      <label for="muni-cb-when"></label><br><input id="muni-cb-when" maxlength="200">
      <p class="ai"></p></fieldset><button class="primary" type="submit"></button>`;
    form.querySelector("legend").textContent = this.t("callback");
    form.querySelector("label[for=muni-cb-name]").textContent = this.t("cb_name");
    form.querySelector("label[for=muni-cb-phone]").textContent = this.t("cb_phone");
    form.querySelector("label[for=muni-cb-when]").textContent = this.t("cb_when");
    form.querySelector("p.ai").textContent = this.t("cb_note");
    form.querySelector("button").textContent = this.t("cb_send");
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      await this.ensureConversation();
      const r = await fetch(`${api}/api/tenants/${tenant}/conversations/${this.conversation}/callback`,
        { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({
          name: form.querySelector("#muni-cb-name").value,
          phone: form.querySelector("#muni-cb-phone").value,
          preferred_time: form.querySelector("#muni-cb-when").value }) });
      const data = await r.json();
      form.remove();
      this.bubble("bot", r.ok ? data.text : data.error.message);
    });
    this.el.log.appendChild(form);
    form.querySelector("input").focus();
  }
});
