"""The desk's network code and listings against a local server: politeness, redirects, limits."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from newsgraph import __version__
from newsgraph.desk.fetch import PROJECT_URL, USER_AGENT, Fetcher, FetchError, Politeness, Stopped
from newsgraph.desk.listings import ListingError, opml_feeds, read_listing
from tests.desk_server import Resource, Site, serve

QUICK = Politeness(delay_per_host=0.0, timeout=5.0, retries=2, backoff=0.05, max_bytes=10_000)


def test_a_5xx_is_tried_again_with_backoff_and_a_4xx_is_not() -> None:
    site = Site()
    answers = iter([500, 503, 200])
    site.routes["/flaky"] = lambda: Resource(b"ok", "text/plain", next(answers))
    site.routes["/gone"] = Resource(b"no", "text/plain", 404)
    with serve(site), Fetcher(QUICK) as fetcher:
        assert fetcher.get(site.url("/flaky")).body == b"ok"
        with pytest.raises(FetchError) as gone:
            fetcher.get(site.url("/gone"))
    assert [r.status for r in site.gets("/flaky")] == [500, 503, 200]
    assert len(site.gets("/gone")) == 1 and gone.value.reason == "http_404" and not gone.value.transient


def test_a_server_failing_every_try_is_a_transient_failure() -> None:
    site = Site()
    site.routes["/down"] = Resource(b"", "text/plain", 500)
    with serve(site), Fetcher(QUICK) as fetcher, pytest.raises(FetchError) as down:
        fetcher.get(site.url("/down"))
    assert down.value.reason == "server_error" and down.value.transient
    assert len(site.gets("/down")) == 1 + QUICK.retries


def test_robots_txt_is_obeyed_and_the_user_agent_names_newsgraph() -> None:
    site = Site()
    site.routes["/robots.txt"] = Resource(b"User-agent: newsgraph\nDisallow: /private/\n", "text/plain")
    site.routes["/private/page"] = Resource(b"secret")
    site.routes["/public"] = Resource(b"hello")
    with serve(site), Fetcher(QUICK) as fetcher:
        assert fetcher.get(site.url("/public")).body == b"hello"
        with pytest.raises(FetchError) as refused:
            fetcher.get(site.url("/private/page"))
    assert refused.value.reason == "robots" and not site.gets("/private/page")
    assert len(site.gets("/robots.txt")) == 1  # read once a cycle
    agent = site.gets("/public")[0].headers["user-agent"]
    # the package's declared home page when it declares one, never a made-up address
    assert agent == USER_AGENT and agent.startswith(f"newsgraph/{__version__}")
    assert (PROJECT_URL is None) == ("(" not in agent)
    with serve(site), Fetcher(Politeness(delay_per_host=0, contact="desk@example.org")) as fetcher:
        fetcher.get(site.url("/public"))
    assert site.gets("/public")[1].headers["user-agent"].startswith(f"newsgraph/{__version__} (+")
    assert site.gets("/public")[1].headers["user-agent"].endswith("desk@example.org)")


def test_a_permanent_redirect_is_reported_and_other_schemes_are_refused() -> None:
    site = Site()
    site.routes["/old"] = Resource(b"", status=301, headers={"Location": "/new"})
    site.routes["/elsewhere"] = Resource(b"", status=302, headers={"Location": "/new"})
    site.routes["/new"] = Resource(b"moved here")
    site.routes["/trap"] = Resource(b"", status=302, headers={"Location": "file:///etc/passwd"})
    with serve(site), Fetcher(QUICK) as fetcher:
        moved = fetcher.get(site.url("/old"))
        assert moved.body == b"moved here" and moved.moved_to == site.url("/new")
        assert fetcher.get(site.url("/elsewhere")).moved_to is None
        with pytest.raises(FetchError) as trap:
            fetcher.get(site.url("/trap"))
        with pytest.raises(FetchError) as listed:
            fetcher.get("ftp://127.0.0.1/feed")
    assert trap.value.reason == "not_http" and listed.value.reason == "not_http"


def test_validators_make_a_conditional_get_and_big_bodies_are_refused() -> None:
    site = Site()
    site.routes["/feed"] = Resource(b"<rss/>", "application/rss+xml", etag='"v1"')
    site.routes["/huge"] = Resource(b"x" * 20_000)
    with serve(site), Fetcher(QUICK) as fetcher:
        first = fetcher.get(site.url("/feed"))
        again = fetcher.get(site.url("/feed"), {"etag": first.etag, "last_modified": None})
        with pytest.raises(FetchError) as huge:
            fetcher.get(site.url("/huge"))
    assert first.status == 200 and first.etag == '"v1"' and again.status == 304
    assert site.gets("/feed")[1].headers["if-none-match"] == '"v1"'
    assert huge.value.reason == "too_large"


def test_requests_to_one_host_wait_the_delay_and_a_stop_ends_the_wait() -> None:
    site = Site()
    site.routes["/a"] = Resource(b"a")
    with serve(site):
        with Fetcher(Politeness(delay_per_host=0.3, retries=0)) as fetcher:
            started = time.monotonic()
            fetcher.get(site.url("/a"))
            fetcher.get(site.url("/a"))
            assert time.monotonic() - started >= 0.3  # a lower bound: the delay was kept
        stop = threading.Event()
        with Fetcher(Politeness(delay_per_host=3600, retries=0), stop) as fetcher:
            threading.Timer(0.2, stop.set).start()
            with pytest.raises(Stopped):
                fetcher.get(site.url("/a"))  # robots.txt, then an hour's wait without the stop
        assert len(site.gets("/a")) == 2 and len(site.gets("/robots.txt")) == 2


def test_sitemaps_news_sitemaps_and_indexes_are_read() -> None:
    news = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://a.test/1</loc>'
            b"<news:news><news:title>One</news:title><news:publication_date>2020-01-18T10:00:00Z"
            b"</news:publication_date></news:news></url><url><loc>/2</loc><lastmod>2020-01-19</lastmod></url></urlset>")
    listing = read_listing(news, "https://a.test/sitemap.xml", 10_000)
    assert listing.kind == "sitemap"
    assert [(i.url, i.title, i.published) for i in listing.items] == [
        ("https://a.test/1", "One", "2020-01-18"), ("https://a.test/2", None, "2020-01-19")]
    index = read_listing(b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
                         b"<loc>https://a.test/news.xml</loc></sitemap></sitemapindex>", "https://a.test/", 10_000)
    assert index.kind == "sitemapindex" and index.sitemaps == ["https://a.test/news.xml"]


def test_hostile_or_broken_xml_is_refused_without_reading_anything_else() -> None:
    hostile = (b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
               b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.test/&x;</loc>'
               b"</url></urlset>")
    items = read_listing(hostile, "https://a.test/", 10_000).items
    assert all(Path("/etc/hostname").read_text().strip() not in item.url for item in items)
    with pytest.raises(ListingError) as broken:
        read_listing(b"<html><body>not a feed", "https://a.test/", 10_000)
    assert broken.value.reason == "bad_feed"


def test_an_opml_file_lists_its_feeds_folders_included(tmp_path: Path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
                    '<outline type="rss" xmlUrl="https://a.test/rss.xml"/></outline>'
                    '<outline type="rss" xmlUrl="https://b.test/atom.xml"/><outline text="no feed"/></body></opml>')
    assert opml_feeds(opml) == ["https://a.test/rss.xml", "https://b.test/atom.xml"]
    (tmp_path / "bad.opml").write_text("<rss/>")
    with pytest.raises(ListingError):
        opml_feeds(tmp_path / "bad.opml")


def test_a_server_that_does_not_answer_in_time_is_a_transient_timeout() -> None:
    site = Site()

    def slow() -> Resource:
        time.sleep(1.5)
        return Resource(b"late")

    site.routes["/slow"] = slow
    polite = Politeness(delay_per_host=0, timeout=0.3, retries=1, backoff=0.05)
    with serve(site), Fetcher(polite) as fetcher, pytest.raises(FetchError) as late:
        fetcher.get(site.url("/slow"))
    assert late.value.reason == "timeout" and late.value.transient
    assert len(site.gets("/robots.txt")) == 1  # its robots.txt answered 404 (no rules) in time


def test_a_site_whose_robots_txt_fails_is_left_alone_and_the_reason_said() -> None:
    site = Site()
    site.routes["/robots.txt"] = Resource(b"", "text/plain", 503)
    site.routes["/feed"] = Resource(b"<rss/>")
    with serve(site), Fetcher(QUICK) as fetcher, pytest.raises(FetchError) as refused:
        fetcher.get(site.url("/feed"))
    assert refused.value.reason == "server_error" and "robots.txt cannot be read" in refused.value.message
    assert not site.gets("/feed") and refused.value.transient
