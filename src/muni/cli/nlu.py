"""`muni train` and `muni eval`."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from muni.cli.app import app, fail, progress_bar
from muni.config import Settings


@app.command()
def train() -> None:
    """Train the intent classifier on the content in the database and save it."""
    from muni.bootstrap import ensure_initialised
    from muni.runtime import make_embedder
    from muni.runtime import train as train_model
    from muni.store.content import ContentRepository
    from muni.store.database import Database

    settings = Settings()
    db = Database(settings.resolved_database_url)
    ensure_initialised(db, settings.content_dir, settings.tenants_dir)
    with db.session() as session:
        repo = ContentRepository(session)
        pack, fingerprint = repo.load_pack(), repo.fingerprint() or "none"
    with progress_bar() as progress:
        task = progress.add_task("Træner modeller (emner, delsvar, sikkerhed) ...", total=None)
        _models, reports = train_model(settings, pack, fingerprint, make_embedder(settings))
        progress.update(task, completed=1, total=1)
    table = Table(title="Træning")
    table.add_column("model")
    table.add_column("mål")
    table.add_column("værdi")
    rows = {
        "emner": vars(reports.intents),
        "delsvar": vars(reports.sub_answers),
        "sikkerhed": vars(reports.safety) if reports.safety else {},
        "i alt": {"embed_seconds": reports.embed_seconds, "seconds": reports.seconds},
    }
    for model, values in rows.items():
        for key, value in values.items():
            if key.startswith("cv_prob") or key in ("cv_labels", "per_topic_accuracy", "extra"):
                continue
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            table.add_row(model, key, shown)
    Console().print(table)
    note, warning = accept_note(
        reports.intents.tuned.get("accept"), reports.intents.accept_plateau, pack.thresholds
    )
    if note:
        Console().print(note)
    if warning:
        Console(stderr=True).print(f"[yellow]Advarsel:[/yellow] {warning}")


def accept_note(
    tuned: float | None, plateau: tuple[float, float] | None, pinned: dict[str, float]
) -> tuple[str | None, str | None]:
    """What training says about the accept threshold: the value cross-validation found, the
    range it cannot tell apart, the value the content pins; and a warning when the pinned
    value lies outside that range (the content has changed enough to look at it again)."""
    if tuned is None or plateau is None:
        return None, None
    low, high = plateau
    note = (
        f"Svartærskel (accept): krydsvalidering giver {tuned:.2f} "
        f"og kan ikke skelne {low:.2f}-{high:.2f} fra den."
    )
    value = pinned.get("accept")
    if value is None:
        return note, None
    note += f" content/nlu.yaml bruger {value:.2f}."
    if low <= value <= high:
        return note, None
    return note, (
        f"accept {value:.2f} i content/nlu.yaml ligger uden for {low:.2f}-{high:.2f}, som "
        "krydsvalideringen finder lige gode. Kør dev-sættene (bench/README) og ret værdien."
    )


def _label(topic: str | None, sub: str | None, with_sub: bool) -> str:
    """Topic and sub-answer ("pas/pris"), or the topic alone: its overview, or sub-answers
    are not scored."""
    return f"{topic}/{sub}" if with_sub and sub else str(topic)


@app.command("eval")
def eval_command(
    file: Annotated[Path, typer.Argument(help="JSONL with text and topic")],
    tenant: Annotated[str, typer.Option(help="Tenant slug")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Score the assistant on labelled questions (initialises the database if needed)."""
    from muni.evaluation.runner import EvalFileError, evaluate, read_cases
    from muni.runtime import Runtime
    from muni.store.tenants import TenantRepository

    logging.disable(logging.INFO)
    try:
        cases = read_cases(file)
    except (OSError, EvalFileError) as exc:
        raise fail(str(exc)) from exc
    runtime = Runtime.start(Settings())
    with runtime.db.session() as session:
        found = TenantRepository(session).by_slug(tenant)
    if found is None:
        raise fail(f"ukendt kommune: {tenant}")
    report = evaluate(runtime.pipeline, found, cases)
    if as_json:
        sys.stdout.write(json.dumps(report.as_json(), ensure_ascii=False) + "\n")
        return
    out = Console()
    misses = Table(title="Fejl (forventet ≠ svar)")
    for column in ("tekst", "forventet", "svar", "status", "sikkerhed"):
        misses.add_column(column)
    for item in report.items:
        if not item.correct or item.sub_correct is False:
            sub_labelled = item.sub_correct is not None
            misses.add_row(
                item.text[:70],
                _label(item.expected, item.expected_sub, sub_labelled),
                _label(item.topic, item.sub_answer, sub_labelled),
                item.status,
                f"{item.confidence:.2f}" if item.confidence is not None else "-",
            )
    out.print(misses)
    totals = Table(title=f"Resultat for {tenant}")
    for key, value in report.totals().items():
        totals.add_row(key, str(value))
    out.print(totals)
