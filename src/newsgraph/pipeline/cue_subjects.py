"""Who an attribution's cue speaks through: the subject of a reporting verb (a passive's agent, a
shared subject, the speaker after a fronted participle phrase) and the bounds of the source phrase
as PolNeAR draws it (relative clauses in, participle phrases and datelines out)."""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span, Token

from .. import lexicons
from ..nlp import doc_text, sentence_of
from .candidates import Offsets, token_end, trim
from .cues import inverted_document
from .roles import titles

SUBJECT_DEPS = ("nsubj", "nsubjpass")
_SHAREDSUBJECT_DEPS = ("conj", "advcl", "xcomp", "pcomp")
_SPEAKING_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_PERSONAL = frozenset({"he", "she", "they", "we", "i", "it", "who"})
PARTICIPLES = ("VBG", "VBN")
_FRONTED_DEPS = ("advcl", "nsubj", "csubj")


def cue_subject(verb: Token, *, shared: bool = False) -> Token | None:
    """The verb's grammatical subject; for a coordinated verb without one ("but insisted"), its head's
    (`shared`: the head lends it)."""
    if names_without_reporting(verb):
        return _agent(verb)  # "a programme called ...", "a letter posted online by ..."
    subjects = [child for child in verb.children if child.dep_ in SUBJECT_DEPS]
    if subjects:
        # 'BUFFALO, N.Y. — "...," said Mary Jones': the parser can take a dateline for a second
        # subject; the speaker is the one nearest the verb.
        subject = min(subjects, key=lambda child: abs(child.i - verb.i))
        if subject.i > verb.i:
            subject = _phrase_head(_hyphenated_parts(subject))
        subject = _person_before_campus(subject)
        if subject.tag_ in PARTICIPLES:
            # "Speaking to Reuters, ..., Jane Porter, said": the parser took the phrase for the subject.
            subject = _subject_after_fronted_phrase(verb) or subject
        if subject.dep_ != "nsubjpass":
            return subject
        # "Staff were told by their managers that...": a passive's agent speaks, its subject listens;
        # so does the agent of a passive that lends its subject ("were described by Johnson as a
        # mandate, saying"), unless it is no one ("were angered by the deal and predicted").
        agent = _agent(verb)
        return agent if agent is not None and (not shared or may_speak(agent)) else subject
    agent = _agent(verb)
    if agent is not None:
        return agent
    fronted = _subject_after_fronted_phrase(verb) or inverted_document(verb)
    if fronted is not None:
        return fronted
    # "but insisted that...", "..., saying that...", "is correct to note that...", "distanced himself
    # by saying...": the subject is the governing verb's.
    head = verb.head
    if verb.dep_ == "pcomp" and head.pos_ == "ADP":
        head = head.head
    if verb.dep_ in _SHAREDSUBJECT_DEPS and head.pos_ in ("VERB", "AUX") and head.i != verb.i:
        return cue_subject(head, shared=True)
    # "the share of Republicans saying that...": the noun the participle describes.
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in ("NOUN", "PROPN"):
        return head
    return None


@cache
def _speaker_nouns() -> frozenset[str]:
    """Nouns that name someone who speaks: offices and titles, bodies and groups of people, and
    documents speaking for an issuer."""
    return titles() | lexicons.word_list("speaker_nouns.txt") | lexicons.word_list("document_nouns.txt")


def may_speak(subject: Token) -> bool:
    """A person, an organisation or a document: a name in the subject's phrase, a personal or
    relative pronoun, or an office or document noun at its head ("the minister", "the statement")."""
    if subject.lower_ in _PERSONAL or subject.lemma_.lower() in _speaker_nouns():
        return True
    return any(token.ent_type_ in _SPEAKING_LABELS for token in subject.subtree)


def _person_before_campus(subject: Token) -> Token:
    """'Jane Doe of the University of California, Los Angeles disagreed': the parser takes the campus's
    city for the verb's subject. A name right after an organisation's and a comma, with no
    conjunction, is part of it (a campus); the subject is the person the organisation's phrase
    hangs from."""
    doc = subject.doc
    comma = subject.left_edge.i - 1
    if subject.pos_ != "PROPN" or comma < 1 or doc[comma].text != "," or doc[comma - 1].ent_type_ != "ORG":
        return subject
    token = doc[comma - 1]
    while token.dep_ in ("pobj", "prep", "compound") and token.head.i < token.i:
        token = token.head
    return token if token.ent_type_ == "PERSON" and token.i < comma - 1 else subject


