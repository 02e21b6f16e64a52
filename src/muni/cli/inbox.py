"""`muni inbox collect`: collect the questions muni did not answer well into the inbox now
(the "inbox" job does it every MUNI_INBOX_COLLECT_MINUTES). It runs as an inbox job of this
command, so it continues where the last run stopped and never runs twice at once."""

from __future__ import annotations

from dataclasses import replace

import typer

from muni.cli.app import app, console
from muni.config import Settings

inbox_app = typer.Typer(help="The inbox: questions muni did not answer well.", no_args_is_help=True)
app.add_typer(inbox_app, name="inbox")


@inbox_app.command("collect", epilog="Exit code 3: a collection was already running.")
def inbox_collect() -> None:
    """Collect unanswered, low-confidence, clarified, handed-over and low-rated questions."""
    from muni.inbox.collect import collect
    from muni.jobs.kinds import enqueue_inbox
    from muni.jobs.queue import JobQueue
    from muni.jobs.worker import keep_alive, worker_name
    from muni.runtime import Runtime

    runtime = Runtime.start(Settings())
    queue = JobQueue(runtime.db)
    job = enqueue_inbox(queue, worker=worker_name())
    if job is None:
        console.print("[yellow]Indbakken samles allerede af et andet job.[/yellow]")
        runtime.close()
        raise typer.Exit(code=3)
    try:
        with keep_alive(queue, [job], every=5.0):
            report = collect(runtime)
    except BaseException as exc:
        queue.fail(replace(job, max_attempts=job.attempts), f"muni inbox collect: {exc!r}")
        runtime.close()
        raise
    queue.finish(job, report.as_result())
    runtime.close()
    parts = ", ".join(f"{reason} {n}" for reason, n in sorted(report.collected.items()))
    console.print(
        f"{report.total} nye spørgsmål i indbakken ({parts or 'ingen'}); "
        f"{report.embedded} med vektor; {report.seconds:.1f} s"
    )
