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

const css = `
  :host { all: initial; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  * { box-sizing: border-box; }
  .launcher { position: fixed; right: 1.25rem; bottom: 1.25rem; z-index: 2147483000;
    background: var(--primary); color: #fff; border: 0; border-radius: 2rem;
    padding: .8rem 1.2rem; font: 600 1rem system-ui, sans-serif; cursor: pointer;
    box-shadow: 0 2px 10px rgba(0,0,0,.3); }
  .launcher:focus-visible, button:focus-visible, a:focus-visible, input:focus-visible,
  textarea:focus-visible, [tabindex]:focus-visible { outline: 3px solid #ffbf47;
    outline-offset: 2px; }
  .panel { position: fixed; right: 1.25rem; bottom: 1.25rem; z-index: 2147483001;
    width: 24rem; max-width: calc(100vw - 2rem); height: 36rem; max-height: calc(100vh - 2rem);
    display: flex; flex-direction: column; background: #fff; color: #1b1b1b;
    border-radius: .6rem; box-shadow: 0 4px 24px rgba(0,0,0,.35); overflow: hidden; }
  .panel[hidden], .launcher[hidden] { display: none; }
  header { background: var(--primary); color: #fff; display: flex; align-items: center;
    gap: .5rem; padding: .6rem .8rem; }
  header h2 { font-size: 1.05rem; margin: 0; flex: 1; }
  header img { height: 1.6rem; }
  header button { background: transparent; color: #fff; border: 1px solid #fff;
    border-radius: .3rem; padding: .2rem .5rem; font-size: .9rem; cursor: pointer; }
  .notice { font-size: .8rem; background: #f3f2f1; color: #1b1b1b; padding: .5rem .8rem;
    margin: 0; border-bottom: 1px solid #b1b4b6; }
  .log { flex: 1; overflow-y: auto; padding: .8rem; }
  .msg { margin: .5rem 0; line-height: 1.4; font-size: .95rem; }
  .me { text-align: right; }
  .me span { display: inline-block; background: #e8f0fa; color: #1b1b1b;
    padding: .4rem .7rem; border-radius: 1rem; max-width: 85%; text-align: left; }
  .bot { background: #f3f2f1; padding: .6rem .7rem; border-radius: .5rem; white-space: pre-wrap; }
  .bot a { color: #1d4f91; display: block; margin-top: .35rem; }
  .ai { font-size: .75rem; color: #3d3d3d; margin-top: .35rem; }
  .replies { display: flex; flex-wrap: wrap; gap: .35rem; margin-top: .5rem; white-space: normal; }
  .replies button { background: #fff; color: #1d4f91; border: 1px solid #1d4f91;
    border-radius: 1rem; padding: .3rem .7rem; font-size: .85rem; cursor: pointer; }
  .typing { font-size: .85rem; color: #3d3d3d; padding: 0 .8rem .3rem; min-height: 1.2rem; }
  form.ask { display: flex; gap: .4rem; padding: .6rem; border-top: 1px solid #b1b4b6; }
  form.ask input { flex: 1; font-size: 1rem; padding: .5rem; border: 2px solid #505a5f;
    border-radius: .3rem; }
  button.primary { background: var(--primary); color: #fff; border: 0; border-radius: .3rem;
    padding: .5rem .9rem; font-size: .95rem; cursor: pointer; }
  .footer { display: flex; justify-content: flex-end; padding: 0 .6rem .5rem; }
  .footer button { background: none; border: 0; color: #1d4f91; text-decoration: underline;
    cursor: pointer; font-size: .85rem; }
  fieldset { border: 1px solid #b1b4b6; border-radius: .4rem; margin: .5rem 0; }
  legend { font-weight: 600; padding: 0 .3rem; }
  .notice a { color: #1d4f91; }
  .who { font-size: .85rem; margin: 0; padding: .4rem .8rem; background: #e8f0fa;
    border-bottom: 1px solid #b1b4b6; }
  .who[hidden] { display: none; }
  .who button, a.login { background: #fff; color: #1d4f91; border: 1px solid #1d4f91;
    border-radius: .3rem; padding: .2rem .5rem; font-size: .85rem; cursor: pointer; }
  .bot a.login { display: inline-block; text-decoration: none; font-weight: 600; }
  form.book input { width: 100%; font-size: 1rem; padding: .4rem; border: 2px solid #505a5f;
    border-radius: .3rem; }
  .consent { font-size: .85rem; margin: .3rem 0 .5rem; display: flex; gap: .4rem;
    align-items: flex-start; }
  .consent input { margin-top: .2rem; }
  .rate label { margin-right: .8rem; }
  textarea { width: 100%; margin-top: .4rem; font: inherit; border: 2px solid #505a5f;
    border-radius: .3rem; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
    white-space: nowrap; }
  @media (max-width: 480px) {
    .panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100vh;
      max-height: 100vh; border-radius: 0; }
  }`;

