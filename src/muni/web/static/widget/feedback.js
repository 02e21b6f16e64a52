/* muni chat widget: the citizen's rating at the end of a conversation. */
Object.assign(MuniChat.prototype, {
  showRating() {
    if (this.root.querySelector("form.rate")) { return; }
    const form = document.createElement("form");
    form.className = "rate msg";
    form.innerHTML = `<fieldset><legend></legend>
      ${[1, 2, 3].map((n) => `<label><input type="radio" name="rating" value="${n}"
        ${n === 3 ? "required" : ""}> <span data-n="${n}"></span></label>`).join("")}
      <label class="sr" for="muni-comment"></label>
      <textarea id="muni-comment" rows="2" maxlength="2000"></textarea></fieldset>
      <p class="consent"><input type="checkbox" id="muni-consent">
        <label for="muni-consent"></label></p>
      <p class="ai number"></p>
      <button class="primary" type="submit"></button>`;
    form.querySelector("legend").textContent = this.t("rate_question");
    for (const span of form.querySelectorAll("span[data-n]")) {
      span.textContent = this.t(`rate_${span.dataset.n}`);
    }
    form.querySelector("label.sr").textContent = this.t("comment");
    form.querySelector("textarea").placeholder = this.t("comment");
    form.querySelector("button").textContent = this.t("rate_send");
    // the training corpus: off until the citizen ticks it; stored at once, unticking clears it
    const consent = form.querySelector("#muni-consent");
    form.querySelector("label[for=muni-consent]").textContent = this.t("consent");
    // the number a citizen gives to get a copy of the conversation or have it erased
    const number = form.querySelector("p.number");
    if (this.conversation) { number.textContent = `${this.t("number")} ${this.conversation}`; }
    else { number.remove(); }
    consent.addEventListener("change", async () => {
      await this.ensureConversation();
      const r = await fetch(`${api}/api/tenants/${tenant}/conversations/${this.conversation}/consent`,
        { method: "POST", headers: { "content-type": "application/json" },
          body: JSON.stringify({ consent: consent.checked }) });
      if (!r.ok) { consent.checked = false; }
    });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const rating = Number(new FormData(form).get("rating"));
      const comment = form.querySelector("textarea").value.trim() || null;
      await this.ensureConversation();
      const r = await fetch(`${api}/api/tenants/${tenant}/conversations/${this.conversation}/rating`,
        { method: "POST", headers: { "content-type": "application/json" },
          body: JSON.stringify({ rating, comment }) });
      form.remove();
      const done = this.bubble("bot", r.ok ? this.t("thanks") : this.t("error"));
      const again = document.createElement("button"); again.type = "button";
      again.className = "primary"; again.textContent = this.t("new");
      again.addEventListener("click", () => {
        this.forgetConversation();
        this.el.log.innerHTML = ""; this.bubble("bot", this.t("greeting")); this.el.input.focus();
      });
      done.appendChild(document.createElement("br")); done.appendChild(again);
      again.focus();
    });
    this.el.log.appendChild(form);
    this.el.log.scrollTop = this.el.log.scrollHeight;
    form.querySelector("input").focus();
  }
});
