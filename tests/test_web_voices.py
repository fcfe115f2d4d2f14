"""The workspace's who-gets-quoted pages (web/voices.py): counts, shares, a chart, and every number
a link to the quotations it counted."""

from __future__ import annotations

import re
import sqlite3
from html import unescape
from pathlib import Path
from urllib.parse import quote, urlencode

from newsgraph.web.gender_chart import gender_chart

from .test_web import check_html
from .voices_corpus import HOSTILE, voices_db  # noqa: F401 (a fixture)
from .web_fixtures import get, get_all


def links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="(/-/sources/quotes\?[^"]*)"', html)]


def quote_ids(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'#quote-([0-9]+)"', html)}


def test_the_page_counts_and_links_every_number(voices_db: Path) -> None:  # noqa: F811
    response = get(voices_db, "/-/sources?by=outlet")
    assert response.status_code == 200
    text = check_html(response.text)
    assert "Who gets quoted" in text and "Most quoted women" in text and "Helen Ward" in text
    assert '<svg class="chart gender-chart"' in response.text
    assert 'href="/-/sources"' in response.text  # the navigation links to it
    found = links(response.text)
    assert "/-/sources/quotes?gender=female" in found
    assert "/-/sources/quotes?gender=male&outlet=Evening+Star" in found
    # Each linked list holds exactly the quotations its number counts.
    with sqlite3.connect(voices_db) as conn:
        expected = {row[0] for row in conn.execute(
            "SELECT q.id FROM quotes q JOIN entities e ON e.id = q.speaker_id JOIN articles a ON a.id = q.article_id "
            "WHERE e.type = 'person' AND e.gender = 'female' AND a.source = 'Evening Star'")}
    listing = get(voices_db, "/-/sources/quotes?gender=female&outlet=Evening+Star")
    assert listing.status_code == 200
    check_html(listing.text)
    assert quote_ids(listing.text) == expected and expected
    overall = re.search(r'<tr class="gender-female"><th scope="row">female</th><td><a [^>]*>([0-9]+)</a>',
                        response.text)
    assert overall is not None and int(overall.group(1)) == 2


def test_by_month_and_top_people_link_to_their_quotations(voices_db: Path) -> None:  # noqa: F811
    page, = get_all(voices_db, ["/-/sources?by=month"])
    assert "2024-03" in page.text and "2024-04" in page.text
    speaker = next(link for link in links(page.text) if "speaker=" in link)
    listing = get(voices_db, speaker)
    assert listing.status_code == 200 and quote_ids(listing.text)


def test_bad_values_are_refused_plainly(voices_db: Path) -> None:  # noqa: F811
    for path in ("/-/sources?by=year", "/-/sources/quotes?gender=other", "/-/sources/quotes?month=March",
                 "/-/sources?top=0", "/-/sources/quotes?page=x"):
        assert get(voices_db, path).status_code == 400, path
    assert get(voices_db, "/-/sources/quotes?speaker=99999999999999999999").status_code == 404


def test_hostile_text_is_escaped(voices_db: Path) -> None:  # noqa: F811
    # The headline carries markup; so does a filter value, shown back on the page.
    listing = get(voices_db, "/-/sources/quotes?" + urlencode({"gender": "female", "month": "2024-04"}))
    assert listing.status_code == 200 and "Ngozi Walsh" in listing.text
    assert "<script>alert(1)" not in listing.text and "&lt;script&gt;alert(1)" in listing.text
    echoed = get(voices_db, "/-/sources/quotes?" + urlencode({"outlet": HOSTILE}))
    assert echoed.status_code == 200 and "<script>alert(1)" not in echoed.text and "&lt;b&gt;" in echoed.text
    chart = str(gender_chart([{"group": HOSTILE, "people": {"female": 1, "male": 2, "unknown": 0, "total": 3}}],
                             HOSTILE))
    assert "<script>" not in chart and "&lt;script&gt;" in chart


def test_the_chart_splits_each_bar_by_share() -> None:
    chart = str(gender_chart([{"group": "all", "people": {"female": 1, "male": 3, "unknown": 0, "total": 4}}], "t"))
    widths = dict(re.findall(r'width="([0-9.]+)" height="18" class="part (female|male|unknown)"', chart)[i][::-1]
                  for i in range(2))
    assert float(widths["male"]) == 3 * float(widths["female"])
    assert str(gender_chart([], "t")) == ""


def test_hostile_values_get_no_500_sql_or_traceback(voices_db: Path) -> None:  # noqa: F811
    from .test_web_hardening import HUGE, SCRIPT

    paths = []
    # A sample of test_web_hardening's IDS and TEXTS: too big, negative, not a number, NUL, markup,
    # SQL, an invalid byte, thousands of characters.
    for value in (HUGE, "-1", "abc", "%00", "x" * 3000, "%22%2A%28", "%25" * 1000, quote(SCRIPT), "%C3%28",
                  "'%20OR%201=1--"):
        paths += [f"/-/sources?{name}={value}" for name in ("by", "since", "until", "outlet", "top")]
        paths += [f"/-/sources/quotes?{name}={value}" for name in ("gender", "month", "outlet", "speaker", "page",
                                                                   "since", "until")]
        paths.append(f"/-/altered?top={value}")
    for path, response in zip(paths, get_all(voices_db, paths), strict=True):
        assert response.status_code in (200, 400, 404), (path[:120], response.status_code)
        for leak in ("SELECT", "sqlite", "Traceback", "OperationalError", "Overflow", SCRIPT):
            assert leak not in response.text, (path[:120], leak)
