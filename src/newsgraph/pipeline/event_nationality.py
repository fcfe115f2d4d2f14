"""A nationality adjective that stands for its country in an event's target: "expelled the Libyan ambassador"
(an envoy is coded as the country it represents, as the annotation guidelines code delegations;
data/event_envoy_nouns.txt) and "alleged Iranian involvement" (what is said of a country's act is aimed at the
country). The adjective is read as its country through countryinfo's demonyms, and the country must be one the
article names (its place entity); people described by nationality ("Ukrainian refugees") stay described."""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from ..lexicons import word_list
from .event_args import Arguments
from .event_groups import is_doer
from .event_index import EntityIndex

# Events between parties: "the Turkish-Libyan agreement", "Sino-Russian talks" name them by nationality.
_BETWEEN = frozenset({"AGREE", "CONSULT"})
# Events of words said about someone: what they say of a country's act is aimed at the country.
_SAID_OF = frozenset({"ACCUSE", "SUPPORT", "REJECT"})


@cache
def _countries() -> tuple[tuple[str, str, str, int], ...]:
    """(ISO 3166-1 alpha-2 code, name, demonym, population) of every country countryinfo knows."""
    from countryinfo import all_countries

    rows = []
    for country in all_countries():
        try:
            name, demonym, codes = country.name(), country.demonym(), country.iso()
            population = int(country.population() or 0)
        except (KeyError, TypeError, ValueError):
            continue
        if demonym and isinstance(codes, dict) and codes.get("alpha2"):
            rows.append((codes["alpha2"], str(name), str(demonym), population))
    return tuple(rows)


@cache
def _demonyms() -> dict[str, str]:
    """Lower-cased demonym -> ISO 3166-1 alpha-2 code ("libyan" -> "LY"); a demonym several territories share
    ("American") is the most populous one's."""
    found: dict[str, tuple[int, str]] = {}
    for code, _, demonym, population in _countries():
        key = demonym.lower()
        if key not in found or population > found[key][0]:
            found[key] = (population, code)
    return {demonym: code for demonym, (_, code) in found.items()}


def country_of_demonym(word: str) -> str | None:
    """The country code of a nationality adjective or its plural for people ("Serbian", "Serbians")."""
    key = word.lower()
    return _demonyms().get(key) or (_demonyms().get(key[:-1]) if key.endswith("s") else None)


@cache
def country_names(code: str) -> tuple[str, str | None] | None:
    """A country's name and its own demonym: ("Serbia", "Serbian"); the demonym is None when it stands for
    another country ("Chinese" is China's, not Hong Kong's)."""
    for known, name, demonym, _ in _countries():
        if known == code:
            return name, demonym if _demonyms().get(demonym.lower()) == code else None
    return None


def add_nationality_target(trigger: Token, kind: str, index: EntityIndex, args: Arguments) -> None:
    """The country a verb trigger's object stands for, when the object names no one: an envoy, or, for words
    said of someone, an act or quality of the country ("alleged Iranian involvement"; not "shot down a Ukrainian
    jet", whose target the guidelines leave to the text)."""
    if trigger.pos_ != "VERB":
        return
    for obj in (c for c in trigger.children if c.dep_ == "dobj"):
        envoy = obj.lemma_.lower() in word_list("event_envoy_nouns.txt")
        if not envoy and (is_doer(obj) or args.has("recipient") or kind not in _SAID_OF):
            continue  # "Ukrainian refugees" are people, not their country
        country = next((index.countries.get(_demonyms().get(a.lower_, "")) for a in obj.children
                        if a.dep_ == "amod"), None)
        if country is not None:
            # the envoy's own phrase says where it is posted ("the Libyan ambassador to Greece"), not the target
            inside = {t.i for t in obj.subtree}
            args.roles = [(e, r, t) for e, r, t in args.roles if not (r == "recipient" and t.i in inside)]
            args.groups = [g for g in args.groups if g[2].i not in inside]
            args.add([(country, obj)], "recipient")


def add_nationality_parties(trigger: Token, kind: str, index: EntityIndex, args: Arguments) -> None:
    """The countries a pact or a meeting noun names by nationalities joined with a hyphen ("the Turkish-Libyan
    maritime agreement": Turkey and Libya), each a country the article names; one nationality alone ("a Turkish
    agreement") does not say who the parties are."""
    if kind not in _BETWEEN or trigger.pos_ != "NOUN" or args.roles:
        return
    words = [t for c in trigger.children if c.dep_ in ("amod", "compound") for t in c.subtree]
    hyphenated = any(t.text in ("-", "–") for t in words)
    countries = [(index.countries[code], t) for t in words if t.pos_ in ("ADJ", "PROPN")
                 and (code := country_of_demonym(t.text) or "") in index.countries]
    if hyphenated and len({entity for entity, _ in countries}) >= 2:  # the two sides at least
        args.add(countries, "participant")
