"""Descriptions: a definite description as a source ("the commissioner", "Chelyabinsk's governor",
"the 56-year-old", "the agency", "the emergencies ministry") goes to the one person or
organisation the article describes so (`profiles.Profiles.holder`), named before it or soon
after it; "the group", which fits any organisation, goes to the one last a subject nearby; "the Vermont
senator", which fits no one, to the person its sentence follows on from when a news writer's
variation on a name may be meant (`antecedents.Antecedents.topic`). An
indefinite one ("a minister", "one official") introduces someone new, and several ("the
defendants") are no one in particular: both stay null.
"""

from __future__ import annotations

from spacy.tokens import Token

from ...record import Entity, Mention
from ..name_spans import is_organisation_word
from .context import ORGANISATION_TYPES, ArticleContext, Source, Verdict
from .nouns import (
    determiner,
    is_company_noun,
    is_definite,
    is_generic_body_noun,
    is_plural,
    is_variation_noun,
    lemma,
)
from .profiles import Description, describe

# Words that make an office another than the one a person was named with.
_OTHER_OFFICE = frozenset({"deputy", "vice", "assistant", "associate", "shadow", "lieutenant", "under", "junior"})
_INDEFINITE = frozenset({"a", "an", "another", "one"})
_SAME_PEOPLE = frozenset({"nsubj", "nsubjpass", "poss", "compound", "appos", "ROOT"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def description(source: Source, context: ArticleContext) -> Verdict:
    head = source.head
    # An adjective may head a description too: "the 56-year-old said".
    if head.pos_ not in ("NOUN", "PROPN", "ADJ") or not is_definite(head) or is_plural(head):
        return None
    if _a_written_paper(head):
        return None
    described = describe(head)
    found = context.profiles.holder(described)
    if found is None and is_generic_body_noun(head):
        found = context.antecedents.nearest_body(head)
    if found is None and is_company_noun(head):
        found = _bare_named_body(context.antecedents.nearest_body(head))
    if (found is None and _varies_a_name(head, described) and not context.profiles.fits_anyone(described)
            and not _of_a_named_body(head, context)):
        found = context.antecedents.topic(head, described)
        if found is not None and not _named_before_the_noun(found, head, context):
            found = None
    if found is not None and context.mentions.at(source.span.start, source.span.end) is not found:
        found.add_mention(Mention(source.span, "", "description"))
    return found


def _varies_a_name(head: Token, described: Description) -> bool:
    """Whether the description may be a writer's variation on a name already given: "the" and a noun
    for a public figure ("the New York businessman", "the former secretary of state") that the article
    has not used before for someone else; not an office made another ("the vice president")."""
    if determiner(head) != "the" or not is_variation_noun(head):
        return False
    title = described.office.key.split() if described.office is not None else []
    if any(word in _OTHER_OFFICE for word in title[:-1]):
        return False
    return not any(lemma(token) == lemma(head) and _someone_else(token) for token in head.doc[: head.i])


def _named_before_the_noun(person: Entity, head: Token, context: ArticleContext) -> bool:
    """Whether `person` was in the story when the article first used the description for someone, if
    anyone was: "Trump and his supporters talk about the candidate's plan ... Trump called upon Mayor
    Bill de Blasio ... De Blasio disbanded the unit. '...,' the Republican presidential candidate
    said" is not de Blasio, named after "the candidate" was Trump. A writer keeps one description for
    one person; one that says more of someone else ("The Vermont senator" before "the Florida
    senator") was another description, and a first use before anyone is named ("Rivals say the
    freshman senator lacks experience") tells nothing."""
    words = _modifiers(head)
    first_use = next((token.idx for token in head.doc[: head.i] if lemma(token) == lemma(head)
                      and determiner(token) == "the" and _modifiers(token) <= words), head.idx)
    named_before = {entity.id for *_, entity in context.names.within(0, first_use) if entity.type == "person"}
    return not named_before or person.id in named_before


def _modifiers(noun: Token) -> set[str]:
    return {child.lower_ for child in noun.lefts if child.dep_ in ("amod", "compound", "nmod")}


def _of_a_named_body(head: Token, context: ArticleContext) -> bool:
    """Whether the description names an organisation after its noun ("the general secretary of the
    Royal College of Nursing"): the office is that body's, whoever was named before."""
    return any(token.i > head.i and (entity := context.name_at(token)) is not None
               and entity.type in ORGANISATION_TYPES for token in head.subtree)


def _someone_else(noun: Token) -> bool:
    """Whether an earlier use of the noun brought in someone besides the people the article goes on
    about: an indefinite one ("A New York judge has rejected ... The judge agreed"), or one done to
    that says whose or where it is ("Trump criticised the governor of Florida ... The governor
    offered"). A subject ("who say the freshman senator lacks experience"), a possessor ("the
    Republican nominee's disrespect"), a title ("Sen. Marco Rubio", whose profile a description would
    fit first) or a bare "the" noun done to ("advisers urged the candidate to dig in", "allies of the
    candidate") brought in no one new."""
    if noun.i + 1 < len(noun.doc) and noun.doc[noun.i + 1].text in _POSSESSIVE:
        return False  # a possessor the parse read otherwise ("is the candidate's first backer")
    if determiner(noun) in _INDEFINITE:
        return True
    if noun.dep_ in _SAME_PEOPLE:
        return False
    return determiner(noun) != "the" or _picked_out(noun)


def _picked_out(noun: Token) -> bool:
    """Whether a phrase or clause after the noun picks out whom it means ("the governor of Florida",
    "the judge who ruled"); a clause set off by a comma or dash says more of someone known ("the
    candidate - who has chafed at ...")."""
    return any(child.dep_ == "prep" or (child.dep_ in ("relcl", "acl") and not noun.doc[child.left_edge.i - 1].is_punct)
               for child in noun.rights)


def _a_written_paper(head: Token) -> bool:
    """"The research paper", "a scientific paper", and "the paper" after one: a study, not the
    paper that is a newspaper."""
    return lemma(head) == "paper" and any(
        lemma(token) == "paper" and any(child.dep_ in ("compound", "amod") and child.is_lower
                                        for child in token.children)
        for token in head.doc[: head.i + 1])


def _bare_named_body(body: Entity | None) -> Entity | None:
    """`body`, when its name says nothing of what kind of body it is ("Mattel", "Boeing"): "the
    company" after it is most likely it. Not "the Health Ministry" or "the Teachers' Union", whose
    name says otherwise (a company the article describes so is found by its profile first)."""
    if body is None or any(is_organisation_word(word) for word in body.name.split()):
        return None
    return body
