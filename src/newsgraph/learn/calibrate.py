"""Calibrated confidence: each attribution's confidence is the model's probability that it is right.

The model's raw score for an attribution is the least sure of its spans (a rule span's mean role
probability, a model span's least sure token). Raw scores are mapped to the observed rate of correct
attributions on dev by isotonic regression (pool adjacent violators), so `--min-confidence 0.8`
keeps attributions of which about 80% are right. "Right" is what a reader checks first: the cue
(or, without a cue, the first content span) matches an annotated attribution exactly, and the
source, when there is one, is that attribution's source.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from ..eval.attribution import trimmed
from ..eval.brat import GoldAttribution
from ..pipeline.candidates import Candidate

if TYPE_CHECKING:
    from .tagger import Tagging

RELIABILITY_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
# The fewest attributions the lowest and the highest step may rest on: a step of one or two wrong
# (right) attributions would give everything beyond it a confidence of exactly 0 (1).
MIN_END_STEP = 10


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


def is_correct(text: str, predicted: GoldAttribution, gold: Sequence[GoldAttribution]) -> bool:
    """Whether `predicted`'s cue (else first content) and source match one gold attribution exactly."""
    key_role = "cue" if predicted.cue else "content"
    if not predicted.spans(key_role):
        return False
    key = trimmed(text, predicted.spans(key_role)[0])
    source = trimmed(text, predicted.source[0]) if predicted.source else None
    for attribution in gold:
        if key not in {trimmed(text, s) for s in attribution.spans(key_role)}:
            continue
        if source is None or source in {trimmed(text, s) for s in attribution.source}:
            return True
    return False


def fit(pairs: Sequence[tuple[float, bool]], min_end_step: int = MIN_END_STEP) -> Calibration:
    """Isotonic regression of correctness on raw score (pool adjacent violators), its first and
    last steps pooled with their neighbours until they hold `min_end_step` pairs. Pooling adjacent
    steps keeps the function non-decreasing."""
    blocks: list[list[float]] = []  # [first raw score, sum of outcomes, count]
    for score, correct in sorted(pairs):
        blocks.append([score, float(correct), 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            _pool(blocks, len(blocks) - 2)
    while len(blocks) > 1 and blocks[0][2] < min_end_step:
        _pool(blocks, 0)
    while len(blocks) > 1 and blocks[-1][2] < min_end_step:
        _pool(blocks, len(blocks) - 2)
    return Calibration(tuple(b[0] for b in blocks), tuple(b[1] / b[2] for b in blocks))


def _pool(blocks: list[list[float]], k: int) -> None:
    """Merge step k + 1 into step k."""
    later = blocks.pop(k + 1)
    blocks[k][1] += later[1]
    blocks[k][2] += later[2]


def cross_fitted(groups: Sequence[Sequence[tuple[float, bool]]],
                 min_end_step: int = MIN_END_STEP) -> list[tuple[float, bool]]:
    """(confidence, correct) for every pair, each group's confidences from a calibration fitted on
    the other groups: the reliability table then does not grade the calibration on its own data."""
    result = []
    for k, group in enumerate(groups):
        calibration = fit([pair for j, other in enumerate(groups) if j != k for pair in other], min_end_step)
        result += [(calibration(score), correct) for score, correct in group]
    return result


def reliability(pairs: Sequence[tuple[float, bool]]) -> list[dict[str, float]]:
    """Per confidence bin: how many attributions, their mean confidence, and the share that was right."""
    rows = []
    for low, high in pairwise(RELIABILITY_BINS):
        inside = [(c, ok) for c, ok in pairs if low <= c < high or (high == 1.0 and c == 1.0)]
        if inside:
            rows.append({"low": low, "high": high, "count": len(inside),
                         "confidence": sum(c for c, _ in inside) / len(inside),
                         "correct": sum(ok for _, ok in inside) / len(inside)})
    return rows
