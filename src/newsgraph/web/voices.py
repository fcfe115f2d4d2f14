"""The workspace's who-gets-quoted pages: /-/sources (counts, shares, a chart, the most quoted
women and men) and /-/sources/quotes (the quotations behind any of its numbers, by the same filter
that counted them: store/sources.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette.utils.asgi import BadRequest, Request, Response

from ..errors import UsageError
from ..store import sources
from . import data, params
from .gender_chart import gender_chart

if TYPE_CHECKING:
    from datasette.app import Datasette
    from datasette.database import Database

PER_PAGE = 50


def _filter(request: Request, *, listing: bool) -> sources.SourceFilter:
    """The page's filter from its URL; BadRequest for a value that cannot be one."""
    values = {name: params.search_filter(request.args.get(name), name) or None
              for name in ("since", "until", "outlet", "gender", "month", "speaker")}
    speaker = values.pop("speaker")
    try:
        return sources.SourceFilter(
            since=values["since"], until=values["until"],
            # The quotation list keeps an empty outlet or month (articles without one); the form's "any" is none.
            outlet=request.args.get("outlet") if listing and "outlet" in request.args else values["outlet"],
            gender=values["gender"] if listing else None,
            month=request.args.get("month") if listing and "month" in request.args else None,
            speaker_id=params.row_id(speaker, "entity") if listing and speaker else None)
    except UsageError as error:
        raise BadRequest(str(error)) from None


async def _rows(db: Database, query: tuple[str, list[Any]]) -> list[dict[str, Any]]:
    return await data.rows(db, query[0], tuple(query[1]))


async def report(db: Database, source: sources.SourceFilter, by: str | None, top: int) -> dict[str, Any]:
    overall = await _rows(db, sources.counts_sql(source))
    grouped = await _rows(db, sources.counts_sql(source, by)) if by else None
    return sources.assemble(overall, grouped, by, await _rows(db, sources.top_sql(source, top)), source)


def link(source: sources.SourceFilter, **narrower: str | int) -> str:
    """The query string of the quotation list behind a number: the page's filter, narrowed."""
    return urlencode({**source.query(), **{k: str(v) for k, v in narrower.items()}})


async def sources_view(datasette: Datasette, request: Request) -> Response:
    from .plugin import page, store_db

    db = await store_db(datasette)
    source = _filter(request, listing=False)
    by = request.args.get("by") or None
    if by is not None and by not in sources.GROUPINGS:
        raise BadRequest(f"by must be one of {', '.join(sources.GROUPINGS)}")
    top = params.whole_number(request.args.get("top"), sources.DEFAULT_TOP, 1, sources.MAX_TOP, "top")
    found = await report(db, source, by, top)
    rows = found["groups"] if by else [{"group": "all", **found["overall"]}]
    outlets, _ = await data.outlets_and_kinds(db)
    return await page(datasette, request, "newsgraph_sources.html", {
        "found": found, "source": source, "by": by, "top": top, "outlets": outlets, "genders": sources.GENDERS,
        "link": link, "chart": gender_chart(rows, f"People quoted by gender{f' per {by}' if by else ''}"),
        "quotes_chart": gender_chart(rows, f"Quotations by gender{f' per {by}' if by else ''}", "quotes")})


async def sources_quotes_view(datasette: Datasette, request: Request) -> Response:
    from .plugin import page, store_db

    db = await store_db(datasette)
    source = _filter(request, listing=True)
    page_number = params.page_number(request.args.get("page"), PER_PAGE)
    found = await _rows(db, sources.quotes_sql(source, PER_PAGE + 1, (page_number - 1) * PER_PAGE))
    every, every_args = sources.quotes_sql(source, -1)  # LIMIT -1: all of them
    people = await _rows(db, (f"SELECT speaker_id AS id, speaker AS name, count(*) AS quotes FROM ({every}) "
                              "GROUP BY speaker_id ORDER BY quotes DESC, name LIMIT 200", every_args))
    total = (await data.one(db, f"SELECT count(*) AS n FROM ({every})", tuple(every_args)) or {}).get("n", 0)
    return await page(datasette, request, "newsgraph_sources_quotes.html", {
        "quotes": found[:PER_PAGE], "more": len(found) > PER_PAGE, "page_number": page_number, "total": total,
        "people": people, "source": source, "query_string": urlencode(source.query())})
