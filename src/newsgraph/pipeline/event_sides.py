"""The sides of a meeting or a pact that the parser separates: a subject of two titled names ("US President Jane
Roe and French President Jean Doe spoke on the phone": the parser hangs the first name inside the second's
title, and only the second is the subject) and a "between" whose second side comes after an aside ("a meeting
between Roe, claiming to represent the ministry, and Doe": the parser hangs "and Doe" on the verb). A "between"
always has two sides and a subject joined with "and" names all of its people, so the names the parse leaves
aside are read back, each a name the article's entities give."""

from __future__ import annotations

from spacy.tokens import Token

from .event_index import EntityIndex

# The links inside one noun phrase of names and titles; not prepositions or clauses, which name others.
_NAME_LINKS = frozenset({"compound", "appos", "conj", "cc", "amod", "nmod", "flat", "punct"})


def coordinated_names(head: Token, index: EntityIndex) -> list[tuple[str, Token]]:
    """The other people a person's phrase names with "and" that the parser hung inside it."""
    entity = index.at(head)
    if entity is None or index.types.get(entity) != "person":
        return []
    phrase, stack = [], [head]
    while stack:
        token = stack.pop()
        phrase.append(token)
        stack.extend(c for c in token.children if c.dep_ in _NAME_LINKS)
    if not any(t.dep_ == "cc" and t.lower_ == "and" for t in phrase):
        return []
    found: dict[str, Token] = {}
    for token in sorted(phrase, key=lambda t: t.i):
        other = index.at(token)
        if other is not None and other != entity and index.types.get(other) == "person":
            found.setdefault(other, token)
    return list(found.items())


def stray_side(side: Token, index: EntityIndex) -> list[tuple[str, Token]]:
    """The second side of "between" that the parser hung elsewhere: the next name of the first side's kind
    after it, joined with "and" and outside its phrase."""
    entity = index.at(side)
    kind = index.types.get(entity) if entity is not None else None
    if kind is None or side.conjuncts:
        return []
    inside = {t.i for t in side.subtree}
    for token in side.sent:
        if token.i <= side.i or token.i in inside or token.dep_ != "conj":
            continue
        other = index.at(token)
        joined = token.left_edge.i > 0 and token.doc[token.left_edge.i - 1].lower_ == "and"
        if other is not None and other != entity and index.types.get(other) == kind and joined:
            return [(other, token)]
    return []