def _subject_after_fronted_phrase(verb: Token) -> Token | None:
    """'Speaking to Reuters, the head of the league, Jane Porter, said ...': after a participle
    phrase opening the sentence, the parser can hang the speaker's phrase in apposition to the
    phrase's last noun and leave the verb without a subject. The speaker is then the appositive,
    set off by a comma, that ends right before the verb (its nearest name)."""
    doc = verb.doc
    before = verb.i - 1
    if before > 0 and doc[before].text == ",":
        before -= 1
    sentence = sentence_of(verb)
    for phrase in verb.lefts:
        if phrase.dep_ not in _FRONTED_DEPS or phrase.tag_ not in PARTICIPLES or phrase.i != clause_start(sentence):
            continue
        for token in doc[phrase.i + 1 : before + 1]:
            if (token.dep_ == "appos" and token.right_edge.i == before and token.head.i < token.i
                    and doc[token.left_edge.i - 1].text == ","):
                return token
    return None


def _agent(verb: Token) -> Token | None:
    """The object of a passive verb's "by" phrase."""
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def names_without_reporting(verb: Token) -> bool:
    """A past participle right after the noun it describes ("a programme called 'Bridges'", "a
    manifesto posted online"): it names or places something, it does not report anyone's words.
    The parser tags it VBD as often as VBN, and hangs it from the noun or from the clause's verb."""
    if verb.tag_ not in ("VBN", "VBD") or any(
            child.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for child in verb.children):
        return False
    if verb.dep_ in ("acl", "amod"):
        return verb.head.i < verb.i
    return verb.dep_ == "advcl" and verb.i > 0 and verb.doc[verb.i - 1].pos_ in ("NOUN", "PROPN")


def source_offsets(doc: Doc, subject: Token, verb: Token | None = None) -> Offsets:
    """The speaker's noun phrase as the parser draws it, relative clauses included (as PolNeAR
    marks them more often than not); an appositive source keeps its closing comma."""
    if verb is not None and _governs(subject, verb):
        # The cue hangs inside the speaker's phrase ("Republicans saying..."): stop at the noun.
        start, end = trim(doc_text(doc), subject.left_edge.idx, token_end(subject))
        return start, end
    start, end = _first_of_split_subject(subject).left_edge.idx, token_end(subject.right_edge)
    dash = _spaced_dash_before(subject)
    if dash is not None:
        start = doc[dash.i + 1].idx
    participle = _participle_after_comma(subject)
    if participle is not None:
        end = doc[participle.left_edge.i - 1].idx
    dateline = _DATELINE.match(doc_text(doc), start, end + 4)
    if dateline is not None and dateline.end() >= end and verb is not None and verb.idx > dateline.end():
        # The parser took the dateline for the subject: the speaker is what stands before the verb.
        start, end = dateline.end(), verb.idx
    elif dateline is not None and dateline.end() < end:
        start = dateline.end()
    start, end = trim(doc_text(doc), start, end)
    return with_closing_comma(doc, start, _past_a_dangling_and(doc, end))


def _past_a_dangling_and(doc: Doc, end: int) -> int:
    """A speaker's phrase never ends in "and": where the parser cut "said study co-author and Royal Society
    Research Fellow Martin How" after it, the capitalised words that follow are the rest of the phrase."""
    last = doc.char_span(end - 3, end) if end >= 3 else None
    if last is None or len(last) != 1 or last[0].lower_ != "and":
        return end
    following = last[0].i + 1
    while following < len(doc) and (doc[following].is_title or doc[following].is_upper) and not (
            doc[following].is_punct):
        following += 1
    return token_end(doc[following - 1]) if following > last[0].i + 1 else end


def _governs(head: Token, token: Token) -> bool:
    """Whether `head` is an ancestor of `token`. A subtree lies within its edges, so a token outside
    them is answered at once, without walking up a chain of clauses as deep as the sentence."""
    if not head.left_edge.i <= token.i <= head.right_edge.i:
        return False
    return head in token.ancestors


def _first_of_split_subject(subject: Token) -> Token:
    """The first of its verb's subjects that stand side by side with `subject` before it, joined by
    nothing but commas and unspaced hyphens: the parser can split one phrase into several subjects
    ("Park Ji-moon, the chairman of the league, vowed", "The union, parents and civic leaders have
    demanded", "Her ex-husband contended"). Not across a spaced dash or quotation mark (a dateline,
    a quotation before its cue: '"...", Kurtzer wrote'), nor to a clause or a participle phrase
    ("Speaking to reporters, ..."), nor to a word that is not a noun (", which critics say")."""
    if subject.head.text == "-" and subject.head.dep_ in SUBJECT_DEPS:
        subject = subject.head  # "said ex-minister Ted Scambos": the name hangs on the hyphen
    verb = subject.head
    if subject.dep_ in SUBJECT_DEPS and subject.i > verb.i:
        return _hyphenated_parts(subject)[0]
    if subject.dep_ not in SUBJECT_DEPS:
        return subject
    doc, first = subject.doc, subject
    earlier = sorted((c for c in verb.children if c.dep_ in SUBJECT_DEPS and c.i < subject.i), reverse=True)
    for other in earlier:
        # Only commas and hyphens join it to the next, and its phrase is a noun phrase holding no
        # other punctuation (not "The partner asked for X, but the commissioner stated ...").
        gap = doc[other.right_edge.i + 1 : first.left_edge.i]
        phrase = doc[other.left_edge.i : other.right_edge.i + 1]
        if other.pos_ not in ("NOUN", "PROPN") or not all(map(_joins, gap)) or any(
                token.pos_ in ("VERB", "AUX") or ((token.is_punct or token.is_quote) and not _joins(token))
                for token in phrase):
            break
        first = other
    return first


