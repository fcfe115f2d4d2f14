"""Commands over the article engine: analyze, eval, train, version."""

from __future__ import annotations

import contextlib
import json
import sys
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import Annotated

import typer
from rich.markup import escape
from rich.rule import Rule

from .. import __version__
from ..errors import ExitCode, InputError, NewsgraphError
from ..settings import DEFAULT_SETTINGS, Settings
from ..terminal import block, console
from .common import (
    FastOption,
    app,
    cannot_write,
    check_writable,
    engine_mode,
    err,
    eval_app,
    fail,
    iso_date,
    out,
    train_app,
)


class Attribution(StrEnum):
    model = "model"
    rules = "rules"


AttributionOption = Annotated[Attribution, typer.Option(
    help="model: the rules plus the trained tagger (default); rules: the rules alone.")]
ModelDirOption = Annotated[str | None, typer.Option(
    "--attribution-model",
    help="A model directory written by `newsgraph train attribution`, or a shipped model instead of the "
         "accurate mode's: onnx (MiniLM on ONNX Runtime, the default), crf (the fast mode's) or minilm "
         "(on torch: needs the minilm extra). Not with --fast.")]


MaxSecondsOption = Annotated[float, typer.Option(
    min=0.0, help="Stop and reject (reason too_slow) an article whose analysis takes longer than this many "
                  "seconds; 0 for no limit.")]


class Architecture(StrEnum):
    crf = "crf"
    minilm = "minilm"


class OutputFormat(StrEnum):
    report = "report"
    json = "json"
    jsonl = "jsonl"


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
    fast: FastOption = False,
    max_article_seconds: MaxSecondsOption = DEFAULT_SETTINGS.max_article_seconds,
    debug: Annotated[bool, typer.Option(help="Show tracebacks instead of one-line errors.")] = False,
) -> None:
    """Analyse articles: quotations with speakers, entities, dates, flags."""
    from ..pipeline import Engine
    from ..report import print_report
    from ..sources import read_paths

    published_date = iso_date(published)
    if not paths:
        if sys.stdin.isatty():
            err.print("[red]error:[/red] give a file or folder to analyse, or pipe an article into standard input.")
            raise typer.Exit(int(ExitCode.USAGE))
        paths = ["-"]
    settings = DEFAULT_SETTINGS.with_(workers=workers, batch_size=batch_size, min_confidence=min_confidence,
                                      attribution=attribution.value, attribution_model=attribution_model,
                                      mode=engine_mode(fast), max_article_seconds=max_article_seconds)
    engine = Engine(settings)
    try:
        stream = output.open("w", encoding="utf-8") if output else None
    except OSError as error:
        cannot_write(output, error)  # type: ignore[arg-type]
    report_console = console(file=stream) if stream and output_format is OutputFormat.report else out
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
                    block(report_console, Rule())
                print_report(item, report_console)
            elif output_format is OutputFormat.jsonl:
                _write(stream, item.to_json())
            else:
                records.append(item.to_dict())
        if output_format is OutputFormat.json and records:
            payload = records[0] if len(records) == 1 else records
            _write(stream, json.dumps(payload, ensure_ascii=False, indent=2))
        if stream:
            stream.close()  # a full disk shows here, when the last of the buffer is written
    except NewsgraphError as error:
        fail(error, debug)
    except OSError as error:  # writing the output: reading inputs reports its errors as InputErrors
        if output is None:
            raise  # standard output: cli.main reports it
        cannot_write(output, error)
    finally:
        if stream and not stream.closed:
            with contextlib.suppress(OSError):
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
    fast: FastOption = False,
    min_confidence: Annotated[float, typer.Option(
        min=0.0, max=1.0, help="Score only attributions whose confidence is at least this.")] = 0.0,
    allow_test: Annotated[bool, typer.Option("--i-know-this-is-the-test-split", hidden=True)] = False,
) -> None:
    """Score quotation attribution (source, cue, content) against a brat-annotated corpus."""
    from ..eval.attribution import run_eval_command

    if errors:
        check_writable(Path(errors))
    settings = DEFAULT_SETTINGS.with_(attribution=attribution.value, attribution_model=attribution_model,
                                      mode=engine_mode(fast), min_confidence=min_confidence)
    raise typer.Exit(run_eval_command(corpus, split, limit, errors, as_json, allow_test, settings))


