"""The `muni` command line: the Typer app, shared helpers, and one module per command group."""

from __future__ import annotations

import os

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OMP_WAIT_POLICY", "passive")

app = typer.Typer(
    help="muni: the citizen-service assistant for Danish municipalities.",
    no_args_is_help=True,
    add_completion=False,
)
content_app = typer.Typer(help="Work with the content pack.", no_args_is_help=True)
app.add_typer(content_app, name="content")
console = Console(stderr=True)


def progress_bar() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def fail(message: str) -> typer.Exit:
    console.print(f"[red]fejl:[/red] {message}")
    return typer.Exit(code=2)