// what the parts add: their styles, and functions called at moments in the element's life
const CSS = [css];
const HOOKS = { answer: [] };  // answer: (div, answer) after an answer is rendered

class MuniChat extends HTMLElement {
  connectedCallback() {
    this.root = this.attachShadow({ mode: "open" });
    this.language = "da";
    this.conversation = this.savedConversation();
    this.init().catch(() => {});
  }

  t(key) { return this.config.texts[this.language][key] || this.config.texts.da[key]; }

  async init() {
    const response = await fetch(`${api}/api/tenants/${tenant}/widget`);
    this.config = await response.json();
    this.style.setProperty("--primary", this.config.primary);
    this.root.innerHTML = `<style>${CSS.join("\n")}</style>
      <aside aria-label="Chat">
        <button class="launcher" type="button" aria-expanded="false"></button>
        <section class="panel" role="dialog" aria-modal="false" hidden>
          <header>${this.config.logo ? `<img src="${this.config.logo}" alt="">` : ""}
            <h2></h2><button class="close" type="button"></button></header>
          <p class="notice"></p>
          <p class="who" hidden><span></span> <button class="logout" type="button"></button></p>
          <div class="log" role="log" aria-live="polite" tabindex="0"></div>
          <div class="typing" role="status"></div>
          <form class="ask"><label class="sr" for="muni-q"></label>
            <input id="muni-q" autocomplete="off" maxlength="1000">
            <button class="primary" type="submit"></button></form>
          <div class="footer"><button class="end" type="button"></button></div>
        </section>
      </aside>`;
    const $ = (s) => this.root.querySelector(s);
    this.el = { launcher: $(".launcher"), panel: $(".panel"), title: $("h2"), close: $(".close"),
      notice: $(".notice"), log: $(".log"), typing: $(".typing"), form: $("form.ask"),
      input: $("#muni-q"), label: $("label.sr"), send: $("form.ask button"), end: $(".end"),
      who: $(".who"), logout: $(".logout") };
    this.el.panel.setAttribute("aria-labelledby", "muni-title");
    this.el.title.id = "muni-title";
    this.applyTexts();
    this.el.launcher.addEventListener("click", () => this.open());
    this.el.close.addEventListener("click", () => this.close());
    this.el.end.addEventListener("click", () => this.showRating());
    this.el.logout.addEventListener("click", () => this.logout());
    this.el.panel.addEventListener("keydown", (e) => { if (e.key === "Escape") { this.close(); } });
    this.el.form.addEventListener("submit", (e) => {
      e.preventDefault();
      const text = this.el.input.value.trim();
      if (text) { this.el.input.value = ""; this.ask(text); }
    });
    await this.checkLogin();
    if (this.conversation) { await this.resume(); }
    if (sessionStorage.getItem(openKey) === "1") { this.open(false); }
  }

  applyTexts() {
    this.el.launcher.textContent = this.config.name;
    this.el.launcher.setAttribute("aria-label", this.t("open"));
    this.el.title.textContent = this.t("title");
    this.el.close.textContent = this.t("close");
    this.el.notice.textContent = `${this.t("disclosure")} ${this.t("privacy")} `;
    const about = document.createElement("a");  // the tenant's transparency page
    about.href = `${api}/t/${tenant}/om-chatbotten`; about.target = "_blank";
    about.rel = "noopener"; about.textContent = this.t("about");
    this.el.notice.appendChild(about);
    this.el.label.textContent = this.t("label");
    this.el.input.placeholder = this.t("placeholder");
    this.el.send.textContent = this.t("send");
    this.el.end.textContent = this.t("end");
    this.el.logout.textContent = this.t("logout");
    this.el.log.setAttribute("aria-label", this.t("title"));
  }

  open(focus = true) {
    this.el.panel.hidden = false;
    this.el.launcher.hidden = true;
    this.el.launcher.setAttribute("aria-expanded", "true");
    sessionStorage.setItem(openKey, "1");
    if (!this.el.log.childElementCount) { this.bubble("bot", this.t("greeting")); }
    if (focus) { this.el.input.focus(); }
  }

  close() {
    this.el.panel.hidden = true;
    this.el.launcher.hidden = false;
    this.el.launcher.setAttribute("aria-expanded", "false");
    sessionStorage.removeItem(openKey);
    this.el.launcher.focus();
  }

