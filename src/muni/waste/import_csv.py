"""Read waste collection days from a CSV file (UTF-8, ';' or ',' between columns). Two
layouts, told apart by the header:

- per address:  adresse_id;fraktion;dato
  (adresse_id is the address register's id, the same id the address lookup returns)
- per street:   vejnavn;husnr_fra;husnr_til;postnr;fraktion;dato
  (every house number from husnr_fra to husnr_til on the street in that postcode)

fraktion is a code (rest_mad, papir, plast, glas_metal, storskrald, haveaffald) or the
waste company's words ("Restaffald og madaffald", "Glas og metal"); dato is 2026-12-01,
01-12-2026 or 01.12.2026."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from muni.waste.fractions import fractions_in
from muni.waste.store import PickupRow, street_key


class WasteImportError(ValueError):
    """The file cannot be imported; the message says which line and why (in Danish)."""


def parse_day(text: str) -> date:
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text)
    match = re.fullmatch(r"(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{4})", text)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    raise ValueError(text)


def _number(text: str) -> int:
    digits = re.match(r"\s*(\d+)", text)
    if not digits:
        raise ValueError(text)
    return int(digits.group(1))


def read_csv(path: Path) -> list[PickupRow]:
    text = path.read_text(encoding="utf-8-sig")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") >= header.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    columns = {c.strip().lower() for c in reader.fieldnames or ()}
    per_address = {"adresse_id", "fraktion", "dato"} <= columns
    per_street = {"vejnavn", "husnr_fra", "husnr_til", "postnr", "fraktion", "dato"} <= columns
    if not per_address and not per_street:
        raise WasteImportError(
            "kolonnerne skal være adresse_id;fraktion;dato eller "
            "vejnavn;husnr_fra;husnr_til;postnr;fraktion;dato"
        )
    rows: list[PickupRow] = []
    for line, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        if not any(row.values()):
            continue
        fractions = fractions_in(row["fraktion"])
        if not fractions:
            raise WasteImportError(f"linje {line}: ukendt fraktion {row['fraktion']!r}")
        try:
            day = parse_day(row["dato"])
        except ValueError:
            raise WasteImportError(f"linje {line}: datoen {row['dato']!r} kan ikke læses") from None
        if per_address:
            if not row["adresse_id"]:
                raise WasteImportError(f"linje {line}: adresse_id mangler")
            key = row["adresse_id"]
        else:
            try:
                first, last = _number(row["husnr_fra"]), _number(row["husnr_til"])
            except ValueError:
                raise WasteImportError(f"linje {line}: husnummeret kan ikke læses") from None
            if not row["vejnavn"] or not re.fullmatch(r"\d{4}", row["postnr"]):
                raise WasteImportError(f"linje {line}: vejnavn eller postnr mangler")
            key = street_key(row["vejnavn"], row["postnr"], min(first, last), max(first, last))
        rows.extend(PickupRow(key, fraction, day) for fraction in fractions)
    return rows
