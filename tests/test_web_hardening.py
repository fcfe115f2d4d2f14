"""The workspace against hostile articles and hostile requests (Datasette's test client, no browser):
no script from content, only http(s) links, no 500, never SQL or a traceback in a response."""

from __future__ import annotations

import re
import sqlite3
import threading
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from newsgraph.web import network, serve
from newsgraph.web.chart import MAX_YEARS, months_chart
from newsgraph.web.links import http_url
from newsgraph.web.params import MAX_SEARCH_WORDS, same_site_path
from newsgraph.web.security import script_hash

from .web_fixtures import (  # noqa: F401 (fixtures)
    HOSTILE_NAME,
    HOSTILE_URLS,
    SAFE_URL,
    SCRIPT,
    copy_store,
    entity_id,
    example_id,
    get,
    get_all,
    hostile_db,
    ids,
    post_correction,
    web_db,
)


@pytest.fixture(autouse=True)
def quiet_datasette_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    # Datasette prints every error with rich (0.7 s each, locals included) besides answering it; the
    # response, which is what these tests read, does not depend on that report.
    import datasette.handle_exception

    monkeypatch.setattr(datasette.handle_exception, "rich", None)
    monkeypatch.setattr(datasette.handle_exception.traceback, "print_exc", lambda: None)


# What could run script in a page -------------------------------------------------------------------

_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")
_LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}


def leads_off(value: str) -> bool:
    """Whether a link a browser would follow goes to a scheme other than http(s), or to another host
    with no scheme; read as browsers read it (surrounding controls and spaces dropped, tabs and
    newlines removed, any case)."""
    url = re.sub(r"[\t\n\r]", "", re.sub(r"^[\x00-\x20]+|[\x00-\x20]+$", "", value)).lower()
    scheme = _SCHEME.match(url)
    if scheme:
        return scheme.group(1) not in ("http", "https")
    return url.startswith(("//", "/\\", "\\"))


class ActiveContent(HTMLParser):
    """Everything in a page that could run script: inline scripts, on* attributes, non-http links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.inline_scripts: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in _LINK_ATTRIBUTES and value is not None and leads_off(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "img", "base"):
            self.problems.append(f"<{tag}>")
        if tag == "script" and not dict(attrs).get("src"):
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
            self._script = None


def check_page(response: Any) -> None:
    """No active content from the store; every inline script is one the page's policy allows by hash."""
    assert response.status_code == 200, (response.status_code, response.url)
    parser = ActiveContent()
    parser.feed(response.text)
    parser.close()
    assert parser.problems == [], (str(response.url), parser.problems)
    policy = response.headers["content-security-policy"]
    for script in parser.inline_scripts:
        assert script_hash(script) in policy, (str(response.url), script[:80])


def test_the_checker_sees_what_would_run() -> None:
    for value in HOSTILE_URLS:
        if not value.startswith("https:"):  # "https:evil.example" is an https link to evil.example
            assert leads_off(value), value
    assert leads_off("//evil.example") and leads_off("/\\evil.example")
    assert not leads_off(SAFE_URL) and not leads_off("/-/entity/3") and not leads_off("?page=2")
    parser = ActiveContent()
    parser.feed(f'<a href="JaVa&#x09;Script:x">o</a><p onclick="x">{SCRIPT}</p>')
    assert len(parser.problems) == 2 and parser.inline_scripts == ["alert(7)"]


def test_only_http_urls_become_links() -> None:
    for value in (*HOSTILE_URLS, None, 7, "", "http://", "https:///x", "http://exa mple.org", "ftp://example.org"):
        assert http_url(value) is None, value
    assert http_url(SAFE_URL) == SAFE_URL
    assert http_url(" HTTPS://Example.org/a ") == "HTTPS://Example.org/a"


def hostile_pages(db: Path) -> list[str]:
    name = db.stem
    articles, entities = ids(db, "articles"), ids(db, "entities")
    return ["/", "/-/search?q=bridge", "/-/search?outlet=Outlet", "/-/search?speaker=Smith", "/-/network",
            *(f"/-/article/{article}" for article in articles), *(f"/-/entity/{entity}" for entity in entities),
            *(f"/-/network?entity={entity}" for entity in entities[:3]),
            f"/{name}", f"/{name}/articles", f"/{name}/articles?_facet=source&_facet=byline", f"/{name}/quotes",
            f"/{name}/entities", f"/{name}/mentions", f"/{name}/corrections", f"/{name}/aliases",
            *(f"/{name}/articles/{article}" for article in articles),
            f"/{name}?sql=select+*+from+articles", f"/{name}/said_about_entity?entity=Smith",
            f"/{name}/quotes_by_speaker_between?speaker=Smith&since=&until=", f"/{name}/most_quoted_per_month"]


