"""The speaker sieve given a source as a quotation rule may give it: headed by the wrong word, or
cut short. The parse and the record are the engine's; only the source is chosen by the test."""

from __future__ import annotations

from spacy.tokens import Doc

from newsgraph.pipeline import STAGES, Engine, clean, masked_for_parsing, speakers
from newsgraph.pipeline.coref.context import ArticleContext, Source
from newsgraph.pipeline.parse import parse_texts
from newsgraph.record import ArticleDraft, ArticleRecord, Quote
from newsgraph.record import Span as TextSpan

TEXT = "Row over the new bridge\n\nNordic Investment Bank president Anna Lund said lending would grow."


def parsed(engine: Engine, text: str) -> tuple[Doc, ArticleRecord]:
    """The article's parse, and its record through every stage."""
    record = clean.prepare(ArticleDraft(id="test", text=text), engine.settings)
    doc = parse_texts(engine.nlp, [masked_for_parsing(record)], engine.settings)[0]
    for stage in STAGES:
        stage(doc, record, engine.settings)
    return doc, record


def the_quote(record: ArticleRecord) -> Quote:
    assert len(record.quotes) == 1
    return record.quotes[0]


def test_the_titled_person_wins_when_the_source_is_headed_by_the_organisation(engine: Engine) -> None:
    # A parse may make the organisation the source's head ("African Export-Import Bank president
    # Okey Oramah said" did): the person its title names is still the speaker.
    doc, record = parsed(engine, TEXT)
    bank = next(token for token in doc if token.text == "Bank")
    quote = the_quote(record)
    verdict = speakers.resolve(Source(quote, quote.source, bank, None), ArticleContext(doc, record))
    assert getattr(verdict, "name", None) == "Anna Lund"


def test_the_titled_person_after_a_source_cut_short_is_the_speaker(engine: Engine) -> None:
    # A rule may cut "WHO director-general Tedros Adhanom Ghebreyesus" at "WHO": the person named
    # with a title between the source and its cue is the speaker.
    doc, record = parsed(engine, TEXT)
    bank = next(token for token in doc if token.text == "Bank")
    cut = TextSpan.of(record.text, doc[bank.i - 2].idx, bank.idx + len(bank.text))
    quote = the_quote(record)
    verdict = speakers.resolve(Source(quote, cut, bank, None), ArticleContext(doc, record))
    assert getattr(verdict, "name", None) == "Anna Lund"
