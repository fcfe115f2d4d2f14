"""Cues: the reporting verb phrase of an attribution ("has also said", "pointed out", "according to").

Which lemmas count is data (data/cues.tsv); how a cue's span is drawn follows the PARC/PolNeAR
convention: auxiliaries, negation and adverbs right before the verb, a particle after it, and a
colon that introduces the quotation.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Token

from .. import lexicons
from ..nlp import sentence_of

_CUE_POS = frozenset({"VERB", "AUX"})
_LEFT_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})
# Adverbs that belong to the cue ("also said", "repeatedly warned") but not time or place adverbs,
# which PolNeAR leaves out.
_CUE_ADVERB_STOP = frozenset({"when", "where", "then", "now", "today", "yesterday", "however", "meanwhile",
                              "so", "thus", "therefore", "instead", "earlier", "why", "how"})
_CUE_ADVERBS = frozenset({"also", "later", "previously"})
# "goes on to say": at most this many tokens from the chain's first verb to the cue.
_MAX_CHAIN_GAP = 3


@dataclass(frozen=True, slots=True)
class Frame:
    """How a cue carries its content: a clause, an object, an infinitive or a prepositional object."""

    kind: str  # clause | object | xcomp | prep
    prepositions: frozenset[str] = frozenset()
    # a person as the object only with what is said of them ("object:predicate"): "called Trump a liar", not
    # "called Trump"
    predicate: bool = False


@dataclass(frozen=True, slots=True)
class CueEntry:
    lemma: str
    cls: str  # speech | cognition | evidence | stance | intention
    frames: tuple[Frame, ...]
    subjects: str = ""  # "" (anyone) or "document": only a document reports with this verb ("read")

    def allows(self, kind: str) -> bool:
        return any(f.kind == kind for f in self.frames)


def _frame(text: str) -> Frame:
    kind, _, preps = text.partition(":")
    if kind == "object":
        return Frame(kind, predicate=preps == "predicate")
    return Frame(kind, frozenset(preps.split("|")) if preps else frozenset())


@cache
def lexicon() -> dict[str, CueEntry]:
    """lemma (with its particle, "point out") -> entry, from data/cues.tsv."""
    return {
        row[0]: CueEntry(row[0], row[1], tuple(_frame(f) for f in row[2].split(",")), row[3] if len(row) > 3 else "")
        for row in lexicons.table("cues.tsv")
        if len(row) >= 3
    }


@cache
def _document_nouns() -> frozenset[str]:
    return lexicons.word_list("document_nouns.txt")


def _reports_with(entry: CueEntry, token: Token) -> bool:
    """Whether `token`'s subject may report with `entry`: a document for "read" ('The decree read
    "..."', 'a sign reading "..."', 'a statement which read'); anyone for the others."""
    if entry.subjects != "document":
        return True
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or (subject.lower_ in ("which", "that") and token.dep_ == "relcl"):
        subject = token.head if token.dep_ in ("relcl", "acl") else subject
    subject = subject or inverted_document(token)
    # "It read, "..."": what reads out a clause or a quotation is a document, whatever "it" is.
    return subject is not None and (subject.lemma_.lower() in _document_nouns() or subject.lower_ == "it")


