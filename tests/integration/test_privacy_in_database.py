"""Hundreds of messages full of personal numbers: none of them is stored in clear text."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from pathlib import Path

import yaml
from sqlalchemy import inspect, text

from tests.unit.test_redact import _random_cpr


def _cpr_forms(cpr: str, rng: random.Random) -> str:
    d, m, y, tail = cpr[:2], cpr[2:4], cpr[4:6], cpr[6:]
    return rng.choice([f"{d}{m}{y}-{tail}", f"{d}{m}{y}{tail}", f"{d}{m}{y} {tail}",
                       f"{d} {m} {y} {tail}", f"{d}.{m}.{y}-{tail}", f"{d}{m}{y} - {tail}"])


def _phone_forms(rng: random.Random) -> tuple[str, str]:
    digits = str(rng.choice([2, 3, 4, 5, 6, 7, 8, 9])) + f"{rng.randrange(0, 10**7):07d}"
    pairs = " ".join(digits[i:i + 2] for i in range(0, 8, 2))
    return digits, rng.choice([digits, pairs, f"+45 {pairs}", f"+45{digits}", f"0045 {digits}",
                               "-".join(digits[i:i + 2] for i in range(0, 8, 2))])


TEMPLATES = [
    "mit cpr er {cpr} og jeg vil bestille pas",
    "Hej, {cpr} her, hvornår kommer storskrald? ring {phone}",
    "kan I ringe mig op på {phone} angående boligstøtte",
    "skriv til {email} om min søns skoleindskrivning, cpr {cpr}",
    "{email} / {phone} / {cpr}",
    "my CPR is {cpr}, e-mail {email}, how do I get a health card",
    "personnummer {cpr} - jeg har mistet mit sundhedskort",
    "jeg hedder Anders Jensen og bor på Vestergade 12, tlf {phone}",
]


def test_no_personal_number_is_stored_in_clear_text(client, runtime):
    rng = random.Random(20261126)
    secrets: list[str] = []
    sent = 0
    for round_ in range(30):
        conversation = client.post("/api/tenants/odense/conversations", json={}).json()["id"]
        for template in rng.sample(TEMPLATES, 7):
            cpr = _random_cpr(rng)
            phone_digits, phone = _phone_forms(rng)
            user = rng.choice(["anne.hansen", "k.jensen+post", "mads_99", "lise-lotte.b"])
            email = f"{user}{round_}@{rng.choice(['example.dk', 'mail.example.com'])}"
            message = template.format(cpr=_cpr_forms(cpr, rng), phone=phone, email=email)
            response = client.post(
                f"/api/tenants/odense/conversations/{conversation}/messages",
                json={"text": message})
            assert response.status_code == 200
            assert cpr not in re.sub(r"\D", "", response.json()["question"])
            secrets += [cpr, phone_digits, email]
            sent += 1
        client.post(f"/api/tenants/odense/conversations/{conversation}/rating",
                    json={"rating": 2, "comment": f"ring på {phone} eller skriv {email}"})
    assert sent >= 200

    dump = []
    with runtime.db.engine.connect() as conn:
        for table in inspect(conn).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                dump.append(" ".join(str(value) for value in row))
    everything = "\n".join(dump)
    # numbers as written with separators ("01 01 90-1234", "+45 20 30 40 50"), joined up
    numbers = {re.sub(r"\D", "", run) for run in re.findall(r"\d(?:[ .\-–+]{0,3}\d)*", everything)}
    leaked = [s for s in secrets
              if s in everything or (s.isdigit() and any(s in n for n in numbers))]
    assert leaked == []
    assert "Anders Jensen" not in everything and "Vestergade 12" not in everything


# --- every positive probe of tests/fixtures/redaction_probes.yaml, through every citizen path --

PROBES = yaml.safe_load(
    (Path(__file__).parents[1] / "fixtures" / "redaction_probes.yaml").read_text(encoding="utf-8")
)["positives"]
# Contact details for a callback are kept on purpose (deleted after the retention period).
ON_PURPOSE = {("callbacks", "name"), ("callbacks", "phone")}


def _plain(value: str) -> str:
    """NFKC, invisible format characters (zero-width, soft hyphen) dropped, lowercased. Written
    for this test; it shares nothing with muni.privacy."""
    value = unicodedata.normalize("NFKC", value)
    return "".join(c for c in value if unicodedata.category(c) != "Cf").lower()


def _digit_runs(value: str) -> list[str]:
    """Digits that belong together: separated by at most four non-letters ("01 01 90 - 12 34",
    "+45 20 30 40 50"), as plain ASCII digits; only runs of 8 or more."""
    runs = re.findall(r"\d(?:[\W_]{0,4}\d)*", _plain(value))
    digits = ("".join(str(unicodedata.decimal(c)) for c in run if c.isdecimal()) for run in runs)
    return [d for d in digits if len(d) >= 8]


def _secrets() -> tuple[set[str], re.Pattern[str]]:
    """The probes' numbers (digits) and one pattern for their e-mail local parts, names of two
    words and addresses (whole words, any spacing). Single first names ("mette", "per") are
    ordinary words too often to look for everywhere; the unit tests check them."""
    numbers = {"".join(c for c in _plain(s) if c.isdecimal())
               for probe in PROBES for kind in ("cpr", "phone") for s in probe.get(kind, [])}
    words = [_plain(s) for probe in PROBES for s in probe.get("email", [])]
    for probe in PROBES:  # two name words that stand together in the probe ("mette hansen")
        names = probe.get("name", [])
        words += [f"{a} {b}" for a, b in zip(names, names[1:], strict=False)
                  if re.search(rf"{a}\s+{b}", _plain(probe["text"]))]
    words += [_plain(s) for probe in PROBES for s in probe.get("address", [])]
    alternatives = sorted({r"\s*".join(map(re.escape, w.split())) for w in words}, key=len)
    pattern = re.compile(rf"(?<!\w)(?:{'|'.join(reversed(alternatives))})(?!\w)")
    return numbers, pattern


NUMBERS, WORDS = _secrets()


def _found(value: str) -> list[str]:
    hits = [n for run in _digit_runs(value) for n in NUMBERS if n in run]
    return hits + WORDS.findall(_plain(value))


# a value that is only a time (SQLite keeps datetimes as text): its digits are the clock's, and
# "23:32:34.567953" once held a probe's eight digits
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:?\d{2}|Z)?")


def _scan(engine) -> set[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    """(table, column, value, secret) for every secret in every text value of every column
    of every table (JSON as its text; binary columns hold page embeddings, not text)."""
    found = set()
    schema = inspect(engine)
    with engine.connect() as conn:
        for table in schema.get_table_names():
            for column in (c["name"] for c in schema.get_columns(table)):
                if (table, column) in ON_PURPOSE:
                    continue
                for (value,) in conn.execute(text(f'SELECT "{column}" FROM "{table}"')):
                    if isinstance(value, dict | list):
                        value = json.dumps(value, ensure_ascii=False)
                    if isinstance(value, str) and not _TIMESTAMP.fullmatch(value):
                        found.update((table, column, value, hit) for hit in _found(value))
    return found


def test_no_probe_survives_in_any_column(client, runtime):
    """Each positive probe as a message, as a streamed message, as a rating comment, as a
    callback's preferred time and in the live chat with a person, each in its own
    conversation; then no probe's number, e-mail local part or name is in any string column
    of any table (except the callback contact columns), nor in any response."""
    from tests.integration.test_handoff import always_open

    assert len(PROBES) >= 200
    before = _scan(runtime.db.engine)
    base = "/api/tenants/aarhus/conversations"
    answered = []
    with always_open(runtime, "aarhus"):
        _every_path(client, base, answered)
    assert [(message, hits) for message, hits in answered if hits] == []

    leaked = _scan(runtime.db.engine) - before
    assert sorted((table, column, secret, value[:200]) for table, column, value, secret in leaked
                  ) == []


def _every_path(client, base: str, answered: list) -> None:  # type: ignore[no-untyped-def]
    for probe in PROBES:
        message = probe["text"]
        created = client.post(base, json={})
        assert created.status_code == 201, created.text
        conversation = created.json()["id"]
        plain = client.post(f"{base}/{conversation}/messages", json={"text": message})
        streamed = client.post(f"{base}/{conversation}/messages?stream=true",
                               json={"text": message})
        rated = client.post(f"{base}/{conversation}/rating",
                            json={"rating": 2, "comment": message})
        statuses = (plain.status_code, streamed.status_code, rated.status_code)
        assert statuses == (200, 200, 200), (message, statuses, plain.text[:300])
        assert "event: answer" in streamed.text, streamed.text[-500:]
        callback = client.post(f"{base}/{conversation}/callback", json={
            "name": "Borger", "phone": "33 33 33 33", "preferred_time": message[:200]})
        handoff = client.post(f"{base}/{conversation}/handoff")
        live = client.post(f"{base}/{conversation}/live", json={"text": message})
        statuses = (callback.status_code, handoff.status_code, live.status_code)
        assert statuses == (200, 200, 200), (message, statuses, live.text[:300])
        answered.append((message, [hit for r in (plain, streamed, rated, callback, live)
                                   for hit in _found(_texts_of(r.text))]))


def _texts_of(body: str) -> str:
    """The strings of a JSON or server-sent-events response, one per line. Numbers are left
    out: a confidence such as 0.5321440935 would otherwise "contain" a probe's phone number."""
    strings: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                strings.append(key)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    try:
        walk(json.loads(body))
    except ValueError:  # a stream: "event: ..." and "data: {json}" lines
        for line in body.splitlines():
            data = line.removeprefix("data:").strip()
            try:
                walk(json.loads(data))
            except ValueError:
                strings.append(line)
    return "\n".join(strings)
