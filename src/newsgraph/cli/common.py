"""What every command shares: the application, the consoles, date options and error reporting."""

from __future__ import annotations

import os
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.markup import escape

from ..errors import ExitCode, NewsgraphError, UsageError
from ..settings import MODES
from ..terminal import console, stderr_is_terminal

app = typer.Typer(
    name="newsgraph",
    help="Turn English news articles into evidence-linked quotations, speakers, entities and dates.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Usage errors in a rich box at a terminal; elsewhere click's plain lines (a box is cut at 80
    # columns, and its borders are noise in a log).
    rich_markup_mode="rich" if stderr_is_terminal() else None,
)
eval_app = typer.Typer(help="Measure the engine against annotated corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
train_app = typer.Typer(help="Train models from annotated corpora.", no_args_is_help=True)
app.add_typer(train_app, name="train")

out = console()
err = console(stderr=True)


def iso_date(value: str | None) -> str | None:
    """A date option as an ISO date; a clear usage error otherwise."""
    if value is None:
        return None
    try:
        return (datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2024-12-18.") from None


FastOption = Annotated[bool, typer.Option(
    "--fast", help="The fast mode: the rules with the CRF tagger, instead of the more accurate MiniLM tagger "
                   "(the default); NEWSGRAPH_MODE=fast does the same (docs/cli.md, Modes).")]


def engine_mode(fast: bool) -> str:
    """The mode a command runs in: fast with --fast, else NEWSGRAPH_MODE's (accurate when unset)."""
    if fast:
        return "fast"
    mode = os.environ.get("NEWSGRAPH_MODE", "").strip().lower() or "accurate"
    if mode not in MODES:
        raise UsageError(f"NEWSGRAPH_MODE={mode!r} is not a mode: set it to accurate or fast, or unset it")
    return mode


def fail(error: NewsgraphError, debug: bool = False) -> None:
    """Report a user-facing error in one line and exit with its code (--debug raises it)."""
    if debug:
        raise error
    err.print(f"[red]error:[/red] {escape(str(error))}")
    raise typer.Exit(int(error.exit_code))


def cannot_write(path: Path | str, error: OSError) -> NoReturn:
    """An output file or folder that cannot be written: a usage error (exit 2), in one line."""
    err.print(f"[red]error:[/red] cannot write {escape(str(path))}: {escape(error.strerror or str(error))}")
    raise typer.Exit(int(ExitCode.USAGE))


def check_writable(path: Path, *, folder: bool = False) -> None:
    """Exit 2 now, not after minutes of work, when an output file (or `folder`, made when missing)
    cannot be written. Nothing is left behind: the probe is a temporary file."""
    try:
        if folder:
            path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path if folder else path.parent):
            pass
        if not folder and path.exists():
            path.open("a", encoding="utf-8").close()  # an existing file we may not write
    except OSError as error:
        cannot_write(path, error)
