"""Redaction at the edge: personal numbers never survive, ordinary questions are untouched."""

import random
import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from muni.privacy.redact import redact, without_given_numbers
from muni.privacy.spellings import normalise

PROBES = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "redaction_probes.yaml").read_text(encoding="utf-8")
)
KINDS = ("cpr", "phone", "email", "name", "address")


@pytest.mark.parametrize("text", [
    "mit cpr er 010190-1234", "cpr 0101901234", "01 01 90 1234", "010190 1234",
    "01.01.90-1234", "min søns personnummer er 3112151234", "cpr: 010190 – 1234",
])
def test_cpr_forms(text):
    out = redact(text)
    assert "[CPR]" in out.text and "cpr" in out.kinds
    assert not re.search(r"\d{4}", out.text)


def test_ten_digits_after_the_word_cpr_even_with_impossible_date():
    assert "[CPR]" in redact("mit cpr-nr er 3213901234").text


@pytest.mark.parametrize("text", [
    "ring på 12 34 56 78", "tlf 87654321", "+45 20 30 40 50", "0045 20304050",
    "+46 70 123 45 67", "mit nummer er 20-30-40-50",
])
def test_phone_numbers(text):
    out = redact(text)
    assert "[TELEFON]" in out.text
    assert not re.search(r"\d{2}\D?\d{2}\D?\d{2}\D?\d{2}", out.text)


@pytest.mark.parametrize("text", ["skriv til anne.hansen@example.dk",
                                  "mail: kim+post@sub.example.com", "kim (at) example.dk"])
def test_emails(text):
    out = redact(text)
    assert "[EMAIL]" in out.text and "@" not in out.text and "example" not in out.text


def test_names_and_addresses():
    out = redact("Jeg hedder Anders Jensen og bor på Vestergade 12")
    assert "Anders" not in out.text and "Jensen" not in out.text
    assert "Vestergade 12" not in out.text
    assert {"name", "address"} <= set(out.kinds)


@pytest.mark.parametrize("text", [
    "hvad koster et pas", "Kan jeg få hjælp til en rollator", "Hvornår er der storskrald",
    "pas pris 2026", "åbningstider i borgerservice", "Have affald", "Bo i en plejebolig",
])
def test_ordinary_questions_are_untouched(text):
    assert redact(text).text == text


def _random_cpr(rng: random.Random) -> str:
    born = date(1920, 1, 1) + timedelta(days=rng.randrange(0, 365 * 100))
    # 7th digit picks the century (stdnum rules); 0-3 is always 1900-1999
    seventh = "4" if born.year >= 2000 else str(rng.randrange(0, 4))
    return born.strftime("%d%m%y") + seventh + f"{rng.randrange(0, 1000):03d}"


@settings(max_examples=300, deadline=None)
@given(seed=st.integers(0, 10**9), prefix=st.text(max_size=30), sep=st.sampled_from(
    ["-", "", " ", " - ", "–", "."]))
def test_any_valid_cpr_is_removed(seed, prefix, sep):
    cpr = _random_cpr(random.Random(seed))
    text = f"{prefix} mit nummer {cpr[:6]}{sep}{cpr[6:]} tak"
    assert cpr not in re.sub(r"\D", "", redact(text).text)


def test_redact_is_pure_and_idempotent():
    text = "cpr 010190-1234, tlf 20304050, mail a@b.dk"
    first = redact(text)
    assert redact(text) == first
    assert redact(first.text).text == first.text


def _digits(text: str) -> str:
    """Every decimal digit after NFKC, as ASCII (independent of muni.privacy.spellings)."""
    return "".join(str(unicodedata.decimal(c)) for c in unicodedata.normalize("NFKC", text)
                   if c.isdecimal())


def survives(kind: str, secret: str, text: str) -> bool:
    """Whether a probe's secret is still in the redacted text: numbers compared digits only,
    e-mail local parts as substrings, names and addresses as whole words (case-insensitive)."""
    if kind in ("cpr", "phone"):
        return _digits(secret) in _digits(text)
    secret = normalise(secret).lower()
    if kind == "email":
        return secret in text.lower()
    return re.search(rf"(?<!\w){re.escape(secret)}(?!\w)", text.lower()) is not None


def test_the_probe_corpus_is_big_enough():
    assert len(PROBES["positives"]) >= 200 and len(PROBES["negatives"]) >= 40
    assert all(any(kind in probe for kind in KINDS) for probe in PROBES["positives"])


@pytest.mark.parametrize("probe", PROBES["positives"], ids=lambda p: p["text"][:40])
def test_probe_personal_data_does_not_survive(probe):
    out = redact(probe["text"])
    left = [(kind, secret) for kind in KINDS for secret in probe.get(kind, [])
            if survives(kind, secret, out.text)]
    assert left == [], out.text
    assert {kind for kind in KINDS if kind in probe} <= set(out.kinds), out.text
    assert redact(out.text).text == out.text  # placeholders and what is left stay as they are


@pytest.mark.parametrize("text", PROBES["negatives"], ids=lambda t: t[:40])
def test_probe_ordinary_message_is_unchanged(text):
    out = redact(text)
    assert (out.text, out.kinds) == (normalise(text), ())


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015",
                                  "\u2212", "\ufe58", "\ufe63", "\uff0d", "\u00ad"])
def test_every_dash_becomes_a_hyphen(dash):
    assert redact(f"man{dash}fre").text == "man-fre"


@pytest.mark.parametrize("space", ["\u00a0", *map(chr, range(0x2000, 0x200B)), "\u202f",
                                   "\u205f", "\u3000", "\t"])
def test_every_space_becomes_a_space(space):
    assert redact(f"åbent{space}i dag").text == "åbent i dag"


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_zero_width_characters_disappear(invisible):
    assert redact(f"stor{invisible}skrald").text == "storskrald"


def test_full_width_becomes_ascii_and_danish_letters_stay():
    assert redact("Ærø og Åbenrå: pas ２０２６, ｋｌ. ８").text == "Ærø og Åbenrå: pas 2026, kl. 8"
    assert redact("mit cpr: ０１０１９０－１２３４\x00").text == "mit cpr: [CPR] "


@pytest.mark.parametrize("text,about", [
    ("mit cpr er 010190-1234 og jeg skal have nyt pas", "og jeg skal have nyt pas"),
    ("cpr 0101 90 1234, hvornaar har borgerservice aabent", ", hvornaar har borgerservice aabent"),
    ("my CPR number is 010190-1234, how do I get a health card",
     ", how do I get a health card"),
    ("hvordan får jeg et cpr-nummer", "hvordan får jeg et cpr-nummer"),  # asks about one
    ("mit cpr nummer er 010190 1234 hvad koster et sundhedskort", "hvad koster et sundhedskort"),
])
def test_a_number_handed_over_is_not_what_the_message_is_about(text, about):
    # the classifier read "cpr" in "mit cpr er [CPR]" as a question about getting a CPR number
    assert without_given_numbers(redact(text).text) == about
