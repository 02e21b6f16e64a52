"""Names in a normalised text: after an introduction, and as os2ds-rules finds them.

After "jeg hedder", "mit navn er", "navnet er", "min søn hedder", "my name is", "I'm called",
"mvh" ... the next one to three words are a name, in any case, unless the first is a function
or ordinary word ("mit navn er forkert", "jeg hedder noget andet nu"); the name stops at the
first such word or punctuation ("jeg hedder mette og vil ..."). Capitalised names elsewhere
come from os2ds-rules' name list; a single word only where the text introduces it, and a postal
district ("8000 Aarhus C") is never a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from os2ds_rules import NameRule

from muni.privacy.words import (
    FIRST_NAMES_THAT_ARE_WORDS,
    FUNCTION_WORDS,
    ORDINARY_WORDS,
    POSTAL_TOWNS,
    RELATIONS,
    SKIPPED_ADVERBS,
)

Span = tuple[int, int, str]

_INTRO = re.compile(
    r"""\b(?:
        (?:jeg|han|hun|og)\s+(?:hedder|heder|hedde|hed)
      | (?:min|mit|vores|hans|hendes)\s+(?P<relation>[^\W\d_]+)\s+(?:hedder|heder|hed)
      | (?:(?:mit|min|hans|hendes|dit|vores|[^\W\d_]+s)\s+)?(?:(?:fulde|nye|gamle|rigtige)\s+)?
        (?:for|efter|mellem|kalde|pige)?navn(?:et)?\s*(?:er\b|:)
      | my\s+(?:full\s+|first\s+|last\s+)?name\s*(?:is\b|['’]s\b|:)
      | (?:his|her)\s+name\s+is\b
      | i\s*['’]?\s*m\s+called | i\s+am\s+called
      | mvh\.? | kh\.? | (?:med\s+)?venlig(?:st|e)?\s+hils(?:en|ner)
      | (?:mange\s+|de\s+bedste\s+)?hils(?:en|ner) | (?:kind|best)\s+regards | regards
    )(?![\w])[\s:,.\-]*""",
    re.IGNORECASE | re.VERBOSE,
)
_INTRO_HINTS = ("hed", "navn", "name", "called", "mvh", "kh", "hils", "regards")
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*(?!\w)")  # not "mette82"
_GAP = re.compile(r" {1,2}")
_NOT_NAMES = FUNCTION_WORDS | ORDINARY_WORDS
_DISTRICT = re.compile(r"(?:C|K|M|N|S|V|Ø|NV|NØ|SV|SØ)")
_POSTCODE_BEFORE = re.compile(r"[0-9]{4} $")
_NAMES = NameRule()
_INTRO_FOR_ONE_WORD = (
    r"hedder",
    r"navn er",
    r"navn",
    r"jeg er",
    r"my name is",
    r"i am",
    r"i'm",
    r"min (?:mor|far|søn|datter|mand|kone|bror|søster)",
)
_PLACEHOLDER = re.compile(r"\[(CPR|TELEFON|EMAIL|NAVN|ADRESSE)\]")
_BRACKETS_AS_SPACES = str.maketrans({c: " " for c in "()[]{}<>\"'«»“”„"})


def _name_after(text: str, pos: int) -> Span | None:
    """The 1-3 name words starting at `pos`, if the first one can be a name."""
    start = end = -1
    skipped = 0
    count = 0
    while count < 3:
        word = _WORD.match(text, pos)
        if word is None:
            break
        lower = word.group().lower()
        if count == 0 and lower in SKIPPED_ADVERBS and skipped < 2:
            skipped += 1
        elif lower in _NOT_NAMES and not (count == 0 and lower in FIRST_NAMES_THAT_ARE_WORDS):
            break
        else:
            if count == 0:
                start = word.start()
            end = word.end()
            count += 1
        gap = _GAP.match(text, word.end())
        if gap is None:
            break
        pos = gap.end()
    return (start, end, "name") if count else None


def intro_name_spans(text: str) -> Iterator[Span]:
    lower = text.lower()
    if not any(hint in lower for hint in _INTRO_HINTS):  # cheap: most messages introduce no one
        return
    for intro in _INTRO.finditer(text):
        relation = intro.group("relation")
        if relation and relation.lower() not in RELATIONS:
            continue
        span = _name_after(text, intro.end())
        if span is not None:
            yield span


def _is_postal_district(text: str, start: int, needle: str) -> bool:
    words = needle.split()
    if _POSTCODE_BEFORE.search(text, max(0, start - 5), start):
        return True
    return words[0].lower() in POSTAL_TOWNS and all(_DISTRICT.fullmatch(w) for w in words[1:])


def _plausible(needle: str, text: str) -> bool:
    """Single capitalised words ("Kan", "Have") are names only where the text says so."""
    if len(needle) < 2 or _PLACEHOLDER.fullmatch(needle):
        return False
    if " " in needle.strip():
        return True
    if needle.isupper():  # "Jeg er EU-borger": an acronym
        return False
    return any(
        re.search(rf"{intro}\s+{re.escape(needle)}\b", text, re.IGNORECASE)
        for intro in _INTRO_FOR_ONE_WORD
    )


def _trimmed(needle: str) -> str:
    """The name without the ordinary words os2ds-rules lets into it ("Kan I" -> "")."""
    words = list(_WORD.finditer(needle))
    while words and words[0].group().lower() in _NOT_NAMES - FIRST_NAMES_THAT_ARE_WORDS:
        words.pop(0)
    while words and words[-1].group().lower() in _NOT_NAMES:
        words.pop()
    return needle[words[0].start() : words[-1].end()] if words else ""


def listed_name_spans(text: str) -> Iterator[Span]:
    # os2ds-rules misses "Holm" in "(før Camilla Holm)": it sees brackets and quotes as spaces
    # here. Its offsets are not always exact, so locate the matched text itself.
    for found in _NAMES.find_matches(text.translate(_BRACKETS_AS_SPACES)):
        needle = _trimmed(found.get("match", ""))
        if not _plausible(needle, text):
            continue
        for match in re.finditer(re.escape(needle), text):
            if not _is_postal_district(text, match.start(), needle):
                yield match.start(), match.end(), "name"
