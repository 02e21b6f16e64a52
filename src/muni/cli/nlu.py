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
