"""Drop-in equivalents of the model's two rule components, memoised per token signature.

In en_core_web_sm the attribute ruler and the rule lemmatizer cost as much per article as the
parser: the ruler runs 179 Matcher patterns at every token, the lemmatizer a Python loop over
Token objects. Their output for a token depends only on a few of its values, so both are computed
once per distinct signature and written back with one `Doc.from_array` call; the result is the
shipped components' to the last attribute (tests/test_rule_components.py compares them on real
articles). The shipped components stay inside, doing the work on each new signature.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, IDS, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

# The memo tables are cleared when they reach this size: a backfill meets new words without end.
MAX_SIGNATURES = 1 << 18
# What a single-token pattern may test and the memo can key on: values of the token itself, none
# set by a later component. Anything else and the shipped ruler is kept as it is.
_KEYABLE = frozenset({"ORTH", "LOWER", "NORM", "TAG", "DEP", "LENGTH", "SHAPE", "PREFIX", "SUFFIX", "IS_ALPHA",
                      "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
                      "IS_STOP", "LIKE_NUM"})  # fmt: skip
_LOWER_TESTS = frozenset({"IN", "NOT_IN", "REGEX"})
_WRITTEN = (POS, TAG, DEP, LEMMA, MORPH)

Assignments = tuple[tuple[int, dict[int, int]], ...]  # (rule id, {attribute: value}) in rule order
Updates = tuple[tuple[int, int], ...]  # (column of _WRITTEN, value): what the assignments leave


def _net_effect(assignments: Iterable[tuple[int, dict[int, int]]]) -> Updates:
    """What assignments applied in order leave: later rules win, as in the shipped ruler."""
    final: dict[int, int] = {}
    for _, attrs in assignments:
        for attr, value in attrs.items():
            final[_WRITTEN.index(attr)] = value
    return tuple(final.items())


@dataclass(frozen=True, slots=True)
class _Entry:
    """The memo's value for one signature."""

    assignments: Assignments  # the single-token rules that match, in rule order
    updates: Updates  # their net effect
    starts: tuple[int, ...]  # the longer rules (positions in `longer`) whose first token matches


def _patterns(ruler: AttributeRuler) -> list[tuple[int, list[dict[str, Any]]]]:
    """(rule id, token patterns) of every rule, as the ruler's Matcher holds them."""
    return [(rule_id, pattern) for rule_id in range(len(ruler.attrs))
            for pattern in ruler.matcher.get(str(rule_id))[1]]  # fmt: skip


class IndexedAttributeRuler:
    """The attribute ruler's result, with its rules memoised by what they read of a token.

    A single-token rule's match depends only on the token's signature; a longer rule is tried,
    with the shipped Matcher, only where its first token matches. The lowercase form only counts
    when some rule names it (or a rule's regular expression matches it): every other word behaves
    alike, so the memo holds a few thousand signatures, not one per word.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.single = Matcher(self.vocab, validate=False)  # key: rule id
        self.first = Matcher(self.vocab, validate=False)  # key: position in self.longer
        self.longer: list[tuple[int, int, Matcher]] = []  # (rule id, length, its own Matcher)
        read: set[str] = set()
        self._named: set[str] = set()
        self._regexes: list[re.Pattern[str]] = []
        for rule_id, pattern in _patterns(ruler):
            if len(pattern) == 1:
                self.single.add(str(rule_id), [pattern])
            else:
                matcher = Matcher(self.vocab, validate=False)
                matcher.add(str(rule_id), [pattern])
                self.first.add(str(len(self.longer)), [pattern[:1]])
                self.longer.append((rule_id, len(pattern), matcher))
            read |= set(pattern[0])
            self._note_lower(pattern[0].get("LOWER"))
        self._columns = [IDS[name] for name in sorted(read)]
        self._lower_column = self._columns.index(LOWER) if LOWER in self._columns else None
        self._lower_keys: dict[int, int] = {}
        self._memo: dict[tuple[int, ...], _Entry] = {}

    def _note_lower(self, test: str | dict[str, Any] | None) -> None:
        if isinstance(test, str):
            self._named.add(test)
        elif isinstance(test, dict):
            self._named.update(test.get("IN", ()), test.get("NOT_IN", ()))
            if "REGEX" in test:
                self._regexes.append(re.compile(test["REGEX"]))

    @staticmethod
    def supports(ruler: AttributeRuler) -> bool:
        """Whether every rule's first token reads only what the memo keys on, no rule has a
        variable length, and every rule writes only token attributes this class writes back."""
        if any(set(attrs) - set(_WRITTEN) for attrs in ruler.attrs):
            return False
        for _, pattern in _patterns(ruler):
            if any("OP" in token for token in pattern):
                return False
            first, lower = pattern[0], pattern[0].get("LOWER")
            if not set(first) <= _KEYABLE or (isinstance(lower, dict) and not set(lower) <= _LOWER_TESTS):
                return False
        return True

    def _lower_key(self, lower: int) -> int:
        """The lowercase form's hash when a rule can tell it from other words, else 0."""
        key = self._lower_keys.get(lower)
        if key is None:
            text = self.vocab.strings[lower]
            named = text in self._named or any(regex.search(text) for regex in self._regexes)
            key = self._lower_keys[lower] = lower if named else 0
        return key

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if len(self._memo) > MAX_SIGNATURES or len(self._lower_keys) > MAX_SIGNATURES:
            self._memo.clear()
            self._lower_keys.clear()
        signatures = doc.to_array(self._columns).tolist() if self._columns else [[]] * len(doc)
        if self._lower_column is not None:
            column = self._lower_column
            for signature in signatures:
                signature[column] = self._lower_key(signature[column])
        entries = []
        for i, signature in enumerate(signatures):
            key = tuple(signature)
            entry = self._memo.get(key)
            if entry is None:
                entry = self._memo[key] = self._entry(doc, i)
            entries.append(entry)
        extra = self._longer_matches(doc, entries)
        rows = doc.to_array(list(_WRITTEN)).tolist()
        changed = False
        for i, entry in enumerate(entries):
            updates = entry.updates
            if i in extra:
                updates = _net_effect(sorted((*entry.assignments, *extra[i]), key=lambda a: a[0]))
            if updates:
                row = rows[i]
                for column, value in updates:
                    row[column] = value
                changed = True
        if changed:
            doc.from_array(list(_WRITTEN), numpy.asarray(rows, dtype="uint64"))
        return doc

    def _entry(self, doc: Doc, i: int) -> _Entry:
        """What the rules make of token `i`'s signature (read before any rule is applied)."""
        token = doc[i : i + 1]
        matched = sorted({int(self.vocab.strings[m]) for m, _, _ in self.single(token, allow_missing=True)})
        starts = tuple(sorted({int(self.vocab.strings[m]) for m, _, _ in self.first(token, allow_missing=True)}))
        assignments = tuple((rule_id, self.ruler.attrs[rule_id]) for rule_id in matched)
        return _Entry(assignments, _net_effect(assignments), starts)

    def _longer_matches(self, doc: Doc, entries: list[_Entry]) -> dict[int, list[tuple[int, dict[int, int]]]]:
        """Per token: the assignments of the longer rules that match around it."""
        extra: dict[int, list[tuple[int, dict[int, int]]]] = {}
        for i, entry in enumerate(entries):
            for position in entry.starts:
                rule_id, length, matcher = self.longer[position]
                if i + length <= len(doc) and matcher(doc[i : i + length], allow_missing=True):
                    target = range(i, i + length)[self.ruler.indices[rule_id]]
                    extra.setdefault(target, []).append((rule_id, self.ruler.attrs[rule_id]))
        return extra


