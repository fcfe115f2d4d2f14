"""The annotated articles of a corpus, analysed by the engine, for the scorers of eval/."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..record import ArticleRecord


@dataclass(slots=True)
class Analysed:
    """One annotated article: the text its offsets refer to, where the annotated body starts in it, its record."""

    id: str
    text: str
    body_start: int
    record: ArticleRecord | None  # None: the engine rejected it
    rejection: str | None = None


def analysed_articles(ids: Collection[str], corpus_paths: Sequence[str], engine: Any, limit: int | None
                      ) -> tuple[Iterator[Analysed], list[str]]:
    """The corpus's articles among `ids` (the first `limit`) through the engine, and the ids not in the corpus.

    Annotations are made on the record's `text` field; the engine's text also holds the headline,
    so each article says where the annotated body starts.
    """
    from ..errors import InputError
    from ..sources import read_paths

    drafts = [d for d in read_paths(corpus_paths, engine.settings) if not isinstance(d, InputError) and d.id in ids]
    drafts = drafts[:limit] if limit is not None else drafts
    missing = sorted(set(ids) - {d.id for d in drafts}) if limit is None else []

    def analysed() -> Iterator[Analysed]:
        for draft, result in zip(drafts, engine.analyze_many(drafts), strict=True):
            if isinstance(result, InputError):
                yield Analysed(draft.id, draft.text, 0, None, result.reason)
            else:
                yield Analysed(draft.id, result.text, max(result.text.rfind(draft.text), 0), result)

    return analysed(), missing
