"""newsgraph: English news articles to evidence-linked quotations, speakers, entities and dates."""

from __future__ import annotations

__version__ = "0.1.0"

from .api import analyze
from .record import ArticleRecord
from .settings import Settings

__all__ = ["ArticleRecord", "Settings", "__version__", "analyze"]