def test_hostile_articles_run_nothing_on_any_page(hostile_db: Path) -> None:  # noqa: F811
    # Newsgraph's pages and Datasette's (tables, rows, facets, SQL, canned queries) alike: Datasette
    # itself links a cell only when it is an http(s) URL, so it needs no render_cell hook.
    pages = hostile_pages(hostile_db)
    for response in get_all(hostile_db, pages):
        check_page(response)
    with sqlite3.connect(hostile_db) as conn:
        urls = dict(conn.execute("SELECT id, url FROM articles").fetchall())
    conn.close()
    for article, url in urls.items():
        page = get(hostile_db, f"/-/article/{article}")
        if url == SAFE_URL:
            assert '<a href="https://example.org/news?a=1&amp;b=&#34;2&#34;" rel="noopener noreferrer">original</a>' \
                in page.text
        else:
            assert ">original</a>" not in page.text and "original: <span" in page.text, url
    home = get(hostile_db, "/").text
    assert SCRIPT not in home and HOSTILE_NAME not in home and "&lt;img src=x onerror=alert(7)&gt;" in home


def test_a_date_that_is_not_a_month_neither_hangs_nor_breaks_the_chart(hostile_db: Path) -> None:  # noqa: F811
    # An article published "<b>2024</b>" gives its quotations said_on "<b>2024</b": once the chart
    # counted months from "2024-03" up to it, which never came (the server hung).
    smith = entity_id(hostile_db, HOSTILE_NAME)
    done: list[Any] = []
    worker = threading.Thread(target=lambda: done.append(get(hostile_db, f"/-/entity/{smith}")), daemon=True)
    worker.start()
    worker.join(timeout=120)  # a few hundred milliseconds of work
    assert done, "the person page did not finish"
    assert done[0].status_code == 200 and '<svg class="chart"' in done[0].text
    chart = str(months_chart([{"month": "<b>2024", "quotes": 3}, {"month": "2024-03", "quotes": 2},
                              {"month": "2024-13", "quotes": 1}, {"month": None, "quotes": 1}], "T"))
    assert chart.count('class="bar"') == 1 and "2024-03: 2 quotations" in chart
    ancient = str(months_chart([{"month": "0001-01", "quotes": 1}, {"month": "2024-03", "quotes": 2}], "T"))
    assert ancient.count('class="bar"') == MAX_YEARS and "2024: 2 quotations" in ancient


def test_the_chart_leaves_room_for_the_tallest_count_and_the_last_label() -> None:
    chart = str(months_chart([{"month": "2024-01", "quotes": 102}, {"month": "2024-02", "quotes": 7},
                              {"month": "2024-04", "quotes": 50}], "T"))
    width, height = (int(n) for n in re.search(r'viewBox="0 0 (\d+) (\d+)"', chart).groups())
    texts = re.findall(r'<text x="([\d.]+)" y="(-?[\d.]+)" class="(\w+)">([^<]+)</text>', chart)
    counts = {label: float(y) for _, y, kind, label in texts if kind == "count"}
    assert set(counts) == {"102", "7", "50"}
    assert all(9 <= y <= height for y in counts.values())  # 9 px text stands on its baseline
    months = [(float(x), label) for x, _, kind, label in texts if kind == "month"]
    assert months[-1][1] == "2024-04"
    assert months[-1][0] + 0.7 * 9 * len("2024-04") <= width  # a generous 0.7 em a character


# Hostile requests -----------------------------------------------------------------------------------

HUGE = "99999999999999999999999"
IDS = (HUGE, "9223372036854775808", "-1", "0", "1e3", "1_0", "abc", "%00", "%EF%BF%BF", "%25", " 1", "x" * 3000)
TEXTS = ("%00", "%22%2A%28", "NEAR(", "a%2A+" * 500, "x" * 3000, "%25" * 1000, quote(SCRIPT), "%F0%9F%92%A5",
         "%C3%28", "'%20OR%201=1--")


