/* muni chat widget, part 1 of the script /widget.js: settings, the element and the conversation.
 * The route (web/routes/widget.py) joins the parts in WIDGET_PARTS inside one function scope,
 * so they share `tenant`, `api`, `CSS`, `HOOKS` and the MuniChat class; parts add methods with
 * Object.assign(MuniChat.prototype, ...) and react to HOOKS (answer rendered, ...). */
const script = document.currentScript;
const tenant = script && script.dataset.tenant;
if (!tenant || customElements.get("muni-chat")) { return; }
const api = new URL(script.src, location.href).origin;
const storeKey = `muni:${tenant}:conversation`;
const openKey = `muni:${tenant}:open`;

const mode = script.dataset.mode === "page" ? "page" : "float";  // page: the citizen page

const css = `
  :host { all: initial; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  :host([data-mode=page]) { display: block; width: 100%; height: 100%; }
  :host([data-mode=page]) aside { height: 100%; }
  * { box-sizing: border-box; }
  .launcher { position: fixed; right: 1.25rem; bottom: 1.25rem; z-index: 2147483000;
    background: var(--primary); color: #fff; border: 2px solid #fff; border-radius: 2rem;
    padding: .8rem 1.2rem; font: 600 1rem system-ui, sans-serif; cursor: pointer;
    box-shadow: 0 2px 10px rgba(0,0,0,.3); }
  /* the focus ring has two colours, so it shows on white and on the municipality's colour:
     a white ring inside (box-shadow) and a near-black outline outside; reversed in the header */
  :focus-visible { outline: 3px solid #0b0c0c; outline-offset: 2px;
    box-shadow: 0 0 0 2px #fff; }
  header :focus-visible, .launcher:focus-visible { outline-color: #fff;
    box-shadow: 0 0 0 2px #0b0c0c; }
  .panel { position: fixed; right: 1.25rem; bottom: 1.25rem; z-index: 2147483001;
    width: 24rem; max-width: calc(100vw - 2rem); height: 38rem; max-height: calc(100vh - 2rem);
    display: flex; flex-direction: column; background: #fff; color: #1b1b1b;
    border-radius: .6rem; box-shadow: 0 4px 24px rgba(0,0,0,.35); overflow: hidden; }
  .panel.page { position: relative; right: auto; bottom: auto; width: 100%; max-width: none;
    height: 100%; max-height: none; min-height: 16rem; border-radius: 0; box-shadow: none;
    z-index: auto; }
  .panel.page.viewport { position: fixed; inset: 0; height: 100vh; height: 100dvh; }
  .panel[hidden], .launcher[hidden], [hidden] { display: none; }
  header { background: var(--primary); color: #fff; display: flex; align-items: center;
    flex-wrap: wrap; gap: .4rem; padding: .5rem .7rem; }
  header h2 { font-size: 1.05rem; margin: 0; flex: 1 1 8rem; overflow-wrap: anywhere; }
  header img { height: 1.6rem; }
  header button { background: transparent; color: #fff; border: 1px solid #fff;
    border-radius: .3rem; padding: .25rem .5rem; font-size: .9rem; cursor: pointer;
    min-height: 2rem; min-width: 2rem; }
  details.notice { font-size: .85rem; background: #f3f2f1; color: #1b1b1b; margin: 0;
    border-bottom: 1px solid #b1b4b6; }
  details.notice summary { padding: .35rem .8rem; cursor: pointer; min-height: 1.75rem;
    font-weight: 600; }
  details.notice p { margin: 0; padding: 0 .8rem .5rem; }
  .notice a, .bot a, .who a { color: #1d4f91; }
  .notice a { display: inline-block; min-height: 1.5rem; padding: .15rem 0; }
  .log { flex: 1 1 auto; min-height: 6rem; overflow-y: auto; padding: .6rem .8rem; }
  .msg { margin: .5rem 0; line-height: 1.45; font-size: .95rem; }
  .me { text-align: right; }
  .me .body { display: inline-block; background: #e8f0fa; color: #1b1b1b;
    padding: .4rem .7rem; border-radius: 1rem; max-width: 85%; text-align: left;
    white-space: pre-wrap; overflow-wrap: anywhere; }
  .bot { background: #f3f2f1; padding: .5rem .7rem; border-radius: .5rem;
    overflow-wrap: anywhere; }
  .bot .body.plain { white-space: pre-wrap; }
  .bot .body > :first-child { margin-top: 0; }
  .bot .body > :last-child { margin-bottom: 0; }
  .bot .body p { margin: .4rem 0; }
  .bot .body ul, .bot .body ol { margin: .4rem 0; padding-left: 1.4rem; }
  .bot .body li { margin: .2rem 0; }
  .bot .body a { display: inline-block; min-height: 1.5rem; min-width: 1.5rem;
    padding: .1rem 0; }
  .bot .body [tabindex="-1"]:focus { outline: none; box-shadow: none; }
  .bot .body [tabindex="-1"]:focus-visible { outline: 2px dashed #505a5f; outline-offset: 2px; }
  .bot > a { display: block; width: fit-content; margin-top: .35rem; min-height: 1.5rem;
    padding: .15rem 0; }
  .ai { font-size: .8rem; color: #3d3d3d; margin: .35rem 0 0; }
  .replies { display: flex; flex-wrap: wrap; gap: .4rem; margin-top: .5rem; }
  .replies button { background: #fff; color: #1d4f91; border: 1px solid #1d4f91;
    border-radius: 1rem; padding: .35rem .8rem; font-size: .9rem; cursor: pointer;
    min-height: 2.25rem; text-align: left; }
  .typing { font-size: .85rem; color: #3d3d3d; padding: 0 .8rem; min-height: 1.2rem; }
  .bottom { background: #fff; border-top: 1px solid #b1b4b6; }
  form.ask { display: flex; gap: .4rem; padding: .5rem .6rem .2rem; align-items: flex-end; }
  form.ask textarea { flex: 1; min-width: 0; margin: 0; font: 1rem/1.35 system-ui, sans-serif;
    padding: .45rem .5rem; border: 2px solid #505a5f; border-radius: .3rem; resize: none;
    min-height: 2.6rem; max-height: 7rem; field-sizing: content; }
  form.ask textarea[aria-invalid=true] { border-color: #b00020; }
  button.primary { background: var(--primary); color: #fff; border: 2px solid transparent;
    border-radius: .3rem; padding: .5rem .9rem; font-size: .95rem; cursor: pointer;
    min-height: 2.6rem; }
  button[aria-disabled=true] { background: #6f777b; cursor: not-allowed; }
  .meta { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
    gap: .2rem .6rem; padding: 0 .6rem .35rem; font-size: .8rem; color: #3d3d3d; }
  .limit { margin: 0 .6rem .3rem; font-size: .85rem; color: #b00020; font-weight: 600; }
  .limit:empty { display: none; }
  .footer button, button.end { background: #fff; border: 1px solid #1d4f91; color: #1d4f91;
    border-radius: .3rem; cursor: pointer; font-size: .85rem; padding: .2rem .6rem;
    min-height: 1.75rem; }
  fieldset { border: 1px solid #b1b4b6; border-radius: .4rem; margin: .5rem 0; }
  legend { font-weight: 600; padding: 0 .3rem; }
  .who { font-size: .85rem; margin: 0; padding: .3rem .8rem; background: #e8f0fa;
    border-bottom: 1px solid #b1b4b6; }
  .who button, a.login { background: #fff; color: #1d4f91; border: 1px solid #1d4f91;
    border-radius: .3rem; padding: .2rem .5rem; font-size: .85rem; cursor: pointer;
    min-height: 1.75rem; }
  .bot a.login { display: inline-block; text-decoration: none; font-weight: 600; }
  form.book input { width: 100%; font-size: 1rem; padding: .4rem; border: 2px solid #505a5f;
    border-radius: .3rem; }
  /* radios and check boxes: 24 px targets at least (WCAG 2.5.8), whatever a part sets */
  input[type=radio], input[type=checkbox] { width: 1.5rem; height: 1.5rem; margin: 0 .3rem 0 0;
    vertical-align: middle; accent-color: #1d4f91; }
  .panel input[type=radio], .panel input[type=checkbox] { min-width: 1.5rem; min-height: 1.5rem;
    flex: none; }
  .consent { font-size: .85rem; margin: .3rem 0 .5rem; display: flex; gap: .4rem;
    align-items: flex-start; }
  .rate label { display: inline-flex; align-items: center; min-height: 1.75rem;
    margin-right: .8rem; }
  textarea { width: 100%; margin-top: .4rem; font: inherit; border: 2px solid #505a5f;
    border-radius: .3rem; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
    clip-path: inset(50%); white-space: nowrap; }
  @media (max-width: 480px) {
    .panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100vh;
      height: 100dvh; max-height: none; border-radius: 0; }
  }
  /* short screens (400 % zoom, a phone on its side): the panel scrolls as a whole, the
     messages get the room, and the input, Send and "Afslut samtalen" stay at the bottom */
  @media (max-height: 500px) {
    .panel:not([hidden]) { display: block; overflow-y: auto; }
    .panel.page:not(.viewport) { height: 100%; }
    .log { overflow: visible; min-height: 6rem; }
    header { padding: .3rem .6rem; }
    .bottom { position: sticky; bottom: 0; z-index: 1; }
    form.ask textarea { max-height: 4rem; }
  }
  @media (forced-colors: active) {
    .launcher, button, header button, .replies button, button.primary, summary {
      border: 2px solid ButtonText; background: ButtonFace;
      color: ButtonText; }
    button[aria-disabled=true] { color: GrayText; border-color: GrayText; }
    :focus-visible, header :focus-visible, .launcher:focus-visible {
      outline: 3px solid Highlight; outline-offset: 2px; }
    .panel { border: 2px solid CanvasText; }
    .bot, .me .body { border: 1px solid CanvasText; }
    a { color: LinkText; }
  }`;

