"""Calibrated confidence at run time: each attribution's confidence is the model's probability that
it is right.

The model's raw score for an attribution is the least sure of its spans (a rule span's mean role
probability, a model span's least sure token), mapped by the step function fitted on dev when the
model was trained (`learn/calibrate.py`), so `--min-confidence 0.8` keeps attributions of which
about 80% are right.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..pipeline.candidates import Candidate

if TYPE_CHECKING:
    from .model import Tagging


@dataclass(frozen=True, slots=True)
class Calibration:
    """A non-decreasing step function from raw score to probability: `values[k]` from `raw[k]` on."""

    raw: tuple[float, ...]
    values: tuple[float, ...]

    def __call__(self, score: float) -> float:
        if not self.raw:
            return score
        k = bisect_right(self.raw, score) - 1
        return self.values[max(k, 0)]

    def to_dict(self) -> dict[str, list[float]]:
        return {"raw": [round(r, 4) for r in self.raw], "confidence": [round(v, 4) for v in self.values]}

    @classmethod
    def from_dict(cls, data: dict[str, list[float]] | None) -> Calibration:
        """The recorded mapping; the identity when a model recorded none."""
        if not data:
            return cls((), ())
        return cls(tuple(data["raw"]), tuple(data["confidence"]))


def raw_score(candidate: Candidate, tagging: Tagging, model_rule: str) -> float:
    """The model's probability of `candidate`'s least sure span."""
    if candidate.rule == model_rule:
        return candidate.score  # already the least sure token of the spans the model added
    scores = [tagging.role_probability(*span, role) for role, span in _role_spans(candidate)]
    return min(scores, default=0.0)


def _role_spans(candidate: Candidate) -> list[tuple[str, tuple[int, int]]]:
    spans = [("CON", span) for span in candidate.content]
    if candidate.cue:
        spans.append(("CUE", candidate.cue))
    if candidate.source:
        spans.append(("SRC", candidate.source))
    return spans