def hostile_requests(db: Path) -> list[str]:
    article = example_id(db)
    paths = []
    for value in IDS:
        paths += [f"/-/article/{value}", f"/-/entity/{value}", f"/-/network?entity={value}",
                  f"/-/network.json?entity={value}", f"/-/network?top={value}", f"/-/network.json?top={value}",
                  f"/-/search?q=war&page={value}", f"/-/article/{article}?x={value}"]
    for value in TEXTS:
        paths += [f"/-/search?{name}={value}" for name in ("q", "speaker", "about", "outlet", "kind", "since", "until")]
        paths += [f"/-/search?q={value}&page=2", f"/-/correct?back={value}"]
    return paths


def test_every_route_answers_hostile_values_without_500_sql_or_traceback(web_db: Path) -> None:  # noqa: F811
    paths = hostile_requests(web_db)
    for path, response in zip(paths, get_all(web_db, paths), strict=True):
        assert response.status_code in (200, 302, 400, 404, 405), (path[:120], response.status_code)
        body = response.text
        for leak in ("SELECT", "sqlite", "Traceback", "OperationalError", "Overflow", SCRIPT):
            assert leak not in body, (path[:120], leak)


def test_the_reported_requests_get_404_and_400(web_db: Path) -> None:  # noqa: F811
    article, network_json, paging, many_words = get_all(web_db, [
        f"/-/article/{HUGE}", f"/-/network.json?entity={HUGE}", f"/-/search?q=war&page={HUGE}",
        "/-/search?q=" + "a%2A+" * 500])
    assert article.status_code == 404 and network_json.status_code == 404
    assert network_json.json()["ok"] is False
    assert paging.status_code == 400 and many_words.status_code == 400
    assert "query too long or too complex" in many_words.text and "SELECT" not in many_words.text


