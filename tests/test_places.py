"""Places: ISO 3166 codes, GeoNames ids and coordinates from the offline gazetteer, read in context."""

from __future__ import annotations

import pytest

from newsgraph import gazetteer
from newsgraph.record import ArticleRecord, Entity


def place(record: ArticleRecord, name: str) -> Entity:
    entity = next(e for e in record.entities if e.name == name)
    assert entity.place is not None, name
    return entity


def test_gazetteer_lists_every_reading() -> None:
    georgia = gazetteer.readings("Georgia")
    assert [(r.feature, r.country_code, r.region_code) for r in georgia] == [
        ("country", "GE", None), ("region", "US", "US-GA")]
    assert georgia[0].geonames_id == 614540 and georgia[1].geonames_id == 4197000
    assert gazetteer.readings("Kiev") == gazetteer.readings("Kyiv")  # data/place_aliases.tsv
    assert [r.feature for r in gazetteer.readings("Holland")][:1] == ["country"]
    assert gazetteer.readings("Narnia") == []


def test_example_places(example: ArticleRecord) -> None:
    brussels = place(example, "Brussels").place
    assert (brussels.country_code, brussels.feature, brussels.geonames_id) == ("BE", "city", 2800866)
    assert (brussels.latitude, brussels.longitude) == pytest.approx((50.85, 4.35), abs=0.01)
    uk = place(example, "United Kingdom").place
    assert (uk.country_code, uk.feature) == ("GB", "country")
    assert uk.latitude is not None and uk.longitude is not None
    assert place(example, "Czech Republic").place.country_code == "CZ"  # GeoNames says "Czechia"
    assert place(example, "Netherlands").place.country_code == "NL"  # GeoNames says "The Netherlands"
    assert place(example, "Kyiv").place.country_code == "UA"


@pytest.mark.parametrize(("text", "name", "country", "region"), [
    ("Georgia's governor Brian Kemp met voters in Savannah, and the state legislature will meet in Atlanta.",
     "Georgia", "US", "US-GA"),
    ("The protests in Georgia continued as the government in Tbilisi moved closer to Russia.",
     "Georgia", "GE", None),
    ("Georgia's parliament approved the law as Russia watched from across the border.", "Georgia", "GE", None),
    ("Paris Hilton visited Paris, Texas, near Dallas.", "Paris", "US", None),
    ("The summit in Paris brought Macron and Scholz together in France.", "Paris", "FR", None),
])
def test_ambiguous_names_are_read_in_context(analyse, text: str, name: str, country: str,  # type: ignore[no-untyped-def]
                                             region: str | None) -> None:
    reading = place(analyse("Headline\n" + text, "2024-12-18"), name).place
    assert (reading.country_code, reading.region_code) == (country, region)
    assert reading.confidence < 1.0  # another reading was possible


def test_us_state_has_a_point_inside_it(analyse) -> None:  # type: ignore[no-untyped-def]
    reading = place(analyse("Headline\nThe governor of Georgia spoke in Atlanta.", "2024-12-18"), "Georgia").place
    assert reading.feature == "region"
    assert 30.3 < reading.latitude < 35.0 and -85.7 < reading.longitude < -80.8  # Georgia's bounding box
