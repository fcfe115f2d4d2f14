"""newsgraph: English news articles to evidence-linked quotations, speakers, entities and dates."""

from __future__ import annotations

__version__ = "0.1.0"

from .lean_imports import import_thinc_without_torch

import_thinc_without_torch()  # before anything imports spaCy

from .api import analyze  # noqa: E402
from .record import ArticleRecord  # noqa: E402
from .settings import Settings  # noqa: E402

__all__ = ["ArticleRecord", "Settings", "__version__", "analyze"]
