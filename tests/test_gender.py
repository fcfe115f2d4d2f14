"""A person's gender: honorifics, then pronouns coreference tied, then strong forenames; unknown
otherwise (pipeline/gender.py, docs/sources.md)."""

from __future__ import annotations

from newsgraph.names import forename_gender, likely_forename_gender
from newsgraph.pipeline.gender import decide, unanimous

HEADLINE = "Council meets\n\n"


def gender_of(record, name: str) -> str | None:  # type: ignore[no-untyped-def]
    return next(e.gender for e in record.entities if e.name == name)


def test_a_forename_mostly_but_not_strongly_one_gender_tells_nothing() -> None:
    # On both census lists, the commoner gender 3 to 10 times as often: Kim Jong-un, Jean Castex.
    for forename in ("Kim", "Jean", "Terry", "Chris", "Robin", "Jordan"):
        assert forename_gender(forename) is None, forename
        assert likely_forename_gender(forename) is not None, forename


def test_a_rare_forename_tells_nothing() -> None:
    # A few American women are called Yu or Min: not evidence about a Chinese or Korean name.
    for forename in ("Yu", "Min", "Hyun"):
        assert forename_gender(forename) is None, forename


def test_a_strong_forename_tells_its_gender() -> None:
    assert forename_gender("Mary") == "female"
    assert forename_gender("John") == "male"
    assert forename_gender("Mohammed") == "male"


def test_honorifics_outrank_forenames_and_disagreement_is_unknown() -> None:
    assert decide(["female"], ["male"]) == "female"
    assert decide(["male", "female"], ["male"]) is None
    assert decide([None], ["male", "male"]) == "male"
    assert decide([], ["male", "female"]) is None
    assert unanimous([None, None]) is None


def test_an_ambiguous_forename_leaves_the_person_unknown(analyse) -> None:
    record = analyse(HEADLINE + 'Terry Walsh, a councillor, spoke on Monday. "We will vote no," Walsh said.')
    assert gender_of(record, "Terry Walsh") is None


def test_an_honorific_decides_over_the_forename(analyse) -> None:
    record = analyse(HEADLINE + 'Mrs Terry Walsh spoke on Monday. "We will vote no," Mrs Walsh said.')
    assert gender_of(record, "Terry Walsh") == "female"


def test_a_pronoun_tied_by_coreference_tells_the_gender(analyse) -> None:
    text = HEADLINE + ('Ngozi Walsh, a councillor, spoke on Monday. Walsh said the vote had gone well.\n'
                       'She added: "We will meet again next week."')
    record = analyse(text)
    added = next(q for q in record.quotes if q.cue and q.cue.text == "added:")
    assert added.source.text == "She"
    assert gender_of(record, "Ngozi Walsh") == "female"


def test_coreference_still_prefers_a_likely_antecedent(analyse) -> None:
    # "Terry" is likely male: "She" goes to Jean Porter, though neither forename is strong enough to report.
    text = HEADLINE + ("Jean Porter met Terry Baker on Monday. Porter said the meeting had gone well.\n"
                       'She added: "We will meet again next week."')
    record = analyse(text)
    added = next(q for q in record.quotes if q.cue and q.cue.text == "added:")
    speaker = next(e for e in record.entities if e.id == added.speaker)
    assert speaker.name == "Jean Porter"
    assert speaker.gender == "female"  # from the pronoun tied to her
    assert gender_of(record, "Terry Baker") is None


def test_a_hyphenated_forename_is_read_whole_for_agreement() -> None:
    from newsgraph.pipeline.gender import agreement_gender
    from newsgraph.record import Entity

    # "Jean" alone is likely a woman's name; "Jean-Jacques" is on neither list, so "he" may be him.
    assert agreement_gender(Entity(id="E1", name="Jean-Jacques Muyembe", type="person")) is None
    assert agreement_gender(Entity(id="E2", name="Jean Porter", type="person")) == "female"
    assert agreement_gender(Entity(id="E3", name="Jean Porter", type="person", gender="male")) == "male"
