"""Error responses of the workspace's own pages: a status and a plain message, never SQL or a traceback.

Datasette's default error page shows `str(exception)`, which for an unexpected error, or a query
interrupted by the SQL time limit, holds the SQL and its parameters. For newsgraph's routes this
hook's response is the one sent: 4xx errors with their message, a query past the time limit as 400
"query too long or too complex", anything else as a 500 that says only that the error was logged
(with its traceback, on the server). Datasette still prints its own report of each error there.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils.asgi import Base400, Request, Response

from .params import TOO_COMPLEX
from .security import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:  # datasette.app imports the plugins: importing it here would be circular
    from datasette.app import Datasette

log = logging.getLogger("newsgraph.web")

# The plugin's routes (plugin.register_routes), below Datasette's base_url.
WORKSPACE_PATHS = re.compile(r"(-/(article|entity)/[^/]*|-/search|-/network(\.json)?|-/correct)?")
INTERNAL = "Internal error in the workspace; it has been logged on the server."
MAX_FORM_BYTES = 1_000_000  # a correction form is a few hundred bytes


def is_workspace_path(datasette: Datasette, path: str) -> bool:
    base = datasette.setting("base_url") or "/"
    return path.startswith(base) and WORKSPACE_PATHS.fullmatch(path[len(base):]) is not None


async def error_response(datasette: Datasette, request: Request, status: int, message: str) -> Response:
    if request.path.endswith(".json"):
        return Response.json({"ok": False, "error": message, "status": status}, status=status)
    context: dict[str, Any] = {"ok": False, "error": message, "status": status, "title": None}
    html = await datasette.render_template([f"{status}.html", "error.html"], context, request=request)
    return Response.html(html, status=status)


@hookimpl
def handle_exception(datasette: Datasette, request: Request, exception: Exception) -> Any:
    if not is_workspace_path(datasette, request.path):
        return None  # Datasette's own pages keep Datasette's handling

    async def respond() -> Response:
        if isinstance(exception, Base400):
            message = str(exception.args[0]) if exception.args else ""
            return await error_response(datasette, request, exception.status, message)
        if isinstance(exception, QueryInterrupted):
            # Datasette's own message would hold the SQL and its parameters: the reader gets neither.
            return await error_response(datasette, request, 400, f"{TOO_COMPLEX}: it ran past the time limit for "
                                                                 "one query")
        log.error("%s %s failed", request.method, request.path, exc_info=exception)
        return await error_response(datasette, request, 500, INTERNAL)

    return respond


def form_guard(app: ASGIApp) -> ASGIApp:
    """`app`, refusing a posted form that is too large (413) or not UTF-8 (400) before anything reads it.

    Datasette's CSRF layer (asgi-csrf) reads every form post whole and decodes it as UTF-8: a body of
    other bytes raised out of it as a 500, and a huge one was held in memory.
    """
    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        if scope["type"] != "http" or scope["method"] != "POST" \
                or headers.get(b"content-type", b"").split(b";")[0].strip() != b"application/x-www-form-urlencoded":
            await app(scope, receive, send)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > MAX_FORM_BYTES:
                await Response.text(f"A form is at most {MAX_FORM_BYTES:,} bytes", status=413).asgi_send(send)
                return
            if not message.get("more_body"):
                break
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            await Response.text("Form data must be UTF-8", status=400).asgi_send(send)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await app(scope, replay, send)

    return guarded
