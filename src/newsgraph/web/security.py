"""A Content-Security-Policy on every response of the workspace: no inline script but Datasette's own.

Article text, headlines, outlets and URLs are escaped wherever they are shown; the policy is the
second wall, for the day an escape is missed: the browser runs scripts from the workspace's own
files, and inline scripts only when their SHA-256 is one of the inline scripts in the templates
(Datasette's: closing menus, the SQL editor, the table page's facet switch). Datasette 0.65 cannot
put a nonce on its own script tags, and hashes need none: its inline scripts are fixed text. An
injected `<script>`, an `onerror=` attribute or a `javascript:` link has no such hash and is refused.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from datasette import hookimpl

if TYPE_CHECKING:  # datasette.app imports the plugins: importing it here would be circular
    from datasette.app import Datasette

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_INLINE_SCRIPT = re.compile(r"<script(?:\s+type=\"module\")?>(.*?)</script>", re.DOTALL)

# Styles stay open to inline use: Datasette's templates set style attributes, and a style runs no
# script. Everything else comes from the workspace itself; no page may frame it (the correction form).
_POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
           "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def template_scripts(datasette: Datasette) -> set[str]:
    """The inline scripts of every template Datasette can load, as they render under its settings."""
    env = datasette.jinja_env
    assert env.loader is not None
    # The one inline script with a value in it (table.html) renders it from a setting.
    values = {"datasette_allow_facet": "true" if datasette.setting("allow_facet") else "false"}
    scripts = set()
    for name in env.list_templates(extensions=["html"]):
        source = env.loader.get_source(env, name)[0]
        for body in _INLINE_SCRIPT.findall(source):
            if "{{" in body or "{%" in body:
                body = env.overlay(enable_async=False).from_string(body).render(values)
            scripts.add(body)
    return scripts


def script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(datasette: Datasette) -> str:
    return _POLICY.format(hashes=" ".join(sorted(script_hash(script) for script in template_scripts(datasette))))


def with_headers(app: ASGIApp, headers: list[tuple[bytes, bytes]]) -> ASGIApp:
    """`app` with `headers` on every HTTP response, in place of any it set under the same names."""
    names = {name for name, _ in headers}

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [(name, value) for name, value in message.get("headers") or [] if name.lower() not in names]
                message = {**message, "headers": kept + headers}
            await send(message)

        await app(scope, receive, send_with_headers)

    return wrapped


@hookimpl
def asgi_wrapper(datasette: Datasette) -> Callable[[ASGIApp], ASGIApp]:
    from .failures import form_guard  # failures imports this module's ASGI types

    def wrap(app: ASGIApp) -> ASGIApp:
        return with_headers(form_guard(app), [
            (b"content-security-policy", content_security_policy(datasette).encode("ascii")),
            # JSON and text responses are never sniffed into HTML.
            (b"x-content-type-options", b"nosniff"),
        ])

    return wrap
