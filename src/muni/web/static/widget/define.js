/* muni chat widget, last part: register the element and put it on the page: in page mode
 * (data-mode="page") inside the page's [data-muni-chat] element if it has one, else on <body>. */
customElements.define("muni-chat", MuniChat);
const place = () => {
  const host = mode === "page" && document.querySelector("[data-muni-chat]");
  (host || document.body).appendChild(document.createElement("muni-chat"));
};
if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", place); }
else { place(); }
