"""What the text says of a name's type: the evidence each mention brings to clustering's vote.

The tagger's label, a known alias, a title or an office in apposition, a noun for a person it stands
beside, a forename, the head word of an organisation or place, an outlet's context words ("according
to", "told"): each adds to `NameMention.votes`; `clusters.decide_type` adds them up per entity.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from .. import gazetteer, lexicons
from ..names import forename_gender, is_known_forename, is_known_outlet, is_place_name
from ..record import ArticleRecord, EntityType
from . import name_spans, roles
from .coref.nouns import is_common_person_noun, organisation_kinds, person_noun_gender
from .quotemarks import quote_marks

if TYPE_CHECKING:
    from .mentions import NameMention

LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "group",
}
_OUTLET_WORDS = frozenset({"magazine", "newspaper", "daily", "weekly", "tabloid", "broadcaster", "channel",
                           "radio", "podcast", "programme", "program", "show", "website", "paper", "news"})
_OUTLET_CONTEXT = ("interview with", "told", "speaking to", "spoke to", "talking to", "writing in", "wrote in",
                   "published by", "reported by", "according to", "appearance on", "broadcast on")
# Before a place: "in Allen, Texas", "from Marshall"; such a word is no one's surname there.
_LOCATIVE = frozenset({"in", "at", "near", "from", "outside", "across", "into", "towards", "toward", "around",
                       "throughout", "inside"})


def gather_evidence(doc: Doc, record: ArticleRecord, mention: NameMention, surnames: set[str]) -> None:
    """Add to `mention.votes` what the text says of the name; `surnames` are those of the people
    the tagger names in full, which one-word names after an outlet's context words stay."""
    votes = mention.votes
    if mention.label:
        votes[LABEL_TYPES.get(mention.label, "other")] += 1
    text = mention.span.text
    alias = mention.alias
    if alias is not None:
        votes[alias[1]] += 3
    if is_place_name(text):
        votes["place"] += 1.5
        if (mention.label == "PERSON" and _acts(doc[mention.root]) and _only_a_town(text)
                and not quote_marks(doc).inside(mention.span.start, mention.span.end)):
            # "Clinton said", "Clinton leaned in": a town has the name, but the tagger and the verb say
            # someone does something. Not a country or a capital ("Malawi confirmed its first cases"),
            # nor in someone's words, where the tagger errs more.
            votes["person"] += 1
    if is_known_outlet(text):
        votes["outlet"] += 1.5 if mention.label == "ORG" else 0.5
    parts = text.split()
    _vote_by_head_word(parts, votes)
    tokens = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    # "Mayor of London Sadiq Khan"; not "the chairwoman of the Maryland Democratic Party".
    of_entity = tokens is not None and name_spans.name_like(doc, tokens.start, tokens.end)
    # A known institution or outlet holds no title: "his official Twitter account".
    institution = (alias is not None and alias[1] != "place") or is_known_outlet(text)
    title = None if institution else roles.title_before(doc, mention.first_token, of_entity=of_entity)
    if title is not None:
        votes["person"] += 2.5
        mention.role = title.role
        mention.gender = title.gender
    if len(parts) > 1 and is_known_forename(parts[0]):
        votes["person"] += 1
        mention.forename_gender = forename_gender(parts[0])
    if len(parts) > 1 and title is None and parts[-1].lower() in lexicons.word_list("periodical_heads.txt"):
        votes["outlet"] += 2.5  # "described by Marine Bulletin as": a periodical, not a person
    known = alias is not None or is_known_outlet(text) or is_place_name(text)
    checked = tokens is not None and (mention.label == "PERSON" or not known)
    appositive = roles.appositive_role(tokens) if checked else None
    if appositive:
        # "Gáspár Maróth, the Hungarian Government commissioner": an office is held by a person,
        # whatever the tagger read and even after "an interview with".
        mention.role = mention.role or appositive
        votes["person"] += 2
    elif checked and (noun := _appositive_person_noun(tokens)) is not None:  # type: ignore[arg-type]
        # "his wife, Amanda,", "Amanda, his wife,": what the article calls her says person.
        votes["person"] += 2
        mention.gender = mention.gender or person_noun_gender(noun)
    kind = _kind_before(doc, mention.first_token)
    if kind is not None:
        # The article says what the name is: that outweighs the tagger's guesses on other mentions.
        votes[kind] += 4
    after = doc[mention.root + 1] if mention.root + 1 < len(doc) else None
    before = record.text[max(0, mention.span.start - 20) : mention.span.start].lower()
    if after is not None and after.lower_ in _OUTLET_WORDS and mention.label != "PERSON":
        votes["outlet"] += 2
    if (mention.label in ("ORG", "WORK_OF_ART") and before.rstrip().endswith(_OUTLET_CONTEXT)
            and not (len(parts) == 1 and mention.parts[0] in surnames)):
        votes["outlet"] += 2  # "according to Reuters"; not "according to Vaara" after "Ilkka Vaara"
    mention.locative = _placed(doc, mention)


