"""The workspace's pages through Datasette's own test client (no browser), and its highlighting."""

from __future__ import annotations

import asyncio
import html
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from newsgraph.web.chart import month_range, months_chart
from newsgraph.web.highlight import Highlight, render, segments
from newsgraph.web.serve import build

from .web_fixtures import copy_store, entity_id, example_id, get, post_correction, web_db  # noqa: F401

VOID = {"br", "img", "input", "meta", "link", "hr"}


class NestingChecker(HTMLParser):
    """Fails on a closing tag that does not close the innermost open element."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def check_html(markup: str) -> str:
    checker = NestingChecker()
    checker.feed(markup)
    checker.close()
    assert not checker.stack
    return "".join(checker.text)


# Highlighting ---------------------------------------------------------------------------------

def test_overlapping_spans_nest_and_keep_every_offset() -> None:
    text = "Ukraine's President Zelenskyy said: \"We can only count on pressure.\""
    spans = [Highlight(36, 68, "quote", attrs=(("id", "q1"),)), Highlight(10, 29, "source"),
             Highlight(20, 29, "mention", tag="a", attrs=(("href", "/-/entity/1"),)),
             Highlight(30, 35, "cue"), Highlight(25, 40, "flag", tag="mark"), Highlight(0, 7, "mention", tag="a")]
    parts = segments(text, spans)
    assert "".join(part.text for part in parts) == text
    assert all(parts[i].end == parts[i + 1].start for i in range(len(parts) - 1))
    markup = str(render(parts))
    assert html.unescape(check_html(markup)) == text
    # The flag straddles the end of the mention and the start of the quote: both split, not shifted.
    assert markup.count('class="hl hl-flag') == 2 and markup.count('class="hl hl-quote') == 2
    assert '<mark class="hl hl-flag" data-start="25" data-end="40">skyy</mark></a></span>' in markup
    assert markup.count('id="q1"') == 1  # a split span keeps its id on the first piece only
    assert 'hl-cont' in markup


def test_spans_outside_the_text_or_empty_are_dropped_and_text_is_escaped() -> None:
    text = "<b>Tom & Jerry</b>"
    parts = segments(text, [Highlight(3, 6, "mention"), Highlight(5, 5, "date"), Highlight(10, 99, "quote")])
    markup = str(render(parts))
    assert "&lt;b&gt;" in markup and "&amp;" in markup
    assert markup.count("<span") == 1
    assert html.unescape(check_html(markup)) == text


def test_month_range_and_chart() -> None:
    assert month_range("2019-11", "2020-02") == ["2019-11", "2019-12", "2020-01", "2020-02"]
    chart = str(months_chart([{"month": "2019-11", "quotes": 2}, {"month": "2020-02", "quotes": 1}], "T"))
    assert chart.count('class="bar"') == 4  # the empty months are drawn too
    assert "2019-12: 0 quotations" in chart
    assert str(months_chart([{"month": None, "quotes": 3}], "T")) == ""


# Pages ------------------------------------------------------------------------------------------

def test_home_lists_articles_people_and_quotations(web_db: Path) -> None:  # noqa: F811
    page = get(web_db, "/")
    assert page.status_code == 200
    assert f'href="/-/article/{example_id(web_db)}"' in page.text
    assert "Most-quoted people" in page.text and 'href="/-/entity/' in page.text
    assert 'action="/-/search"' in page.text
    assert "/quotes_by_speaker_between" in page.text


def test_evidence_view_highlights_every_fact_in_place(web_db: Path) -> None:  # noqa: F811
    article = example_id(web_db)
    page = get(web_db, f"/-/article/{article}")
    assert page.status_code == 200
    body = page.text.split('id="article-text">', 1)[1].split("</div>\n  </section>", 1)[0]
    with sqlite3.connect(web_db) as conn:
        text, = conn.execute("SELECT text FROM articles WHERE id = ?", (article,)).fetchone()
        quotes = conn.execute("SELECT count(*) FROM quotes WHERE article_id = ?", (article,)).fetchone()[0]
    conn.close()
    assert html.unescape(check_html(body)) == text  # every offset kept: the highlighted text is the text
    assert body.count('role="button"') == quotes
    for layer in ("hl-quote", "hl-cue", "hl-source", "hl-mention", "hl-date", "hl-flag", "hl-boilerplate"):
        assert layer in body, layer
    assert re.search(r'<mark class="hl hl-flag"[^>]*data-flag="name_spelling"[^>]*>Zelesnkyy</mark>', body)
    assert "Promotions and boilerplate (not analysed)" in page.text and "podcast promo" in page.text
    card = page.text.split('class="ng-card', 1)[1].split("</article>", 1)[0]
    for field in ("Speaker", "Cue", "Venue", "Date", "Confidence"):
        assert f"<dt>{field}</dt>" in card


def test_missing_article_and_entity_are_404(web_db: Path) -> None:  # noqa: F811
    assert get(web_db, "/-/article/999999").status_code == 404
    assert get(web_db, "/-/article/abc").status_code == 404
    assert get(web_db, "/-/entity/999999").status_code == 404


def test_person_page(web_db: Path) -> None:  # noqa: F811
    page = get(web_db, f"/-/entity/{entity_id(web_db, 'Volodymyr Zelenskyy')}")
    assert page.status_code == 200
    assert "<h1>Volodymyr Zelenskyy</h1>" in page.text
    assert "<li>Zelesnkyy</li>" in page.text  # the misspelling is one of his aliases
    assert '<svg class="chart"' in page.text
    assert f'href="/-/article/{example_id(web_db)}#quote-' in page.text
    assert "Speaks about" in page.text and "Quoted with" in page.text
    assert "Events they took part in" in page.text
    assert "interview (Volodymyr Zelenskyy → Le Parisien)" in page.text
    assert "Corrections" not in page.text  # read-only


def test_person_page_without_events_tables(web_db: Path, tmp_path: Path) -> None:  # noqa: F811
    # A store of the first schema version has no events: the page leaves the section out.
    db = copy_store(web_db, tmp_path / "no-events.db")
    person = entity_id(db, "Volodymyr Zelenskyy")
    with sqlite3.connect(db) as conn:
        views = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")]
        for view in views:
            conn.execute(f'DROP VIEW "{view}"')
        conn.execute("DROP TABLE event_participants")
        conn.execute("DROP TABLE events")
    conn.close()
    page = get(db, f"/-/entity/{person}")
    assert page.status_code == 200 and "Events they took part in" not in page.text


def test_network_holds_the_entity_s_events(web_db: Path) -> None:  # noqa: F811
    person = entity_id(web_db, "Volodymyr Zelenskyy")
    graph = get(web_db, f"/-/network.json?entity={person}").json()
    assert any(node["data"]["id"].startswith("v") for node in graph["nodes"])


def test_search_highlights_and_filters(web_db: Path) -> None:  # noqa: F811
    found = get(web_db, "/-/search?q=negotiating")
    assert found.status_code == 200
    assert "<mark>negotiating</mark>" in found.text
    assert f"/-/article/{example_id(web_db)}#quote-" in found.text
    by_speaker = get(web_db, "/-/search?speaker=Zelenskyy&since=2024-12-01&until=2024-12-31")
    assert by_speaker.text.count('<li class="ng-quote') >= 3
    assert "No quotations match" in get(web_db, "/-/search?q=negotiating&until=2020").text
    assert "No quotations match" in get(web_db, "/-/search?q=negotiating&kind=nosuchkind").text
    assert get(web_db, "/-/search?q=%22%2A%28").status_code == 200  # no words: no crash
    assert "No quotations match" not in get(web_db, "/-/search?about=Putin").text


def test_network_json_is_weighted_entity_graph(web_db: Path) -> None:  # noqa: F811
    graph = get(web_db, "/-/network.json").json()
    ids = {node["data"]["id"] for node in graph["nodes"]}
    assert f"e{entity_id(web_db, 'Volodymyr Zelenskyy')}" in ids
    assert graph["edges"] and all(edge["data"]["weight"] >= 1 for edge in graph["edges"])
    assert all(edge["data"]["source"] in ids and edge["data"]["target"] in ids for edge in graph["edges"])
    page = get(web_db, "/-/network")
    assert "/-/static-plugins/newsgraph/vendor/cytoscape.min.js" in page.text
    assert get(web_db, "/-/static-plugins/newsgraph/vendor/cytoscape.min.js").status_code == 200


def test_canned_queries_and_datasette_exports(web_db: Path) -> None:  # noqa: F811
    name = web_db.stem
    rows = get(web_db, f"/{name}/quotes_by_speaker_between.json?speaker=Zelenskyy&since=2024-12-17"
                       "&until=2024-12-18&_shape=array").json()
    assert rows and all("2024-12-17" <= row["said_on"] <= "2024-12-18" for row in rows)
    about = get(web_db, f"/{name}/said_about_entity.json?entity=Putin&_shape=array").json()
    assert about and all(row["about"] for row in about)
    monthly = get(web_db, f"/{name}/most_quoted_per_month.json?_shape=array").json()
    assert monthly and all(row["rank"] <= 5 for row in monthly)
    assert get(web_db, f"/{name}/quotes.csv").status_code == 200
    # On the query pages, each row's evidence or page is a link into the workspace.
    assert re.search(r'<td class="col-evidence"><a href="/-/article/\d+#quote-\d+">',
                     get(web_db, f"/{name}/said_about_entity?entity=Putin").text)
    assert re.search(r'<td class="col-page"><a href="/-/entity/\d+">',
                     get(web_db, f"/{name}/most_quoted_per_month").text)


def test_sql_is_read_only_with_the_time_limit(web_db: Path) -> None:  # noqa: F811
    page = get(web_db, f"/{web_db.stem}.json?sql=DELETE+FROM+quotes")
    assert page.status_code == 400
    settings = get(web_db, "/-/settings.json").json()
    assert settings["sql_time_limit_ms"] == 1000


# Corrections --------------------------------------------------------------------------------------

def test_corrections_need_write_and_the_token(web_db: Path, tmp_path: Path) -> None:  # noqa: F811
    db = copy_store(web_db, tmp_path / "write.db")
    person = entity_id(db, "Volodymyr Zelenskyy")
    form = {"action": "rename", "target": f"#{person}", "argument": "Volodymyr Zelensky",
            "back": f"/-/entity/{person}", "token": "s3cret"}
    assert post_correction(db, form).status_code == 403  # read-only
    assert post_correction(db, {**form, "token": "wrong"}, write=True, token="s3cret").status_code == 403
    done = post_correction(db, form, write=True, token="s3cret")
    assert done.status_code == 302 and done.headers["location"] == f"/-/entity/{person}"
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM entities WHERE id = ?", (person,)).fetchone()[0] == "Volodymyr Zelensky"
        recorded = conn.execute("SELECT action, target, argument FROM corrections").fetchall()
    conn.close()
    assert recorded == [("rename", "Volodymyr Zelensky", "Volodymyr Zelenskyy")]


def test_write_needs_a_token(web_db: Path) -> None:  # noqa: F811
    from newsgraph.errors import StoreError

    with pytest.raises(StoreError, match="token"):
        build(web_db, write=True)


def test_serve_refuses_what_is_not_a_store(tmp_path: Path) -> None:
    from newsgraph.errors import StoreError

    with pytest.raises(StoreError, match="no such store"):
        build(tmp_path / "missing.db")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a newsgraph store"):
        build(other)


def test_long_spans_are_charted_per_year() -> None:
    chart = str(months_chart([{"month": "2019-11", "quotes": 2}, {"month": "2024-12", "quotes": 3}], "T"))
    assert chart.count('class="bar"') == 6  # 2019 to 2024
    assert "2024: 3 quotations" in chart


def test_datasette_on_other_databases_keeps_its_index(tmp_path: Path) -> None:
    from datasette.app import Datasette

    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()

    async def run() -> Any:
        datasette = Datasette([str(other)])
        await datasette.invoke_startup()
        return await datasette.client.get("/")

    page = asyncio.run(run())
    assert page.status_code == 200 and 'href="/other"' in page.text


def test_person_page_lists_the_newest_quotations_first_within_a_cap(web_db: Path,  # noqa: F811
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from newsgraph.web import data

    monkeypatch.setattr(data, "ENTITY_QUOTES", 2)
    person = entity_id(web_db, "Volodymyr Zelenskyy")
    page = get(web_db, f"/-/entity/{person}")
    assert page.text.count('<li class="ng-quote') == 2
    assert "The newest 2 of" in page.text and f"quotes?speaker_id={person}" in page.text
    dates = re.findall(r'<span class="kind">\w+</span> · ([\d-]+)', page.text)
    assert dates == sorted(dates, reverse=True)


def test_every_link_follows_the_base_url_behind_a_proxy(web_db: Path) -> None:  # noqa: F811
    article = example_id(web_db)
    page = get(web_db, f"/-/article/{article}", base_url="/news/")  # the test client adds the prefix
    assert page.status_code == 200
    links = re.findall(r'(?:href|src|action)="(/[^"]*)"', page.text)
    assert links and all(link.startswith("/news/") for link in links), [x for x in links if not x.startswith("/news/")]
    assert 'href="/news/-/entity/' in page.text
    graph = get(web_db, "/-/network.json", base_url="/news/").json()
    assert graph["nodes"] and all(n["data"]["href"].startswith("/news/-/entity/")
                                  for n in graph["nodes"] if "href" in n["data"])
