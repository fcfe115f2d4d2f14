"""The workspace's altered quotations page (/-/altered): statements whose copies changed wording,
the earliest version and each variant with its word diff as <del>/<ins> (store/altered.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from datasette.utils.asgi import Request, Response
from markupsafe import Markup, escape

from ..store import altered
from . import data, params

if TYPE_CHECKING:
    from datasette.app import Datasette

DEFAULT_SHOWN = 50
MAX_SHOWN = 1000


def diff_html(ops: Sequence[dict[str, str]]) -> Markup:
    """A version's words with what it dropped in <del> and what it added in <ins>; every word escaped."""
    pieces = []
    for op in ops:
        if op["op"] in ("delete", "replace") and op["old"]:
            pieces.append(f"<del>{escape(op['old'])}</del>")
        if op["op"] in ("insert", "replace") and op["new"]:
            pieces.append(f"<ins>{escape(op['new'])}</ins>")
        if op["op"] == "equal":
            pieces.append(str(escape(op["old"])))
    return Markup(" ".join(pieces))


async def altered_view(datasette: Datasette, request: Request) -> Response:
    from .plugin import page, store_db

    db = await store_db(datasette)
    shown = params.whole_number(request.args.get("top"), DEFAULT_SHOWN, 1, MAX_SHOWN, "top")
    sql, args = altered.versions_sql()
    found = altered.compare_all(await data.rows(db, sql, tuple(args)), limit=shown + 1)
    for statement in found:
        for version in statement["versions"]:
            version["diff_html"] = diff_html(version["ops"])
    return await page(datasette, request, "newsgraph_altered.html",
                      {"statements": found[:shown], "more": len(found) > shown, "shown": shown})
