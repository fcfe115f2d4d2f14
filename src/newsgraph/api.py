"""The Python API: `analyze()` one article, text or HTML."""

from __future__ import annotations

from .pipeline import Engine
from .record import ArticleRecord
from .settings import DEFAULT_SETTINGS, Settings
from .sources import draft_from_string

_engines: dict[Settings, Engine] = {}


def analyze(text_or_html: str, published: str | None = None, *, headline: str | None = None,
            id: str | None = None, settings: Settings = DEFAULT_SETTINGS) -> ArticleRecord:
    """Analyse one article and return its record (quotations, speakers, entities, dates, flags).

    `text_or_html` is plain text (first line the headline) or a web page (detected);
    `published` (YYYY-MM-DD) is what relative dates resolve against. Raises
    `newsgraph.errors.InputError` for input that cannot be analysed (empty, not English...).

    >>> record = analyze("Bridge row\\n\\nTom Baker said the bridge would open in May.", "2024-12-18")
    >>> record.quotes[0].content[0].text
    'the bridge would open in May'
    """
    engine = _engines.get(settings)
    if engine is None:
        engine = _engines[settings] = Engine(settings)
    draft = draft_from_string(text_or_html, settings=settings, published=published, headline=headline, id=id)
    return engine.analyze_draft(draft)
