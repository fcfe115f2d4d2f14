"""`newsgraph watch` against a local site (tests/desk_server.py): two feeds, their pages, a feed that
is down and one that is broken; a second cycle fetches only what is new. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import signal
import sqlite3
import subprocess
import sys
import time
from email.utils import formatdate
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.store.ingestion import ingest
from newsgraph.web.alert_feed import ATOM
from tests.desk_server import Resource, Site, article_page, atom, rss, serve, wikinews
from tests.web_fixtures import get

from .conftest import ROOT

runner = CliRunner()
PAGES = {  # path: a bundled Wikinews article's id prefix
    "/news/zelensky-honcharuk.html": "Ukrainian_president_rejects",
    "/news/pelosi-impeachment.html": "U.S._House_to_decide",
    "/news/sanders-biden.html": "Bernie_Sanders_endorses",
    "/news/germany-coronavirus.html": "German_authorities_confirm",
}
DATES = {"Ukrainian_president_rejects": "Sat, 18 Jan 2020 10:00:00 GMT", "U.S._House_to_decide": "Wed, 15 Jan 2020 "
         "10:00:00 GMT"}


WIRE = ("/news/sanders-biden.html", "/news/germany-coronavirus.html")  # the Atom feed's outlet


def _desk_site() -> Site:
    site = Site()
    site.routes["/robots.txt"] = Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    for path, prefix in PAGES.items():
        row = wikinews(ROOT, prefix)
        site.routes[path] = article_page(row["headline"], row["text"], row["published"],
                                         "Desk Test Wire" if path in WIRE else "Desk Test News")
    return site


def _feeds(site: Site, atom_items: list[str], updated: float) -> None:
    rows = {path: wikinews(ROOT, prefix) for path, prefix in PAGES.items()}
    site.routes["/rss.xml"] = rss("Desk Test News", [
        (rows[p]["headline"], site.url(p), DATES[PAGES[p]]) for p in list(PAGES)[:2]], etag='"rss-1"')
    site.routes["/atom.xml"] = atom("Desk Test Wire", [
        (rows[p]["headline"], site.url(p), rows[p]["published"]) for p in atom_items], updated)
    site.routes["/down.xml"] = Resource(b"", "application/rss+xml", 500)
    site.routes["/broken.xml"] = Resource(b"<?xml version='1.0'?><html><body><p>Moved elsewhere", "text/xml")


def _watch(site: Site, db: Path, *extra: str) -> tuple[int, str]:
    urls = [site.url(p) for p in ("/rss.xml", "/atom.xml", "/down.xml", "/broken.xml")]
    result = runner.invoke(app, ["watch", *urls, "--db", str(db), "--once", "--fast", "--delay-per-host", "0",
                                 "--retries", "1", "--timeout", "10", *extra])
    return result.exit_code, result.output


def _rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def _add_alerts(site: Site, db: Path, commands: Path) -> None:
    keep_stdin = shlex.join([sys.executable, "-c", "import sys; f = open(sys.argv[1], 'ab'); "
                             "f.write(sys.stdin.buffer.read() + bytes([10]))", str(commands)])
    for words, delivery in (("quotes by Zelensky", ["--webhook", site.url("/hook")]),
                            ("quotes containing 'the American people'", ["--webhook", site.url("/hook")]),
                            ("CONSULT with Zelensky", ["--command", keep_stdin]),
                            ("quotes in Desk Test Wire", [])):
        result = runner.invoke(app, ["alert", "add", words, "--db", str(db), "--workspace", "http://desk.test:8001",
                                     *delivery])
        assert result.exit_code == 0, result.output


def _fired(db: Path) -> dict[int, list[str]]:
    fired: dict[int, list[str]] = {}
    for alert_id, fact in _rows(db, "SELECT alert_id, fact_key FROM alert_firings ORDER BY id"):
        fired.setdefault(alert_id, []).append(fact)
    return fired


def test_watch_once_ingests_new_pages_once_fires_alerts_once_and_survives_failing_feeds(tmp_path: Path) -> None:
    db, commands = tmp_path / "desk.db", tmp_path / "commands.jsonl"
    site = _desk_site()
    with serve(site):
        _feeds(site, ["/news/sanders-biden.html"], updated=1_586_952_000)
        _add_alerts(site, db, commands)
        site.webhook_failures = 1  # the receiver is down for the first post: it is sent again next cycle
        code, output = _watch(site, db)
        assert code == 3, output  # some feeds failed, the others were ingested
        assert "down.xml" in output and "server_error" in output and "broken.xml" in output and "bad_feed" in output
        assert len(site.gets("/down.xml")) == 2  # one retry after a 5xx
        stored = dict(_rows(db, "SELECT url, title FROM articles"))
        assert set(stored) == {site.url(p) for p in list(PAGES)[:3]}
        assert all(len(site.gets(p)) == 1 for p in list(PAGES)[:3])
        first = _fired(db)
        assert set(first) == {1, 2, 3, 4}, output  # every alert matched something
        assert "webhook failed" in output and len(site.posts) == 1, output  # alert 2's; alert 1's wait

        # A new item in the Atom feed: the second cycle fetches only its page; the RSS feed answers 304.
        _feeds(site, ["/news/sanders-biden.html", "/news/germany-coronavirus.html"], updated=1_586_960_000)
        code, output = _watch(site, db)
        assert code == 3, output
        assert [r.status for r in site.gets("/rss.xml")] == [200, 304]
        assert site.gets("/rss.xml")[1].headers["if-none-match"] == '"rss-1"'
        assert site.gets("/atom.xml")[1].headers["if-modified-since"] == formatdate(1_586_952_000, usegmt=True)
        assert [len(site.gets(p)) for p in PAGES] == [1, 1, 1, 1]
        assert not site.gets("/private/")

        # Reingesting a watched page stores and fires nothing; a new article by the speaker fires once.
        (tmp_path / "again.html").write_bytes(site.routes["/news/zelensky-honcharuk.html"].body)  # type: ignore
        (tmp_path / "new.txt").write_text(
            "Zelensky vows to rebuild\n\nUkrainian President Volodymyr Zelensky said on Friday in Kyiv: "
            '"We will rebuild every school and every hospital that was destroyed."\n')
        before = _fired(db)
        result = runner.invoke(app, ["ingest", str(tmp_path / "again.html"), "--db", str(db), "--fast"])
        assert result.exit_code == 0 and _fired(db) == before, result.output
        result = runner.invoke(app, ["ingest", str(tmp_path / "new.txt"), "--db", str(db), "--fast"])
        assert result.exit_code == 0, result.output
        posts = list(site.posts)

    fired = _fired(db)
    assert len(fired[1]) == len(before[1]) + 1 and all(fired[n] == before[n] for n in (2, 3))
    assert len(fired[4]) > len(first[4])  # the new Atom item's quotations, in the wire's outlet
    # Each webhook alert's matches were posted exactly once, the one that failed included.
    assert sorted(post["fact"] for post in posts) == sorted(fired[1] + fired[2])
    zelensky = [post for post in posts if post["alert"]["id"] == 1]
    assert all(post["speaker"]["name"] == "Volodymyr Zelensky" for post in zelensky)
    post = next(p for p in zelensky if p["article"]["url"] == site.url("/news/zelensky-honcharuk.html"))
    assert post["article"]["title"].startswith("Ukrainian president rejects")
    assert post["article"]["outlet"] == "Desk Test News"
    assert re.fullmatch(r"http://desk\.test:8001/-/article/\d+#quote-\d+", post["evidence"])
    # The command got the event's JSON on its standard input, once.
    sent = [json.loads(line) for line in commands.read_text().splitlines()]
    assert [body["fact"] for body in sent] == fired[3] and sent[0]["event"]["type"] == "CONSULT"
    # The workspace's Atom feed of each alert lists what it fired, each entry linking to its evidence.
    for alert_id, facts in fired.items():
        answer = get(db, f"/-/alerts/{alert_id}.atom")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/atom+xml")
        entries = ElementTree.fromstring(answer.content).findall(f"{{{ATOM}}}entry")
        assert sorted(entry.findtext(f"{{{ATOM}}}id") for entry in entries) == sorted(
            f"urn:newsgraph:alert:{alert_id}:{fact}" for fact in facts)
        for entry in entries:
            href = entry.find(f"{{{ATOM}}}link[@rel='alternate']").get("href")
            assert re.fullmatch(r"http://localhost/-/article/\d+(#quote-\d+)?", href), href

    assert _rows(db, "SELECT count(*) FROM articles") == [(5,)]
    feeds = dict(_rows(db, "SELECT listed_url, last_status FROM watch_feeds"))
    assert feeds == {site.url("/rss.xml"): "304", site.url("/atom.xml"): "200", site.url("/down.xml"): "server_error",
                     site.url("/broken.xml"): "bad_feed"}
    assert _rows(db, "SELECT state, count(*) FROM watch_items GROUP BY state") == [("stored", 4)]
    assert _rows(db, "SELECT count(*) FROM watch_polls") == [(8,)]


def test_a_watched_page_is_stored_as_ingest_stores_the_same_page_and_a_moved_feed_is_followed(
        tmp_path: Path) -> None:
    site = _desk_site()
    page = "/news/zelensky-honcharuk.html"
    site.routes["/old-rss.xml"] = Resource(b"", status=301, headers={"Location": "/rss.xml"})
    site.routes["/news/flaky.html"] = Resource(b"", status=503)  # a failure that may pass: tried again
    (tmp_path / "page.html").write_bytes(site.routes[page].body)  # type: ignore[union-attr]
    with serve(site):
        site.routes["/rss.xml"] = rss("Desk Test News", [
            ("Zelensky", site.url(page), DATES[PAGES[page]]), ("Flaky", site.url("/news/flaky.html"),
                                                               DATES[PAGES[page]])], etag='"v1"')
        watch = ["watch", site.url("/old-rss.xml"), "--db", str(tmp_path / "w.db"), "--once", "--fast",
                 "--delay-per-host", "0", "--retries", "0"]
        result = runner.invoke(app, watch)
        assert result.exit_code == 0, result.output
        assert "moved permanently" in result.output
        assert _rows(tmp_path / "w.db", "SELECT state, attempts FROM watch_items ORDER BY id") == [
            ("stored", 1), ("pending", 1)]
        site.routes["/news/flaky.html"] = Resource(b"", status=404)  # now gone for good
        result = runner.invoke(app, watch)  # the feed answers 304: its pending page is tried again all the same
        assert result.exit_code == 0, result.output
    assert len(site.gets("/old-rss.xml")) == 1  # polled where it moved
    assert [r.status for r in site.gets("/rss.xml")] == [200, 304]
    assert _rows(tmp_path / "w.db", "SELECT listed_url, url FROM watch_feeds") == [
        (site.url("/old-rss.xml"), site.url("/rss.xml"))]
    assert _rows(tmp_path / "w.db", "SELECT state, attempts, last_error LIKE '%http_404%' FROM watch_items "
                 "ORDER BY id") == [("stored", 1, None), ("rejected", 2, 1)]
    assert len(site.gets(page)) == 1 and len(site.gets("/news/flaky.html")) == 2
    from newsgraph.settings import DEFAULT_SETTINGS

    ingest([str(tmp_path / "page.html")], tmp_path / "i.db", settings=DEFAULT_SETTINGS.with_(mode="fast"), workers=1)
    query = ('SELECT a.text, a.hash, q.content, q.start, q."end", e.name FROM quotes q JOIN articles a '
             "ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id ORDER BY q.start")
    watched, ingested = _rows(tmp_path / "w.db", query), _rows(tmp_path / "i.db", query)
    assert watched and watched == ingested


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])  # Ctrl-C; systemctl stop, docker stop
def test_a_watch_every_few_seconds_stops_cleanly_and_resumes(tmp_path: Path, stop: signal.Signals) -> None:
    db = tmp_path / "desk.db"
    site = _desk_site()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with serve(site):
        _feeds(site, ["/news/sanders-biden.html"], updated=1_586_952_000)
        process = subprocess.Popen(
            [sys.executable, "-m", "newsgraph", "watch", site.url("/rss.xml"), site.url("/atom.xml"), "--db", str(db),
             "--every", "1s", "--fast", "--delay-per-host", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            deadline = time.monotonic() + 240
            while len(site.gets("/atom.xml")) < 3 and time.monotonic() < deadline and process.poll() is None:
                time.sleep(0.2)  # three cycles seen by the server
            assert len(site.gets("/atom.xml")) >= 3
            process.send_signal(stop)
            _, errors = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
        assert process.returncode == 0, errors  # a service stopped as asked
        assert "stopping after the current step" in errors and "Traceback" not in errors
        assert _rows(db, "PRAGMA integrity_check") == [("ok",)]
        assert _rows(db, "SELECT state, count(*) FROM watch_items GROUP BY state") == [("stored", 3)]
        code, output = _watch(site, db)  # the next run resumes: nothing new, nothing fetched again
        assert code == 3, output
    assert [len(site.gets(p)) for p in list(PAGES)[:3]] == [1, 1, 1]


@pytest.mark.parametrize("url", ["file:///etc/passwd", "not a url"])
def test_only_http_urls_can_be_watched(tmp_path: Path, url: str) -> None:
    result = runner.invoke(app, ["watch", url, "--db", str(tmp_path / "x.db"), "--once"])
    assert result.exit_code == 2 and "only http(s) URLs" in result.output


def test_a_sitemap_index_listed_in_an_opml_file_is_followed_to_its_pages(tmp_path: Path) -> None:
    site = Site()
    site.routes["/robots.txt"] = Resource(b"User-agent: newsgraph\nDisallow: /private/\n", "text/plain")
    site.routes["/menu.html"] = Resource(b"<html><body><nav><a href='/'>Home</a></nav></body></html>")
    site.routes["/private/secret.html"] = Resource(b"<html><body><p>secret</p></body></html>")
    with serve(site):
        urlset = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                  'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{}</urlset>')
        site.routes["/news.xml.gz"] = Resource(gzip.compress(urlset.format(
            f"<url><loc>{site.url('/menu.html')}</loc><news:news><news:title>Menu</news:title></news:news></url>"
        ).encode()), "application/gzip")
        site.routes["/more.xml"] = Resource(urlset.format(
            f"<url><loc>{site.url('/private/secret.html')}</loc></url>").encode(), "application/xml")
        site.routes["/index.xml"] = Resource((
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{site.url('/news.xml.gz')}</loc></sitemap><sitemap><loc>/more.xml</loc></sitemap>"
            "</sitemapindex>").encode(), "application/xml")
        opml = tmp_path / "feeds.opml"
        opml.write_text(f'<opml version="2.0"><body><outline xmlUrl="{site.url("/index.xml")}"/></body></opml>')
        result = runner.invoke(app, ["watch", "--opml", str(opml), "--db", str(tmp_path / "s.db"), "--once",
                                     "--delay-per-host", "0"])
    assert result.exit_code == 0, result.output
    assert _rows(tmp_path / "s.db", "SELECT kind FROM watch_feeds") == [("sitemapindex",)]
    items = _rows(tmp_path / "s.db", "SELECT url, title, state, last_error FROM watch_items ORDER BY id")
    assert [(url, title, state) for url, title, state, _ in items] == [
        (site.url("/menu.html"), "Menu", "rejected"), (site.url("/private/secret.html"), None, "rejected")]
    assert "[no_article]" in items[0][3] and "[robots]" in items[1][3]
    assert not site.gets("/private/secret.html") and len(site.gets("/menu.html")) == 1