@eval_app.command("speakers")
def eval_speakers(
    gold: Annotated[Path, typer.Argument(help="The who-said-what gold file (JSON, docs/evaluation.md).")],
    corpus: Annotated[list[str], typer.Argument(help="The articles it annotates (JSON Lines, folders...).")],
    limit: Annotated[int | None, typer.Option(help="Score only the first N annotated articles.")] = None,
    errors: Annotated[Path | None, typer.Option(help="Write every miss, wrong speaker and unmatched "
                                                "quotation to this file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    attribution: AttributionOption = Attribution.model,
    attribution_model: ModelDirOption = None,
    fast: FastOption = False,
) -> None:
    """Score who said what: quotations found and their speakers resolved, against hand-annotated articles."""
    from ..eval import speakers

    settings = DEFAULT_SETTINGS.with_(attribution=attribution.value, attribution_model=attribution_model,
                                      mode=engine_mode(fast))
    _score_gold(speakers, gold, corpus, limit, errors, as_json, settings)


@eval_app.command("events")
def eval_events(
    gold: Annotated[Path, typer.Argument(help="The event gold file (JSON, docs/event-annotation.md).")],
    corpus: Annotated[list[str], typer.Argument(help="The articles it annotates (JSON Lines, folders...).")],
    limit: Annotated[int | None, typer.Option(help="Score only the first N annotated articles.")] = None,
    errors: Annotated[Path | None, typer.Option(help="Write every missed event, false positive, duplicate and "
                                                "wrong field to this file.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Score events: found, of the right type, with the right actor, recipients, place, date and status."""
    from ..eval import event_report

    _score_gold(event_report, gold, corpus, limit, errors, as_json, DEFAULT_SETTINGS)


def _score_gold(scorer: ModuleType, gold: Path, corpus: list[str], limit: int | None, errors: Path | None,
                as_json: bool, settings: Settings) -> None:
    """Run a gold scorer (a module with evaluate, format_table, write_errors) and print its figures."""
    from ..pipeline import Engine

    if errors:
        check_writable(errors)
    try:
        report = scorer.evaluate(gold, corpus, engine=Engine(settings), limit=limit)
    except (OSError, ValueError, KeyError, TypeError) as error:
        err.print(f"[red]error:[/red] cannot read the gold file {escape(str(gold))}: {escape(str(error))}")
        raise typer.Exit(int(ExitCode.USAGE)) from None
    if as_json:
        out.print_json(json.dumps(report.to_dict()))
    else:
        out.print(scorer.format_table(report))
    if report.missing:
        missing = ", ".join(report.missing[:5])
        err.print(f"{len(report.missing)} annotated articles are not in the corpus: {escape(missing)}")
    if errors:
        try:
            scorer.write_errors(report, errors)
        except OSError as error:
            cannot_write(errors, error)
        err.print(f"error listing written to {escape(str(errors))}")


@train_app.command("attribution")
def train_attribution(
    corpus: Annotated[str, typer.Argument(help="A brat corpus in the PolNeAR layout (train and dev splits).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Where to write the model and its meta.json.")
                       ] = Path("attribution-model"),
    limit: Annotated[int | None, typer.Option(help="Use only the first N articles of each split.")] = None,
    c1: Annotated[float, typer.Option(help="L1 regularisation.")] = 1.0,
    c2: Annotated[float, typer.Option(help="L2 regularisation.")] = 0.01,
    iterations: Annotated[int, typer.Option(min=1, help="L-BFGS iterations.")] = 400,
    retune: Annotated[bool, typer.Option(help="Keep the weights already in --out and choose only thresholds and "
                                         "calibration on dev again (after a change of the rules).")] = False,
    architecture: Annotated[Architecture, typer.Option(help="crf: the CRF over parser, lexicon and rule features; "
                                                       "minilm: MiniLM-L6 with adapters, rules as input "
                                                       "(needs torch).")] = Architecture.crf,
    epochs: Annotated[int, typer.Option(min=1, help="MiniLM: training epochs (the best on dev is kept).")] = 5,
    layers: Annotated[int, typer.Option(min=1, max=6, help="MiniLM: the encoder's first N of its 6 layers (each "
                                        "is a sixth of the tagging time).")] = 6,
    lora_rank: Annotated[int, typer.Option(min=0, help="MiniLM: the adapters' rank (their scale, alpha, is "
                                           "twice it); 0 fine-tunes the encoder's layers instead.")] = 0,
    rule_dropout: Annotated[float, typer.Option(min=0.0, max=1.0, help="MiniLM: the share of training windows "
                                                "shown without the rules' labels.")] = 0.2,
    distil_from: Annotated[str | None, typer.Option(help="MiniLM: distil a student of --layers layers from this "
                                                    "trained MiniLM teacher (a directory, or `minilm`).")] = None,
    distil_weight: Annotated[float, typer.Option(min=0.0, max=1.0, help="MiniLM: the share of the loss that is "
                                                 "the teacher's soft labels (with --distil-from).")] = 0.5,
    temperature: Annotated[float, typer.Option(min=0.1, help="MiniLM: the soft labels' temperature (with "
                                               "--distil-from).")] = 2.0,
    threads: Annotated[int, typer.Option(min=1, help="MiniLM: torch's threads while training.")] = 2,
) -> None:
    """Train the attribution tagger on the train split; thresholds are chosen on dev."""
    from ..learn.train import run_train_command

    check_writable(out_dir, folder=True)
    raise typer.Exit(run_train_command(corpus, out_dir, limit, c1, c2, iterations, retune, architecture.value,
                                       epochs, layers, lora_rank, rule_dropout, distil_from, distil_weight,
                                       temperature, threads))


@app.command()
def version() -> None:
    """Print the newsgraph version and the spaCy model it uses."""
    from ..nlp import find_model

    try:
        model = find_model(DEFAULT_SETTINGS.model_names)
    except NewsgraphError as error:
        model = f"none ({error})"
    out.print(f"newsgraph {__version__} · model {model}")
