"""The Python API: `analyze()` one article."""

from __future__ import annotations

from .pipeline import Engine
from .record import ArticleDraft, ArticleRecord
from .settings import DEFAULT_SETTINGS, Settings

_engines: dict[Settings, Engine] = {}


def analyze(text_or_html: str, published: str | None = None, *, settings: Settings = DEFAULT_SETTINGS,
            id: str = "article") -> ArticleRecord:
    engine = _engines.setdefault(settings, Engine(settings))
    return engine.analyze_draft(ArticleDraft(id=id, text=text_or_html, published=published))