// what the parts add: their styles, and functions called at moments in the element's life
const CSS = [css];
// answer: (div, answer) after an answer is rendered; texts: (element) after the interface's
// words are set (at start and when the language changes), for a part's own buttons
const HOOKS = { answer: [], texts: [] };

class MuniChat extends HTMLElement {
  connectedCallback() {
    if (this.root) { return; }  // moved on the page (page mode): already set up
    this.root = this.attachShadow({ mode: "open" });
    this.language = "da";
    // a QR link's conversation, passed by the citizen page (data-conversation), else the one
    // this browser kept, unless the idle time has passed (states.js: a shared computer)
    const host = this.closest && this.closest("[data-muni-chat]");
    const given = (script && script.dataset.conversation) || (host && host.dataset.conversation);
    if (given && /^[0-9a-f]{32}$/.test(given)) { this.saveConversation(given); }
    this.conversation = this.savedConversation();
    this.init().catch(() => {});
  }

  t(key) { return this.config.texts[this.language][key] || this.config.texts.da[key]; }

  async init() {
    this.config = await this.loadConfig();  // states.js: the last good one when the API is down
    this.style.setProperty("--primary", this.config.primary);
    this.root.innerHTML = `<style>${CSS.join("\n")}</style>
      <aside aria-label="Chat">
        <button class="launcher" type="button" aria-expanded="false"></button>
        <section class="panel" role="dialog" aria-modal="false" hidden>
          <header>${this.config.logo ? `<img src="${this.config.logo}" alt="">` : ""}
            <h2></h2><button class="lang" type="button"></button>
            <button class="close" type="button"></button></header>
          <details class="notice"><summary><span class="notice-line"></span></summary>
            <p class="notice-more"></p></details>
          <p class="who" hidden><span></span> <button class="logout" type="button"></button></p>
          <div class="log" role="log" tabindex="0"></div>
          <div class="typing" role="status"></div>
          <div class="bottom">
            <form class="ask"><label class="sr" for="muni-q"></label>
              <textarea id="muni-q" rows="1" autocomplete="off"
                aria-describedby="muni-count muni-limit"></textarea>
              <button class="primary" type="submit"></button></form>
            <p class="limit" id="muni-limit" role="alert"></p>
            <div class="meta footer"><span class="count" id="muni-count"></span>
              <button class="end" type="button"></button></div>
          </div>
        </section>
      </aside>`;
    const $ = (s) => this.root.querySelector(s);
    this.el = { launcher: $(".launcher"), panel: $(".panel"), title: $("h2"), close: $(".close"),
      notice: $(".notice-line"), details: $("details.notice"), more: $(".notice-more"),
      log: $(".log"), typing: $(".typing"), form: $("form.ask"), lang: $("button.lang"),
      input: $("#muni-q"), label: $("label.sr"), send: $("form.ask button"), end: $(".end"),
      who: $(".who"), logout: $(".logout"), count: $("#muni-count"), limit: $("#muni-limit") };
    this.el.panel.setAttribute("aria-labelledby", "muni-title");
    this.el.title.id = "muni-title";
    this.maxChars = this.config.max_chars || 1000;
    this.setUpPanel();
    this.applyTexts();
    this.el.launcher.addEventListener("click", () => this.open());
    this.el.close.addEventListener("click", () => this.close());
    this.el.end.addEventListener("click", () => this.showRating());
    this.el.logout.addEventListener("click", () => this.logout());
    this.el.panel.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && mode !== "page") { this.close(); }
      if (e.key === "Tab") { this.keepFocusInside(e); }
    });
    this.el.form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (this.overLimit()) { this.el.input.focus(); return; }  // told, not cut
      const text = this.el.input.value.trim();
      if (text) { this.setInput(""); this.ask(text); }
    });
    this.setupStates();  // states.js: start over, offline, idle time, the down message
    // open before this page load (read now: a click on the launcher while the login check
    // below runs opens the panel itself, and a second open would fold the notice up)
    const wasOpen = sessionStorage.getItem(openKey) === "1";
    if (!this.down) {
      await this.checkLogin();
      if (this.conversation) { await this.resume(); }
    }
    if (mode === "page" || (wasOpen && this.el.panel.hidden)) { this.open(false); }
  }

  applyTexts() {
    this.el.launcher.textContent = this.config.name;
    this.el.launcher.setAttribute("aria-label", this.t("open"));
    this.el.title.textContent = this.t("title");
    this.el.close.textContent = this.t("close");
    this.el.lang.textContent = this.t("switch_language");  // names the other language, in it
    this.el.lang.lang = this.language === "en" ? "da" : "en";
    if (!this.live) { this.el.notice.textContent = this.t("notice_line"); }
    else { this.refreshLiveNotice(); }  // live.js: who the citizen writes with, in this language
    this.el.more.textContent = `${this.t("disclosure")} ${this.t("privacy")} `;
    const about = document.createElement("a");  // the tenant's transparency page
    about.href = `${api}/t/${tenant}/om-chatbotten`; about.target = "_blank";
    about.rel = "noopener"; about.textContent = this.t("about");
    this.el.more.appendChild(about);
    this.el.label.textContent = this.t("label");
    this.el.input.placeholder = this.t("placeholder");
    this.el.send.textContent = this.t("send");
    this.el.end.textContent = this.t("end");
    this.el.logout.textContent = this.t("logout");
    this.el.log.setAttribute("aria-label", this.t("title"));
    this.el.panel.lang = this.language;
    if (this.el.startOver) { this.el.startOver.textContent = this.t("start_over"); }  // states.js
    this.countChars();
    for (const hook of HOOKS.texts) { hook(this); }
  }

  open(focus = true) {
    this.el.panel.hidden = false;
    this.el.launcher.hidden = true;
    this.el.launcher.setAttribute("aria-expanded", "true");
    sessionStorage.setItem(openKey, "1");
    this.fitNotice();
    if (!this.el.log.childElementCount) { this.greet(); }
    if (focus) { this.el.input.focus(); }
  }

  close() {
    if (mode === "page") { return; }  // the citizen page: the chat is the page
    this.el.panel.hidden = true;
    this.el.launcher.hidden = false;
    this.el.launcher.setAttribute("aria-expanded", "false");
    sessionStorage.removeItem(openKey);
    this.el.launcher.focus();
  }

  async ensureConversation() {
    if (this.conversation) { return; }
    const r = await this.fetchPatiently(`${api}/api/tenants/${tenant}/conversations`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ channel: "web" }) });
    const data = await r.json().catch(() => ({}));
    // still busy after one wait (503) or too many (429): say so in the server's words, keep
    // no broken id
    if (!r.ok) {
      const refused = new Error((data.error && data.error.message) || this.t("error"));
      refused.forCitizen = true;
      throw refused;
    }
    this.conversation = data.id;
    this.saveConversation(this.conversation);
    this.touchConversation();
  }

  async resume() {
    const r = await this.fetchWithin(
      `${api}/api/tenants/${tenant}/conversations/${this.conversation}`).catch(() => null);
    if (r && r.status === 404) { this.forgetConversation(); return; }  // gone (or not ours)
    if (!r || !r.ok) { return; }  // the server is down or busy: keep the id, try next time
    const data = await r.json();
    this.resuming = true;
    for (const turn of data.turns) {
      this.bubble("me", turn.question);
      const answer = { ...turn.answer, seq: turn.seq, vote: turn.vote };
      const div = this.bubble("bot", "");
      this.renderAnswer(div, answer);  // its HOOKS.answer add the votes, read-aloud, ...
    }
    this.resuming = false;
    if (data.rating) { this.bubble("bot", this.t("thanks")); }
    await this.showLiveHistory(data.turns);  // live.js: the human part too, then listen again
  }

  /* A message in the log: a visually hidden speaker label first ("Du skrev:", "Chatbotten
   * svarede:", or options.speaker, e.g. "Mette, Borgerservice, skrev:"), then the text in
   * .body. options.lang: the message's language (else the widget's). Change the text with
   * setText / appendText (panel.js), which keep the label. */
  bubble(kind, text, options = {}) {
    const div = document.createElement("div");
    div.className = `msg ${kind}`;
    div.lang = options.lang || this.language;
    const who = document.createElement("span"); who.className = "sr speaker";
    who.textContent = `${options.speaker || this.t(kind === "me" ? "speaker_me" : "speaker_bot")} `;
    const body = document.createElement(kind === "me" ? "span" : "div");
    body.className = kind === "me" ? "body" : "body plain";
    body.textContent = text;
    div.append(who, body);
    this.el.log.appendChild(div);
    this.el.log.scrollTop = this.el.log.scrollHeight;
    return div;
  }

  renderAnswer(div, answer) {
    if (answer.language === "en" && this.language !== "en" && !this.languageChosen) {
      this.language = "en"; this.applyTexts();
    }
    const lang = answer.language || this.language;
    div.lang = lang;
    const question = this.questionBefore(div);  // the citizen's message: the language found
    if (question) { question.lang = lang; }
    const who = div.querySelector(".speaker") || document.createElement("span");
    who.className = "sr speaker";
    const body = document.createElement("div"); body.className = "body";
    body.appendChild(renderMarkdown(answer.text));  // markdown.js: DOM nodes, never HTML
    div.replaceChildren(who, body);
    for (const link of answer.links || []) {
      const a = document.createElement("a"); a.textContent = link.title;
      a.href = link.url.startsWith("/api/") ? api + link.url : link.url;  // muni's own file
      if (!/^(https?:|mailto:|tel:)/i.test(a.href)) { continue; }
      a.target = "_blank"; a.rel = "noopener"; div.appendChild(a);
    }
    if (answer.ai_generated) { const p = document.createElement("p"); p.className = "ai";
      p.textContent = this.t("ai_label"); div.appendChild(p); }
    if (answer.handoff) { this.offerHandoff(div, answer.handoff.open); }
    if (answer.action === "book_contact") { this.showBookingForm(div); }
    if (answer.action === "citizen_login") { this.offerLogin(div); }
    if ((answer.quick_replies || []).length) {
      div.appendChild(this.suggestions(answer.quick_replies.map((q) => ({ label: q.label,
        run: () => this.ask(q.message, q.topic, q.sub, q.flow) }))));
    }
    for (const hook of HOOKS.answer) { hook(div, answer); }  // votes, read aloud, ...
    this.el.log.scrollTop = this.el.log.scrollHeight;
    if (!this.resuming) { this.focusAnswer(div); }
  }


  async checkLogin() {
    const r = await fetch(`${api}/api/tenants/${tenant}/citizen/me`).catch(() => null);
    const me = r && r.ok ? await r.json() : { logged_in: false };
    this.loggedIn = !!me.logged_in;
    this.el.who.hidden = !this.loggedIn;
    if (this.loggedIn) {
      this.el.who.querySelector("span").textContent = me.name
        ? this.t("logged_in").replace("{who}", me.name) : this.t("logged_in_anonymous");
    }
  }

  offerLogin(div) {
    // muni asks for a login: the session is gone (expired), whatever this page last saw
    if (this.loggedIn) {
      if (this.resuming) { return; }  // an old offer in the transcript: still logged in
      this.loggedIn = false; this.el.who.hidden = true;
    }
    const a = document.createElement("a"); a.className = "login";
    const back = encodeURIComponent(location.href);
    a.href = `${api}/api/tenants/${tenant}/citizen/login?conversation=` +
      `${encodeURIComponent(this.conversation || "")}&return_to=${back}`;
    a.textContent = this.t("login"); div.appendChild(a);
  }

  async logout() {
    await fetch(`${api}/api/tenants/${tenant}/citizen/logout`, { method: "POST" }).catch(() => null);
    // the conversation may hold the citizen's own data: start afresh
    this.forgetConversation();
    this.el.log.replaceChildren(); await this.checkLogin();
    this.bubble("bot", this.t("logged_out")); this.el.input.focus();
  }

  showBookingForm(div) {
    const form = document.createElement("form"); form.className = "book";
    form.innerHTML = `<fieldset><legend></legend>
      <label for="muni-bk-name"></label><br><input id="muni-bk-name" required maxlength="200"
        autocomplete="name"><br>
      <label for="muni-bk-phone"></label><br><input id="muni-bk-phone" type="tel" required
        minlength="6" maxlength="50" autocomplete="tel">
      <p class="ai"></p></fieldset><button class="primary" type="submit"></button>`;
    form.querySelector("legend").textContent = this.t("book_legend");
    form.querySelector("label[for=muni-bk-name]").textContent = this.t("book_name");
    form.querySelector("label[for=muni-bk-phone]").textContent = this.t("book_phone");
    form.querySelector("p.ai").textContent = this.t("book_note");
    form.querySelector("button").textContent = this.t("book_confirm");
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const contact = { name: form.querySelector("#muni-bk-name").value.trim(),
        phone: form.querySelector("#muni-bk-phone").value.trim() };
      form.remove();
      this.ask(this.t("book_confirm"), null, null, "booking:confirm", contact);
    });
    div.appendChild(form);
  }

  async ask(text, topic, sub, flow, contact, id) {
    if (this.live) { return this.sendLive(text); }  // live.js: to the person
    const args = [text, topic, sub, flow, contact, id || this.newMessageId()];
    if (this.waitForNetwork(args)) { return; }  // offline
    const mine = this.bubble("me", text);
    this.el.typing.textContent = this.t("typing");
    this.touchConversation();
    // a failed or hung request keeps the question: back in the input, and "Prøv igen"
    const again = (message) => this.showFailed(mine, message, args);
    const watch = this.watchdog();  // aborts when no byte comes within the answer timeout
    let answered = false;
    let reply = null;  // the answer's bubble: removed again when the answer fails halfway
    try {
      await this.ensureConversation();
      const conversation = this.conversation;
      const send = () => fetch(`${api}/api/tenants/${tenant}/conversations/` +
        `${conversation}/messages?stream=true`, { method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text, topic: topic || null, sub: sub || null, flow: flow || null,
          contact: contact || null, message_id: args[5] }), signal: watch.signal });
      let r = await send();
      const wait = this.busyWait(r);
      if (wait) {  // busy: once more after the server's wait, by itself (the same id)
        watch.stop(); await this.pause(wait); watch.kick();
        // "Start forfra" (or the idle time) meanwhile: the question went with the screen
        if (this.conversation !== conversation) { return; }
        r = await send();
      }
      watch.kick();
      if (!r.ok) {
        const err = await r.json().catch(() => null);
        const message = (err && err.error && err.error.message) || this.t("failed");
        if (r.status >= 500 || r.status === 429 || !err) { again(message); }
        else { this.bubble("bot", message); this.keepQuestion(text); }
        return;
      }
      reply = this.bubble("bot", "");
      const reader = r.body.getReader();
      watch.reader = reader;
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        watch.kick();
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
          const event = (block.match(/^event: (.*)$/m) || [])[1];
          const data = JSON.parse((block.match(/^data: (.*)$/m) || [])[1] || "{}");
          if (event === "token") { this.appendText(reply, data.text); }
          if (event === "answer") {
            answered = true; this.setText(mine, data.question);
            const answer = { ...data.answer, seq: data.seq };
            this.renderAnswer(reply, answer);
            this.addVotes(reply, answer);
          }
          if (event === "error") { answered = true; reply.remove(); again(data.message); }
        }
      }
      if (!answered) { reply.remove(); again(this.t("failed")); }
    } catch (e) {
      if (reply && !answered) { reply.remove(); }
      if (e && e.forCitizen) { again(e.message); }
      else { again(watch.timedOut ? this.t("timeout") : this.t("failed")); }
    } finally {
      watch.stop();
      this.el.typing.textContent = "";
    }
  }
}
