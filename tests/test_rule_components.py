"""The memoised attribute ruler and lemmatizer give the shipped components' output, token for token."""

from __future__ import annotations

import json

import pytest
from spacy.language import Language
from spacy.pipeline import AttributeRuler

from newsgraph import rule_components
from newsgraph.nlp import load_bare_model
from newsgraph.rule_components import IndexedAttributeRuler, MemoLemmatizer, memoise_rule_components

from .conftest import EXAMPLE, WIKINEWS

# Contractions, pronoun cases and existentials reach the ruler's multi-token and dependency rules.
COLLOQUIAL = ("I'm gonna go. You gotta see it, y'all. Let's go! C'mon, there is time. It ain't over, he said. "
              "She'd have done it. We'll see. They've got 'em. Nothin' left. He gets it; she got it. "
              "I told you and you told me. Do you have it? I do. That is the one that I want.\n\n  Once, here, well.")


def _texts(limit: int = 25) -> list[str]:
    with WIKINEWS.open(encoding="utf-8") as lines:
        articles = [json.loads(line)["text"] for _, line in zip(range(limit), lines, strict=False)]
    return [EXAMPLE.read_text(encoding="utf-8"), COLLOQUIAL, *articles]


def _annotations(nlp: Language, texts: list[str]) -> list[tuple[object, ...]]:
    return [
        (t.text, t.pos, t.tag, t.dep, t.head.i, t.lemma, t.morph.key, t.ent_type, t.ent_iob, t.norm)
        for doc in nlp.pipe(texts, batch_size=8) for t in doc
    ]  # fmt: skip


@pytest.fixture(scope="module")
def pipelines() -> tuple[Language, Language]:
    shipped, memoised = load_bare_model(), load_bare_model()
    memoise_rule_components(memoised)
    return shipped, memoised


def test_memoised_components_replace_the_shipped_ones_in_place(pipelines) -> None:  # type: ignore[no-untyped-def]
    shipped, memoised = pipelines
    assert memoised.pipe_names == shipped.pipe_names
    assert isinstance(memoised.get_pipe("attribute_ruler"), IndexedAttributeRuler)
    assert isinstance(memoised.get_pipe("lemmatizer"), MemoLemmatizer)


def test_every_token_attribute_equals_the_shipped_pipeline(pipelines, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shipped, memoised = pipelines
    texts = _texts()
    expected = _annotations(shipped, texts)
    assert _annotations(memoised, texts) == expected
    assert _annotations(memoised, texts) == expected  # from warm memo tables
    monkeypatch.setattr(rule_components, "MAX_SIGNATURES", 50)  # tables cleared again and again
    assert _annotations(memoised, texts) == expected


def test_a_ruler_reading_more_than_the_signature_is_left_as_shipped() -> None:
    nlp = Language()
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    assert IndexedAttributeRuler.supports(ruler)
    ruler.add([[{"ENT_TYPE": "PERSON"}]], {"POS": "PROPN"})  # set by a later component's output
    assert not IndexedAttributeRuler.supports(ruler)
    memoise_rule_components(nlp)
    assert nlp.get_pipe("attribute_ruler") is ruler
