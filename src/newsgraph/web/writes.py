"""Corrections from the workspace: entity merge, split and rename, only with `--write` and the token.

Each is carried out by `newsgraph.store.corrections.apply`, the same code as the CLI's, in its own
connection to the store, so it is recorded in the `corrections` table and replayed after ingests.
"""

from __future__ import annotations

import asyncio
import hmac
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from datasette.utils.asgi import Forbidden, Request, Response

from ..errors import NewsgraphError
from ..store import corrections
from ..store.schema import connect, describe
from .params import MAX_FILTER_CHARS, fits_row_id, same_site_path

if TYPE_CHECKING:  # datasette.app imports the plugins: importing it here would be circular
    from datasette.app import Datasette

ACTIONS = ("merge", "split", "rename")


@dataclass(frozen=True, slots=True)
class WebOptions:
    """How the workspace was started: read-only unless `write`, which needs a `token`."""

    write: bool = False
    token: str | None = None

    def __post_init__(self) -> None:
        if self.write and not self.token:
            raise ValueError("writing needs a token")


def configure(datasette: Datasette, options: WebOptions) -> None:
    datasette._newsgraph_options = options  # type: ignore[attr-defined]


def options(datasette: Datasette) -> WebOptions:
    return getattr(datasette, "_newsgraph_options", WebOptions())


def _apply(path: str, action: str, target: str, argument: str) -> str:
    conn = connect(path, create=False)
    try:
        return corrections.apply(conn, action, target, argument)
    except sqlite3.DatabaseError as error:
        raise NewsgraphError(describe(error, path)) from None
    finally:
        conn.close()


def correction_value_problem(value: str) -> str | None:
    """Why a target or argument cannot name anything (too long, an #ID past SQLite's integers), or None."""
    if len(value) > MAX_FILTER_CHARS:
        return f"a name is at most {MAX_FILTER_CHARS} characters"
    digits = value[1:]
    if value.startswith("#") and digits.isascii() and digits.isdigit() and not fits_row_id(digits):
        return f"no entity {value[:40]}"
    return None


def _same_csrf_token(posted: str, request: Request) -> bool:
    # The scope's token is the ds_csrftoken cookie's when the browser sent a validly signed one, else
    # a fresh one made for this request, which no form can hold.
    expected = request.scope.get("csrftoken", lambda: "")()
    return bool(posted) and hmac.compare_digest(posted.encode(), expected.encode())


async def correct_view(datasette: Datasette, request: Request) -> Response:
    """POST action, target (a name or #ID), argument, token; redirects back with a message."""
    settings = options(datasette)
    if request.method != "POST":
        return Response.text("Corrections are made with POST (see docs/web.md).", status=405)
    if not settings.write:
        raise Forbidden("The workspace is read-only: start it with `newsgraph serve --write --token ...`")
    form = await request.post_vars()
    # Datasette's CSRF check (asgi-csrf) lets a POST that carries no cookie at all through, and a
    # browser sends none with a form posted from another site (the cookie is SameSite=Lax): so the
    # form's csrftoken must match this browser's ds_csrftoken cookie here, whatever came before.
    if not _same_csrf_token(form.get("csrftoken", ""), request):
        raise Forbidden("The form is stale or comes from another site: reload the page and try again")
    if not hmac.compare_digest(form.get("token", "").encode(), (settings.token or "").encode()):
        raise Forbidden("Wrong or missing token")
    action, target, argument = form.get("action", ""), form.get("target", "").strip(), form.get("argument", "").strip()
    back = same_site_path(form.get("back"), datasette.urls.path("/"))
    if action not in ACTIONS or not target or not argument:
        datasette.add_message(request, "A correction needs an action (merge, split, rename), an entity and "
                                       "an argument", datasette.ERROR)
        return Response.redirect(back)
    problem = next((problem for problem in map(correction_value_problem, (target, argument)) if problem), None)
    if problem:
        datasette.add_message(request, f"Not done: {problem}", datasette.ERROR)
        return Response.redirect(back)
    from .plugin import store_db

    db = await store_db(datasette)
    try:
        done = await asyncio.to_thread(_apply, str(db.path), action, target, argument)
    except NewsgraphError as error:
        datasette.add_message(request, f"Not done: {error}", datasette.ERROR)
        return Response.redirect(back)
    datasette.add_message(request, f"Done and recorded: {done}", datasette.INFO)
    return Response.redirect(back)
