"""Hundreds of messages full of personal numbers: none of them is stored in clear text."""

from __future__ import annotations

import random
import re

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
