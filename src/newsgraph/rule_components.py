"""Drop-in equivalents of the model's two rule components, memoised per token signature.

In en_core_web_sm the attribute ruler and the rule lemmatizer cost as much per article as the
parser: the ruler runs 179 Matcher patterns at every token, the lemmatizer a Python loop over
Token objects. Their output for a token depends only on a few of its values, so both are computed
once per distinct signature and written back with one `Doc.from_array` call; the result is the
shipped components' to the last attribute (tests/test_rule_components.py compares them on real
articles). The shipped components stay inside, doing the work on each new signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

# The memo tables are cleared when they reach this size: a backfill meets new words without end.
MAX_SIGNATURES = 1 << 18
# What a single-token pattern may test for the signature (orth, norm, tag, dep) to decide its match:
# lexical attributes follow from the orth; anything else and the shipped ruler is kept as it is.
_SIGNATURE_KEYS = frozenset({"ORTH", "TEXT", "LOWER", "NORM", "TAG", "DEP", "LENGTH", "SHAPE", "PREFIX",
                             "SUFFIX"}) | {k for k in ("IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER",
                             "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "LIKE_NUM")}  # fmt: skip
_WRITTEN = (POS, TAG, DEP, LEMMA, MORPH)

Assignments = tuple[tuple[int, dict[int, int]], ...]  # (rule id, {attribute: value}) in rule order


class IndexedAttributeRuler:
    """The attribute ruler's result, with single-token rules memoised by (orth, norm, tag, dep)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        self.vocab = ruler.vocab
        self.single = Matcher(self.vocab, validate=False)
        self.multi = Matcher(self.vocab, validate=False)
        for rule_id in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(rule_id))
            for pattern in patterns:
                (self.single if len(pattern) == 1 else self.multi).add(str(rule_id), [pattern])
        self.index = {rule_id: ruler.indices[rule_id] for rule_id in range(len(ruler.attrs))}
        self._memo: dict[tuple[int, int, int, int], Assignments] = {}

    @staticmethod
    def supports(ruler: AttributeRuler) -> bool:
        """Whether every single-token rule reads only what the signature holds, and every rule
        writes only token attributes this class writes back."""
        if any(set(attrs) - set(_WRITTEN) for attrs in ruler.attrs):
            return False
        for rule_id in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(rule_id))
            for pattern in patterns:
                if len(pattern) == 1 and not set(pattern[0]) <= _SIGNATURE_KEYS:
                    return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        signatures = doc.to_array([ORTH, NORM, TAG, DEP]).tolist()
        extra: dict[int, list[tuple[int, dict[int, int]]]] = {}
        for match_id, start, end in self.multi(doc, allow_missing=True):
            rule_id = int(self.vocab.strings[match_id])
            target = range(start, end)[self.index[rule_id]]
            extra.setdefault(target, []).append((rule_id, self.ruler.attrs[rule_id]))
        if len(self._memo) > MAX_SIGNATURES:
            self._memo.clear()
        values = doc.to_array(list(_WRITTEN))
        rows = values.tolist()
        changed = False
        for i, signature in enumerate(signatures):
            assignments = self._memo.get(tuple(signature))  # type: ignore[arg-type]
            if assignments is None:
                assignments = self._memo[tuple(signature)] = self._single_token(doc, i)  # type: ignore[index]
            if i in extra:
                assignments = tuple(sorted((*assignments, *extra[i]), key=lambda a: a[0]))
            if not assignments:
                continue
            row = rows[i]
            for _, attrs in assignments:  # later rules win, as in the shipped ruler
                for attr, value in attrs.items():
                    row[_WRITTEN.index(attr)] = value
            changed = True
        if changed:
            doc.from_array(list(_WRITTEN), numpy.asarray(rows, dtype="uint64"))
        return doc

    def _single_token(self, doc: Doc, i: int) -> Assignments:
        """The single-token rules that match token `i`, in rule order (read before any is applied)."""
        found = {int(self.vocab.strings[m]) for m, s, _ in self.single(doc[i : i + 1], allow_missing=True) if s == 0}
        return tuple((rule_id, self.ruler.attrs[rule_id]) for rule_id in sorted(found))


class MemoLemmatizer:
    """The rule lemmatizer's result, memoised by (orth, pos, morph): what its own cache is keyed on."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
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
                found = self._memo[key] = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
        return doc


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
