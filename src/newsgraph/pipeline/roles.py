"""Titles, roles and honorifics around person names ("Foreign Secretary David Lammy", "Mark Rutte,
Nato's secretary general", "Mr Starmer").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from .. import lexicons
from ..names import strip_possessive

# Words that qualify a title without being one ("former", "acting") are part of the role.
_ROLE_QUALIFIERS = frozenset({"former", "acting", "interim", "deputy", "incoming", "outgoing", "then", "then-",
                              "current", "new", "late", "veteran", "senior", "top", "chief", "shadow", "ex"})
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
    return doc[start:end].text.lower() if end > start else ""


def title_before(doc: Doc, name_start: int) -> TitleMatch | None:
    """The title or honorific that ends right before token `name_start`, with what qualifies it.

    "Ukraine's President Volodymyr Zelenskyy" gives role "Ukraine President"; "Mr Starmer" gives no
    role but gender "male".
    """
    best: tuple[int, str] | None = None
    for size in range(1, _MAX_TITLE_TOKENS + 1):
        start = name_start - size
        if start < 0 or (doc[start].is_sent_end and start < name_start - 1):
            break
        phrase = _phrase(doc, start, name_start)
        if phrase in titles() or phrase in honorifics():
            best = (start, phrase)
    if best is None:
        return None
    start, phrase = best
    if phrase in honorifics():
        gender = honorifics()[phrase] or None
        return TitleMatch(None, gender, start)
    start = _extend_left(doc, start)
    return TitleMatch(_without_possessives(doc[start:name_start].text), None, start)


def _extend_left(doc: Doc, start: int) -> int:
    """Take in qualifiers and the country or organisation of a title ("Nato's", "US", "former")."""
    while start > 0:
        previous = doc[start - 1]
        if previous.lower_ in _ROLE_QUALIFIERS or (previous.tag_ == "POS" and start >= 2):
            start -= 1
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


def role_key(text: str) -> str | None:
    """The office a description names, normalised for matching: "the incoming president" -> "president-elect"."""
    lowered = " ".join(strip_possessive(w) for w in text.lower().replace("’", "'").split())
    for article in ("the ", "this ", "that "):
        if lowered.startswith(article):
            lowered = lowered[len(article) :]
    if lowered in role_synonyms():
        return role_synonyms()[lowered]
    words = lowered.split()
    for i in range(len(words)):
        tail = " ".join(words[i:])
        if tail in role_synonyms():
            return role_synonyms()[tail]
        if tail in titles():
            return tail
    return None


def appositive_role(name: Span) -> str | None:
    """The office in an appositive: "Mark Rutte, Nato's secretary general," -> "Nato secretary general"."""
    root = name.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= name.end:
            phrase = root.doc[child.left_edge.i : child.right_edge.i + 1]
            if phrase.root.lemma_.lower() in titles() or is_role_phrase(phrase.text):
                return _role_text(phrase)
    if root.dep_ == "appos" and root.head.i < name.start:
        head = root.head
        phrase = root.doc[head.left_edge.i : head.i + 1]
        if is_role_phrase(phrase.text):
            return _role_text(phrase)
    return None


def _role_text(phrase: Span) -> str:
    start = phrase.start + 1 if phrase[0].lower_ in ("the", "a", "an") else phrase.start
    return _without_possessives(phrase.doc[start : phrase.end].text)


def _without_possessives(text: str) -> str:
    """`Nato's secretary general,` -> `Nato secretary general`."""
    return " ".join(_POSSESSIVE.sub("", text).strip(" ,;:").split())
