"""newsgraph's Datasette plugin: the workspace pages, canned queries and the corrections endpoint.

Registered through the `datasette` entry point (pyproject), so any Datasette in newsgraph's
environment gains the pages; `newsgraph serve` starts one on a store with newsgraph's metadata.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.database import Database
from datasette.utils.asgi import NotFound, Request, Response
from markupsafe import Markup, escape

from . import alert_feed, altered, data, network, params, voices, writes
from .chart import months_chart
from .evidence import evidence_html
from .links import http_url

if TYPE_CHECKING:  # datasette.app imports the plugins: importing it here would be circular
    from datasette.app import Datasette
    from jinja2 import Environment

PAGES = (("Home", "/"), ("Search quotations", "/-/search"), ("Network", "/-/network"),
         ("Who gets quoted", "/-/sources"), ("Altered quotations", "/-/altered"))


async def store_db(datasette: Datasette) -> Database:
    """The attached newsgraph store: the first database with articles and quotations."""
    for name, db in datasette.databases.items():
        if name == "_internal" or db.is_memory:
            continue
        if await data.has_tables(db, "articles", "quotes", "entities"):
            return db
    raise NotFound("No newsgraph store is attached: start the workspace with `newsgraph serve --db PATH`.")


async def page(datasette: Datasette, request: Request, template: str, context: dict[str, Any],
               status: int = 200) -> Response:
    db = await store_db(datasette)
    context = {"pages": PAGES, "database": db.name, "writable": writes.options(datasette).write, **context}
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


async def home_view(datasette: Datasette, request: Request) -> Response:
    try:
        db = await store_db(datasette)
    except NotFound:
        # Datasette on other databases in newsgraph's environment keeps its own index page.
        from datasette.views.index import IndexView

        scope = {**request.scope, "url_route": {"kwargs": {"format": None}}}
        return await IndexView(datasette).dispatch_request(Request(scope, request.receive))
    return await page(datasette, request, "newsgraph_home.html", await data.home(db))


async def article_view(datasette: Datasette, request: Request) -> Response:
    db = await store_db(datasette)
    article_id = params.row_id(request.url_vars["id"], "article")
    found = await data.article(db, article_id)
    if found is None:
        raise NotFound(f"No article {article_id} in the store")
    return await page(datasette, request, "newsgraph_article.html",
                      {"a": found.article, "data": found,
                       "evidence": evidence_html(found, datasette.urls.path("/-/entity/"))})


async def entity_view(datasette: Datasette, request: Request) -> Response:
    db = await store_db(datasette)
    entity_id = params.row_id(request.url_vars["id"], "entity")
    found = await data.entity(db, entity_id)
    if found is None:
        raise NotFound(f"No entity {entity_id} in the store (it may have been merged into another)")
    chart = months_chart(found["months"], f"Quotations by {found['name']} per month")
    return await page(datasette, request, "newsgraph_entity.html", {"e": found, "chart": chart})


async def search_view(datasette: Datasette, request: Request) -> Response:
    db = await store_db(datasette)
    filters = {name: params.search_filter(request.args.get(name), name) for name in data.SEARCH_FILTERS}
    page_number = params.page_number(request.args.get("page"), data.PER_PAGE)
    searched = any(filters.values())
    results, more = await data.search(db, filters, page_number, data.PER_PAGE) if searched else ([], False)
    outlets, kinds = await data.outlets_and_kinds(db)
    for result in results:
        if "snippet" in result:
            result["snippet_html"] = snippet_html(result["snippet"])
    return await page(datasette, request, "newsgraph_search.html", {
        "filters": filters, "results": results, "more": more, "page_number": page_number,
        "searched": searched, "outlets": outlets, "kinds": kinds,
        "query_string": urlencode({name: value for name, value in filters.items() if value})})


def snippet_html(snippet: str) -> Markup:
    opening, closing = data.SNIPPET_MARKS
    return Markup(str(escape(snippet)).replace(opening, "<mark>").replace(closing, "</mark>"))


def _ties(request: Request) -> int:
    return params.whole_number(request.args.get("top"), network.DEFAULT_TIES, 1, network.MAX_TIES, "top")


async def network_view(datasette: Datasette, request: Request) -> Response:
    entity_id = request.args.get("entity")
    focus = None
    if entity_id:
        focus = await data.one(await store_db(datasette), "SELECT id, name FROM entities WHERE id = ?",
                               (params.row_id(entity_id, "entity"),))
        if focus is None:
            raise NotFound(f"No entity {entity_id} in the store")
    return await page(datasette, request, "newsgraph_network.html",
                      {"focus": focus, "top": _ties(request), "max_top": network.MAX_TIES})


async def network_json(datasette: Datasette, request: Request) -> Response:
    db = await store_db(datasette)
    entity_id = request.args.get("entity")
    elements = await network.graph(db, params.row_id(entity_id, "entity") if entity_id else None, _ties(request),
                                   entity_url=datasette.urls.path("/-/entity/"))
    return Response.json(elements)


@hookimpl
def register_routes(datasette: Datasette) -> list[tuple[str, Any]]:
    return [
        (r"^/$", home_view),
        (r"^/-/article/(?P<id>[^/]+)$", article_view),
        (r"^/-/entity/(?P<id>[^/]+)$", entity_view),
        (r"^/-/search$", search_view),
        (r"^/-/network$", network_view),
        (r"^/-/network\.json$", network_json),
        (r"^/-/correct$", writes.correct_view),
        (r"^/-/alerts/(?P<id>[^/]+)\.atom$", alert_feed.alert_atom),
        (r"^/-/sources$", voices.sources_view),
        (r"^/-/sources/quotes$", voices.sources_quotes_view),
        (r"^/-/altered$", altered.altered_view),
    ]


@hookimpl
def prepare_jinja2_environment(env: Environment, datasette: Datasette) -> None:
    env.filters["http_url"] = http_url  # only http(s) URLs become links (links.py)


WORKSPACE_LINK = re.compile(r"/-/(article|entity)/[0-9]+(#quote-[0-9]+)?")


@hookimpl
def render_cell(value: Any, column: str, table: str | None, datasette: Datasette) -> Markup | None:
    """The canned queries' `evidence` and `page` columns (a workspace path made by their SQL) as links."""
    if table is None and column in ("evidence", "page") and isinstance(value, str) \
            and WORKSPACE_LINK.fullmatch(value):
        return Markup(f'<a href="{escape(datasette.urls.path(value))}">{escape(value)}</a>')
    return None


@hookimpl
def extra_css_urls(datasette: Datasette) -> list[str]:
    return [datasette.urls.static_plugins("newsgraph", "newsgraph.css")]


@hookimpl
def menu_links(datasette: Datasette) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path(path), "label": label} for label, path in PAGES]
