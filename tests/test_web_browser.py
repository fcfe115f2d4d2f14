"""The workspace in a real browser: headless Debian Chromium driven by Playwright, screenshots in artifacts/.

`newsgraph serve` runs as a subprocess on 127.0.0.1 and is stopped by its PID. Chromium comes from
Debian (`make browser`, part of `make test`); without it these tests skip, except in CI, where they fail.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import ROOT
from .web_fixtures import copy_store, entity_id, example_id, web_db  # noqa: F401 (fixture)

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LAPTOP = {"width": 1366, "height": 800}
PHONE = {"width": 390, "height": 844}

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        raise RuntimeError("/usr/bin/chromium is missing in CI: `make browser` should have installed it")
    pytest.skip("Debian's chromium is not installed (run `make browser` as root)", allow_module_level=True)

playwright_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(db: Path, *options: str) -> Iterator[str]:
    """`newsgraph serve` on `db` at a free port on 127.0.0.1; stopped by its PID afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:  # not a pipe: a server that logs much must never block on it
        process = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", str(db), "--port", str(port),
                                    *options], stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(url + "/-/versions.json", timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        raise RuntimeError(f"newsgraph serve did not start: {log.read().decode()}") from None
                    time.sleep(0.3)
            yield url
        finally:
            os.kill(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def server(web_db: Path) -> Iterator[str]:  # noqa: F811
    with serving(web_db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def fits_width(page: object) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))  # type: ignore[attr-defined]


def test_evidence_view_to_person_page_to_search(server: str, browser: object, web_db: Path) -> None:  # noqa: F811
    page = browser.new_page(viewport=LAPTOP)  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server}/-/article/{example_id(web_db)}")
    assert page.locator("#article-text .hl-quote[role=button]").count() >= 10
    assert page.locator("#article-text .hl-mention").count() >= 20
    assert page.locator("#article-text .hl-date").count() >= 3
    flag = page.locator("#article-text mark.hl-flag").first
    assert flag.inner_text() == "Zelesnkyy" and "spelled" in (flag.get_attribute("title") or "")
    assert page.locator("#article-text .hl-boilerplate").first.inner_text().startswith("Have you heard")
    page.screenshot(path=str(ARTIFACTS / "evidence-laptop.png"))

    # A Zelenskyy quotation: click it in the text, read its details, follow the speaker.
    card = page.locator(".ng-card.kind-direct", has=page.locator("dd.speaker a", has_text="Zelenskyy")).first
    quote_id = card.get_attribute("data-quote-card")
    # At its opening quotation mark: the middle of a quotation may be an entity link, which opens that entity.
    page.locator(f"#text-q{quote_id}").scroll_into_view_if_needed()
    box = page.locator(f"#text-q{quote_id}").evaluate(
        "el => { const r = el.getClientRects()[0]; return {x: r.left + 3, y: r.top + r.height / 2}; }")
    page.mouse.click(box["x"], box["y"])
    detail = page.locator("#quote-detail")
    for field in ("Speaker", "Cue", "Venue", "Date", "Confidence"):
        assert field in detail.inner_text()
    assert "Zelenskyy" in detail.locator("dd.speaker").inner_text()
    assert page.locator(f'.hl-quote.selected[data-quote="{quote_id}"]').count() >= 1
    page.screenshot(path=str(ARTIFACTS / "evidence-quote-selected.png"))
    detail.locator("dd.speaker a").click()
    page.wait_for_url(f"**/-/entity/{entity_id(web_db, 'Volodymyr Zelenskyy')}")
    assert "Zelenskyy" in page.locator("h1").inner_text()
    assert page.locator("svg.chart .bar").count() >= 1
    assert page.locator(".ng-quote a.evidence").count() >= 3
    page.screenshot(path=str(ARTIFACTS / "person-laptop.png"), full_page=True)

    # A quotation search from the form, through to the evidence view.
    page.goto(f"{server}/-/search")
    page.fill("#f-q", "negotiating table")
    page.select_option("#f-kind", "direct")
    page.locator(".ng-filters button[type=submit]").click()
    page.wait_for_url("**/-/search?*")
    results = page.locator(".ng-quote")
    assert results.count() >= 1
    assert page.locator(".ng-quote mark").first.inner_text().lower() == "negotiating"
    page.screenshot(path=str(ARTIFACTS / "search-laptop.png"))
    results.first.locator("a.evidence").click()
    page.wait_for_url("**/-/article/*")
    assert "Confidence" in page.locator("#quote-detail").inner_text()  # the linked quotation is selected
    assert errors == []
    page.close()


def test_pages_fit_a_phone_screen(server: str, browser: object, web_db: Path) -> None:  # noqa: F811
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)  # type: ignore[attr-defined]
    person = entity_id(web_db, "Volodymyr Zelenskyy")
    for name, path in (("home", "/"), ("evidence", f"/-/article/{example_id(web_db)}"),
                       ("person", f"/-/entity/{person}"), ("search", "/-/search?q=war")):
        page.goto(server + path)
        assert fits_width(page), f"{name} is wider than a phone"
        page.screenshot(path=str(ARTIFACTS / f"{name}-phone.png"))
    page.goto(f"{server}/-/article/{example_id(web_db)}")
    page.locator("#article-text .hl-quote[role=button]").nth(2).tap()
    assert "Confidence" in page.locator("#quote-detail").inner_text()
    assert page.locator("#quote-detail").is_visible()
    page.screenshot(path=str(ARTIFACTS / "evidence-phone-quote.png"))
    page.close()


def test_network_draws_with_the_shipped_library(server: str, browser: object, web_db: Path) -> None:  # noqa: F811
    for viewport, name in ((LAPTOP, "laptop"), (PHONE, "phone")):
        page = browser.new_page(viewport=viewport)  # type: ignore[attr-defined]
        requests: list[str] = []
        page.on("request", lambda request, seen=requests: seen.append(request.url))
        page.goto(f"{server}/-/network")
        page.wait_for_selector("#network[data-ready]", timeout=30_000)
        assert page.evaluate("window.newsgraphNetwork.nodes().length") >= 5
        assert page.locator("#network canvas").count() >= 1
        assert all(url.startswith(server) for url in requests)  # no CDN: everything from the workspace
        page.screenshot(path=str(ARTIFACTS / f"network-{name}.png"))
        page.close()


def test_a_correction_from_the_person_page(browser: object, web_db: Path, tmp_path: Path) -> None:  # noqa: F811
    db = copy_store(web_db, tmp_path / "write.db")
    person = entity_id(db, "Volodymyr Zelenskyy")
    with serving(db, "--write", "--token", "s3cret") as url:
        page = browser.new_page(viewport=LAPTOP)  # type: ignore[attr-defined]
        page.goto(f"{url}/-/entity/{person}")
        form = page.locator("form.ng-correct", has=page.locator("input[name=action][value=rename]"))
        form.locator("input[name=argument]").fill("Volodymyr Zelensky")
        form.locator("input[name=token]").fill("s3cret")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert "Done and recorded" in page.locator(".message-info").inner_text()
        assert page.locator("h1").inner_text() == "Volodymyr Zelensky"
        page.screenshot(path=str(ARTIFACTS / "correction-laptop.png"))
        page.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT action, target FROM corrections").fetchall() == [("rename", "Volodymyr Zelensky")]
    conn.close()
