"""An answer as it should sound when read aloud (the widget's "Læs op", the phone line):
no web addresses (a link becomes its site's name, "aarhus.dk"), no Markdown marks, list
items read as sentences, phone numbers in pairs of digits ("89 40 20 00" -> "89, 40, 20,
00", as Danes say them). Abbreviations such as "kr." stay: the voices read them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]]+", re.IGNORECASE)
HTML_TAG = re.compile(r"</?[a-zA-Z][^>\n]*>")
BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
HEADING = re.compile(r"^\s*#{1,6}\s+")
EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
QUOTED = re.compile(r"«([^«»]*)»|“([^“”]*)”")  # a page's quote, a label: not read as marks
PHONE = re.compile(
    r"(?<![\d,.])(\+45[\s-]?)?(\d{2})[\s-]?(\d{2})[\s-]?(\d{2})[\s-]?(\d{2})(?![\d,])"
)
ENDS_SENTENCE = (".", "!", "?", ":", ";")


def _site(match: re.Match[str]) -> str:
    url = match.group(0).rstrip(".,;:!?")
    trailing = match.group(0)[len(url) :]
    host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
    return host.removeprefix("www.") + trailing


def _phone(match: re.Match[str]) -> str:
    pairs = ", ".join(match.group(i) for i in range(2, 6))
    return f"plus 45, {pairs}" if match.group(1) else pairs


def speakable(text: str) -> str:
    """`text` (an answer, possibly with a little Markdown) as plain sentences to read aloud."""
    text = MARKDOWN_LINK.sub(lambda m: m.group(1), text)
    text = HTML_TAG.sub("", text)
    sentences: list[str] = []
    for raw in text.splitlines():
        item = BULLET.match(raw) is not None
        line = HEADING.sub("", BULLET.sub("", raw)).strip()
        if not line:
            continue
        if item:
            line = line[0].upper() + line[1:]
        line = EMPHASIS.sub(lambda m: m.group(2), line)
        line = line.replace("**", "").replace("`", "")
        line = URL.sub(_site, line)
        line = QUOTED.sub(lambda m: m.group(1) or m.group(2), line)  # a quote's words, not marks
        line = re.sub(r"\s*(?:→|->|»)\s*", ", ", line)  # a menu path: "Borger » Affald"
        line = re.sub(r"\s+", " ", line).strip(" -*_")
        line = re.sub(r"\s+([.,;:!?])", r"\1", line)
        if not line:
            continue
        if not line.endswith(ENDS_SENTENCE):
            line += "."
        sentences.append(line)
    spoken = " ".join(sentences)
    spoken = re.sub(r":\s*$", ".", spoken)
    return PHONE.sub(_phone, spoken)
