"""Titles, roles and honorifics around person names ("Foreign Secretary David Lammy", "Mark Rutte,
Nato's secretary general", "Mr Starmer"), and the office a role or a description names, so that
"Chelyabinsk's governor" and "Regional governor Boris Dubrovsky" can be compared (`Office`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from .. import lexicons
from ..names import fold, strip_possessive
from ..nlp import doc_text

# Words that qualify a title without being one ("former", "acting") are part of the role.
_ROLE_QUALIFIERS = frozenset({"former", "acting", "interim", "deputy", "incoming", "outgoing", "then", "then-",
                              "current", "new", "late", "veteran", "senior", "top", "chief", "shadow", "ex", "vice",
                              "presumptive"})
_MAX_TITLE_TOKENS = 5
_POSSESSIVE = re.compile(r"['’]s\b|(?<=s)['’](?=\s)")


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """A title or honorific right before a name; `start` is the first token of the whole phrase."""

    role: str | None
    gender: str | None
    start: int


@cache
def titles() -> frozenset[str]:
    return lexicons.word_list("titles.txt")


@cache
def honorifics() -> dict[str, str]:
    return {row[0].lower(): (row[1] if len(row) > 1 else "") for row in lexicons.table("honorifics.tsv")}


@cache
def surname_honorifics() -> frozenset[str]:
    """Honorifics that stand before a bare surname ("Mr Starmer", "Mme Spanton"), full stop or not."""
    marked = {row[0].lower() for row in lexicons.table("honorifics.tsv") if len(row) > 2 and row[2] == "surname"}
    return frozenset(marked | {h.rstrip(".") for h in marked})


@cache
def _name_titles() -> frozenset[str]:
    return lexicons.word_list("name_titles.txt")


def name_title(role: str) -> str | None:
    """The end of `role` that belongs to a name given alone ("Roman Catholic Pope" gives "Pope")."""
    words = role.split()
    for size in range(min(len(words), 2), 0, -1):
        if " ".join(words[-size:]).lower() in _name_titles():
            return " ".join(words[-size:])
    return None


@cache
def role_synonyms() -> dict[str, str]:
    return lexicons.mapping("role_synonyms.tsv")


def _phrase(doc: Doc, start: int, end: int) -> str:
    """`doc[start:end].text.lower()`, cut from the text: no Span built for each of the many
    lengths a title is tried at."""
    if end <= start:
        return ""
    last = doc[end - 1]
    return doc_text(doc)[doc[start].idx : last.idx + len(last)].lower()


def title_before(doc: Doc, name_start: int, *, nested: bool = False, of_entity: bool = True) -> TitleMatch | None:
    """The title or honorific that ends right before token `name_start`, with what qualifies it.

    "Ukraine's President Volodymyr Zelenskyy" gives role "Ukraine President"; "Mr Starmer" gives no
    role but gender "male"; "archbishop Monsenor Jorge Scheinig" role "archbishop" and gender
    "male"; "Mayor of London Sadiq Khan" role "Mayor of London"; a plural title counts ("officers
    Antoine Quirin and ..."). `nested`: a
    look further left from one of these, which looks no further (a chain of honorifics or of
    "of X" phrases costs one step, not one per link). `of_entity`: whether a title "of" a place or
    organisation counts ("Mayor of London Sadiq Khan"; not for "the Maryland Democratic Party").
    """
    best: tuple[int, str] | None = None
    for size in range(1, _MAX_TITLE_TOKENS + 1):
        start = name_start - size
        if start < 0 or (doc[start].is_sent_end and start < name_start - 1):
            break
        phrase = _phrase(doc, start, name_start)
        if phrase in honorifics() or phrase in titles():
            best = (start, phrase)
        elif size == 1 and doc[start].lemma_.lower() in titles():
            best = (start, doc[start].lemma_.lower())  # a plural title: "officers", "Presidents"
    if best is None:
        return _title_of_entity(doc, name_start) if of_entity and not nested else None
    start, phrase = best
    if phrase in honorifics():
        gender = honorifics()[phrase] or None
        earlier = title_before(doc, start, nested=True) if start > 0 and not nested else None
        if earlier is not None and earlier.role:
            return TitleMatch(earlier.role, gender, earlier.start)
        return TitleMatch(None, gender, start)
    title_start = start
    start = _extend_left(doc, start)
    role = _role_words(doc, start, name_start)
    plural = doc[title_start].text
    if phrase != plural.lower() and role.endswith(plural):  # a plural title given in the singular
        role = role[: len(role) - len(plural)] + plural[: len(phrase)]
    return TitleMatch(role, None, start)


def _title_of_entity(doc: Doc, name_start: int) -> TitleMatch | None:
    """A title "of", "to" or "for" a place or organisation right before the name ("Mayor of London
    Sadiq Khan", "Ambassador to the United Nations Nikki Haley")."""
    if name_start < 3:
        return None
    previous = doc[name_start - 1]
    if (previous.ent_type_ not in ("GPE", "ORG", "NORP", "LOC", "FAC") or not previous.is_alpha
            or previous.pos_ == "DET"):
        return None  # "President of the United States": the place itself is no one's name
    start = _entity_start(previous)
    if start > 0 and doc[start - 1].lower_ == "the":
        start -= 1
    if start < 2 or doc[start - 1].lower_ not in ("of", "to", "for"):
        return None
    title = title_before(doc, start - 1, nested=True)
    if title is None or title.role is None:
        return None
    return TitleMatch(_role_words(doc, title.start, name_start), None, title.start)


def _role_words(doc: Doc, start: int, end: int) -> str:
    """The role as written, without a leading article or possessives ("the Presidential Spokesperson")."""
    while start < end - 1 and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    return _without_possessives(doc[start:end].text)


def _extend_left(doc: Doc, start: int) -> int:
    """Take in qualifiers and the country or organisation of a title ("Nato's", "US", "former")."""
    while start > 0:
        previous = doc[start - 1]
        if previous.lower_ in _ROLE_QUALIFIERS or (previous.tag_ == "POS" and start >= 2):
            start -= 1
            continue
        if previous.pos_ == "ADJ" and previous.is_title and not previous.ent_type_:
            start -= 1  # a party the tagger did not name: "Libertarian presidential candidate Gary Johnson"
            continue
        if previous.ent_type_ in ("GPE", "ORG", "NORP") and previous.pos_ in ("PROPN", "ADJ", "NOUN"):
            start = previous.i if previous.ent_iob_ == "B" else _entity_start(previous)
            continue
        break
    return start


def _entity_start(token: Token) -> int:
    i = token.i
    while i > 0 and token.doc[i].ent_iob_ == "I":
        i -= 1
    return i


def is_role_phrase(text: str) -> bool:
    """True when `text` (a noun phrase without its article) names an office ("secretary general")."""
    words = text.lower().split()
    # Only the last words can be a title: joining every tail of a long phrase took time in the
    # square of its length.
    return any(" ".join(words[i:]) in titles() for i in range(max(0, len(words) - _longest_title()), len(words)))


@cache
def _longest_title() -> int:
    """The number of words of the longest title."""
    return max((len(title.split()) for title in titles()), default=0)


# After these words a role says whose office it is: "mayor of London", "CEO for Central Europe",
# "ambassador to the United Nations".
_OFFICE_PREPOSITIONS = frozenset({"of", "for", "at", "in", "to"})
# Words after a title that begin its remit, as a preposition does: "commissioner responsible for
# defence", "the official tasked with the inquiry".
_REMIT_WORDS = frozenset({"responsible", "charged", "tasked"})
_NOT_QUALIFIERS = frozenset({"the", "a", "an", "and", "this", "that", "its", "his", "her", "their"})


@cache
def _office_changing_words() -> frozenset[str]:
    return lexicons.word_list("office_changing_words.txt")


@dataclass(frozen=True, slots=True)
class Office:
    """The office a role or a description names: its title, normalised ("governor", "president-elect",
    "former vice president"), and the words that say whose office it is, folded ("chelyabinsk",
    "nato", "tesco")."""

    key: str
    qualifiers: frozenset[str]
    # The title as written too, when a synonym normalised it ("foreign minister": "the minister").
    written: str = ""

    def may_be(self, held: Office) -> bool:
        """Whether a description of this office may refer to the holder of `held`: the same title, or
        a more specific one ("the minister" for a foreign minister, never "the governor" for a deputy
        governor nor "the president" for a former vice president), with no qualifier of one
        contradicting the other's ("Austria's interior minister" is not Germany's)."""
        if self.key not in (held.key, held.written) and not any(
                title.endswith(" " + self.key) and not any(word in _office_changing_words()
                                                           for word in title[: -len(self.key)].split())
                for title in (held.key, held.written)):
            return False
        return not self.qualifiers or not held.qualifiers or share_a_word(self.qualifiers, held.qualifiers)


def share_a_word(first: frozenset[str], second: frozenset[str]) -> bool:
    return any(same_word(a, b) for a in first for b in second)


def same_word(a: str, b: str) -> bool:
    """Whether two folded words are one word, inflected or as an adjective ("emergencies" and
    "emergency", "Austria" and "Austrian", "Argentina" and "Argentine"): equal, or sharing all but
    their last three letters (at least four)."""
    if a == b:
        return True
    common = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return common >= max(4, min(len(a), len(b)) - 3)


def office_of(text: str) -> Office | None:
    """The office `text` names ("Chelyabinsk's governor", "the incoming president", "CEO of Tesco",
    "former US Vice President", "commissioner responsible for defence"), or None when it names none.

    The title is the longest one that ends the words before a preposition ("of", "for"...) or a remit
    ("responsible for"); the words before it that change the office ("deputy", "former") join it;
    capitalised words before it and the words after the preposition say whose office it is.
    """
    words = [strip_possessive(word.strip(",;:()")) for word in text.replace("’", "'").split()]
    words = [word for word in words if word]
    cut = next((i for i, word in enumerate(words) if i > 0 and word.lower() in _OFFICE_PREPOSITIONS | _REMIT_WORDS),
               len(words))
    head, tail = words[:cut], words[cut + 1 :]
    lowered = [word.lower() for word in head]
    for start in range(max(0, len(lowered) - _longest_title()), len(lowered)):
        phrase = " ".join(lowered[start:])
        if phrase in role_synonyms() or phrase in titles():
            break
    else:
        return None
    changing = " ".join(word for word in lowered[:start] if word in _office_changing_words())
    key, written = (f"{changing} {title}".strip() for title in (role_synonyms().get(phrase, phrase), phrase))
    qualifiers = {fold(word) for word in head[:start] if word[:1].isupper() and word.lower() not in _NOT_QUALIFIERS
                  and word.lower() not in _ROLE_QUALIFIERS}
    qualifiers |= {fold(word) for word in tail if word.lower() not in _NOT_QUALIFIERS | _OFFICE_PREPOSITIONS}
    return Office(key, frozenset(q for q in qualifiers if q), written)


def appositive_role(name: Span) -> str | None:
    """The office in an appositive: "Mark Rutte, Nato's secretary general," -> "Nato secretary general"."""
    root = name.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= name.end:
            phrase = root.doc[child.left_edge.i : child.right_edge.i + 1]
            if _ends_in_named_holder(phrase):
                continue  # "ISNA, the prosecutor general of Tehran, Ali Alghasi Mehr,": his office
            if phrase.root.lemma_.lower() in titles() or is_role_phrase(phrase.text):
                return _role_text(phrase)
    if root.dep_ == "appos" and root.head.i < name.start:
        head = root.head
        phrase = root.doc[head.left_edge.i : head.i + 1]
        if is_role_phrase(phrase.text):
            return _role_text(phrase)
    return None


def _ends_in_named_holder(phrase: Span) -> bool:
    """Whether a role phrase ends with ", NAME" of a person: the office is that person's."""
    words = [t for t in phrase if not t.is_punct]
    last = words[-1] if words else phrase[-1]
    if last.ent_type_ != "PERSON":
        return False
    start = _entity_start(last)
    return start > phrase.start and phrase.doc[start - 1].text == ","


def _role_text(phrase: Span) -> str:
    start = phrase.start + 1 if phrase[0].lower_ in ("the", "a", "an") else phrase.start
    return _without_possessives(phrase.doc[start : phrase.end].text)


def _without_possessives(text: str) -> str:
    """`Nato's secretary general,` -> `Nato secretary general`."""
    return " ".join(_POSSESSIVE.sub("", text).strip(" ,;:").split())
