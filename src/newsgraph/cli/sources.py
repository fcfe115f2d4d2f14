"""`newsgraph sources`: who gets quoted, by gender, overall, by outlet or by month (docs/sources.md)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ..errors import NewsgraphError, UsageError
from ..terminal import block
from .common import app, check_writable, err, eval_app, fail, iso_date, out
from .store import DEFAULT_DB, DbOption, JsonOption, _store


class Grouping(StrEnum):
    outlet = "outlet"
    month = "month"


@app.command()
def sources(
    by: Annotated[Grouping | None, typer.Option(help="Also count per outlet or per month (of said_on).")] = None,
    since: Annotated[str | None, typer.Option(help="Quotations said on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Quotations said on or before this date (YYYY-MM-DD).")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet's articles (as `articles.source`).")] = None,
    top: Annotated[int, typer.Option(min=1, max=1000, help="How many of the most quoted women and men.")] = 10,
    db: DbOption = DEFAULT_DB, as_json: JsonOption = False,
) -> None:
    """Who gets quoted: the people quoted (speakers resolved to a person) and their quotations, by
    gender (female, male, unknown), with shares and the most quoted women and men."""
    from ..store.sources import SourceFilter

    with _store(db) as store:
        try:
            found = store.sources(SourceFilter(iso_date(since), iso_date(until), outlet),
                                  by.value if by else None, top)
        except NewsgraphError as error:
            fail(error)
    if as_json:
        sys.stdout.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return
    _print(found)


def _percent(share: float | None) -> str:
    return "" if share is None else f"{100 * share:.1f}%"


def _print(found: dict[str, Any]) -> None:
    overall = found["overall"]
    if not overall["people"]["total"]:
        err.print("no quotation in the store (for these filters) has a speaker resolved to a person.")
        return
    table = Table(title="who gets quoted")
    for column in ("gender", "people", "share", "quotations", "share "):
        table.add_column(column, justify="left" if column == "gender" else "right")
    for gender in ("female", "male", "unknown"):
        table.add_row(gender, str(overall["people"][gender]), _percent(overall["people_share"][gender]),
                      str(overall["quotes"][gender]), _percent(overall["quotes_share"][gender]))
    table.add_row("total", str(overall["people"]["total"]), "", str(overall["quotes"]["total"]), "")
    block(out, table)
    out.print(f"women among the people whose gender is known: {_percent(overall['female_of_known']) or 'none known'}")
    if found["by"]:
        grouped = Table(title=f"by {found['by']}")
        grouped.add_column(found["by"], no_wrap=True, overflow="fold")
        for column in ("people", "female", "male", "unknown", "female of known", "quotations"):
            grouped.add_column(column, justify="right")
        for group in found["groups"]:
            people, quotes = group["people"], group["quotes"]
            grouped.add_row(escape(group["group"] or "(none)"), str(people["total"]), str(people["female"]),
                            str(people["male"]), str(people["unknown"]), _percent(group["female_of_known"]),
                            str(quotes["total"]))
        block(out, grouped)
    for gender, title in (("female", "most quoted women"), ("male", "most quoted men")):
        ranked = Table(title=title)
        for column in ("entity_id", "name", "quotations"):
            ranked.add_column(column, justify="left" if column == "name" else "right")
        for row in found["top"][gender]:
            ranked.add_row(str(row["entity_id"]), escape(row["name"]), str(row["quotes"]))
        block(out, ranked)


@eval_app.command("gender")
def eval_gender(
    sample: Annotated[Path, typer.Argument(help="The hand-checked sample (TSV: name, article, system, gold, "
                                                "evidence; docs/sources.md).")],
    db: Annotated[Path | None, typer.Option("--db", help="Read each person's gender again from this store "
                                                         "(else the sample's `system` column).")] = None,
    draw: Annotated[int | None, typer.Option(min=1, help="Instead: draw this many quoted people from --db "
                                                         "into SAMPLE (gold left to fill in).")] = None,
    seed: Annotated[int, typer.Option(help="The seed of --draw.")] = 28,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Score the gender evidence against a hand-checked sample of quoted people: accuracy where the
    store decided, and the unknown rate (docs/sources.md)."""
    from ..eval import gender

    try:
        if draw is not None:
            if db is None:
                raise UsageError("--draw needs --db, the store to draw the people from")
            with _store(db) as store:
                rows = gender.draw(store.conn, draw, seed)
            check_writable(sample)
            with sample.open("w", encoding="utf-8") as handle:
                gender.write(rows, handle)
            err.print(f"{len(rows)} people drawn into {escape(str(sample))}: fill in `gold` and `evidence`")
            return
        rows = gender.read(sample)
        if db is not None:
            with _store(db) as store:
                rows = gender.rejudge(rows, store.conn)
    except NewsgraphError as error:
        fail(error)
    figures = gender.score(rows)
    if as_json:
        sys.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2) + "\n")
        return
    accuracy = figures["accuracy"]
    out.print(f"{figures['people']} people: {figures['decided']} given a gender, {figures['unknown']} unknown "
              f"({_percent(figures['unknown_rate'])})")
    out.print(f"accuracy where a gender was given and the reader could tell: {figures['correct']}/"
              f"{figures['decided_and_judged']} ({_percent(accuracy) or 'none'})")
    out.print(f"unknowns a reader could tell: {figures['unknown_a_reader_could_tell']}/{figures['unknown']}")
    for wrong in figures["wrong"]:
        out.print(f"  wrong: {escape(wrong['name'])}: {wrong['system']}, the reader says {wrong['gold']}")
