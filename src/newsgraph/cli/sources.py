"""`newsgraph sources`: who gets quoted, by gender, overall, by outlet or by month (docs/sources.md)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from ..errors import NewsgraphError
from ..terminal import block
from .common import app, err, fail, iso_date, out
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
