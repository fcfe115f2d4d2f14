"""Documents and spokespeople speak for their issuer.

- the issuer named with the document: "a statement released by Number 10", "RIAA's take-down
  notice", "according to data from the Gun Violence Archive", "a Downing Street spokesman" (a
  spokesman, a report or a campaign speaks for a body, never for a person: "the Biden campaign" is
  not Joe Biden). Not whoever else the phrase names: "a statement posted to his Twitter account"
  is not Twitter's, "the statement, obtained by Variety" not Variety's;
- a definite document ("the statement", "the ruling") is the one met last, whose issuer is the
  doer of the verb that issued it ("Facebook released a statement"), the subject it was
  delivered in ("Trump, in a statement delivered via the press secretary, announced"), the speaker
  of an earlier quotation it was the source of, or the doer of the verb it names ("The court
  ruled ... According to the ruling");
- an indefinite one with no issuer named ("a spokesman said", "according to a statement") is no
  one the article names, unless it reports what someone told ("X told reporters ..., according
  to a transcript": X's).

A possessive pronoun names a document's issuer ("its annual report"), not a body's or a
spokesperson's: "his office said" is an unnamed body speaking for him.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Token

from ...record import Entity
from ..cues import cue_entry
from .antecedents import pronouns
from .context import COLLECTIVE_TYPES, NOBODY, ArticleContext, Source, Verdict
from .nouns import (
    document_kind,
    is_collective_noun,
    is_definite,
    is_document,
    is_person_noun,
    is_plural,
    issued_nouns,
    issuing_verbs,
    lemma,
    nouns_by_issuing_verb,
)
from .profiles import describe

# Prepositions whose object issued the document they follow: "a report from the ministry", "a
# spokesman for Stagecoach".
_FROM = frozenset({"from", "of", "for"})
# Prepositions whose object is the document a statement was made in: "said in a statement".
_THROUGH = frozenset({"in", "via", "through"})


def document(source: Source, context: ArticleContext) -> Verdict:
    """The issuer of a document or spokesperson source, or no one when the article does not say."""
    head = source.head
    if head.lower_ == "it" and _read_out(source):
        # "The federation released a statement. It read, "..."": the document met last.
        noun = context.documents.last_noun_before(head)
        return context.documents.issuer_of(noun) if noun is not None else None
    if not is_document(head):
        return None
    named = named_issuer(head, context)
    if named is not None:
        return named
    if not is_person_noun(head) and any(_named_by(slot, context) is not None
                                        for slot in _issuer_slots(head) if slot.pos_ != "PRON"):
        # "The Clinton campaign said": a body the article names only by a person it is not; no earlier
        # campaign's issuer ("the Trump campaign").
        return NOBODY
    if is_definite(head):
        # "the campaigns agree": several bodies, not the one met last.
        return None if is_plural(head) and is_collective_noun(head) else context.documents.earlier_issuer(head)
    return _teller(head, context) or NOBODY


def _read_out(source: Source) -> bool:
    """Whether the source's cue is one only a document reports with ("read")."""
    candidate = source.candidate
    if candidate is None or candidate.cue_token is None:
        return False
    entry = cue_entry(source.head.doc[candidate.cue_token])
    return entry is not None and entry.subjects == "document"


def _teller(noun: Token, context: ArticleContext) -> Entity | None:
    """Who the document reports telling: "Netanyahu told settler leaders the plan would go ahead,
    according to a statement" is Netanyahu's, whoever wrote the statement down."""
    preposition = noun.head
    if noun.dep_ != "pobj" or preposition.head.lower_ != "according":
        return None
    verb = preposition.head.head
    if verb.dep_ == "ccomp" and cue_entry(verb) is None:
        verb = verb.head  # "told party members the tax would be scrapped, according to ..."
    entry = cue_entry(verb)
    if entry is None or entry.cls != "speech":
        return None
    subject = next((child for child in verb.children if child.dep_ == "nsubj"), None)
    return context.name_at(subject) if subject is not None else None


def named_issuer(noun: Token, context: ArticleContext) -> Entity | None:
    """The issuer the document's own phrase names: by whom it was released, whose it is, where it is
    from, or the name it is compounded with, in that order; of the type the noun allows."""
    allowed = issued_nouns()[lemma(noun)].issuer
    for slot in _issuer_slots(noun):
        if slot.pos_ == "PRON" and (is_collective_noun(noun) or is_person_noun(noun)):
            continue  # "his office said", "her spokesman said": a body speaking, unnamed
        entity = _named_by(slot, context)
        if entity is not None and (allowed == "any" or entity.type in COLLECTIVE_TYPES):
            return entity
    return None


def _issuer_slots(noun: Token) -> list[Token]:
    by, possessors, origins, compounds = [], [], [], []
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            by.extend(_objects(child))
        elif child.dep_ == "acl" and child.lemma_.lower() in issuing_verbs():
            for agent in child.children:
                if agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ == "by"):
                    by.extend(_objects(agent))
        elif child.dep_ == "poss":
            possessors.append(child)
        elif child.dep_ == "prep" and child.lower_ in _FROM:
            origins.extend(_objects(child))
        elif child.dep_ == "compound":
            compounds.append(child)
    return by + possessors + origins + compounds


def _objects(preposition: Token) -> list[Token]:
    return [child for child in preposition.children if child.dep_ == "pobj"]


