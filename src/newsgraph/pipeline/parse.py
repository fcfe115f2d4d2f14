"""Parsing with bounded working memory: batches bounded in characters, long articles in pieces.

spaCy's working memory while it parses grows with the characters in a batch, not the number of
documents: a 104,000-character interview parsed whole took 470 MiB above the worker's resting size,
the same article parsed in 20,000-character pieces 115 MiB (benchmarks/RESULTS.md, bench_longrun).
So an article longer than `Settings.piece_chars` is cut after a line break -- where
`paragraph_breaks` starts a sentence anyway, so no sentence is split -- its pieces are parsed in
character-bounded batches with the other articles' texts, and rejoined into one `Doc` whose text
and character offsets are exactly the article's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp import remember_text
from ..settings import Settings
from ..tokenizing import tokenize_in_runs

Item = TypeVar("Item")


def bounded_batches(items: Iterable[Item], size: int, max_chars: int,
                    length: Callable[[Item], int]) -> Iterator[list[Item]]:
    """Consecutive batches of at most `size` items and, past the first item, `max_chars` characters."""
    batch: list[Item] = []
    chars = 0
    for item in items:
        item_length = length(item)
        if batch and (len(batch) >= size or chars + item_length > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += item_length
    if batch:
        yield batch


def line_pieces(text: str, max_chars: int) -> list[str]:
    """`text` cut into consecutive pieces of at most `max_chars` characters where line breaks allow.

    Each cut comes after a run of whitespace holding a line break, so a piece ends with the break
    and the next starts with a word, tokenised exactly as in the whole text. A stretch longer than
    `max_chars` with no line break stays whole. `"".join(pieces) == text`.
    """
    if len(text) <= max_chars:
        return [text]
    pieces: list[str] = []
    start = 0
    while len(text) - start > max_chars:
        cut = _cut_after_break(text, start, start + max_chars)
        if cut is None:
            break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def _cut_after_break(text: str, start: int, limit: int) -> int | None:
    """The end of the last whitespace run holding a line break that ends in text[start:limit],
    else of the first one after `limit`; None when no line break follows `start`."""
    newline = text.rfind("\n", start, limit)
    while newline > start:
        end = _end_of_whitespace(text, newline)
        if end <= limit:
            return end if end < len(text) else None
        newline = text.rfind("\n", start, newline)
    newline = text.find("\n", limit)
    if newline < 0:
        return None
    end = _end_of_whitespace(text, newline)
    return end if end < len(text) else None


def _end_of_whitespace(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def parse_texts(nlp: Language, texts: Sequence[str], settings: Settings) -> list[Doc]:
    """One `Doc` per text, in order; see the module's docstring for how memory stays bounded."""
    pieces = [(owner, piece) for owner, text in enumerate(texts)
              for piece in line_pieces(text, settings.piece_chars)]
    parsed: list[list[Doc]] = [[] for _ in texts]
    for batch in bounded_batches(pieces, settings.batch_size, settings.batch_chars, lambda p: len(p[1])):
        tokenized = (tokenize_in_runs(nlp, piece, settings.max_run_chars) for _, piece in batch)
        for (owner, _), doc in zip(batch, nlp.pipe(tokenized, batch_size=len(batch)), strict=True):
            parsed[owner].append(doc)
    return [remember_text(docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False), text)
            for docs, text in zip(parsed, texts, strict=True)]


def parse_stream(nlp: Language, texts: Iterable[str], settings: Settings) -> Iterator[Doc]:
    """`parse_texts` over a stream, a bounded batch at a time."""
    for batch in bounded_batches(texts, settings.batch_size, settings.batch_chars, len):
        yield from parse_texts(nlp, batch, settings)
