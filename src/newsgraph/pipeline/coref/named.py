"""The precise passes: a source that names its speaker.

- a speaker label ("((Naomi Martisius))", an interview transcript's "MS") that the tagger found no
  name in;
- a person named with a title or in apposition, which wins over the organisation in the title
  ("African Export-Import Bank president Okey Oramah", "the director of Amnesty International,
  Mariela Belski,", also when a rule cut the source short: "WHO" of "WHO director-general Tedros
  Adhanom Ghebreyesus said");
- the name the source's head is ("Rutte", "the Kremlin"), the name after the noun describing it
  ("producer Who Gives a Crap"), the name it is introduced by ("a protester using the pseudonym
  Katya"), or a compound name the tagger split.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token

from ... import lexicons, names
from ...record import Entity, Mention
from .. import roles
from ..transcripts import is_transcript_rule
from .context import NOBODY, ArticleContext, Source, Verdict
from .nouns import (
    determiner,
    is_body_kind_noun,
    is_capitalised_person_noun,
    is_document,
    is_leader_named_body,
    is_person_noun,
    lemma,
)

# What may be introduced by a name: not a place ("a man named after Paris" is no one named).
_NAMED_TYPES = frozenset({"person", "organisation", "group", "outlet"})
# Tokens a title may follow inside a source without the name being another's: "the", "Presidential".
_BEFORE_TITLE_TAGS = frozenset({"DT", "JJ", "NNP", "NNPS", "POS", "HYPH", "PRP$"})


def speaker_label(source: Source, context: ArticleContext) -> Verdict:
    """A source the tagger found no name in that is still a name as the article spells it:
    '((Naomi Martisius))' heading an interview turn, or, labelling a transcript line, their
    initials ('MS'; elsewhere 'EU' is no one's initials); the surname of one person the article
    named in full ("Skelly called", "O’Donnell said" once the tagger missed them); an organisation's
    name as written ("Wealth-X says")."""
    if context.name_at(source.head) is not None:
        return None
    label = source.span.text.rstrip(" ,")
    transcript = source.candidate is not None and is_transcript_rule(source.candidate.rule)
    initials = label if transcript and 2 <= len(label) <= 4 and label.isalpha() and label.isupper() else None
    key = names.fold(label)
    named = context.people.named(key, initials)
    if not named and label[:1].isupper() and all(word[:1].isupper() for word in label.split()):
        named = context.people.by_surname.get(key, []) or context.people.bodies.get(key, [])
    if len(named) != 1:
        return None
    named[0].add_mention(Mention(source.span, "", "alias"))
    return named[0]


class People:
    """The article's people by the folded spellings of their names and aliases, by initials and by
    surname; and its organisations, outlets and groups by their names."""

    def __init__(self, entities: list[Entity]) -> None:
        self.by_name: dict[str, list[Entity]] = {}
        self.by_initials: dict[str, list[Entity]] = {}
        self.by_surname: dict[str, list[Entity]] = {}
        self.bodies: dict[str, list[Entity]] = {}
        for entity in entities:
            if entity.type not in _NAMED_TYPES:
                continue
            index = self.by_name if entity.type == "person" else self.bodies
            for key in {names.fold(n) for n in (entity.name, *entity.aliases)}:
                index.setdefault(key, []).append(entity)
            if entity.type == "person":
                self.by_initials.setdefault(names.initials(entity.name), []).append(entity)
                if len(words := entity.name.split()) > 1:
                    self.by_surname.setdefault(names.fold(words[-1]), []).append(entity)

    def named(self, key: str, initials: str | None) -> list[Entity]:
        """The people one of whose names folds to `key`, or whose initials are `initials`."""
        found = {id(e): e for e in self.by_name.get(key, [])}
        if initials is not None:
            found.update((id(e), e) for e in self.by_initials.get(initials, []))
        return list(found.values())


def titled_person(source: Source, context: ArticleContext) -> Verdict:
    """The one person the source names with a title ("Bank president Okey Oramah") or in apposition
    to a description ("the director of Amnesty International, Mariela Belski,"): the person, not
    the organisation whose office it is. A person named inside a phrase of the source ("a statement
    by Spokesperson Harry Roque", "the lawyer for Jane Doe") is not the speaker."""
    doc = source.head.doc
    found: dict[str, Entity] = {}
    for start, end, entity in context.names.within(source.span.start, source.reach):
        if entity.type != "person":
            continue
        name = doc.char_span(start, end, alignment_mode="expand")
        if name is None or (name.end < len(doc) and doc[name.end].tag_ == "POS"):
            continue  # "Jane Doe's lawyer"
        first = name.start
        if _titled_from_source(doc, first, source) or _in_apposition(doc, first, source):
            found[entity.id] = entity
    return next(iter(found.values())) if len(found) == 1 else None


def _titled_from_source(doc: Doc, first: int, source: Source) -> bool:
    """Whether the title before the name at token `first` begins in the source or right after it,
    not after a preposition ("by the Presidential Spokesperson Harry Roque")."""
    title = roles.title_before(doc, first)
    if title is None or title.role is None or not source.span.start <= doc[title.start].idx <= source.span.end + 1:
        return False
    i = title.start - 1
    while i >= 0 and doc[i].idx >= source.span.start and doc[i].tag_ in _BEFORE_TITLE_TAGS:
        i -= 1
    return not (i >= 0 and doc[i].idx >= source.span.start and doc[i].tag_ == "IN")


def _in_apposition(doc: Doc, first: int, source: Source) -> bool:
    """Whether the name at token `first` follows a description of a person and a comma inside the
    source: "the director of Amnesty International, Mariela Belski," (not "Smith, Jones and Brown")."""
    if first == 0 or doc[first - 1].text != "," or doc[first - 1].idx <= source.span.start:
        return False
    described = doc.char_span(source.span.start, doc[first - 1].idx, alignment_mode="expand")
    return described is not None and len(described) > 0 and described.root.pos_ == "NOUN" and is_person_noun(
        described.root)


def speaker_after_relay(subject: Token) -> Token:
    """'According to news agency ISNA, the prosecutor general, Ali Mehr, said ...': the parser can take
    the relay named after "according to" for the verb's subject, with the speaker in apposition to
    it. The speaker is that apposition, set off by commas, the innermost source, when it names or
    describes a person and the relay is none ("According to Attorney Jane Doe, the manifesto ..." is
    Jane Doe's; "According to NPR, former Vice President Joe Biden has won" is NPR's). The
    source phrase keeps both, as PolNeAR, which nests no attributions, marks it."""
    doc = subject.doc
    first = subject.left_edge.i
    if (first < 2 or doc[first - 1].lower_ != "to" or doc[first - 2].lower_ != "according"
            or subject.ent_type_ == "PERSON"):
        return subject
    for child in subject.rights:
        if (child.dep_ == "appos" and doc[child.left_edge.i - 1].text == "," and _closed_by_comma(child)
                and (child.ent_type_ == "PERSON" or is_person_noun(child))):
            return child
    return subject


def _closed_by_comma(phrase: Token) -> bool:
    last = phrase.right_edge.i
    return phrase.doc[last].text == "," or (last + 1 < len(phrase.doc) and phrase.doc[last + 1].text == ",")


def _names_something_else(place: Token) -> bool:
    """A place the parser made the source's head that only names what speaks: the first of places
    before a noun for people ("New Orleans and Jefferson Parish officials"), or a word of a longer
    name the tagger cut ("Sustainable Australia", a party: a capitalised word before it that is
    no name of its own)."""
    if any(child.dep_ == "conj" and child.pos_ == "NOUN" for child in place.children):
        return True
    doc = place.doc
    first = place.left_edge.i
    return any(not doc[k].ent_type_ and (
        (doc[k].pos_ == "PROPN" and doc[k].dep_ == "compound")
        or (doc[k].pos_ == "ADJ" and doc[k].is_title))  # "Sustainable"
               for k in range(first, place.i))


def head_name(source: Source, context: ArticleContext) -> Verdict:
    """The entity the source's head word names ("Rutte", "the Kremlin"); for a place named after
    an outlet or organisation, that one's edition or branch there ("CNN Philippines reported",
    "BBC Scotland said")."""
    named = context.name_at(source.head)
    if named is not None and named.type != "person" and is_capitalised_person_noun(source.head):
        return None  # "the Republican said": a description (of whom, the descriptions pass decides)
    if named is not None and named.type == "place" and _names_something_else(source.head):
        return NOBODY  # no later pass is to read a name out of it ("Jefferson Parish")
    if named is not None and named.type == "place":
        before = (context.name_at(child) for child in source.head.lefts if child.dep_ == "compound")
        return next((body for body in before if body is not None and body.type in ("outlet", "organisation")), named)
    return named


def apposition(source: Source, context: ArticleContext) -> Verdict:
    """The name in apposition to the source's head ("One news site, Znak.com,", "the French foreign
    minister, Anne Martin,"); not "the lead authors, Wilson and Hawco", which names several. A source
    that is itself the apposition ("Senator Harry Reid, the minority leader, said", where the parse
    gave the cue no subject and the source is the description) is the person it describes."""
    head = source.head
    # Only "the" and an office or person noun: "Clinton, a top aide said" and "her spokesman" are others.
    if (head.dep_ == "appos" and determiner(head) == "the" and is_person_noun(head) and not is_document(head)
            and (described := context.name_at(head.head)) is not None and described.type == "person"):
        return described
    for child in source.head.children:
        named = context.name_at(child) if child.dep_ == "appos" else None
        others = [c for c in child.children if c.dep_ == "conj" and context.name_at(c) is not named]
        if named is not None and not others:
            return named
    return None


def described_name(source: Source, context: ArticleContext) -> Verdict:
    """The name that ends the source right after the noun describing it ("toilet paper producer Who
    Gives a Crap said": a parse may read "Who" as a relative pronoun and leave the noun the head).
    Only capitalised words may stand between the noun and the name (a name cut short), never a
    preposition: "the lawyer for Jane Doe" is not Jane Doe."""
    head, doc = source.head, source.head.doc
    if head.pos_ != "NOUN" or head.idx + len(head.text) >= source.span.end:
        return None
    named = [(start, end, entity) for start, end, entity in context.names.within(head.idx + len(head.text),
                                                                                 source.span.end)]
    if len({entity.id for _, _, entity in named}) != 1 or source.span.end - named[-1][1] > 1:
        return None
    between = doc.char_span(head.idx + len(head.text), named[0][0], alignment_mode="expand")
    if between is None or not all(token.is_title or token.is_upper for token in between):
        return None
    return named[0][2]


def body_named_before(source: Source, context: ArticleContext) -> Verdict:
    """The organisation named before a noun for its kind ("the NHS agency", "The French Civil
    Security service", "the Kremlin press service"): every word between the determiner and the
    noun is that one organisation's name, or a noun of the kind ("press"). Not a person's ("the
    Trump administration") nor a place's ("the US embassy")."""
    head = source.head
    if not is_body_kind_noun(head) or is_leader_named_body(head):
        return None
    modifiers = [child for child in head.lefts if child.dep_ == "compound"]
    if not modifiers:
        return None
    named = {id(entity): entity for token in head.doc[modifiers[0].left_edge.i : head.i]
             if token.is_title or token.is_upper for entity in (context.name_at(token),)}
    body = next(iter(named.values())) if len(named) == 1 else None
    return body if body is not None and body.type in ("organisation", "outlet") else None


def body_of_its_leader(source: Source, context: ArticleContext) -> Verdict:
    """A body a person's possessive names ("Clinton's campaign", "Mr. Sanders's campaign"): the one
    the article names after that person elsewhere ("the Clinton campaign", an organisation of its
    own), when it does; else no one the article names."""
    head = source.head
    owner = next((child for child in head.children if child.dep_ == "poss"), None)
    if owner is None or not is_leader_named_body(head):
        return None
    person = context.name_at(owner)
    if person is None or person.type != "person":
        return None
    leader = {names.fold(person.name), names.fold(person.name.split()[-1])}
    bodies = {entity.id: entity for entity in context.record.entities
              if entity.type == "organisation" and len(words := entity.name.split()) > 1
              and words[-1].lower() == lemma(head) and names.fold(" ".join(words[:-1])) in leader}
    return next(iter(bodies.values())) if len(bodies) == 1 else None


def introduced_name(source: Source, context: ArticleContext) -> Verdict:
    """The name someone is introduced by in a clause on the source's head ("a protester named
    Katya", "a student using the pseudonym Mira", "a man who gave his name as Tom Reyes"): the one
    person or body named as the object of a naming verb, after a naming noun, or after "as" in a
    clause that names; not any name in the clause ("a nurse who treated Tom Reyes")."""
    found: dict[str, Entity] = {}
    for clause in source.head.children:
        if clause.dep_ not in ("acl", "relcl") or not any(
                token.lemma_.lower() in _naming_words() for token in clause.subtree):
            continue
        for token in clause.subtree:
            entity = context.name_at(token)
            if entity is None or entity.type not in _NAMED_TYPES or context.name_at(token.head) is entity:
                continue  # not a name, or not the word heading it
            first = token.i
            while first > 0 and context.name_at(token.doc[first - 1]) is entity:
                first -= 1
            if _introduces(token) or (first > 0 and token.doc[first - 1].lemma_.lower() in _naming_words()):
                found[entity.id] = entity  # the last: "the pseudonym Mira", whatever the parse
    return next(iter(found.values())) if len(found) == 1 else None


def _introduces(name: Token) -> bool:
    """Whether the name headed by `name` is what a naming clause calls someone: a naming verb's object
    ("named Katya"), in apposition to a naming noun ("the pseudonym Mira"), or after "as" ("gave his
    name as Tom")."""
    parent = name.head
    if name.dep_ in ("dobj", "oprd", "attr", "xcomp", "npadvmod", "appos", "compound"):
        return parent.lemma_.lower() in _naming_words()
    return name.dep_ == "pobj" and parent.lower_ == "as"


@cache
def _naming_words() -> frozenset[str]:
    return lexicons.word_list("naming_words.txt")


def split_name(source: Source, context: ArticleContext) -> Verdict:
    """A compound name the tagger split ("Foreign Secretary David Lammy"): the one person named
    inside the source whose name the head, a proper noun, ends."""
    head = source.head
    if head.pos_ != "PROPN" or not any(t.dep_ == "compound" for t in head.children):
        return None
    inside = {e.id: e for _, _, e in context.names.within(source.span.start, source.span.end) if e.type == "person"}
    return next(iter(inside.values())) if len(inside) == 1 else None


_NOT_WHO = frozenset({"GPE", "LOC", "FAC", "ORG"})


def relative_head(head: Token) -> Token:
    """"Rutte, who said...": the noun the relative pronoun stands for."""
    if head.lower_ in ("who", "which", "that") and head.head.dep_ == "relcl":
        noun = head.head.head
        if (head.lower_ == "who" and noun.ent_type_ in _NOT_WHO and noun.dep_ == "pobj"
                and noun.head.head.pos_ in ("NOUN", "PROPN")):
            # "Democrats on Capitol Hill, who have argued": the parse hangs the clause on the place;
            # "who" is the people the place is said of.
            noun = noun.head.head
        if head.lower_ == "who" and noun.dep_ == "appos" and noun.pos_ == "NOUN" and noun.head.pos_ == "PROPN":
            # "Alan Berger, a gynecologist from New Jersey, who said": the person the apposition describes.
            return noun.head
        return noun
    return head