class MemoLemmatizer:
    """The rule lemmatizer's result, memoised by (orth, pos, morph): what its own cache is keyed on.

    Every token's lemma is memoised, also those spaCy does not cache (base forms, proper nouns,
    spaces, a third of a news text's tokens): the rules read nothing of a token beyond that key, and
    the memo is cleared at `MAX_SIGNATURES` like the others, so a backfill's new names cannot grow it.
    """

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self._rules = _with_indexed_word_lists(lemmatizer)
        self.strings = lemmatizer.vocab.strings
        self._memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if len(self._memo) > MAX_SIGNATURES:
            self._memo.clear()
            self.lemmatizer.cache.clear()  # spaCy's own cache grows without bound
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = numpy.zeros(len(rows), dtype="uint64")
        overwrite = self.lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                lemmas[i] = lemma
                continue
            key = (orth, pos, morph)
            found = self._memo.get(key)
            if found is None:
                found = self._memo[key] = self.strings.add(self._rules.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


def _with_indexed_word_lists(lemmatizer: Lemmatizer) -> Lemmatizer:
    """A copy of the lemmatizer whose word lists (`lemma_index`) are sets.

    The shipped tables hold them as lists (57,000 nouns) that every uncached token scans for each
    candidate form: a word never seen before cost a quarter of a millisecond. Only membership is
    read from them, so sets give the same lemmas; the shipped component keeps its tables.
    """
    if not lemmatizer.lookups.has_table("lemma_index"):
        return lemmatizer
    lookups = Lookups()
    for name in lemmatizer.lookups.tables:
        table = lemmatizer.lookups.get_table(name)
        if name == "lemma_index":
            indexed = lookups.add_table(name)
            for key, words in table.items():
                indexed[key] = frozenset(words)
        else:
            lookups.set_table(name, table)
    rules = copy.copy(lemmatizer)
    rules.lookups = lookups
    rules.lemmatize = rules.rule_lemmatize  # the shipped one is bound to the original instance
    return rules


_REPLACEMENTS: dict[str, tuple[type, Callable[[Any], bool]]] = {
    "attribute_ruler": (IndexedAttributeRuler, IndexedAttributeRuler.supports),
    "lemmatizer": (MemoLemmatizer, lambda c: isinstance(c, Lemmatizer) and c.mode == "rule"),
}


def memoise_rule_components(nlp: Language) -> None:
    """Swap the model's attribute ruler and rule lemmatizer for their memoised equivalents, in place.

    A component that is missing, of another kind, or reads more than the memo key holds is left
    as shipped.
    """
    for name, (wrapper, applies) in _REPLACEMENTS.items():
        if name in nlp.pipe_names:
            component = nlp.get_pipe(name)
            if isinstance(component, (AttributeRuler, Lemmatizer)) and applies(component):
                # In place, name and position kept (disabled components count: en_core_web_sm's
                # senter is one); spaCy has no public call that swaps an instance without a factory.
                position = nlp.component_names.index(name)
                nlp._components[position] = (name, wrapper(component))
