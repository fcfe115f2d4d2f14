"""The workspace tests' stores (conftest's example_store; a store of hostile articles) and helpers."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

import pytest

from newsgraph.pipeline import Engine
from newsgraph.web.serve import build

# What an article can bring that a browser might run: every text field of a JSON line or feed item.
SCRIPT = "<script>alert(7)</script>"
BREAKOUT = '"><img src=x onerror=alert(7)>'
HOSTILE_URLS = ("javascript:alert(7)", " \x01JaVaScRiPt:alert(7)", "java\tscript:alert(7)", "\njavascript:alert(7)",
                "data:text/html,<script>alert(7)</script>", "vbscript:msgbox(7)", "//evil.example/x",
                "https:evil.example", "https:\\\\evil.example")
HOSTILE_NAME = '<img src=x onerror=alert(7)> "Smith"'
SAFE_URL = 'https://example.org/news?a=1&b="2"'
HOSTILE_TEXT = ("The mayor of Springfield, John Smith, said on Monday that the new bridge would open in March. "
                f'"We have waited long enough for this bridge {SCRIPT}," Smith told reporters. '
                f"Critics said the {BREAKOUT} project cost far too much. "
                'Jane Doe, a council member, said: "The budget javascript:alert(7) was never approved."\n')


def hostile_lines() -> list[dict[str, str]]:
    """One JSON line per hostile URL, each with hostile headline, outlet and byline; and a safe one."""
    lines = []
    for number, url in enumerate((*HOSTILE_URLS, SAFE_URL), 1):
        lines.append({"id": f"hostile-{number}", "url": url, "headline": f"{SCRIPT} Bridge {number} {BREAKOUT}",
                      "source": f"{BREAKOUT} Outlet {number}", "byline": f"'><svg onload=alert(7)> Reporter {number}",
                      # a different text each: the store keeps one article per content
                      "published": "<b>2024</b>" if number == 2 else f"2024-03-{number:02d}",
                      "text": HOSTILE_TEXT.replace("Monday", f"day {number}")})
    return lines


def hostile_feed() -> str:
    """An RSS feed whose item links to javascript: and whose title, outlet and author carry markup."""
    return ('<?xml version="1.0"?><rss version="2.0"><channel>'
            f"<title>{escape(SCRIPT)} Feed</title><item><title>Feed item {escape(BREAKOUT)}</title>"
            f"<link>javascript:alert(7)</link><author>{escape(BREAKOUT)}</author>"
            f"<description>{escape(HOSTILE_TEXT.replace('Monday', 'Saturday'))}</description>"
            "<pubDate>Sat, 09 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>")


@pytest.fixture(scope="session")
def web_db(example_store: Path) -> Path:
    return example_store


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Path:
    """A store of articles whose every text field is an attack on the workspace's pages."""
    from newsgraph.store import ingest

    folder = tmp_path_factory.mktemp("hostile")
    lines = folder / "hostile.jsonl"
    lines.write_text("".join(json.dumps(line) + "\n" for line in hostile_lines()), encoding="utf-8")
    feed = folder / "hostile.rss"
    feed.write_text(hostile_feed(), encoding="utf-8")
    path = folder / "hostile.db"
    summary = ingest([str(lines), str(feed)], path, engine=engine, workers=1)
    assert summary.stored == len(HOSTILE_URLS) + 2, summary
    # Entity names come from the tagger, which makes no markup, and from corrections, which take any text.
    from newsgraph.store import corrections
    from newsgraph.store.schema import connect

    conn = connect(path, create=False)
    try:
        corrections.apply(conn, "rename", "John Smith", HOSTILE_NAME)
    finally:
        conn.close()
    return path


def get_all(db: Path, paths: Sequence[str], **options: Any) -> list[Any]:
    """GET each path from one workspace on `db` (Datasette's test client, no server)."""
    async def run() -> list[Any]:
        datasette = build(db, **options)
        await datasette.invoke_startup()
        return [await datasette.client.get(path) for path in paths]

    return asyncio.run(run())


def get(db: Path, path: str, **options: Any) -> Any:
    return get_all(db, [path], **options)[0]


def post_correction(db: Path, form: dict[str, str], *, csrf: bool = True, page: str | None = None,
                    **options: Any) -> Any:
    """POST a correction form as a browser would, from `page` (default `form["back"]`) with its CSRF
    cookie and field; with `csrf=False`, as a form on another site would: neither cookie nor field."""
    async def run() -> Any:
        datasette = build(db, **options)
        await datasette.invoke_startup()
        if not csrf:
            return await datasette.client.post("/-/correct", data=form)
        shown = await datasette.client.get(page or form.get("back", "/"))
        token = re.search(r'name="csrftoken" value="([^"]+)"', shown.text)
        return await datasette.client.post("/-/correct", data={**form, "csrftoken": token.group(1) if token else ""},
                                           cookies={"ds_csrftoken": shown.cookies.get("ds_csrftoken", "")})

    return asyncio.run(run())


def copy_store(source: Path, target: Path) -> Path:
    """A private copy (for tests that write), made with SQLite's backup so the WAL is included."""
    with sqlite3.connect(source) as original, sqlite3.connect(target) as copy:
        original.backup(copy)
    original.close()
    copy.close()
    return target


def example_id(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT id FROM articles WHERE key LIKE '%itv-zelenskyy-nato%'").fetchone()
    conn.close()
    return int(row[0])


def entity_id(path: Path, name: str) -> int:
    with sqlite3.connect(path) as conn:
        row = conn.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()
    conn.close()
    return int(row[0])


def ids(path: Path, table: str) -> list[int]:
    with sqlite3.connect(path) as conn:
        found = [int(row[0]) for row in conn.execute(f"SELECT id FROM {table} ORDER BY id")]
    conn.close()
    return found


__all__ = ["HOSTILE_NAME", "copy_store", "entity_id", "example_id", "get", "get_all", "hostile_db", "ids",
           "post_correction", "web_db"]
