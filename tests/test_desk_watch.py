"""`newsgraph watch` against a local site (tests/desk_server.py): two feeds, their pages, a feed that
is down and one that is broken; a second cycle fetches only what is new. Nothing leaves 127.0.0.1."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from email.utils import formatdate
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.store.ingestion import ingest
from tests.desk_server import Resource, Site, article_page, atom, rss, serve, wikinews

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


def _desk_site() -> Site:
    site = Site()
    site.routes["/robots.txt"] = Resource(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    for path, prefix in PAGES.items():
        row = wikinews(ROOT, prefix)
        site.routes[path] = article_page(row["headline"], row["text"], row["published"])
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


def test_watch_once_ingests_new_pages_once_and_survives_failing_feeds(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    site = _desk_site()
    _feeds(site, ["/news/sanders-biden.html"], updated=1_586_952_000)
    with serve(site):
        code, output = _watch(site, db)
        assert code == 3, output  # some feeds failed, the others were ingested
        assert "down.xml" in output and "server_error" in output and "broken.xml" in output and "bad_feed" in output
        assert len(site.gets("/down.xml")) == 2  # one retry after a 5xx
        stored = dict(_rows(db, "SELECT url, title FROM articles"))
        assert set(stored) == {site.url(p) for p in list(PAGES)[:3]}
        assert all(len(site.gets(p)) == 1 for p in list(PAGES)[:3])

        # A new item in the Atom feed: the second cycle fetches only its page; the RSS feed answers 304.
        _feeds(site, ["/news/sanders-biden.html", "/news/germany-coronavirus.html"], updated=1_586_960_000)
        code, output = _watch(site, db)
        assert code == 3, output
        assert [r.status for r in site.gets("/rss.xml")] == [200, 304]
        assert site.gets("/rss.xml")[1].headers["if-none-match"] == '"rss-1"'
        assert site.gets("/atom.xml")[1].headers["if-modified-since"] == formatdate(1_586_952_000, usegmt=True)
        assert [len(site.gets(p)) for p in PAGES] == [1, 1, 1, 1]
        assert not site.gets("/private/")
    assert len(_rows(db, "SELECT id FROM articles")) == 4
    feeds = dict(_rows(db, "SELECT listed_url, last_status FROM watch_feeds"))
    assert feeds == {site.url("/rss.xml"): "304", site.url("/atom.xml"): "200", site.url("/down.xml"): "server_error",
                     site.url("/broken.xml"): "bad_feed"}
    assert _rows(db, "SELECT state, count(*) FROM watch_items GROUP BY state") == [("stored", 4)]
    assert _rows(db, "SELECT count(*) FROM watch_polls") == [(8,)]
    # Zelensky's quotation, with its speaker, as `ingest` stores it.
    speakers = {name for (name,) in _rows(db, "SELECT e.name FROM quotes q JOIN entities e ON e.id = q.speaker_id")}
    assert any("Zelensky" in name for name in speakers)


def test_a_watched_page_is_stored_as_ingest_stores_the_same_page(tmp_path: Path) -> None:
    site = _desk_site()
    page = "/news/zelensky-honcharuk.html"
    site.routes["/rss.xml"] = rss("Desk Test News", [("Zelensky", site.url(page), DATES[PAGES[page]])])
    (tmp_path / "page.html").write_bytes(site.routes[page].body)  # type: ignore[union-attr]
    with serve(site):
        result = runner.invoke(app, ["watch", site.url("/rss.xml"), "--db", str(tmp_path / "w.db"), "--once",
                                     "--fast", "--delay-per-host", "0"])
    assert result.exit_code == 0, result.output
    from newsgraph.settings import DEFAULT_SETTINGS

    ingest([str(tmp_path / "page.html")], tmp_path / "i.db", settings=DEFAULT_SETTINGS.with_(mode="fast"), workers=1)
    query = ('SELECT a.text, a.hash, q.content, q.start, q."end", e.name FROM quotes q JOIN articles a '
             "ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id ORDER BY q.start")
    watched, ingested = _rows(tmp_path / "w.db", query), _rows(tmp_path / "i.db", query)
    assert watched and watched == ingested


def test_a_watch_every_few_seconds_stops_cleanly_on_ctrl_c_and_resumes(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    site = _desk_site()
    _feeds(site, ["/news/sanders-biden.html"], updated=1_586_952_000)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    with serve(site):
        process = subprocess.Popen(
            [sys.executable, "-m", "newsgraph", "watch", site.url("/rss.xml"), site.url("/atom.xml"), "--db", str(db),
             "--every", "1s", "--fast", "--delay-per-host", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        try:
            deadline = time.monotonic() + 240
            while len(site.gets("/atom.xml")) < 3 and time.monotonic() < deadline and process.poll() is None:
                time.sleep(0.2)  # three cycles seen by the server
            assert len(site.gets("/atom.xml")) >= 3
            process.send_signal(signal.SIGINT)
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
