"""The workspace's request values, read defensively: ids, page numbers, search filters, return paths.

Every value in a URL or a form is untrusted. What cannot name anything (a huge, negative or
non-numeric id) is a 404; what cannot be searched for (a huge page number, a filter too long for
SQLite's LIKE) is a 400 with a plain message. Neither reaches SQL.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from datasette.utils.asgi import BadRequest, NotFound

SQLITE_MAX_INTEGER = 2**63 - 1  # ids are SQLite INTEGERs: anything larger names nothing
MAX_FILTER_CHARS = 500  # far beyond a name or a phrase; SQLite refuses LIKE patterns past 50,000 bytes
MAX_SEARCH_WORDS = 32  # every word must occur: more words only make a slower query that finds less
TOO_COMPLEX = "query too long or too complex"

_DIGITS = re.compile(r"[0-9]{1,19}")
# Browsers read a backslash as a slash and drop tabs and newlines in URLs, so "/\evil.example" and
# "/\t/evil.example" lead off-site: a return path may hold neither.
_OFF_SITE = re.compile(r"[\\\x00-\x20\x7f]")


def fits_row_id(text: str) -> bool:
    """Whether `text` is ASCII digits that SQLite can hold as an INTEGER."""
    return _DIGITS.fullmatch(text) is not None and int(text) <= SQLITE_MAX_INTEGER


def row_id(value: str | None, what: str) -> int:
    """A stored row's id from a URL; NotFound for anything that cannot be one (not ASCII digits, too big)."""
    text = value or ""
    if not fits_row_id(text):
        raise NotFound(f"No such {what}: {text[:40]!r}")
    return int(text)


def page_number(value: str | None, per_page: int) -> int:
    """A results page (1 and up); BadRequest for a page that is not a number or lies past any store."""
    text = (value or "1").strip() or "1"
    if not _DIGITS.fullmatch(text) or not 1 <= int(text) <= SQLITE_MAX_INTEGER // per_page:
        raise BadRequest(f"page must be a whole number from 1 to {SQLITE_MAX_INTEGER // per_page:,}")
    return int(text)


def whole_number(value: str | None, default: int, low: int, high: int, what: str) -> int:
    """A count chosen by the reader, within [low, high]; BadRequest otherwise."""
    text = (value or "").strip()
    if not text:
        return default
    if not _DIGITS.fullmatch(text) or not low <= int(text) <= high:
        raise BadRequest(f"{what} must be a whole number from {low} to {high:,}")
    return int(text)


def search_filter(value: str | None, name: str) -> str:
    """A search filter as typed; BadRequest past MAX_FILTER_CHARS."""
    text = (value or "").strip()
    if len(text) > MAX_FILTER_CHARS:
        raise BadRequest(f"{TOO_COMPLEX}: {name} is longer than {MAX_FILTER_CHARS} characters")
    return text


def search_words(fts_query: str | None) -> str | None:
    """The FTS query of the search box; BadRequest past MAX_SEARCH_WORDS words."""
    # The store's FTS queries are quoted words joined by single spaces.
    if fts_query and fts_query.count(" ") >= MAX_SEARCH_WORDS:
        raise BadRequest(f"{TOO_COMPLEX}: at most {MAX_SEARCH_WORDS} words")
    return fts_query


def same_site_path(value: str | None, fallback: str = "/") -> str:
    """`value` when it is a path on this site ("/-/entity/3"), else `fallback`: never a way off-site."""
    text = value or ""
    if not text.startswith("/") or text.startswith("//") or _OFF_SITE.search(text):
        return fallback
    parts = urlsplit(text)
    return text if not parts.scheme and not parts.netloc else fallback
