"""Calibrated confidence: isotonic fit, correctness against gold, reliability table."""

from __future__ import annotations

import pytest

from newsgraph.eval.brat import GoldAttribution
from newsgraph.learn.calibrate import Calibration, cross_fitted, fit, is_correct, reliability

TEXT = "Tom Baker said the bridge would open. Jane Doe told reporters it was late."


def at(part: str) -> tuple[int, int]:
    return TEXT.index(part), TEXT.index(part) + len(part)


GOLD = [GoldAttribution(source=[at("Tom Baker")], cue=[at("said")], content=[at("the bridge would open")]),
        GoldAttribution(source=[at("Jane Doe")], cue=[at("told")], content=[at("it was late")])]


def test_isotonic_fit_is_monotone_and_matches_rates() -> None:
    pairs = [(0.1, False), (0.2, False), (0.3, True), (0.4, False), (0.8, True), (0.9, True)]
    calibration = fit(pairs, min_end_step=1)
    values = [calibration(x) for x in (0.0, 0.15, 0.35, 0.5, 0.85, 1.0)]
    assert values == sorted(values)
    assert calibration(0.1) == 0.0 and calibration(0.35) == pytest.approx(0.5) and calibration(0.95) == 1.0


def test_calibration_round_trips_and_defaults_to_identity() -> None:
    calibration = fit([(0.2, False), (0.7, True)])
    assert Calibration.from_dict(calibration.to_dict())(0.8) == calibration(0.8)
    assert Calibration.from_dict(None)(0.42) == 0.42


def test_an_attribution_is_right_when_cue_and_source_match_one_gold_attribution() -> None:
    assert is_correct(TEXT, GoldAttribution(source=[at("Tom Baker")], cue=[at("said")]), GOLD)
    assert is_correct(TEXT, GoldAttribution(cue=[at("said")]), GOLD)  # no source: the cue decides
    assert not is_correct(TEXT, GoldAttribution(source=[at("Jane Doe")], cue=[at("said")]), GOLD)
    assert not is_correct(TEXT, GoldAttribution(source=[at("Tom Baker")], cue=[at("said the")]), GOLD)
    assert is_correct(TEXT, GoldAttribution(content=[at("it was late")]), GOLD)
    assert not is_correct(TEXT, GoldAttribution(), GOLD)


def test_reliability_bins_confidences_and_cross_fitting_uses_the_other_group() -> None:
    rows = reliability([(0.1, False), (0.9, True), (0.95, False), (1.0, True)])
    assert [(r["low"], r["count"]) for r in rows] == [(0.0, 1), (0.8, 3)]
    assert rows[1]["correct"] == pytest.approx(2 / 3)
    confident, doubtful = [(0.9, True), (0.9, True)], [(0.9, False), (0.9, False)]
    assert [c for c, _ in cross_fitted([confident, doubtful], min_end_step=1)] == [0.0, 0.0, 1.0, 1.0]


def test_the_end_steps_rest_on_enough_attributions_to_claim_0_or_1() -> None:
    # two wrong attributions at the bottom and two right ones at the top would claim 0 and 1
    middle = [(0.3 + k / 100, k < 3) for k in range(10)] + [(0.6 + k / 100, k < 7) for k in range(10)]
    pairs = [(0.01, False), (0.02, False), *middle, (0.98, True), (0.99, True)]
    assert fit(pairs, min_end_step=1)(0.0) == 0.0 and fit(pairs, min_end_step=1)(1.0) == 1.0
    calibration = fit(pairs, min_end_step=10)
    assert calibration(0.0) == pytest.approx(3 / 12) and calibration(1.0) == pytest.approx(9 / 12)
    values = [calibration(x / 100) for x in range(101)]
    assert values == sorted(values)
