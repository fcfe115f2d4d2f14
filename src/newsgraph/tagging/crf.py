"""The CRF attribution tagger: CRFsuite over parser, lexicon and rule features, one paragraph at a time."""

from __future__ import annotations

from collections.abc import Sequence

import pycrfsuite
from spacy.tokens import Doc

from ..pipeline.candidates import Candidate
from .features import ROLES, paragraph_features, paragraphs, rule_cue_sides, rule_labels, token_table
from .model import ModelInfo, Tagging, decode_spans


class AttributionTagger:
    """A trained CRFsuite model, opened once per process."""

    def __init__(self, info: ModelInfo) -> None:
        self.info = info
        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(info.path))
        known = set(self._tagger.labels())
        # Per role, the labels that make its probability (a model may lack a role's B- or I-).
        self._role_labels = [[label for label in (f"B-{role}", f"I-{role}") if label in known] for role in ROLES]

    def tag(self, doc: Doc, candidates: Sequence[Candidate]) -> Tagging:
        """The model's spans and role probabilities in `doc`, given what the rules found."""
        labels = rule_labels(doc, candidates)
        sides = rule_cue_sides(doc, labels)
        table = token_table(doc)
        tagging = Tagging([], table.idx, {})
        for paragraph in paragraphs(table):
            predicted = self._tagger.tag(paragraph_features(table, paragraph, labels, sides))
            marginal = self._tagger.marginal
            marginals = [marginal(label, k) if label != "O" else 1.0 for k, label in enumerate(predicted)]
            tagging.spans += decode_spans(doc, paragraph.start, predicted, marginals)
            # Role probabilities are only read for the rules' spans (to veto them).
            for k, i in enumerate(range(paragraph.start, paragraph.end)):
                if labels[i] != "O" and not table.is_space[i]:
                    tagging.probabilities[i] = tuple(  # type: ignore[assignment]
                        sum(marginal(label, k) for label in labels_of_role) for labels_of_role in self._role_labels
                    )
        return tagging
