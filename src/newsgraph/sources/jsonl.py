"""JSON Lines (and JSON) of articles: {"id", "text" or "html", "headline", "published", "source", "url"}."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..record import ArticleDraft
from .html import draft_from_html

_TEXT_FIELDS = ("id", "headline", "published", "source", "url")


def draft_from_object(data: Any, default_id: str, origin: str, published: str | None) -> ArticleDraft:
    """One article from a decoded JSON value; a line's `published` overrides the caller's."""
    if not isinstance(data, dict):
        raise InputError("bad_json", f"expected a JSON object, found {type(data).__name__}", origin)
    fields = {key: str(data[key]) for key in _TEXT_FIELDS if data.get(key) not in (None, "")}
    article_id = fields.get("id", default_id)
    text, html = data.get("text"), data.get("html")
    if isinstance(text, str) and text.strip():
        return ArticleDraft(
            id=article_id, text=text.replace("\r\n", "\n"), headline=fields.get("headline"),
            byline=str(data["byline"]) if data.get("byline") else None,
            published=fields.get("published", published), source=fields.get("source"), url=fields.get("url"),
            origin=origin,
        )
    if isinstance(html, str) and html.strip():
        draft = draft_from_html(html, article_id, origin, published=fields.get("published", published),
                                url=fields.get("url"))
        draft.headline = fields.get("headline", draft.headline)
        draft.source = fields.get("source", draft.source)
        if "published" in fields:
            draft.published = fields["published"]
        return draft
    raise InputError("no_text", "the object has neither a non-empty 'text' nor 'html' field", origin)


def drafts_from_jsonl(text: str, stem: str, origin: str, published: str | None
                      ) -> Iterator[ArticleDraft | InputError]:
    """One draft (or the error of that line) per non-empty line."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield InputError("bad_json", f"not valid JSON ({error.msg} at column {error.colno})", where)
            continue
        try:
            yield draft_from_object(value, f"{stem}:{number}", where, published)
        except InputError as error:
            yield error


def drafts_from_json(text: str, stem: str, origin: str, published: str | None) -> Iterator[ArticleDraft | InputError]:
    """A .json file: one article object, or a list of them."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        # Many ".json" exports are really JSON Lines.
        if text.lstrip().startswith("{") and "\n{" in text:
            yield from drafts_from_jsonl(text, stem, origin, published)
            return
        yield InputError("bad_json", f"not valid JSON ({error.msg} at line {error.lineno})", origin)
        return
    items = value if isinstance(value, list) else [value]
    for number, item in enumerate(items, 1):
        where = f"{origin}[{number}]" if isinstance(value, list) else origin
        try:
            yield draft_from_object(item, f"{stem}:{number}" if isinstance(value, list) else stem, where, published)
        except InputError as error:
            yield error
