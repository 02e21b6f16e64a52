/* muni chat widget: the panel for every citizen (WCAG 2.2 AA): page mode, the full-screen
 * dialog on a phone (focus kept inside), focus on each new answer, the notice that folds up on
 * small screens, the greeting's suggestions, the language switch, and the character limit. */
const smallScreen = () => matchMedia("(max-width: 480px), (max-height: 500px)").matches;
const noticeKey = `muni:${tenant}:notice-seen`;
const languageKey = `muni:${tenant}:language`;

Object.assign(MuniChat.prototype, {
  setUpPanel() {
    const saved = sessionStorage.getItem(languageKey);  // a choice lasts the conversation
    if (saved === "da" || saved === "en") { this.language = saved; this.languageChosen = true; }
    if (mode === "page") {
      // the citizen page: no launcher, no close button; in [data-muni-chat] or the viewport
      this.setAttribute("data-mode", "page");
      this.el.panel.classList.add("page");
      if (!this.closest("[data-muni-chat]")) { this.el.panel.classList.add("viewport"); }
      this.el.panel.setAttribute("role", "region");
      this.el.panel.removeAttribute("aria-modal");
      this.el.launcher.remove(); this.el.close.remove();
      this.el.launcher = document.createElement("button");  // never shown: open/close use it
      this.el.launcher.hidden = true;
    } else {
      // full screen on a phone: a modal dialog (Tab stays inside, see keepFocusInside)
      const phone = matchMedia("(max-width: 480px)");
      const modal = () => this.el.panel.setAttribute("aria-modal", String(phone.matches));
      phone.addEventListener("change", modal); modal();
    }
    this.el.lang.addEventListener("click", () => this.switchLanguage());
    this.el.details.addEventListener("toggle", () => {
      if (!this.el.details.open) { sessionStorage.setItem(noticeKey, "1"); }
    });
    this.el.input.addEventListener("input", (e) => this.countChars(e.inputType === "insertFromPaste"));
    this.el.input.addEventListener("keydown", (e) => {
      // Enter sends, Shift+Enter makes a new line
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
        e.preventDefault(); this.el.form.requestSubmit();
      }
    });
  },

  // the notice is open the first time; on a small screen it folds up after that
  fitNotice() {
    const seen = sessionStorage.getItem(noticeKey) === "1";
    this.el.details.open = !(seen && smallScreen());
    sessionStorage.setItem(noticeKey, "1");
  },

  greet() {
    const div = this.bubble("bot", this.t("greeting"));
    const starters = (this.config.starters || {})[this.language] || [];
    if (starters.length) {
      div.appendChild(this.suggestions(starters.map((s) => ({ label: s.label,
        run: () => this.ask(s.label, s.topic) }))));
    }
    return div;
  },

  // buttons under a message, labelled briefly ("Forslag"), not with the whole answer
  suggestions(items) {
    const box = document.createElement("div"); box.className = "replies";
    box.setAttribute("role", "group"); box.setAttribute("aria-label", this.t("suggestions"));
    for (const item of items) {
      const b = document.createElement("button"); b.type = "button"; b.textContent = item.label;
      b.addEventListener("click", item.run);
      box.appendChild(b);
    }
    return box;
  },

  // a message's text, keeping its speaker label (streamed tokens are plain text until the
  // answer event renders the Markdown)
  setText(div, text) {
    const body = div.querySelector(".body");
    if (body) { body.textContent = text; } else { div.textContent = text; }
  },

  appendText(div, text) {
    const body = div.querySelector(".body");
    (body || div).append(text);
  },

  questionBefore(div) {
    for (let el = div.previousElementSibling; el; el = el.previousElementSibling) {
      if (el.classList.contains("me")) { return el; }
      if (el.classList.contains("bot")) { return null; }
    }
    return null;
  },

  // a new answer: focus on its first line, so a screen reader starts reading there; the
  // input is one Shift+Tab away. Not when the citizen is already typing the next question.
  focusAnswer(div) {
    if (this.el.panel.hidden || this.el.input.value.trim()) { return; }
    const active = this.root.activeElement;
    if (active && active !== this.el.input && active !== this.el.send
        && !div.contains(active) && !active.closest(".replies")) { return; }
    const first = div.querySelector(".body > *") || div.querySelector(".body");
    if (!first) { return; }
    first.tabIndex = -1;
    first.addEventListener("keydown", (e) => {
      if (e.key === "Tab" && e.shiftKey) { e.preventDefault(); this.el.input.focus(); }
    });
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: "nearest" });
  },

  focusables() {
    return [...this.el.panel.querySelectorAll(
      "button, a[href], input, textarea, select, summary, [tabindex]:not([tabindex='-1'])")]
      .filter((el) => !el.disabled && !el.closest("[hidden]") && el.getClientRects().length);
  },

  // the full-screen dialog keeps Tab and Shift+Tab inside
  keepFocusInside(e) {
    if (this.el.panel.getAttribute("aria-modal") !== "true") { return; }
    const all = this.focusables();
    if (!all.length) { return; }
    const first = all[0]; const last = all[all.length - 1];
    const active = this.root.activeElement;
    if (!all.includes(active)) { return; }  // e.g. an answer's first line: its own keys
    if (e.shiftKey && active === first) {
      e.preventDefault(); last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault(); first.focus();
    }
  },

  switchLanguage() {
    this.language = this.language === "en" ? "da" : "en";
    this.languageChosen = true;
    sessionStorage.setItem(languageKey, this.language);
    this.applyTexts();
    // only the greeting so far: greet again in the chosen language
    const messages = this.el.log.querySelectorAll(".msg");
    if (messages.length === 1 && messages[0].lang !== this.language) {
      this.el.log.replaceChildren(); this.greet();
    }
    this.el.lang.focus();
  },

  // the limit is the server's (settings: max_message_chars): a longer message is not cut,
  // the citizen is told, and Send waits until it is shorter
  countChars(pasted = false) {
    if (!this.el.count) { return; }
    const n = this.el.input.value.length;
    const locale = this.language === "en" ? "en-GB" : "da-DK";
    const fill = (key) => this.t(key).replace("{n}", n.toLocaleString(locale))
      .replace("{max}", this.maxChars.toLocaleString(locale));
    this.el.count.textContent = fill("count");
    const over = n > this.maxChars;
    // told once when the message goes over (typed or pasted), not at every key
    const was = this.el.input.getAttribute("aria-invalid") === "true";
    if (over !== was || (over && pasted)) { this.el.limit.textContent = over ? fill("over_limit") : ""; }
    this.el.input.setAttribute("aria-invalid", String(over));
    this.el.send.setAttribute("aria-disabled", String(over));
  },

  // the widget's own change to the input (a question kept after a failed send, or emptied):
  // the counter, the limit and Send follow, as when the citizen types
  setInput(text) { this.el.input.value = text; this.countChars(); },

  overLimit() { return this.el.input.value.length > this.maxChars; }
});