def test_a_search_past_the_time_limit_is_400_without_sql(web_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    # A tight limit stands in for a huge store: the page must not depend on how large the store is.
    monkeypatch.setitem(serve.SETTINGS, "sql_time_limit_ms", 1)
    # As many prefixes as a search may have, each matching much: every one must be intersected.
    slow = get(web_db, "/-/search?q=" + "+".join(["a%2A"] * MAX_SEARCH_WORDS))
    assert slow.status_code == 400
    assert "query too long or too complex" in slow.text
    for leak in ("SELECT", "MATCH", "quotes_fts", "Traceback"):
        assert leak not in slow.text


# Corrections ----------------------------------------------------------------------------------------

OFF_SITE = ("/\\evil.example/x", "//evil.example/x", "https://evil.example/x", "/\t/evil.example", "/\n/evil.example",
            "javascript:alert(7)", "\\\\evil.example", " /x", "/x\r\nSet-Cookie: a=b")


def test_return_paths_stay_on_the_site() -> None:
    for value in OFF_SITE:
        assert same_site_path(value) == "/", value
    assert same_site_path("/-/entity/3?x=1#y") == "/-/entity/3?x=1#y"
    assert same_site_path(None, "/news/") == "/news/"


def test_a_correction_never_redirects_off_site(web_db: Path, tmp_path: Path) -> None:  # noqa: F811
    db = copy_store(web_db, tmp_path / "write.db")
    person = entity_id(db, "Volodymyr Zelenskyy")
    for back in OFF_SITE:
        form = {"action": "rename", "target": f"#{person}", "argument": "Volodymyr Zelenskyy", "back": back,
                "token": "s3cret"}
        done = post_correction(db, form, page=f"/-/entity/{person}", write=True, token="s3cret")
        assert done.status_code == 302 and done.headers["location"] == "/", back


def test_a_form_from_another_site_cannot_correct(web_db: Path, tmp_path: Path) -> None:  # noqa: F811
    # A browser sends no SameSite=Lax cookie with a cross-site POST, and Datasette's CSRF check lets a
    # POST without cookies through: the endpoint must refuse it itself, even with the right token.
    db = copy_store(web_db, tmp_path / "write.db")
    person = entity_id(db, "Volodymyr Zelenskyy")
    form = {"action": "rename", "target": f"#{person}", "argument": "Evil", "back": f"/-/entity/{person}",
            "token": "s3cret"}
    refused = post_correction(db, form, csrf=False, write=True, token="s3cret")
    assert refused.status_code == 403 and "another site" in refused.text
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM entities WHERE id = ?", (person,)).fetchone()[0] == "Volodymyr Zelenskyy"
        assert conn.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0
    conn.close()
    assert post_correction(db, form, write=True, token="s3cret").status_code == 302  # from its own page: done


HOSTILE_FORMS = ({"action": "rename", "target": f"#{HUGE}", "argument": "x"},
                 {"action": "merge", "target": "#1", "argument": f"#{HUGE}"},
                 {"action": "rename", "target": "#1", "argument": "x" * 100_000},
                 {"action": "rename", "target": "\x00", "argument": "\x00"},
                 {"action": "merge", "target": "%", "argument": "_"},
                 {"action": "bogus", "target": "#1", "argument": "x"})


def test_hostile_correction_forms_are_reported_not_500(web_db: Path, tmp_path: Path) -> None:  # noqa: F811
    db = copy_store(web_db, tmp_path / "write.db")
    with sqlite3.connect(db) as conn:
        names = conn.execute("SELECT id, name FROM entities ORDER BY id").fetchall()
    conn.close()
    for form in HOSTILE_FORMS:
        done = post_correction(db, {**form, "back": "/-/entity/1", "token": "s3cret"}, write=True, token="s3cret")
        assert done.status_code == 302 and done.headers["location"] == "/-/entity/1", form
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT id, name FROM entities ORDER BY id").fetchall() == names
        assert conn.execute("SELECT count(*) FROM corrections").fetchone()[0] == 0
    conn.close()


def test_a_posted_body_that_is_not_a_utf8_form_is_400(web_db: Path) -> None:  # noqa: F811
    import asyncio

    async def run() -> list[Any]:
        datasette = serve.build(web_db, write=True, token="s3cret")
        await datasette.invoke_startup()
        form = {"content-type": "application/x-www-form-urlencoded"}
        # With a cookie Datasette's CSRF layer reads the body; without, the correction view does.
        return [await datasette.client.post("/-/correct", content=b"\xff\xfe token=s3cret", headers=form,
                                            cookies=cookies) for cookies in ({"ds_csrftoken": "x"}, {})] + [
            await datasette.client.post("/-/correct", content=b"a=" + b"x" * 2_000_000, headers=form)]

    not_utf8, not_utf8_without_cookie, huge = asyncio.run(run())
    assert not_utf8.status_code == 400 and not_utf8_without_cookie.status_code == 400
    assert huge.status_code == 413


# Content-Security-Policy ----------------------------------------------------------------------------

def test_every_response_has_a_policy_without_inline_script(web_db: Path) -> None:  # noqa: F811
    name = web_db.stem
    paths = ["/", f"/-/article/{example_id(web_db)}", "/-/network.json", "/-/static-plugins/newsgraph/network.js",
             "/-/article/999999", "/-/search?page=abc", f"/{name}", f"/{name}/quotes", f"/{name}/quotes/1",
             f"/{name}?sql=select+1", f"/{name}/quotes.json", "/-/static/app.css", "/no/such/page"]
    responses = get_all(web_db, paths)
    policies = {response.headers.get("content-security-policy") for response in responses}
    assert len(policies) == 1 and None not in policies
    policy = dict(part.strip().split(" ", 1) for part in policies.pop().split(";"))
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert all(response.headers["x-content-type-options"] == "nosniff" for response in responses)
    # Datasette's own inline scripts (menus, SQL editor, facets) are allowed by their hashes.
    for response in responses:
        if response.status_code == 200 and "html" in response.headers["content-type"]:
            check_page(response)


# Network ---------------------------------------------------------------------------------------------

def test_the_network_gives_the_heaviest_ties_first_and_more_on_request(web_db: Path) -> None:  # noqa: F811
    few, default, everything = (response.json() for response in get_all(
        web_db, ["/-/network.json?top=2", "/-/network.json", f"/-/network.json?top={network.MAX_TIES}"]))
    for graph in (few, default, everything):
        ids_ = [edge["data"]["id"] for edge in graph["edges"]]
        assert len(ids_) == len(set(ids_))  # Cytoscape refuses a second element with the same id
        for kind in ("about", "quoted_with", "took_part"):
            assert len([e for e in graph["edges"] if e["data"]["kind"] == kind]) <= graph["top"]
    assert few["top"] == 2 and few["more"] is True and default["top"] == network.DEFAULT_TIES
    assert everything["more"] is False and len(everything["edges"]) > len(few["edges"])
    heaviest = max(e["data"]["weight"] for e in everything["edges"] if e["data"]["kind"] == "about")
    assert max(e["data"]["weight"] for e in few["edges"] if e["data"]["kind"] == "about") == heaviest
    page = get(web_db, "/-/network?top=60")
    assert 'data-top="60"' in page.text and 'id="network-more"' in page.text
