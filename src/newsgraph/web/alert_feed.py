"""An alert's Atom feed, `/-/alerts/<id>.atom`: its latest matches, each linking to its evidence.

Quotations, headlines and outlets are untrusted text: ElementTree escapes them, characters XML
cannot hold are dropped, and only http(s) article URLs become links.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING
from xml.etree import ElementTree

from datasette.utils.asgi import NotFound, Request, Response

from . import data, params
from .links import http_url

if TYPE_CHECKING:
    from datasette.app import Datasette

ATOM = "http://www.w3.org/2005/Atom"
ENTRIES = 50
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def _add(parent: ElementTree.Element, tag: str, text: object = None, **attributes: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _text(v) for k, v in attributes.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _stamp(iso: str | None) -> str:
    """An RFC 3339 time from the store's ISO times (which carry their offset)."""
    return iso or "1970-01-01T00:00:00+00:00"


def atom(alert: dict[str, object], firings: list[dict[str, object]], self_url: str,
         absolute: Callable[[str], str]) -> bytes:
    """The feed's XML; `absolute` turns a workspace path into an absolute URL."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    _add(feed, "id", f"urn:newsgraph:alert:{alert['id']}:{alert['created_at']}")
    _add(feed, "title", f"newsgraph alert: {alert['title']}")
    _add(feed, "updated", _stamp(str(firings[0]["fired_at"]) if firings else str(alert["created_at"])))
    _add(feed, "link", rel="self", href=self_url)
    _add(_add(feed, "author"), "name", "newsgraph")
    for firing in firings:
        sent = json.loads(str(firing["payload"]))
        entry = _add(feed, "entry")
        _add(entry, "id", f"urn:newsgraph:alert:{alert['id']}:{firing['fact_key']}")
        speaker = (sent.get("speaker") or {}).get("name")
        title = f"{speaker}: “{firing['title']}”" if sent.get("quotation") and speaker else str(firing["title"])
        _add(entry, "title", title)
        _add(entry, "updated", _stamp(str(firing["fired_at"])))
        _add(entry, "link", rel="alternate", type="text/html", href=absolute(_evidence_path(sent)))
        article = sent.get("article") or {}
        if http_url(article.get("url")):
            _add(entry, "link", rel="related", type="text/html", href=str(article["url"]))
        about = ", ".join(str(part) for part in (article.get("title"), article.get("outlet"), article.get("published"))
                          if part)
        _add(entry, "summary", f"{title} — {about}" if about else title, type="text")
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(feed, encoding="utf-8")


def _evidence_path(sent: dict[str, object]) -> str:
    """The payload's evidence link as a workspace path (the workspace may be served elsewhere)."""
    evidence = str(sent.get("evidence") or "")
    return evidence[evidence.index("/-/"):] if "/-/" in evidence else "/"


async def alert_atom(datasette: Datasette, request: Request) -> Response:
    from .plugin import store_db

    db = await store_db(datasette)
    alert_id = params.row_id(request.url_vars["id"], "alert")
    if not await data.has_tables(db, "alerts", "alert_firings"):
        raise NotFound("This store has no alerts (made by `newsgraph alert add`)")
    alert = await data.one(db, "SELECT id, title, created_at FROM alerts WHERE id = ?", (alert_id,))
    if alert is None:
        raise NotFound(f"No alert {alert_id} in the store")
    firings = await data.rows(db, "SELECT fact_key, title, payload, fired_at FROM alert_firings WHERE alert_id = ? "
                              f"ORDER BY id DESC LIMIT {ENTRIES}", (alert_id,))
    self_url = datasette.absolute_url(request, datasette.urls.path(f"/-/alerts/{alert_id}.atom"))
    body = atom(dict(alert), firings, self_url,
                lambda path: datasette.absolute_url(request, datasette.urls.path(path)))
    return Response(body, content_type="application/atom+xml; charset=utf-8")
