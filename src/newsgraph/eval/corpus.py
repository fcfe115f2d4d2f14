"""The annotated articles of a corpus, analysed by the engine, for the scorers of eval/."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

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


@dataclass(slots=True)
class CorpusReport:
    """A scorer's figures over a gold file: in total, per group (an event type, a quotation kind)
    and per article. Each article's score has `article`, `total` and, under `group_field`, its
    counts per group; counts have `add` and `figures`."""

    gold: str
    articles: list[Any] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # gold articles not in the corpus
    group_field: ClassVar[str] = "by_group"

    def new_counts(self) -> Any:
        raise NotImplementedError

    def groups(self) -> dict[str, Any]:
        """The counts per group, in the order the report shows them."""
        return self.summed_groups()

    def total(self) -> Any:
        counts = self.new_counts()
        for article in self.articles:
            counts.add(article.total)
        return counts

    def summed_groups(self, always: Iterable[str] = ()) -> dict[str, Any]:
        """Per group, the articles' counts summed (the groups in `always` even when empty)."""
        groups = {name: self.new_counts() for name in always}
        for article in self.articles:
            for name, counts in getattr(article, self.group_field).items():
                groups.setdefault(name, self.new_counts()).add(counts)
        return groups

    def to_dict(self) -> dict[str, Any]:
        def rounded(counts: Any) -> dict[str, float | int]:
            return {k: round(100 * v, 1) if isinstance(v, float) else v for k, v in counts.figures().items()}

        return {"gold": self.gold, "articles": len(self.articles), "total": rounded(self.total()),
                self.group_field: {name: rounded(counts) for name, counts in self.groups().items()},
                "per_article": {a.article: rounded(a.total) for a in self.articles},
                "rejected": self.rejected, "missing": self.missing}
