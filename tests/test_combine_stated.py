"""The learned tagger and the attributions the text states outright: the tagger's doubt does not
drop "X said <clause>" or "Per X, <clause>", and its spans do not redraw a rule's content to a
nested report's or to a word of it. The rules run for real; the tagging is written here, so that
each test holds the tagger's doubt fixed."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsgraph.pipeline.according_to import according_to_candidates
from newsgraph.pipeline.candidates import Candidate
from newsgraph.pipeline.quotemarks import quote_marks
from newsgraph.pipeline.reported_speech import verb_candidates
from newsgraph.tagging.combine import apply_model
from newsgraph.tagging.model import NEVER, TaggedSpan, Tagging, Thresholds

ROLES = ("SRC", "CUE", "CON")
# The shipped CRF's veto thresholds; nothing added.
VETO = Thresholds(add=dict.fromkeys(ROLES, NEVER), keep={"SRC": 0.2, "CUE": 0.2, "CON": 0.4}, move_content=0.5)


def spans_in(text: str) -> Callable[[str], tuple[int, int]]:
    return lambda part: (text.index(part), text.index(part) + len(part))


def rules_and_doubt(engine, text: str):  # type: ignore[no-untyped-def]
    """The rules' attributions of `text`, and a tagging that doubts every token they tagged."""
    doc = engine.nlp(text)
    marks = quote_marks(doc)
    candidates = [*verb_candidates(doc, marks), *according_to_candidates(doc, marks)]
    doubt = {t.i: (0.05, 0.05, 0.05) for t in doc}
    return doc, candidates, Tagging([], [t.idx for t in doc], doubt)


def _by_cue(candidates: list[Candidate], text: str, cue: str) -> Candidate:
    return next(c for c in candidates if c.cue is not None and text[c.cue[0]:c.cue[1]] == cue)


@pytest.mark.parametrize("text, cue, content", [
    ("Officials said three people died in the fire.", "said", "three people died in the fire"),
    ("The newspaper reported on Monday that 40 stores had closed.", "reported",
     "that 40 stores had closed"),
    ("Later he claimed the meeting had been a success.", "claimed", "the meeting had been a success"),
    ("Per the new rules, drivers must carry a permit at all times.", "Per",
     "drivers must carry a permit at all times"),
])
def test_an_attribution_the_sentence_states_outright_survives_the_taggers_doubt(engine, text, cue, content) -> None:  # type: ignore[no-untyped-def]
    doc, candidates, tagging = rules_and_doubt(engine, text)
    rule = _by_cue(candidates, text, cue)
    [kept] = [c for c in apply_model(doc, candidates, tagging, VETO) if c is rule]
    assert kept.content == [spans_in(text)(content)] and kept.source is not None


@pytest.mark.parametrize("text, cue", [
    ("The firm refused to say the plant would close.", "to say"),  # an infinitive: nothing was said
    ("She would not explain how the money was spent.", "explain"),  # a question, not a statement
    ("They released a statement which said the museum must stay open.", "said"),  # 'which' points elsewhere
    ("Mr Lee denied the accusation.", "denied"),  # a noun phrase, no clause
])
def test_the_tagger_still_vetoes_what_is_not_stated_outright(engine, text, cue) -> None:  # type: ignore[no-untyped-def]
    doc, candidates, tagging = rules_and_doubt(engine, text)
    rule = next((c for c in candidates if c.cue is not None and cue in text[c.cue[0]:c.cue[1]]), None)
    assert rule is not None
    combined = apply_model(doc, candidates, tagging, VETO)
    assert rule not in combined or rule.source is None


def test_a_rule_content_is_not_redrawn_to_a_nested_reports_content(engine) -> None:  # type: ignore[no-untyped-def]
    text = ("The committee says it found nothing, despite a website claiming a source described a flat "
            "being used to store explosives before a planned attack on a shopping centre.")
    doc = engine.nlp(text)
    at = spans_in(text)
    committee = _by_cue(list(verb_candidates(doc, quote_marks(doc))), text, "says")
    whole = committee.content[0]
    nested = "a flat being used to store explosives before a planned attack on a shopping centre"
    tagged = [TaggedSpan("CON", *at("it found nothing"), 0.9), TaggedSpan("CUE", *at("described"), 0.5),
              TaggedSpan("CON", *at(nested), 0.9)]
    [kept] = apply_model(doc, [committee], Tagging(tagged, [t.idx for t in doc], {}), VETO)
    assert kept.content == [at("it found nothing")] and whole[1] > at("it found nothing")[1]


def test_a_stated_content_redrawn_stays_a_clause(engine) -> None:  # type: ignore[no-untyped-def]
    text = "The court answers that the directive, which balances the interests at stake, does not apply to hosts."
    doc = engine.nlp(text)
    at = spans_in(text)
    court = _by_cue(list(verb_candidates(doc, quote_marks(doc))), text, "answers")
    before = list(court.content)
    tagging = Tagging([TaggedSpan("CON", *at("interests"), 0.9)], [t.idx for t in doc], {})
    [kept] = apply_model(doc, [court], tagging, VETO)
    assert kept.content == before


@pytest.mark.parametrize("model_source", ["Baker", None])
def test_a_rejected_source_phrase_keeps_the_speaker_the_tagger_found_in_it(engine, model_source) -> None:  # type: ignore[no-untyped-def]
    text = ("Baker, particularly in the closing days of the campaign, has preached unity, claiming he alone "
            "can unite the party.")
    doc, candidates, _ = rules_and_doubt(engine, text)
    rule = _by_cue(candidates, text, "claiming")
    assert rule.source is not None and text[rule.source[0]:rule.source[1]].startswith("Baker, particularly")
    span = spans_in(text)
    cue_and_content = {t.i for t in doc if t.idx >= span("claiming")[0]}
    probabilities = {t.i: (0.05, 0.9, 0.9) if t.i in cue_and_content else (0.05, 0.05, 0.05) for t in doc}
    tagged = [TaggedSpan("SRC", *span(model_source), 0.9)] if model_source else []
    [kept] = [c for c in apply_model(doc, candidates, Tagging(tagged, [t.idx for t in doc], probabilities), VETO)
              if c is rule]
    assert kept.source == (span(model_source) if model_source else None)
