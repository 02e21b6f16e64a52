"""E-mail addresses in a normalised text, also spelled out against spam robots.

"mette@gmail.com", "mette @ gmail . com", "mette@gmail,com", "mette (at) gmail (dot) com",
"mette [at] gmail [dot] com", "mette at gmail dot com", "mette snabel-a gmail punktum com".
With a real "@" any host counts ("mette@gmail"). Spelled out ("(at)", "snabel-a") the address
must end in a known top-level domain. A bare " at " is an ordinary word in English and Danish
("register at jobnet.dk", "ikke at vide, at du"), so there the dots must be spelled out too
("mette at gmail dot com") or the host a known mail provider ("mette at gmail.com"), and
neither the name before "at" nor the host may be an ordinary word ("look at the page dot").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from muni.privacy.words import FUNCTION_WORDS, MAIL_HOSTS, ORDINARY_WORDS, TOP_LEVEL_DOMAINS

Span = tuple[int, int, str]

_OPEN, _CLOSE = r"[(\[{<]", r"[)\]}>]"
_AT_WORD = r"(?:at|snabel[ -]?a)"
_DOT_WORD = r"(?:dot|punktum|prik)"
_AT = rf"(?:\s?@\s?|\s?{_OPEN}\s?{_AT_WORD}\s?{_CLOSE}\s?|\s{_AT_WORD}\s)"
_SPELLED_DOT = rf"(?:\s?{_OPEN}\s?{_DOT_WORD}\s?{_CLOSE}\s?|\s{_DOT_WORD}\s)"
_DOT = rf"(?:\s?[.,]\s?|{_SPELLED_DOT})"
# at most six parts: the search stays linear on "a dot a dot a dot ..."
_LOCAL = rf"[\w+\-]+(?:(?:\.|\s\.\s|{_SPELLED_DOT})[\w+\-]+){{0,5}}"
_LABEL = r"[^\W_](?:[\w\-]*[^\W_])?"
_EMAIL = re.compile(
    rf"(?<![\w+\-])(?P<local>{_LOCAL})(?P<at>{_AT})(?P<domain>{_LABEL}(?:{_DOT}{_LABEL}){{0,5}})",
    re.IGNORECASE,
)
_DOT_SPLIT = re.compile(rf"({_DOT})", re.IGNORECASE)
_BARE_AT = re.compile(r"\sat\s", re.IGNORECASE)
_ORDINARY = FUNCTION_WORDS | ORDINARY_WORDS


def _dot_allowed(dot: str, literal_at: bool, bare_at: bool, mail_host: bool) -> bool:
    """A comma only with a real "@"; after a bare "at" a plain dot only at a mail provider."""
    if literal_at:
        return True
    if dot.strip() == ",":
        return False
    return dot.strip() != "." or not bare_at or mail_host


def _end(match: re.Match[str]) -> int | None:
    """Where the address ends: after its last plausible label, or None if it is not one."""
    at = match.group("at")
    literal_at, bare_at = "@" in at, _BARE_AT.fullmatch(at) is not None
    parts = _DOT_SPLIT.split(match.group("domain"))  # label, dot, label, dot, label ...
    labels, dots = parts[0::2], parts[1::2]
    host = labels[0].lower()
    ordinary_host = host in _ORDINARY and host not in MAIL_HOSTS  # "live", "mail" are hosts
    if bare_at and (match.group("local").lower() in _ORDINARY or ordinary_host):
        return None
    label_ends = [match.start("domain") + len(parts[0])]
    for dot, label in zip(dots, labels[1:], strict=True):
        label_ends.append(label_ends[-1] + len(dot) + len(label))
    for i in range(len(labels) - 1, 0, -1):
        if not all(_dot_allowed(d, literal_at, bare_at, host in MAIL_HOSTS) for d in dots[:i]):
            continue
        plain = all(dot == "." for dot in dots[:i])
        last = labels[i]
        if (literal_at and plain and last.isalpha() and len(last) >= 2) or (
            last.lower() in TOP_LEVEL_DOMAINS
        ):
            return label_ends[i]
    if literal_at and any(c.isalpha() for c in labels[0]):
        return label_ends[0]
    return None


def email_spans(text: str) -> Iterator[Span]:
    # a rejected candidate ("look at mette ...") must not hide the address that follows it
    pos = 0
    while (match := _EMAIL.search(text, pos)) is not None:
        end = _end(match)
        if end is None:
            pos = match.start() + 1
            continue
        yield match.start(), end, "email"
        pos = end
