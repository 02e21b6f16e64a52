/* muni chat widget: answers from a safe Markdown subset, built as DOM nodes (never innerHTML).
 * Blocks: paragraphs (blank line between), "- ", "* ", "• " bullet lists and "1. " numbered
 * lists (real <ul>/<ol>). Inline: **bold**, [text](url) with only http(s), mailto and tel,
 * bare web addresses, and Danish phone numbers as tel: links. Anything else, raw HTML too,
 * stays text. Self-contained: tests load this file alone (renderMarkdown, inlineNodes). */
const MD_SAFE = /^(https?:\/\/|mailto:|tel:)/i;
const MD_BULLET = /^\s*[-*•]\s+(.*)$/;
const MD_NUMBER = /^\s*(\d{1,3})[.)]\s+(.*)$/;
// one alternation, tried left to right: link, bold, web address, phone number
const MD_INLINE = new RegExp([
  String.raw`\[([^\]\n]+)\]\(([^()\s]+)\)`,                    // 1 text, 2 url
  String.raw`\*\*([^*\n]+?)\*\*`,                               // 3 bold
  String.raw`(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]])`,        // 4 bare url
  // 5 Danish numbers: +45/0045 and 8 digits as 2-2-2-2, 4-4, 2-3-3 or together; short numbers
  String.raw`(?<![\d.,§+\-/])(?<!(?:§|nr\.|stk\.)[ \u00a0])((?:(?:\+|00)45[ \u00a0]?)?(?:\d{2}(?:[ \u00a0]\d{2}){3}|\d{4}[ \u00a0]\d{4}|\d{2}[ \u00a0]\d{3}[ \u00a0]\d{3}|\d{8})` +
    String.raw`|116[ \u00a0]\d{3}|1813|1888|112|114)(?![\d.,]\d|\d|[ \u00a0]?(?:kr|%))`,
].join("|"), "g");

function mdLink(text, href, external) {
  const a = document.createElement("a");
  a.href = href; a.textContent = text;
  if (external) { a.target = "_blank"; a.rel = "noopener"; }
  return a;
}

function telHref(number) {
  const digits = number.replace(/[^\d+]/g, "").replace(/^0045/, "+45");
  return digits.length === 8 ? `tel:+45${digits}` : `tel:${digits}`;
}

/* The inline nodes of one line of text: text nodes, <strong> and safe <a> only. */
function inlineNodes(text) {
  const out = [];
  let last = 0;
  MD_INLINE.lastIndex = 0;
  for (let m; (m = MD_INLINE.exec(text)); ) {
    if (m.index > last) { out.push(document.createTextNode(text.slice(last, m.index))); }
    if (m[1] !== undefined) {
      if (MD_SAFE.test(m[2])) { out.push(mdLink(m[1], m[2], /^https?:/i.test(m[2]))); }
      else { out.push(document.createTextNode(m[0])); }  // javascript: and the like: as text
    } else if (m[3] !== undefined) {
      const strong = document.createElement("strong");
      strong.append(...inlineNodes(m[3]));
      MD_INLINE.lastIndex = m.index + m[0].length;  // the recursion reused the expression
      out.push(strong);
    } else if (m[4] !== undefined) {
      out.push(mdLink(m[4], m[4], true));
    } else {
      out.push(mdLink(m[5], telHref(m[5]), false));
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) { out.push(document.createTextNode(text.slice(last))); }
  return out;
}

/* A DocumentFragment of <p>, <ul> and <ol> for an answer's text. */
function renderMarkdown(text) {
  const fragment = document.createDocumentFragment();
  const blocks = String(text || "").replace(/\r\n?/g, "\n").split(/\n[ \t]*\n/);
  for (const block of blocks) {
    let list = null; let para = null; let item = null;
    for (const line of block.split("\n")) {
      if (!line.trim()) { continue; }
      const bullet = line.match(MD_BULLET);
      const number = bullet ? null : line.match(MD_NUMBER);
      if (bullet || number) {
        const tag = bullet ? "UL" : "OL";
        if (!list || list.tagName !== tag) {
          list = document.createElement(tag); para = null; fragment.appendChild(list);
          if (number && number[1] !== "1") { list.start = Number(number[1]); }
        }
        item = document.createElement("li");
        item.append(...inlineNodes(bullet ? bullet[1] : number[2]));
        list.appendChild(item);
      } else if (list && item && /^\s+\S/.test(line)) {  // an indented line goes on the item
        item.append(document.createTextNode(" "), ...inlineNodes(line.trim()));
      } else {
        list = null; item = null;
        if (para) { para.appendChild(document.createElement("br")); }
        else { para = document.createElement("p"); fragment.appendChild(para); }
        para.append(...inlineNodes(line.trim()));
      }
    }
  }
  return fragment;
}