def inverted_document(verb: Token) -> Token | None:
    """'"...," read the statement': with the quotation before it and no subject, the parser takes
    the document after the verb for its object. It is the verb's inverted subject when it is a
    document and what the verb reports (a clause) comes before the verb."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    doc = verb.doc
    # '"...", read the warning': the parser may also hang the verb from the quotation's.
    after_quotation = verb.i >= 2 and doc[verb.i - 1].text == "," and doc[verb.i - 2].is_quote
    if not after_quotation and not any(c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in verb.children):
        return None
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    return obj if obj is not None and obj.lemma_.lower() in _document_nouns() else None


def particle(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ == "prt"), None)


_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "VBN", "VBG", "VB"})


def may_be_cue(pos: str, tag: str) -> bool:
    """Whether a token with this part of speech and tag can be a reporting verb at all."""
    return pos in _CUE_POS or tag in _VERB_TAGS


def cue_entry(token: Token) -> CueEntry | None:
    """The lexicon entry when `token` is a reporting verb, else None."""
    if not may_be_cue(token.pos_, token.tag_):
        return None
    lemma = token.lemma_.lower()
    # Most verbs head no phrasal entry: their children need not be searched for a particle.
    prt = particle(token) if lemma in _phrasal_lemmas() else None
    if prt is not None and f"{lemma} {prt.lower_}" in lexicon():
        return lexicon()[f"{lemma} {prt.lower_}"]
    entry = lexicon().get(lemma)
    return entry if entry is None or _reports_with(entry, token) else None


@cache
def reporting_lemmas() -> frozenset[str]:
    """Every lemma `cue_entry` can accept (see `nlp.tokens_where`)."""
    return frozenset(lexicon()) | _phrasal_lemmas()


@cache
def _phrasal_lemmas() -> frozenset[str]:
    """The verbs of the lexicon's phrasal entries ("point" of "point out")."""
    return frozenset(key.partition(" ")[0] for key in lexicon() if " " in key)


def _chain_head(token: Token) -> Token:
    """The verb a cue hangs from as an infinitive or gerund of a verb of manner ("goes on to say",
    "began by saying", "tried to explain"): PolNeAR's cue starts there."""
    head = token.head
    if token.dep_ == "pcomp" and head.pos_ == "ADP" and head.lower_ == "by":
        head = head.head
    elif token.dep_ != "xcomp":
        return token
    lemma = head.lemma_.lower()
    if head.i < token.i and token.i - head.i <= _MAX_CHAIN_GAP and lemma in _chain_verbs():
        return head
    return token


@cache
def _chain_verbs() -> frozenset[str]:
    return lexicons.word_list("cue_chain_verbs.txt")


def cue_bounds(token: Token) -> tuple[int, int]:
    """Token bounds [start, end) of the cue phrase around reporting verb `token`.

    Auxiliaries, negation and cue adverbs before it ("has also said"), a particle and an
    introducing colon after it. Time, place and venue
    modifiers stay out ("said [on Tuesday] [in an interview]"): PolNeAR leaves them out more often
    than not.
    """
    doc: Doc = token.doc
    first = _chain_head(token)
    start = first.i
    sentence_start = sentence_of(token).start
    while start > sentence_start:
        previous = doc[start - 1]
        attached = previous.head.i == first.i
        auxiliary = attached and previous.dep_ in _LEFT_DEPS and previous.lower_ not in _CUE_ADVERB_STOP
        adverb = attached and previous.tag_ == "RB" and previous.lower_ in _CUE_ADVERBS
        if auxiliary or adverb or previous.dep_ == "neg":
            start -= 1
        else:
            break
    end = token.i + 1
    while end < len(doc) and doc[end].head.i == token.i and doc[end].dep_ == "prt":
        end += 1
    end = _extension_end(token, end)
    if end < len(doc) and doc[end].text == ":":
        end += 1
    return start, end


@cache
def _extensions() -> dict[str, frozenset[str]]:
    return {row[0]: frozenset(row[1].lower().split("|")) for row in lexicons.table("cue_extensions.tsv")}


def _extension_end(verb: Token, end: int) -> int:
    """Past "in a statement", "on Facebook", "of" right after the verb (data/cue_extensions.tsv)."""
    doc = verb.doc
    if end >= len(doc) or doc[end].head.i != verb.i or doc[end].dep_ != "prep":
        return end
    objects = _extensions().get(doc[end].lower_)
    if objects is None:
        return end
    if "*" in objects:
        return end + 1
    pobj = next((c for c in doc[end].children if c.dep_ == "pobj"), None)
    if pobj is not None and pobj.lemma_.lower() in objects and pobj.right_edge.i == pobj.i:
        return pobj.i + 1
    return end
