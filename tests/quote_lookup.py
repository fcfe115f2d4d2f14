"""Finding a quotation in a record and naming its speaker: what the quotation and speaker tests ask
of every hand-written article."""

from __future__ import annotations

from newsgraph.record import ArticleRecord, Quote


def speaker(record: ArticleRecord, quote: Quote) -> str | None:
    """The name of the quotation's speaker, or None."""
    entity = record.entity(quote.speaker)
    return entity.name if entity else None


def quote_with(record: ArticleRecord, words: str) -> Quote:
    """The one quotation whose content holds `words`."""
    found = [q for q in record.quotes if any(words in span.text for span in q.content)]
    assert len(found) == 1, (words, [[s.text for s in q.content] for q in record.quotes])
    return found[0]


def speaker_of(record: ArticleRecord, words: str) -> str | None:
    """The name of the speaker of the one quotation whose content holds `words`, or None."""
    return speaker(record, quote_with(record, words))
