"""Fitting the calibration of a trained attribution model on dev (`newsgraph train attribution`).

Raw scores (`tagging/calibration.py`) are mapped to the observed rate of correct attributions on
dev by isotonic regression (pool adjacent violators). "Right" is what a reader checks first: the
cue (or, without a cue, the first content span) matches an annotated attribution exactly, and the
source, when there is one, is that attribution's source.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from ..eval.attribution import trimmed
from ..eval.brat import GoldAttribution
from ..tagging.calibration import Calibration

RELIABILITY_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
# The fewest attributions the lowest and the highest step may rest on: a step of one or two wrong
# (right) attributions would give everything beyond it a confidence of exactly 0 (1).
MIN_END_STEP = 10


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
