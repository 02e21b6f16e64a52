/* muni chat widget: voice mode. A microphone button next to the input, a "Læs op" button on
 * every answer and a "Læs svar op" switch that reads each new answer aloud.
 *
 * Speech-to-text: the municipality's own speech server when it has one (GET .../voice says
 * so; the recording goes to .../voice/transcribe and stays with the municipality), else the
 * browser's SpeechRecognition (da-DK); the button is hidden when there is neither. What was
 * said is then sent like a typed question (ask), so it is answered and stored the same way.
 * Read-aloud: the browser's speechSynthesis with a voice in the answer's language, else the
 * server's voice (.../voice/speech: its speech server or espeak-ng) played in an <audio>. */
CSS.push(`
  .voice-mic { flex: none; width: 2.75rem; min-height: 2.75rem; padding: 0; border-radius: .3rem;
    border: 2px solid var(--primary); background: #fff; color: var(--primary); cursor: pointer;
    display: inline-flex; align-items: center; justify-content: center; }
  .voice-mic[hidden], .voice-mode[hidden], .voice-read[hidden] { display: none; }
  .voice-mic[aria-pressed=true] { background: #b00020; border-color: #b00020; color: #fff; }
  .voice-mic svg, .voice-read svg { width: 1.25rem; height: 1.25rem; fill: currentColor; }
  .voice-read { display: inline-flex; align-items: center; gap: .3rem; min-height: 1.75rem;
    margin-top: .4rem; padding: .15rem .6rem; border: 1px solid #1d4f91; border-radius: 1rem;
    background: #fff; color: #1d4f91; font: .85rem system-ui, sans-serif; cursor: pointer; }
  .voice-read svg { width: 1rem; height: 1rem; }
  .voice-mode { min-height: 1.75rem; background: none; border: 1px solid transparent;
    color: #1d4f91; font-size: .85rem; cursor: pointer; padding: .15rem .4rem; }
  .voice-mode[aria-pressed=true] { border-color: #1d4f91; border-radius: .3rem;
    background: #e8f0fa; font-weight: 600; }
  @media (forced-colors: active) {
    .voice-mic, .voice-read, .voice-mode { border: 1px solid ButtonText; }
    .voice-mic[aria-pressed=true] { forced-color-adjust: none; background: Highlight;
      color: HighlightText; }
  }`);

const voiceKey = `muni:${tenant}:voice`;
const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
const ICON_MIC = `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M12 15a3
  3 0 0 0 3-3V6a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.92V21h2v-2.08A7
  7 0 0 0 19 12z"/></svg>`;
const ICON_SPEAKER = `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M3
  9v6h4l5 5V4L7 9H3zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0
  13.4v2.1a9 9 0 0 0 0-17.6z"/></svg>`;
const MAX_RECORDING_MS = 30000;

/* The answer as it should sound: no web addresses (a link becomes its site's name), no
 * Markdown marks, list items as sentences, phone numbers in pairs (as voice/speakable.py). */
function speakableText(text) {
  return String(text || "")
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, "$1")
    .split("\n")
    .map((line) => line.replace(/^\s*(?:[-*•–]|\d{1,2}[.)])\s+/, "").replace(/^\s*#{1,6}\s+/, "")
      .replace(/(\*\*|__|`)/g, "").replace(/(^|\s)[*_](\S[^*_]*\S|\S)[*_](?=\s|$|[.,!?])/g, "$1$2")
      .replace(/\b(?:https?:\/\/|www\.)[^\s<>()]+/gi, (url) => {
        const end = (url.match(/[.,;:!?]+$/) || [""])[0];
        try { return new URL(/^www\./i.test(url) ? `http://${url}` : url.slice(0, url.length - end.length))
          .hostname.replace(/^www\./, "") + end; } catch (e) { return ""; }
      })
      .trim())
    .filter(Boolean)
    .map((line) => (/[.!?:;]$/.test(line) ? line : `${line}.`))
    .join(" ")
    .replace(/(^|[^\d,.])(\+45[\s-]?)?(\d{2})[\s-]?(\d{2})[\s-]?(\d{2})[\s-]?(\d{2})(?![\d,])/g,
      (m, before, plus, a, b, c, d) => `${before}${plus ? "plus 45, " : ""}${a}, ${b}, ${c}, ${d}`);
}

