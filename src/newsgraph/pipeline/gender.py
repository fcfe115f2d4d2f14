"""A person's gender, from the article's own evidence, and never guessed from weak evidence.

Evidence, strongest first (docs/sources.md, "Gender"):

1. an honorific before the name ("Mr", "Mrs", "Ms", "Sir", "Dame", "Señora": data/honorifics.tsv);
2. "he" or "she" when coreference tied the pronoun to the person (a quotation's source, "she said");
3. the forename, when the name lists give it strongly to one gender (names.forename_gender).

The first kind of evidence the article has decides; when that evidence disagrees with itself
("Mr" and "Mrs" on one cluster; "he" and "she" both tied to it) the gender stays unknown rather
than taking the majority. Pronouns are only looked at when the names and titles say nothing: the
coreference that tied them prefers antecedents by a likelier but weaker reading of forenames
(`agreement_gender`), and it is a heuristic.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc

from ..names import likely_forename_gender
from ..record import ArticleRecord, Entity
from ..settings import Settings
from .coref.antecedents import pronouns

GENDERS = ("male", "female")


def unanimous(evidence: Iterable[str | None]) -> str | None:
    """The one gender all the given evidence names, or None (none given, or it disagrees)."""
    found = {gender for gender in evidence if gender in GENDERS}
    return found.pop() if len(found) == 1 else None


def decide(titles: Iterable[str | None], forenames: Iterable[str | None]) -> str | None:
    """A cluster's gender from its mentions' honorifics, else from their strong forenames."""
    titles = [gender for gender in titles if gender in GENDERS]
    if titles:
        return unanimous(titles)
    return unanimous(forenames)


def pronoun_gender(entity: Entity, text: str) -> str | None:
    """The gender of the pronouns coreference tied to `entity`, when they all agree."""
    said = [pronouns().get(text[m.span.start:m.span.end].lower(), ("any", ""))[0]
            for m in entity.mentions if m.kind == "pronoun"]
    return unanimous(said) if all(gender in GENDERS for gender in said) else None


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """People whose names and titles say nothing take the gender of the pronouns tied to them."""
    for entity in record.entities:
        if entity.type == "person" and entity.gender is None:
            entity.gender = pronoun_gender(entity, record.text)  # type: ignore[assignment]


def agreement_gender(entity: Entity) -> str | None:
    """The gender coreference checks a pronoun against: the decided one, else the forename's likely one."""
    if entity.gender is not None or entity.type != "person":
        return entity.gender
    # The first word as written, as mentions.py reads forenames: "Jean-Jacques" is not "Jean".
    words = entity.name.split()
    return likely_forename_gender(words[0]) if len(words) > 1 else None
