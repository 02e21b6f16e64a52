/* muni chat widget, last part: register the element and put it on the page. */
customElements.define("muni-chat", MuniChat);
document.body.appendChild(document.createElement("muni-chat"));