  async ensureConversation() {
    if (this.conversation) { return; }
    const r = await fetch(`${api}/api/tenants/${tenant}/conversations`, { method: "POST",
      headers: { "content-type": "application/json" }, body: JSON.stringify({ channel: "web" }) });
    const data = await r.json().catch(() => ({}));
    // busy (503) or too many (429): say so in the server's words, keep no broken id
    if (!r.ok) {
      const refused = new Error((data.error && data.error.message) || this.t("error"));
      refused.forCitizen = true;
      throw refused;
    }
    this.conversation = data.id;
    this.saveConversation(this.conversation);
  }

  async resume() {
    const r = await fetch(`${api}/api/tenants/${tenant}/conversations/${this.conversation}`);
    if (!r.ok) { this.forgetConversation(); return; }
    const data = await r.json();
    this.resuming = true;
    for (const turn of data.turns) {
      this.bubble("me", turn.question);
      this.renderAnswer(this.bubble("bot", ""), turn.answer);
    }
    this.resuming = false;
    if (data.rating) { this.bubble("bot", this.t("thanks")); }
    const live = await fetch(`${api}/api/tenants/${tenant}/conversations/${this.conversation}/live`);
    if (live.ok && ["queued", "active"].includes((await live.json()).status)) { this.goLive(); }
  }

  bubble(kind, text) {
    const div = document.createElement("div");
    div.className = `msg ${kind}`;
    if (kind === "me") { const span = document.createElement("span"); span.textContent = text;
      div.appendChild(span); } else { div.textContent = text; }
    this.el.log.appendChild(div);
    this.el.log.scrollTop = this.el.log.scrollHeight;
    return div;
  }

  renderAnswer(div, answer) {
    if (answer.language === "en" && this.language !== "en") { this.language = "en"; this.applyTexts(); }
    div.textContent = answer.text;
    for (const link of answer.links || []) {
      const a = document.createElement("a"); a.textContent = link.title;
      a.href = link.url.startsWith("/api/") ? api + link.url : link.url;  // muni's own file
      a.target = "_blank"; a.rel = "noopener"; div.appendChild(a);
    }
    if (answer.ai_generated) { const p = document.createElement("p"); p.className = "ai";
      p.textContent = this.t("ai_label"); div.appendChild(p); }
    if (answer.handoff) { this.offerHandoff(div, answer.handoff.open); }
    if (answer.action === "book_contact") { this.showBookingForm(div); }
    if (answer.action === "citizen_login") { this.offerLogin(div); }
    if ((answer.quick_replies || []).length) {
      const box = document.createElement("div"); box.className = "replies";
      box.setAttribute("role", "group"); box.setAttribute("aria-label", answer.text.split("\n")[0]);
      for (const q of answer.quick_replies) {
        const b = document.createElement("button"); b.type = "button"; b.textContent = q.label;
        b.addEventListener("click", () => this.ask(q.message, q.topic, q.sub, q.flow));
        box.appendChild(b);
      }
      div.appendChild(box);
    }
    this.el.log.scrollTop = this.el.log.scrollHeight;
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
    this.el.log.innerHTML = ""; await this.checkLogin();
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

  async ask(text, topic, sub, flow, contact) {
    if (this.live) {
      const mine = this.bubble("me", text);
      const r = await fetch(`${api}/api/tenants/${tenant}/conversations/${this.conversation}/live`,
        { method: "POST", headers: { "content-type": "application/json" },
          body: JSON.stringify({ text }) });
      const data = await r.json();
      if (r.ok) { this.mine.add(data.id); mine.firstChild.textContent = data.text; }
      return;
    }
    const mine = this.bubble("me", text);
    this.el.typing.textContent = this.t("typing");
    try {
      await this.ensureConversation();
      const r = await fetch(`${api}/api/tenants/${tenant}/conversations/${this.conversation}` +
        "/messages?stream=true", { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ text, topic: topic || null, sub: sub || null, flow: flow || null,
          contact: contact || null }) });
      if (!r.ok) { const err = await r.json(); this.bubble("bot", err.error.message); return; }
      const reply = this.bubble("bot", "");
      const reader = r.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) { break; }
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
          const event = (block.match(/^event: (.*)$/m) || [])[1];
          const data = JSON.parse((block.match(/^data: (.*)$/m) || [])[1] || "{}");
          if (event === "token") { reply.textContent += data.text; }
          if (event === "answer") { mine.firstChild.textContent = data.question;
            this.renderAnswer(reply, data.answer); }
          if (event === "error") { reply.textContent = data.message; }
        }
      }
    } catch (e) {
      this.bubble("bot", e && e.forCitizen ? e.message : this.t("error"));
    } finally {
      this.el.typing.textContent = "";
    }
  }
}
