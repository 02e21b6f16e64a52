/* muni chat widget: handing over to a person, the live chat and the callback form. */
Object.assign(MuniChat.prototype, {
  offerHandoff(div, open) {
    const box = document.createElement("div"); box.className = "replies";
    if (!open) { const p = document.createElement("p"); p.textContent = this.t("closed_info");
      div.appendChild(p); }
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

  goLive() {
    this.live = true; this.seen = this.seen || 0; this.mine = this.mine || new Set();
    clearInterval(this.poller);
    this.poller = setInterval(() => this.poll(), 1500);
    this.poll();
  },

  async poll() {
    const r = await fetch(`${api}/api/tenants/${tenant}/conversations/${this.conversation}` +
      `/live?after=${this.seen}`);
    if (!r.ok) { return; }
    const data = await r.json();
    for (const m of data.messages) {
      this.seen = Math.max(this.seen, m.id);
      if (m.sender === "citizen" && this.mine.has(m.id)) { continue; }
      if (m.sender === "citizen") { this.bubble("me", m.text); continue; }
      const div = this.bubble("bot", m.sender === "agent" ? `${this.t("agent")}: ${m.text}` : m.text);
      div.classList.add(m.sender);
    }
    if (data.status !== "queued" && data.status !== "active") {
      this.live = false; clearInterval(this.poller);
    }
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
