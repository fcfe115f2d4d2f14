"""The learned tagger and direct quotations: its doubt about a cue it rarely saw in training (a colon,
"by saying") does not drop an attribution whose content holds a whole quotation in double marks,
unless its source is a relative pronoun or a report is nested in it; and a redrawn content never
takes in its own cue. The rules run for real; the tagging is written here, so that each test holds
the tagger's doubt fixed."""

from __future__ import annotations

import pytest

from newsgraph.pipeline.quotes import find_candidates
from newsgraph.record import ArticleDraft
from newsgraph.settings import DEFAULT_SETTINGS
from newsgraph.tagging.combine import apply_model
from newsgraph.tagging.model import TaggedSpan, Tagging

from .test_combine_stated import VETO, spans_in

RULES = DEFAULT_SETTINGS.with_(attribution="rules")


def rules_and_doubt(engine, sentence: str):  # type: ignore[no-untyped-def]
    """The doc of a one-sentence article, every attribution the rules find in it, and a tagging that
    doubts every token."""
    text = f"Talks\n\n{sentence}\n"
    record = engine.analyze_draft(ArticleDraft(id="x", text=text))
    doc = engine.nlp(record.text)
    candidates = find_candidates(doc, record, RULES)
    return doc, candidates, Tagging([], [t.idx for t in doc], {t.i: (0.05, 0.05, 0.05) for t in doc})


def quoted_by(candidates, text: str, words: str):  # type: ignore[no-untyped-def]
    return [c for c in candidates if any(words in text[a:b] for a, b in c.content)]


@pytest.mark.parametrize("sentence, quoted", [
    ('He underlined the call for cooperation by saying "we are ready to take more steps towards those '
     'taking a single step towards us."', "we are ready"),
    ('In a statement, the Defense Department justified the strike as defensive: "At the direction of the '
     'President, the military has taken decisive defensive action."', "At the direction"),
])
def test_a_direct_quotation_survives_the_taggers_doubt(engine, sentence: str, quoted: str) -> None:  # type: ignore[no-untyped-def]
    doc, candidates, tagging = rules_and_doubt(engine, sentence)
    assert quoted_by(candidates, doc.text, quoted)  # the rules attribute it
    kept = quoted_by(apply_model(doc, candidates, tagging, VETO), doc.text, quoted)
    assert kept and all(c.source is not None and c.cue is not None for c in kept)


def test_a_quotation_whose_source_is_a_relative_pronoun_is_still_vetted(engine) -> None:  # type: ignore[no-untyped-def]
    sentence = ('They released a statement which said, "Hagia Sophia bears profound significance to Muslims '
                'and Christians alike."')
    doc, candidates, tagging = rules_and_doubt(engine, sentence)
    rules = quoted_by(candidates, doc.text, "Hagia Sophia")
    assert rules and any(c.source is not None for c in rules)
    kept = quoted_by(apply_model(doc, candidates, tagging, VETO), doc.text, "Hagia Sophia")
    assert all(c.source is None for c in kept)


def test_a_redrawn_content_does_not_take_in_its_own_cue(engine) -> None:  # type: ignore[no-untyped-def]
    sentence = ('Murphy claimed she made this decision alone, insisting she was "never directly or indirectly '
                'pressured by any official".')
    doc, candidates, _ = rules_and_doubt(engine, sentence)
    text, at = doc.text, spans_in(doc.text)
    insisting = next(c for c in candidates if c.cue is not None and text[c.cue[0]:c.cue[1]] == "insisting")
    before = list(insisting.content)
    model_content = at('she made this decision alone, insisting she was "never directly or indirectly pressured '
                       'by any official"')
    tagging = Tagging([TaggedSpan("CON", *model_content, 0.9)], [t.idx for t in doc],
                      {t.i: (0.9, 0.9, 0.9) for t in doc})
    [kept] = [c for c in apply_model(doc, [insisting], tagging, VETO) if c is insisting]
    assert kept.content == before
    assert not any(a <= kept.cue[0] < b for a, b in kept.content)  # type: ignore[index]
