"""Place entities on the map: ISO 3166 code, GeoNames id, coordinates, from the offline gazetteer.

A name with one reading takes it. A name with several ("Georgia": the country or the US state;
"Paris": France or Texas) is read in context: the other places of the article (Atlanta and
"the US" support the state; Tbilisi and Russia, a neighbour, support the country) and cue words
near its mentions ("governor", "state" against "country", "president"; data/place_cues.tsv).
Without context the country reading, then the most populous, wins, with lower confidence.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .. import gazetteer
from ..lexicons import mapping
from ..record import ArticleRecord, Entity, Place
from ..settings import Settings

# What a reading starts with before context: a country is what news usually means.
_PRIOR = {"country": 1.0, "continent": 0.9, "region": 0.6, "city": 0.4}
_SAME_REGION = 1.0
_SAME_COUNTRY = 0.5
_NEIGHBOUR = 0.3
_CUE = 0.6
_CAPITAL = 0.3
_CUE_WINDOW = 60  # characters either side of a mention
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")


def _support(reading: gazetteer.Reading, others: list[gazetteer.Reading]) -> float:
    """How much the article's other places agree with `reading`."""
    score = 0.0
    for other in others:
        if other.geonames_id == reading.geonames_id:
            continue
        if reading.region_code and other.country_code == reading.country_code and (
            other.admin1 == reading.admin1 or other.region_code == reading.region_code
        ):
            score += _SAME_REGION
        elif reading.country_code and other.country_code == reading.country_code:
            score += _SAME_COUNTRY
        elif reading.feature == "country" and other.country_code in reading.neighbours:
            score += _NEIGHBOUR
    return score


def _cue_score(reading: gazetteer.Reading, entity: Entity, text: str) -> float:
    cues = mapping("place_cues.tsv")
    score = 0.0
    for mention in entity.mentions:
        window = text[max(0, mention.span.start - _CUE_WINDOW): mention.span.end + _CUE_WINDOW]
        words = {w.lower() for w in _WORD.findall(window)}
        score += _CUE * sum(1 for w in words if cues.get(w) == reading.feature)
    return score


def _choose(entity: Entity, options: list[gazetteer.Reading], others: list[gazetteer.Reading],
            text: str) -> tuple[gazetteer.Reading, float]:
    if len(options) == 1:
        return options[0], 1.0
    largest = max(r.population for r in options) or 1
    scored = sorted(
        ((_PRIOR[r.feature] + 0.3 * r.population / largest + (_CAPITAL if r.capital else 0.0)
          + _support(r, others) + _cue_score(r, entity, text), r) for r in options),
        key=lambda pair: -pair[0],
    )
    (best, reading), (second, _) = scored[0], scored[1]
    return reading, round(min(1.0, 0.5 + 0.5 * (best - second) / max(best, 1e-9)), 2)


def _names(entity: Entity) -> list[str]:
    return [entity.name, *entity.aliases, *(m.span.text for m in entity.mentions if m.kind in ("name", "alias"))]


def _options(entity: Entity) -> list[gazetteer.Reading]:
    for name in _names(entity):
        found = gazetteer.readings(name)
        if found:
            return found
    return []


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """Set `place` on each place entity the gazetteer knows."""
    candidates = [(e, _options(e)) for e in record.entities if e.type == "place"]
    candidates = [(e, options) for e, options in candidates if options]
    # Context is every reading of an unambiguous name, then the chosen reading of the others.
    settled = [options[0] for _, options in candidates if len(options) == 1]
    for entity, options in candidates:
        others = settled + [r for e, o in candidates if e is not entity and len(o) > 1 for r in o[:1]]
        reading, confidence = _choose(entity, options, others, record.text)
        entity.place = Place(
            country_code=reading.country_code, geonames_id=reading.geonames_id, latitude=reading.latitude,
            longitude=reading.longitude, feature=reading.feature, region_code=reading.region_code,
            confidence=confidence,
        )
