/* muni chat widget: feedback. Thumbs up or down on every answer (with an optional comment),
 * stored on that turn; the citizen's 1-3 rating at the end of a conversation, sent once. */
CSS.push(`
  .votes { display: flex; flex-wrap: wrap; align-items: center; gap: .4rem; margin-top: .5rem;
    font-size: .85rem; white-space: normal; }
  .votes button { min-width: 2.25rem; min-height: 2.25rem; font-size: .9rem; cursor: pointer;
    display: inline-flex; align-items: center; gap: .3rem; padding: .2rem .6rem;
    background: #fff; color: #1b1b1b; border: 1px solid #505a5f; border-radius: .3rem; }
  .votes button[aria-pressed="true"] { background: #1d4f91; color: #fff; border-color: #1d4f91; }
  .votes form { flex-basis: 100%; }
  .votes form button { min-width: 0; font-size: .9rem; padding: .3rem .7rem; margin-top: .3rem; }
  .rate label { display: inline-flex; align-items: center; gap: .3rem; min-height: 24px; }
  .rate input[type=radio] { width: 1.5rem; height: 1.5rem; }
`);

// a thumb up (Material Design icon "thumb_up", Apache 2.0)
const THUMB = "M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-" +
  "1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-" +
  "7.05c.09-.23.14-.47.14-.73v-2z";

Object.assign(MuniChat.prototype, {
  async sendVote(seq, vote, comment) {
    const r = await this.fetchPatiently(`${api}/api/tenants/${tenant}/conversations/` +
      `${this.conversation}/turns/${seq}/vote`, { method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ vote, comment: comment || null }) }).catch(() => null);
    if (r && r.ok) { this.touchConversation(); }
    return !!(r && r.ok);
  },

  // under an answer (one with a turn number): "Hjalp svaret?" 👍 👎; once per answer
  addVotes(div, answer) {
    if (!answer || !answer.seq || !this.conversation || div.querySelector(".votes")) { return; }
    const box = document.createElement("div");
    box.className = "votes"; box.setAttribute("role", "group");
    const label = document.createElement("span");
    label.textContent = this.t("vote_group"); label.id = `muni-vote-${answer.seq}`;
    box.setAttribute("aria-labelledby", label.id);
    box.appendChild(label);
    const status = document.createElement("span");
    status.className = "sr"; status.setAttribute("role", "status");
    const buttons = {};
    for (const [vote, word, key] of [[1, "rate_3", "vote_up"], [-1, "rate_1", "vote_down"]]) {
      const b = document.createElement("button");
      b.type = "button"; b.dataset.vote = String(vote);
      // a thumb (drawn: no emoji font needed) and the word "Ja" / "Nej"
      b.innerHTML = `<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="18"
        height="18"><g${vote < 0 ? ' transform="rotate(180 12 12)"' : ""}><path
        fill="currentColor" d="${THUMB}"/></g></svg>`;
      b.append(` ${this.t(word)}`);
      b.setAttribute("aria-label", this.t(key));
      b.setAttribute("aria-pressed", String(answer.vote === vote));
      b.addEventListener("click", async () => {
        if (b.getAttribute("aria-pressed") === "true") { return; }
        if (!(await this.sendVote(answer.seq, vote))) { status.textContent = this.t("error"); return; }
        for (const other of Object.values(buttons)) {
          other.setAttribute("aria-pressed", String(other === b));
        }
        status.textContent = this.t("vote_thanks");
        this.voteComment(box, answer.seq, vote);
      });
      buttons[vote] = b; box.appendChild(b);
    }
    box.appendChild(status);
    div.appendChild(box);
  },

  // the optional comment after a vote
  voteComment(box, seq, vote) {
    const old = box.querySelector("form"); if (old) { old.remove(); }
    const form = document.createElement("form");
    const id = `muni-vote-comment-${seq}`;
    form.innerHTML = `<label for="${id}"></label><textarea id="${id}" rows="2"
      maxlength="2000"></textarea><button class="primary" type="submit"></button>`;
    form.querySelector("label").textContent = this.t("vote_comment");
    form.querySelector("button").textContent = this.t("vote_send");
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const button = form.querySelector("button");
      const comment = form.querySelector("textarea").value.trim();
      if (!comment || button.disabled) { return; }
      button.disabled = true;
      const ok = await this.sendVote(seq, vote, comment);
      const done = document.createElement("span"); done.setAttribute("role", "status");
      done.textContent = ok ? this.t("vote_thanks") : this.t("error");
      if (ok) { form.replaceWith(done); } else { button.disabled = false; form.appendChild(done); }
    });
    box.appendChild(form);
  },

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
    const send = form.querySelector("button[type=submit]");
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (send.disabled) { return; }  // sent once: a double click does not send twice
      send.disabled = true;
      const rating = Number(new FormData(form).get("rating"));
      const comment = form.querySelector("textarea").value.trim() || null;
      let r = null;
      try {
        await this.ensureConversation();
        r = await this.fetchPatiently(
          `${api}/api/tenants/${tenant}/conversations/${this.conversation}/rating`,
          { method: "POST", headers: { "content-type": "application/json" },
            body: JSON.stringify({ rating, comment }) });
      } catch (err) { r = null; }
      const data = r ? await r.json().catch(() => ({})) : {};
      if (!r || (!r.ok && r.status !== 409)) {  // not sent: the form stays, try again
        send.disabled = false;
        let note = form.querySelector("p.error");
        if (!note) { note = document.createElement("p"); note.className = "error";
          note.setAttribute("role", "alert"); form.appendChild(note); }
        note.textContent = (data.error && data.error.message) || this.t("error");
        return;
      }
      form.remove();
      // rated (or rated before: the server's words): the conversation is over, and this
      // browser forgets it, so the next user of the computer starts afresh
      const done = this.bubble("bot", r.ok ? this.t("thanks") : data.error.message);
      this.forgetConversation();
      const again = document.createElement("button"); again.type = "button";
      again.className = "primary"; again.textContent = this.t("new");
      again.addEventListener("click", () => this.startOver());
      done.appendChild(document.createElement("br")); done.appendChild(again);
      again.focus();
    });
    this.el.log.appendChild(form);
    this.el.log.scrollTop = this.el.log.scrollHeight;
    form.querySelector("input").focus();
  }
});

HOOKS.answer.push((div, answer) => { if (div.getRootNode().host) {
  div.getRootNode().host.addVotes(div, answer); } });