def _named_by(token: Token, context: ArticleContext) -> Entity | None:
    """The entity a name at `token` stands for ("the Home Office", "ABC" in "ABC Australia"), or
    the issuer of a document or office there ("Erdogan's office"), or the one a definite
    description there fits ("the ministry"); an office named in apposition is its holder ("Defense
    Department chief of staff Jeremy Bash" is Bash, not the department)."""
    if token.pos_ == "NOUN":
        holder = next((e for c in token.children if c.dep_ == "appos" and (e := context.name_at(c)) is not None
                       and e.type == "person"), None)
        if holder is not None:
            return holder
    named = {e.id: e for t in (token, *(c for c in token.children if c.dep_ == "compound"))
             if (e := context.name_at(t)) is not None and not _where_not_who(t, token, e)}
    if named:
        return next(iter(named.values())) if len(named) == 1 else None
    if token.pos_ == "PRON" and token.lower_ in pronouns():  # "his statement", "its report"
        found = context.antecedents.resolve(token)
        return found if isinstance(found, Entity) else None
    if is_document(token):
        return named_issuer(token, context)
    if is_definite(token) and (token.pos_ == "NOUN" or is_person_noun(token)):  # "the Pope" is tagged PROPN
        return context.profiles.holder(describe(token))
    return None


def _where_not_who(name: Token, token: Token, entity: Entity) -> bool:
    """A place compounded with a common noun says where, not who: "reports from Omsk hospital" are
    the hospital's, which the article does not name."""
    return name is not token and entity.type == "place" and token.pos_ == "NOUN"


def _whose_unnamed(noun: Token) -> bool:
    """ "her campaign", "his office": a body of someone's the article does not name, and the one a
    later "the campaign" means, not an older one named further back."""
    return any(child.dep_ == "poss" and child.pos_ == "PRON" for child in noun.children)


class Documents:
    """The article's mentions of documents and spokespeople, and of verbs that issue a document
    ("ruled"), outside quotation marks, by kind ("statement", "ruling") in text order."""

    def __init__(self, context: ArticleContext) -> None:
        self.context = context
        self.by_kind: dict[str, list[Token]] = {}
        for token in context.doc:
            kind = document_kind(token) if is_document(token) else (
                nouns_by_issuing_verb().get(lemma(token)) if token.pos_ == "VERB" else None)
            if kind is not None and not context.quoted(token):
                self.by_kind.setdefault(kind, []).append(token)
        # What each definite document met so far refers back to: a chain of "the statement"s is
        # followed once, not once per link.
        self._referred: dict[int, Verdict] = {}

    def earlier_issuer(self, noun: Token) -> Verdict:
        """The issuer of the document `noun` ("the statement") refers back to: the last one met of
        that kind whose issuer is known; an earlier "the statement" passes the question on, an
        earlier "a statement" with no issuer ends it."""
        if noun.i in self._referred:
            return self._referred[noun.i]
        found = self.by_kind.get(document_kind(noun), [])
        passed = [noun.i]
        verdict: Verdict = None
        for k in range(bisect_left(found, noun.i, key=lambda t: t.i) - 1, -1, -1):
            earlier = found[k]
            if earlier.i in self._referred:
                verdict = self._referred[earlier.i]
                break
            if earlier.pos_ == "VERB":
                verdict = self._subject_of(earlier)
                if verdict is not None:
                    break
                continue
            if earlier.tag_ == "NNS":
                continue
            verdict = self.issuer_of(earlier)
            if verdict is not None:
                break
            if not is_definite(earlier) or _whose_unnamed(earlier):
                verdict = NOBODY
                break
            passed.append(earlier.i)
        for i in passed:
            self._referred[i] = verdict
        return verdict

    def last_noun_before(self, token: Token) -> Token | None:
        """The document noun met last before `token`, in its sentence or the one before."""
        sentence = token.sent
        earliest = token.doc[sentence.start - 1].sent.start if sentence.start > 0 else 0
        nouns = [t for found in self.by_kind.values() for t in found
                 if t.pos_ != "VERB" and earliest <= t.i < token.i]
        return max(nouns, key=lambda t: t.i) if nouns else None

    def issuer_of(self, noun: Token) -> Verdict:
        """Who issued the document at `noun`, by what the article says around it."""
        said = self.context.verdict_at(noun)
        if said is not None:
            return said
        verb = noun.head
        issued = lemma(verb) in issuing_verbs()
        if issued and noun.dep_ == "nsubjpass" and (sender := self._subject_of(verb)) is not None:
            # "The email, released by Judicial Watch, was sent ... by Jeremy Bash": the clause says
            # who issued it; a participle beside the noun may name who published it later
            return sender
        named = named_issuer(noun, self.context)
        if named is not None:
            return named
        if issued and noun.dep_ == "dobj":
            return self._subject_of(verb)  # "Facebook released a statement"
        if noun.dep_ == "pobj" and verb.lower_ in _THROUGH and verb.head.pos_ in ("VERB", "AUX"):
            return self._subject_of(verb.head)  # "Trump, in a statement ..., announced"
        return None

    def _subject_of(self, verb: Token) -> Entity | None:
        """Who did `verb`: its subject, or in the passive its agent ("was released by Number 10")."""
        doers = [pobj for child in verb.children if child.dep_ == "agent" for pobj in _objects(child)]
        doers += [child for child in verb.children if child.dep_ == "nsubj"]
        return _named_by(doers[0], self.context) if doers else None