Object.assign(MuniChat.prototype, {
  /* Called from applyTexts (set up once, then the words in the current language). */
  voiceSetUp() {
    if (!this.voice) {
      this.voice = { server: { transcribe: false, speech: false }, recorder: null,
        recognition: null, audio: null, playing: null,
        mode: sessionStorage.getItem(voiceKey) === "1" };
      const mic = document.createElement("button");
      mic.type = "button"; mic.className = "voice-mic"; mic.hidden = true;
      mic.setAttribute("aria-pressed", "false"); mic.innerHTML = ICON_MIC;
      mic.addEventListener("click", () => this.voiceMic());
      this.el.send.before(mic);
      const mode = document.createElement("button");
      mode.type = "button"; mode.className = "voice-mode"; mode.hidden = true;
      mode.setAttribute("aria-pressed", String(this.voice.mode));
      mode.addEventListener("click", () => this.voiceToggle());
      this.el.end.before(mode);
      const audio = document.createElement("audio");
      audio.className = "voice-audio"; audio.hidden = true;
      audio.addEventListener("ended", () => this.voiceDone());
      this.el.panel.appendChild(audio);
      Object.assign(this.el, { mic, voiceMode: mode, audio });
      this.voiceFeatures();
    }
    this.el.mic.setAttribute("aria-label", this.t(this.voice.recorder || this.voice.recognition
      ? "voice_stop" : "voice_mic"));
    this.el.mic.title = this.el.mic.getAttribute("aria-label");
    this.el.voiceMode.textContent = this.t("voice_mode");
    for (const b of this.root.querySelectorAll(".voice-read")) { this.voiceLabel(b); }
  },

  async voiceFeatures() {
    const r = await fetch(`${api}/api/tenants/${tenant}/voice`).catch(() => null);
    if (r && r.ok) { this.voice.server = await r.json().catch(() => this.voice.server); }
    this.el.mic.hidden = !(this.voice.server.transcribe || (Recognition && isSecureContext));
    this.el.voiceMode.hidden = !this.canSpeak();
    for (const b of this.root.querySelectorAll(".voice-read")) { b.hidden = !this.canSpeak(); }
    this.voice.ready = true;
  },

  canSpeak() { return !!(this.voice.server.speech || window.speechSynthesis); },

  voiceToggle() {
    this.voice.mode = !this.voice.mode;
    sessionStorage.setItem(voiceKey, this.voice.mode ? "1" : "0");
    this.el.voiceMode.setAttribute("aria-pressed", String(this.voice.mode));
    this.el.typing.textContent = this.t(this.voice.mode ? "voice_mode_on" : "voice_mode_off");
    if (!this.voice.mode) { this.voiceStop(); }
  },

  /* ---- the microphone ---- */
  voiceMic() {
    if (this.voice.recorder) { this.voice.recorder.stop(); return; }
    if (this.voice.recognition) { this.voice.recognition.stop(); return; }
    this.voiceStop();
    if (this.voice.server.transcribe && navigator.mediaDevices && window.MediaRecorder) {
      this.voiceRecord();
    } else if (Recognition) {
      this.voiceRecognise();
    }
  },

  voiceListening(on) {
    this.el.mic.setAttribute("aria-pressed", String(on));
    this.el.mic.setAttribute("aria-label", this.t(on ? "voice_stop" : "voice_mic"));
    this.el.mic.title = this.el.mic.getAttribute("aria-label");
    this.el.typing.textContent = on ? this.t("voice_listening") : "";
  },

  async voiceRecord() {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (e) {
      this.el.typing.textContent = this.t("voice_no_mic"); return;
    }
    const type = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/mp4"]
      .find((t) => MediaRecorder.isTypeSupported(t));
    const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    const chunks = [];
    recorder.addEventListener("dataavailable", (e) => { if (e.data.size) { chunks.push(e.data); } });
    recorder.addEventListener("stop", () => {
      stream.getTracks().forEach((track) => track.stop());
      clearTimeout(this.voice.limit);
      this.voice.recorder = null;
      this.voiceListening(false);
      this.voiceTranscribe(new Blob(chunks, { type: recorder.mimeType || type || "audio/webm" }));
    });
    this.voice.recorder = recorder;
    recorder.start();
    this.voice.limit = setTimeout(() => { if (recorder.state === "recording") { recorder.stop(); } },
      MAX_RECORDING_MS);
    this.voiceListening(true);
  },

  async voiceTranscribe(blob) {
    if (!blob.size) { this.el.typing.textContent = this.t("voice_not_heard"); return; }
    this.el.typing.textContent = this.t("voice_sending");
    const r = await fetch(`${api}/api/tenants/${tenant}/voice/transcribe?language=` +
      (this.language === "en" ? "en" : "da"), { method: "POST",
      headers: { "content-type": blob.type || "audio/webm" }, body: blob }).catch(() => null);
    const data = r ? await r.json().catch(() => ({})) : {};
    if (!r || !r.ok) {
      this.el.typing.textContent = (data.error && data.error.message) || this.t("error");
      return;
    }
    this.voiceHeard(data.text);
  },

  voiceRecognise() {
    const recognition = new Recognition();
    recognition.lang = this.language === "en" ? "en-GB" : "da-DK";
    recognition.interimResults = false;
    recognition.maxAlternatives = 1;
    let heard = "";
    recognition.addEventListener("result", (e) => { heard = e.results[0][0].transcript; });
    recognition.addEventListener("error", (e) => {
      heard = ""; this.voice.failed = e.error === "not-allowed" ? "voice_no_mic" : "voice_not_heard";
    });
    recognition.addEventListener("end", () => {
      this.voice.recognition = null;
      this.voiceListening(false);
      if (heard) { this.voiceHeard(heard); } else {
        this.el.typing.textContent = this.t(this.voice.failed || "voice_not_heard"); }
      this.voice.failed = null;
    });
    this.voice.recognition = recognition;
    recognition.start();
    this.voiceListening(true);
  },

  /* What was said goes the way of a typed question: the chat route answers and stores it. */
  voiceHeard(text) {
    text = String(text || "").trim();
    if (!text) { this.el.typing.textContent = this.t("voice_not_heard"); return; }
    this.el.typing.textContent = "";
    this.ask(text.slice(0, this.maxChars || 1000));
  },

  /* ---- reading aloud ---- */
  voiceLabel(button) {
    const playing = this.voice.playing === button;
    button.lastChild.textContent = this.t(playing ? "voice_stop_reading" : "voice_read");
    button.setAttribute("aria-pressed", String(playing));
  },

  voiceButton(div, answer) {
    if (!answer || !answer.text || div.querySelector(":scope > .voice-read")) { return; }
    const button = document.createElement("button");
    button.type = "button"; button.className = "voice-read";
    button.innerHTML = ICON_SPEAKER; button.appendChild(document.createElement("span"));
    button.lang = this.language;
    button.hidden = !this.canSpeak();
    button.addEventListener("click", () => {
      if (this.voice.playing === button) { this.voiceStop(); } else {
        this.voiceSpeak(answer.text, answer.language || this.language, button); }
    });
    const replies = div.querySelector(":scope > .replies");
    if (replies) { replies.before(button); } else { div.appendChild(button); }
    this.voiceLabel(button);
    if (this.voice.mode && !this.resuming && !this.voice.recorder) {
      this.voiceSpeak(answer.text, answer.language || this.language, button);
    }
  },

  browserVoice(language) {
    if (!window.speechSynthesis) { return null; }
    // only a voice on the device: a cloud voice would send the answer (which may be the
    // citizen's own data from Mit overblik) to the browser maker; the server's voice instead
    return speechSynthesis.getVoices().find((v) => v.localService &&
      v.lang.toLowerCase().startsWith(language)) || null;
  },

  async voiceSpeak(text, language, button) {
    this.voiceStop();
    const spoken = speakableText(text);
    if (!spoken) { return; }
    this.voice.playing = button || null;
    if (button) { this.voiceLabel(button); }
    const own = this.browserVoice(language);
    if (own) {
      const utterance = new SpeechSynthesisUtterance(spoken);
      utterance.voice = own; utterance.lang = own.lang;
      utterance.addEventListener("end", () => this.voiceDone());
      utterance.addEventListener("error", () => this.voiceDone());
      speechSynthesis.speak(utterance);
      return;
    }
    if (!this.voice.server.speech) { this.voiceDone(); return; }
    const r = await fetch(`${api}/api/tenants/${tenant}/voice/speech`, { method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: spoken, language: language === "en" ? "en" : "da" }) })
      .catch(() => null);
    if (this.voice.playing !== (button || null)) { return; }  // stopped meanwhile
    if (!r || !r.ok) { this.voiceDone(); this.el.typing.textContent = this.t("error"); return; }
    const audio = this.el.audio;
    if (audio.src) { URL.revokeObjectURL(audio.src); }
    audio.src = URL.createObjectURL(await r.blob());
    audio.play().catch(() => this.voiceDone());
  },

  voiceStop() {
    if (window.speechSynthesis && speechSynthesis.speaking) { speechSynthesis.cancel(); }
    if (this.el.audio && !this.el.audio.paused) { this.el.audio.pause(); }
    this.voiceDone();
  },

  voiceDone() {
    const button = this.voice.playing;
    this.voice.playing = null;
    if (button) { this.voiceLabel(button); }
  },
});

// set up with the element's words: the texts hook runs once the element is built (init) and
// again when the language changes
HOOKS.texts.push((chat) => chat.voiceSetUp());

HOOKS.answer.push((div, answer) => {
  const host = div.getRootNode().host;
  if (host && host.voice) { host.voiceButton(div, answer); }
});
