"""Identity keys of organisations, outlets, groups and places: which spellings may join an entity.

A key is a name folded (names.fold) with its known institution or place alias applied ("Number 10"
is "downing street") and, for organisations, a leading "the" and company suffixes removed
(`data/company_suffixes.txt`: "Apple Inc." and "Apple Computer" are "apple"), unless what would
be left is a country, a region or a generic word ("Australia Group", "News Corp" keep theirs).

An article's entity brings several spellings; each is stored as an alias of a kind (`aliases.kind`):

- `name`: the entity's own key, or a variant spelling of it ("Houthis", "Aadhar"): joins;
- `acronym`: an abbreviation of its name ("SIA" for Singapore Airlines): joins, and lets an entity
  known only by the acronym be merged into it (store/merges.py);
- `fragment`: a spelling whose words are part of the name's or contain them ("Amazon" beside
  "Amazon Web Services", "Court" beside "Supreme Court", "Ford" beside "Ford Australia"): a parent,
  a subsidiary or a truncation, never a key;
- `generic`: a generic word (`data/generic_names.txt`: "News", "Party"): never a key;
- `short`: another short form that does not abbreviate the name ("IRC" beside "Minetest"): never a key.

People are matched by name parts instead (store/identity.py); their aliases are all `name`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from ..company_names import is_generic, without_company_suffixes
from ..names import fold, is_abbreviation_of, is_short_form, known_alias

_PARENTHESIS = re.compile(r"^(?P<long>.*?\S)\s*\((?P<short>[^()]+)\)?$")
# The kinds of alias by which another article's entity may join (an SQL list).
JOINING_KINDS = "('name', 'acronym')"


@lru_cache(maxsize=1 << 16)  # bounded: a backfill meets millions of distinct names
def organisation_key(name: str) -> str:
    """The identity key of an organisation's (outlet's, group's) name."""
    known = known_alias(name)
    if known:
        return fold(known[0])
    words = fold(name).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(without_company_suffixes(words))


def place_key(name: str) -> str:
    """The identity key of a place's name: its usual name folded ("Kiev" is "kyiv")."""
    known = known_alias(name)
    return fold(known[0]) if known else fold(name)


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    """`part`'s words, singular or plural, stand together in the longer `words` ("Marine" in "US Marines")."""
    size = len(part)
    if not 0 < size < len(words):
        return False
    words, part = [_singular(w) for w in words], [_singular(w) for w in part]
    return any(words[i:i + size] == part for i in range(len(words) - size + 1))


def alias_kind(alias: str, alias_key: str, name: str, name_key: str) -> str:
    """How a spelling an article gives relates to the name it resolves the entity by (see above)."""
    if is_generic(alias_key):
        return "generic"
    if alias_key == name_key:
        return "name"
    alias_words, name_words = alias_key.split(), name_key.split()
    if _contains(alias_words, name_words) or _contains(name_words, alias_words):
        return "fragment"
    if len(name_words) > 1 and is_abbreviation_of(alias, name) and (
            is_short_form(alias) or (len(alias_words) == 1 and not _within_one_word(alias, name_words))):
        return "acronym"
    return "short" if is_short_form(alias) else "name"


def _parts(spelling: str) -> list[str]:
    """A spelling, or the long and short forms of "Singapore Airlines (SIA)" (also as a tagger cuts
    it: "National Hurricane Center (NHC"); words in brackets that do not abbreviate it are an
    apposition, not a name of it ("First Nations (Indigenous peoples)")."""
    match = _PARENTHESIS.match(spelling)
    if not match:
        return [spelling]
    short = match["short"].strip()
    return [match["long"], short] if is_abbreviation_of(short, match["long"]) else [match["long"]]


def _within_one_word(alias: str, words: Sequence[str]) -> bool:
    """The letters of `alias` all come from one of `words` ("Democrat" from "democratic")."""
    letters = [c for c in fold(alias) if c.isalnum()]
    for word in words:
        remaining = iter(word)
        if all(letter in remaining for letter in letters):
            return True
    return False


def article_names(name: str, aliases: Sequence[str], key_of: Callable[[str], str]) -> tuple[str, list[str]]:
    """(the spelling an article's entity is resolved by, every spelling it gives). The name, unless
    it is a generic word and exactly one longer spelling contains it ("News" called "E! News" is
    E! News); a parenthesised short form is a spelling of its own."""
    resolving = _parts(name)[0]
    spellings = list(dict.fromkeys(part for spelling in (name, *aliases) for part in _parts(spelling)))
    key = key_of(resolving)
    if is_generic(key):
        longer = {key_of(s): s for s in spellings
                  if _contains(key_of(s).split(), key.split()) and not is_generic(key_of(s))}
        if len(longer) == 1:
            resolving = next(iter(longer.values()))
    return resolving, spellings
