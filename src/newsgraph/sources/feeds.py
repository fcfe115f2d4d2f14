"""RSS and Atom feed files (feedparser): each item becomes an article with its link, date and text."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

import feedparser
import lxml.html

from ..errors import InputError
from ..record import ArticleDraft
from .html import draft_from_html

FEED_SUFFIXES = frozenset({".rss", ".atom", ".feed"})
_BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr"})


def looks_like_feed(data: bytes) -> bool:
    """True for XML whose root is an RSS, RDF or Atom element (a `.xml` file may be either)."""
    head = data[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def _iso(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def fragment_text(html: str) -> str:
    """The text of an HTML fragment (a feed item's content), one paragraph a line."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # not HTML at all: the text as it is
        return html.strip()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def _item_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        if content.get("value", "").strip():
            return str(content["value"])
    return str(entry.get("summary") or "")


def drafts_from_feed(data: bytes, origin: str, published: str | None = None) -> Iterator[ArticleDraft | InputError]:
    """One draft per feed item with text; one error for a file that is not a feed."""
    feed = feedparser.parse(data)
    if not feed.entries:
        problem = feed.get("bozo_exception")
        detail = f" ({problem})" if problem else ""
        yield InputError("bad_feed", f"not an RSS or Atom feed with items{detail}", origin)
        return
    outlet = feed.feed.get("title") or None
    for number, entry in enumerate(feed.entries, 1):
        where = f"{origin}#item{number}"
        link = entry.get("link") or None
        body = _item_text(entry)
        text = fragment_text(body) if "<" in body else body.strip()
        if len(text.split()) < 8:
            yield InputError("no_text", "the feed item has no content or summary to analyse", where)
            continue
        if "<" in body and len(body) > 2000:
            # Full articles in content:encoded: trafilatura drops their furniture.
            with suppress(InputError):
                text = draft_from_html(f"<html><body><article>{body}</article></body></html>", where, where).text
        yield ArticleDraft(
            id=str(entry.get("id") or link or where), text=text, headline=entry.get("title") or None,
            byline=entry.get("author") or None,
            published=_iso(entry.get("published_parsed") or entry.get("updated_parsed")) or published,
            source=outlet, url=link, origin=where)
