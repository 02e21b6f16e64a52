"""The dataset card (README.md) written beside the corpus: a YAML header that the Hugging Face
hub and `datasets` read (configs, data files, licence, languages) and a datasheet in plain
words: what the data is, how it was collected (with the consent sentence), how it was redacted
and checked, the counts, what was refused, topic labels, ratings and the limitations."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from muni.corpus.consent import CONSENT_TEXT

if TYPE_CHECKING:
    from muni.corpus.export import ExportReport


def _table(counts: Counter[str], head: tuple[str, str], limit: int = 30) -> str:
    if not counts:
        return "(ingen)\n"
    lines = [f"| {head[0]} | {head[1]} |", "| --- | ---: |"]
    lines += [f"| {key} | {value} |" for key, value in counts.most_common(limit)]
    if len(counts) > limit:
        lines.append(f"| ... {len(counts) - limit} flere | |")
    return "\n".join(lines) + "\n"


def dataset_card(report: ExportReport, licence: str) -> str:
    languages = sorted(set(report.languages) | {"da"})
    scope = f"kommunen `{report.tenant_filter}`" if report.tenant_filter else "alle kommuner"
    since = f", samtaler startet fra og med {report.since}" if report.since else ""
    return f"""---
license: {licence}
language: [{", ".join(languages)}]
pretty_name: muni borgerdialoger (samtykke, anonymiseret)
task_categories: [text-generation, text-classification, question-answering]
size_categories: [{_size(report.exported)}]
configs:
- config_name: default
  data_files:
  - split: train
    path: data/train-*.parquet
---

# muni: samtaler mellem borgere og kommunens chatbot

Udtrukket {report.created_at} fra {scope}{since}.

## Hvad det er

Samtaler mellem borgere og muni, en chatbot som danske kommuner bruger til borgerservice
(pas, affald, flytning, sygesikring ...). Hver række er én samtale: kommunen (`tenant`),
kanal (`web`, `qr`, `phone`, `api`), sprog, måneden den startede (`created_month`, ikke
tidspunktet), borgerens bedømmelse 1-3 (`rating`: 1 = fik ikke svar, 3 = fik svar; tom når
borgeren ikke bedømte) og turene i rækkefølge: borgerens spørgsmål, muni's svar, emnet
(`topic`), underspørgsmålet (`sub_answer`) og hvordan svaret blev til (`origin`: `curated` =
redigeret svar, `search` = fra kommunens hjemmeside, `generated` = formuleret af en sprogmodel
ud fra hjemmesiden, `guard` = sikkerhedssvar, `fallback` = intet svar, `handoff` = videre til
en medarbejder). `id` er et nyt tilfældigt id, ikke samtalens id i muni.

Filerne: `{"data/train-00000-of-00001.parquet"}` (Parquet) og en kopi i `jsonl/train.jsonl`
(én samtale pr. linje).

```python
from datasets import load_dataset
corpus = load_dataset("parquet", data_files="data/train-*.parquet")["train"]
```

## Sådan er data indsamlet

Kun samtaler, hvor borgeren selv har sat kryds i chatten. Krydset er ikke sat fra start, og
sætningen ved det lyder:

> {CONSENT_TEXT["da"]}

(På engelsk: "{CONSENT_TEXT["en"]}") Borgeren kan fjerne krydset igen; så kommer samtalen
ikke med i senere udtræk. Samtaler slettes efter kommunens opbevaringsperiode, så et udtræk
indeholder kun samtaler, der stadig fandtes på udtrækstidspunktet.

## Sådan er personoplysninger fjernet og kontrolleret

1. Da samtalen fandt sted, erstattede muni CPR-numre, telefonnumre, e-mailadresser, navne og
   adresser i borgerens tekst med `[CPR]`, `[TELEFON]`, `[EMAIL]`, `[NAVN]`, `[ADRESSE]`, før
   noget blev gemt.
2. Ved udtrækket er hver tekst (spørgsmål og svar) kørt gennem den samme redigering igen;
   derfor står også kommunens egne telefonnumre og adresser i svarene som pladsholdere.
3. Derefter er hver tekst scannet med et uafhængigt tjek (egne mønstre, python-stdnum's
   `dk.cpr` og phonenumbers): CPR-numre med og uden bindestreg, danske telefonnumre,
   udenlandske numre med landekode og e-mailadresser. En samtale, hvor tjekket stadig finder
   noget, er udeladt i sin helhed og kun talt med nedenfor. Det samme gælder en samtale, hvor
   borgerens gemte tekst stadig havde et CPR-nummer, telefonnummer eller en e-mailadresse,
   som redigeringen først fandt ved udtrækket (den blev altså ikke fanget, da den blev gemt).

Kommentarer til bedømmelser, referencer fra breve (QR-koder), navne og numre til
tilbageringning og beskeder i chat med medarbejdere er ikke med.

## Antal

- Samtaler: {report.exported}
- Ture: {report.turns}
- Afvist af tjekket: {report.refused}{_kinds(report)}
- Samtaler med samtykke men uden ture (intet at udtrække): {report.empty}

### Kommuner

{_table(report.tenants, ("kommune", "samtaler"))}
### Sprog

{_table(report.languages, ("sprog", "samtaler"))}
### Måneder

{_table(report.months, ("måned", "samtaler"), limit=120)}
## Emner (topic labels)

Emnerne kommer fra muni's fælles emneliste (fx `pas`, `storskrald`); underspørgsmål skrives
`emne/underspørgsmål` i muni (her to felter). Ture pr. emne:

{_table(report.topics, ("emne", "ture"), limit=60)}
Svarenes oprindelse:

{_table(report.origins, ("origin", "ture"))}
## Bedømmelser

{_table(report.ratings, ("bedømmelse", "samtaler"))}
## Begrænsninger

- Redigeringen er automatisk. Navne, der ikke står efter "jeg hedder" eller på listen over
  kendte navne, og sjældne skrivemåder kan være sluppet igennem; tjekket leder kun efter
  CPR-numre, telefonnumre og e-mailadresser. Læs stikprøver, før data bruges.
- Kun borgere, der sagde ja, er med: det er ikke et tilfældigt udsnit af alle samtaler.
- Svarene er muni's svar på det tidspunkt; fakta (priser, frister) kan være forældede, og
  emnerne er sat af muni's klassifikator, ikke af et menneske.
- Pladsholdere (`[TELEFON]` ...) står også, hvor teksten var et offentligt nummer.

## Licens

{licence}. Borgernes tekster er givet med samtykke som beskrevet ovenfor; muni's svartekster
er muni's egne ord.
"""


def _kinds(report: ExportReport) -> str:
    if not report.refused_kinds:
        return ""
    parts = ", ".join(f"{k}: {v}" for k, v in sorted(report.refused_kinds.items()))
    return f" (fund i alt: {parts})"


def _size(n: int) -> str:
    if n < 1000:
        return "n<1K"
    if n < 10_000:
        return "1K<n<10K"
    if n < 100_000:
        return "10K<n<100K"
    return "100K<n<1M"
