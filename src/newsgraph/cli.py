"""The `newsgraph` command line: thin commands over the engine, the sources and the evaluation.

Exit codes are documented in docs/cli.md and defined in errors.ExitCode.
"""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.rule import Rule

from . import __version__
from .errors import ExitCode, InputError, NewsgraphError
from .settings import DEFAULT_SETTINGS

app = typer.Typer(
    name="newsgraph",
    help="Turn English news articles into evidence-linked quotations, speakers, entities and dates.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Measure the engine against annotated corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
train_app = typer.Typer(help="Train models from annotated corpora.", no_args_is_help=True)
app.add_typer(train_app, name="train")

out = Console()
err = Console(stderr=True)


class Attribution(StrEnum):
    model = "model"
    rules = "rules"


AttributionOption = Annotated[Attribution, typer.Option(
    help="model: the rules plus the trained tagger (default); rules: the rules alone.")]
ModelDirOption = Annotated[str | None, typer.Option(
    "--attribution-model",
    help="A model directory written by `newsgraph train attribution` (default: the shipped one).")]


class OutputFormat(StrEnum):
    report = "report"
    json = "json"
    jsonl = "jsonl"


def _iso_date(value: str | None) -> str | None:
    """`--published` as an ISO date; a clear usage error otherwise."""
    if value is None:
        return None
    try:
        return (datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2024-12-18.") from None


def _fail(error: NewsgraphError, debug: bool) -> None:
    if debug:
        raise error
    err.print(f"[red]error:[/red] {escape(str(error))}")
    raise typer.Exit(int(error.exit_code))


@app.command()
def analyze(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files or folders (.txt, .html, .json, .jsonl); '-' or nothing reads standard input.")] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) that relative dates resolve against; an article's own wins.")] = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="report (terminal), json (one article) or jsonl (one line per article).")
    ] = OutputFormat.report,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes for many inputs.")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per parser batch.")] = DEFAULT_SETTINGS.batch_size,
    min_confidence: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Drop quotations below this confidence.")] = 0.0,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    attribution: AttributionOption = Attribution.model,
    attribution_model: ModelDirOption = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks instead of one-line errors.")] = False,
) -> None:
    """Analyse articles: quotations with speakers, entities, dates, flags."""
    from .pipeline import Engine
    from .report import print_report
    from .sources import read_paths

    published_date = _iso_date(published)
    if not paths:
        if sys.stdin.isatty():
            err.print("[red]error:[/red] give a file or folder to analyse, or pipe an article into standard input.")
            raise typer.Exit(int(ExitCode.USAGE))
        paths = ["-"]
    settings = DEFAULT_SETTINGS.with_(workers=workers, batch_size=batch_size, min_confidence=min_confidence,
                                      attribution=attribution.value, attribution_model=attribution_model)
    engine = Engine(settings)
    stream = output.open("w", encoding="utf-8") if output else None
    console = Console(file=stream) if stream and output_format is OutputFormat.report else out
    analysed = rejected = 0
    records = []
    try:
        for item in engine.analyze_many(read_paths(paths, settings, published_date)):
            if isinstance(item, InputError):
                rejected += 1
                err.print(f"[yellow]skipped[/yellow] {escape(str(item))}")
                continue
            analysed += 1
            if output_format is OutputFormat.report:
                if analysed > 1:
                    console.print(Rule())
                print_report(item, console)
            elif output_format is OutputFormat.jsonl:
                _write(stream, item.to_json())
            else:
                records.append(item.to_dict())
        if output_format is OutputFormat.json and records:
            payload = records[0] if len(records) == 1 else records
            _write(stream, json.dumps(payload, ensure_ascii=False, indent=2))
    except NewsgraphError as error:
        _fail(error, debug)
    finally:
        if stream:
            stream.close()
    if rejected:
        err.print(f"{analysed} analysed, {rejected} skipped.")
        raise typer.Exit(int(ExitCode.ALL_INPUTS_REJECTED if analysed == 0 else ExitCode.SOME_INPUTS_REJECTED))
    if analysed == 0:
        err.print("[red]error:[/red] nothing to analyse.")
        raise typer.Exit(int(ExitCode.ALL_INPUTS_REJECTED))


def _write(stream, text: str) -> None:  # type: ignore[no-untyped-def]
    if stream is None:
        sys.stdout.write(text + "\n")
    else:
        stream.write(text + "\n")


@eval_app.command("attribution")
def eval_attribution(
    corpus: Annotated[str, typer.Argument(help="A brat corpus in the PolNeAR layout (its root or its data/).")],
    split: Annotated[str, typer.Option(help="train or dev; test is refused (kept for independent measurement).")
                     ] = "dev",
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
    errors: Annotated[str | None, typer.Option(help="Write an error analysis to this file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    attribution: AttributionOption = Attribution.model,
    attribution_model: ModelDirOption = None,
    min_confidence: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Score only attributions whose confidence is at least this.")] = 0.0,
    allow_test: Annotated[bool, typer.Option("--i-know-this-is-the-test-split", hidden=True)] = False,
) -> None:
    """Score quotation attribution (source, cue, content) against a brat-annotated corpus."""
    from .eval.attribution import run_eval_command

    settings = DEFAULT_SETTINGS.with_(attribution=attribution.value, attribution_model=attribution_model,
                                      min_confidence=min_confidence)
    raise typer.Exit(run_eval_command(corpus, split, limit, errors, as_json, allow_test, settings))


@train_app.command("attribution")
def train_attribution(
    corpus: Annotated[str, typer.Argument(help="A brat corpus in the PolNeAR layout (train and dev splits).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Where to write the model and its meta.json.")
                       ] = Path("attribution-model"),
    limit: Annotated[int | None, typer.Option(help="Use only the first N articles of each split.")] = None,
    c1: Annotated[float, typer.Option(help="L1 regularisation.")] = 1.0,
    c2: Annotated[float, typer.Option(help="L2 regularisation.")] = 0.01,
    iterations: Annotated[int, typer.Option(min=1, help="L-BFGS iterations.")] = 400,
) -> None:
    """Train the attribution tagger on the train split; thresholds are chosen on dev."""
    from .learn.train import run_train_command

    raise typer.Exit(run_train_command(corpus, out_dir, limit, c1, c2, iterations))


@app.command()
def version() -> None:
    """Print the newsgraph version and the spaCy model it uses."""
    from .nlp import find_model

    try:
        model = find_model(DEFAULT_SETTINGS.model_names)
    except NewsgraphError as error:
        model = f"none ({error})"
    out.print(f"newsgraph {__version__} · model {model}")


def main() -> None:
    """Console entry point: a clear message and an exit code for every failure, never a traceback."""
    try:
        app()
    except NewsgraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        sys.exit(int(error.exit_code))
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as error:  # a bug: say so in one line; --debug shows the traceback
        if "--debug" in sys.argv:
            raise
        err.print(f"[red]internal error:[/red] {type(error).__name__}: {escape(str(error))} "
                  "(run with --debug for details)")
        sys.exit(int(ExitCode.INTERNAL))
