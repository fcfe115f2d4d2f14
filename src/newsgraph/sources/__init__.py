"""Reading articles: files, folders and standard input, each decoded and turned into ArticleDrafts.

Errors are yielded, not raised, so that one bad file in a batch is reported and the rest go on.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import InputError
from ..record import ArticleDraft
from ..settings import Settings
from .feeds import FEED_SUFFIXES, drafts_from_feed, looks_like_feed
from .html import draft_from_html, looks_like_html
from .jsonl import drafts_from_json, drafts_from_jsonl
from .store import drafts_from_store, is_store_file
from .text import decode
from .warc import drafts_from_warc, is_warc

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
XML_SUFFIXES = frozenset({".xml"})
# Files holding many articles: the size limit applies to each article, not the file.
MANY_ARTICLE_SUFFIXES = JSONL_SUFFIXES | FEED_SUFFIXES | XML_SUFFIXES
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | FEED_SUFFIXES | XML_SUFFIXES

__all__ = ["draft_from_bytes", "draft_from_string", "read_paths"]


def draft_from_bytes(data: bytes, origin: str, settings: Settings, published: str | None = None,
                     hint: str | None = None, stem: str | None = None) -> list[ArticleDraft | InputError]:
    """The articles in one input's bytes; `hint` is its file suffix (".html", ".jsonl"...)."""
    stem = stem or Path(origin).stem or "stdin"
    suffix = (hint or "").lower()
    if suffix in FEED_SUFFIXES or (suffix in XML_SUFFIXES and looks_like_feed(data)):
        return list(drafts_from_feed(data, origin, published))
    try:
        text = decode(data, origin, settings.max_input_bytes)
    except InputError as error:
        return [error]
    if suffix in JSONL_SUFFIXES:
        return list(drafts_from_jsonl(text, stem, origin, published))
    if suffix in JSON_SUFFIXES or (not suffix and text.lstrip()[:1] in "{["):
        return list(drafts_from_json(text, stem, origin, published))
    try:
        if suffix in HTML_SUFFIXES or looks_like_html(text):
            return [draft_from_html(text, stem, origin, published=published)]
    except InputError as error:
        return [error]
    return [ArticleDraft(id=stem, text=text, published=published, origin=origin)]


def draft_from_string(text_or_html: str, *, settings: Settings, published: str | None = None,
                      headline: str | None = None, id: str | None = None) -> ArticleDraft:
    """One article from a string (plain text or HTML, detected); raises InputError."""
    article_id = id or "article-" + hashlib.sha1(text_or_html.encode("utf-8", "replace")).hexdigest()[:12]
    if not text_or_html.strip():
        raise InputError("empty", "the input is empty", article_id)
    if len(text_or_html.encode("utf-8", "replace")) > settings.max_input_bytes:
        raise InputError("too_large", f"the text is over the limit of {settings.max_input_bytes:,} bytes",
                         article_id)
    if looks_like_html(text_or_html):
        draft = draft_from_html(text_or_html, article_id, article_id, published=published)
        draft.headline = headline or draft.headline
        return draft
    text = text_or_html.replace("\r\n", "\n").replace("\r", "\n")
    return ArticleDraft(id=article_id, text=text, headline=headline, published=published, origin=article_id)


def _files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            known = child.suffix.lower() in KNOWN_SUFFIXES or is_warc(child)
            if child.is_file() and known and not child.name.startswith("."):
                yield child
    else:
        yield path


def read_paths(paths: Sequence[str], settings: Settings, published: str | None = None
               ) -> Iterator[ArticleDraft | InputError]:
    """Every article in `paths` (files, folders, "-" for stdin), errors included, in order."""
    for name in paths:
        if name == "-":
            data = sys.stdin.buffer.read(settings.max_input_bytes + 1)
            yield from draft_from_bytes(data, "stdin", settings, published, stem="stdin")
            continue
        path = Path(name)
        if not path.exists():
            yield InputError("not_found", "no such file or folder", name)
            continue
        for file in _files(path):
            if is_warc(file):
                yield from drafts_from_warc(file, settings.max_input_bytes, published)
                continue
            if file.suffix.lower() not in KNOWN_SUFFIXES and is_store_file(file):
                yield from drafts_from_store(file, published)
                continue
            try:
                size = file.stat().st_size
                if size > settings.max_input_bytes and file.suffix.lower() not in MANY_ARTICLE_SUFFIXES:
                    yield InputError("too_large", f"{size:,} bytes is over the limit of "
                                     f"{settings.max_input_bytes:,} bytes", str(file))
                    continue
                data = file.read_bytes()
            except OSError as error:
                yield InputError("unreadable", error.strerror or str(error), str(file))
                continue
            limit_settings = settings.with_(max_input_bytes=max(settings.max_input_bytes, len(data))) if (
                file.suffix.lower() in MANY_ARTICLE_SUFFIXES) else settings
            yield from draft_from_bytes(data, str(file), limit_settings, published, hint=file.suffix)
