"""Recipients (issue 26, round 7) on short hand-written sentences: every name in apposition to a described
target, also those joined to it."""

from __future__ import annotations

from .event_lookup import analyse_events, event_of
from .test_events import names


def test_every_name_in_apposition_is_a_target(analyse) -> None:  # type: ignore[no-untyped-def]
    record = analyse_events(analyse, "The Senate voted to hold two current officials, Ann Reed and Jon Doe, in "
                                     "contempt of Congress.")
    assert names(record, event_of(record, "ACCUSE", "hold").with_role("recipient")) == {"Ann Reed", "Jon Doe"}
