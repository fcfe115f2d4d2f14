"""HTML articles: main text and metadata with trafilatura."""

from __future__ import annotations

import re

import trafilatura

from ..errors import InputError
from ..record import ArticleDraft

_HTML_START = re.compile(r"^\s*(<!doctype\s+html|<html\b|<\?xml[^>]*>\s*<html\b)", re.IGNORECASE)
_MIN_ARTICLE_WORDS = 8
_HTML_TAGS = re.compile(r"<(p|body|article|div|head)\b[^>]*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True for a web page rather than plain text (a doctype, <html>, or several block tags)."""
    head = text[:4096]
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 2


def draft_from_html(html: str, article_id: str, origin: str, *, published: str | None = None,
                    url: str | None = None) -> ArticleDraft:
    """The article in a web page: main text (paragraphs one per line), title, author, date, site.

    The page's own date wins over `published` (the fallback); raises InputError `no_article` when
    trafilatura finds no main text.
    """
    try:
        document = trafilatura.bare_extraction(html, url=url, with_metadata=True, favor_precision=True,
                                               include_comments=False, include_tables=False)
    except Exception as error:  # trafilatura raises many kinds on broken markup
        raise InputError("no_article", f"the page could not be read as HTML ({error})", origin) from None
    text = getattr(document, "text", None) if document is not None else None
    if not text or len(text.split()) < _MIN_ARTICLE_WORDS:
        # trafilatura falls back to any text it can find, such as a menu's "Home".
        raise InputError("no_article", "no article text was found in this page", origin)
    return ArticleDraft(
        id=article_id,
        text=text,
        headline=document.title or None,
        byline=document.author or None,
        published=document.date or published,
        source=document.sitename or None,
        url=document.url or url,
        origin=origin,
    )