def _only_a_town(name: str) -> bool:
    """Whether every place the name may be is a town or city that is no capital."""
    return all(reading.feature == "city" and not reading.capital for reading in gazetteer.readings(name))


def _acts(token: Token) -> bool:
    """Whether `token` is the subject of a verb of doing or saying ("Clinton said"), not of being."""
    return token.dep_ == "nsubj" and token.head.pos_ == "VERB"


def _appositive_person_noun(name: Span) -> Token | None:
    """The common noun for a person ("wife", "neighbour") that a name stands in apposition to, set
    off by a comma or right after a possessive: "his wife, Amanda,", "Amanda, his wife,", "his wife
    Mary". Not an office (`roles.appositive_role` reads those), nor one that names its own person
    ("the convention, Trump's brother Robert")."""
    root, doc = name.root, name.doc
    head = root.head
    if root.dep_ == "appos" and head.i < name.start and name.start > 0 and (
            doc[name.start - 1].text == "," or (head.i == name.start - 1 and _possessed(head))):
        nouns = [head]  # "his wife, Amanda,", "his wife Mary"
    elif name.end < len(doc) and doc[name.end].text == ",":
        nouns = [child for child in root.children if child.dep_ == "appos" and child.i > name.end
                 and not any(token.ent_type_ == "PERSON" for token in child.subtree)]
    else:
        return None
    return next((noun for noun in nouns if noun.pos_ == "NOUN" and is_common_person_noun(noun)), None)


def _possessed(noun: Token) -> bool:
    return any(child.dep_ == "poss" for child in noun.children)


def _kind_before(doc: Doc, first: int) -> EntityType | None:
    """What the noun right before the name at token `first` says it is: an organisation
    ("supermarket chains Woolworths and Coles", "carmaker Toyota"; also the second of two names
    joined by "and") or an outlet ("the news agency Fars", "the tabloid Bild")."""
    if first >= 3 and doc[first - 1].lower_ in ("and", "&") and doc[first].dep_ == "conj":
        head = doc[first].head  # "Woolworths" for "Coles" in "chains Woolworths and Coles"
        if head.i < first:
            first = head.i
            while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].is_title:
                first -= 1
    if first == 0:
        return None
    kind = doc[first - 1]
    if not (kind.is_lower and kind.pos_ == "NOUN"):
        return None
    if kind.lower_ in organisation_kinds():
        return "organisation"
    phrase = f"{doc[first - 2].lower_} {kind.lower_}" if first >= 2 else ""
    outlet_kinds = lexicons.word_list("outlet_kinds.txt")
    return "outlet" if kind.lower_ in outlet_kinds or phrase in outlet_kinds else None


def _vote_by_head_word(parts: list[str], votes: Counter[str]) -> None:
    """A name built on an organisation's head word ("Emergencies Ministry", "Ministry of Defence",
    "Amnesty International") or ending in a legal form ("Védelmi Ipari Kft.") is an organisation;
    one ending in a place's ("Karl Marx Avenue", "Trafalgar Square") a place."""
    if len(parts) < 2:
        return
    last = parts[-1].lower().rstrip(".")
    if last in name_spans.legal_suffixes():
        votes["organisation"] += 3
    elif name_spans.organisation_head_words(parts):
        votes["organisation"] += 2.5
    elif last in name_spans.place_heads():
        votes["place"] += 2.5


def _placed(doc: Doc, mention: NameMention) -> bool:
    """'in Allen', 'from Marshall', 'Allen, Texas': the text uses the word as a place."""
    first = mention.first_token
    if first > 0 and doc[first - 1].lower_ in _LOCATIVE:
        return True
    span = doc.char_span(mention.span.start, mention.span.end, alignment_mode="expand")
    after = span.end if span is not None else first + 1
    return (after + 1 < len(doc) and doc[after].text == ","
            and doc[after + 1].ent_type_ in ("GPE", "LOC") and is_place_name(doc[after + 1].text))