def _hyphenated_parts(subject: Token) -> list[Token]:
    """The subjects of `subject`'s verb that are parts of one word with it, split at unspaced
    hyphens ("said study co-author Ted Scambos": "co", "-" and "Scambos" each a subject after the
    verb), in order."""
    doc, verb = subject.doc, subject.head
    subjects = sorted((child for child in verb.children if child.dep_ in SUBJECT_DEPS), key=lambda t: t.i)

    def joined(left: Token, right: Token) -> bool:
        between = doc[left.right_edge.i + 1 : right.left_edge.i]
        # The hyphen may sit between them, be one of them, or open the later one's phrase
        # ("co" and "-author Jane Doe").
        return all(_hyphen(token) for token in between) and (
            bool(len(between)) or _hyphen(right) or _hyphen(left) or _hyphen(right.left_edge))

    k = subjects.index(subject)
    before, after = subjects[k - 1 :: -1] if k else [], subjects[k + 1 :]
    parts = [subject]
    for earlier in before:
        if not joined(earlier, parts[0]):
            break
        parts.insert(0, earlier)
    for later in after:
        if not joined(parts[-1], later):
            break
        parts.append(later)
    return parts


def _phrase_head(parts: list[Token]) -> Token:
    """The head of a subject split at hyphens: its last part, or, when that is the hyphen itself
    ("said ex-minister Ted Scambos": the name hangs on the "-"), the noun it carries."""
    last = parts[-1]
    if last.text != "-":
        return last
    nouns = [child for child in last.rights if child.pos_ in ("NOUN", "PROPN")]
    return nouns[0] if nouns else last


def _hyphen(token: Token) -> bool:
    """A hyphen inside a word: no space on either side."""
    return token.text == "-" and not token.whitespace_ and token.i > 0 and not token.doc[token.i - 1].whitespace_


def _joins(token: Token) -> bool:
    return token.text == "," or (token.text == "-" and not token.whitespace_)


_DASHES = frozenset({"-", "--", "—", "–"})


def _spaced_dash_before(subject: Token) -> Token | None:
    """The last dash set off by spaces between the start of the subject's phrase and its head
    ("... is also predictable - Tom Baker has vowed"): it breaks the sentence, and the parser can
    hang what stands before it from the subject after it."""
    doc = subject.doc
    for token in reversed(doc[subject.left_edge.i : subject.i]):
        if token.text in _DASHES and token.i > 0 and doc[token.i - 1].whitespace_ and token.whitespace_:
            return token
    return None


def _participle_after_comma(subject: Token) -> Token | None:
    """'Trump, speaking to a veterans group,' : PolNeAR leaves the participle out of the source
    (87 times in train, in 54)."""
    for child in subject.rights:
        if child.dep_ == "acl" and child.tag_ == "VBG" and child.left_edge.i > subject.i + 1 \
                and child.doc[child.left_edge.i - 1].text == ",":
            return child
    return None


# 'WASHINGTON -- ', 'FLINT, Mich., Oct. 4 (UPI) — ': a dateline the parser hangs from the subject or
# takes for it; never part of a source in PolNeAR's train.
_DATELINE = re.compile(r"[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+)*(?:,[^\n—–]{0,40}?)?[^\S\n]+(?:--|—|–|-)[^\S\n]+")


def with_closing_comma(doc: Doc, start: int, end: int) -> Offsets:
    """An appositive source ("the minister, Anne Martin,") keeps its closing comma, as PolNeAR
    marks it: the comma right after a source that holds a comma of its own."""
    text = doc_text(doc)
    if "," in text[start:end] and text[end : end + 1] == ",":
        end += 1
    return start, end


def clause_start(sentence: Span) -> int:
    """The first word of `sentence` after any opening punctuation."""
    return next((t.i for t in sentence if not (t.is_punct or t.is_space)), sentence.start)
