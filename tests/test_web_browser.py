"""The workspace in a real browser: headless Debian Chromium driven by Playwright, screenshots in artifacts/.

`newsgraph serve` runs as a subprocess on 127.0.0.1 and is stopped by its PID. Chromium comes from
Debian (`make browser`, part of `make test`); without it these tests skip, except in CI, where they fail.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsgraph.web.launch import serving

from .conftest import ROOT
from .web_fixtures import SAFE_URL, copy_store, entity_id, example_id, hostile_db, ids, web_db  # noqa: F401

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
    # Every count and label lies inside the chart: the tallest bar's count and the last month too.
    outside = page.evaluate("""() => { const svg = document.querySelector("svg.chart");
        const box = svg.viewBox.baseVal;
        return [...svg.querySelectorAll("text")].map(t => [t.textContent, t.getBBox()])
          .filter(([, b]) => b.x < 0 || b.y < 0 || b.x + b.width > box.width || b.y + b.height > box.height)
          .map(([text]) => text); }""")
    assert outside == []
    bars = page.locator("svg.chart rect.bar:not([height='0'])").count()
    assert page.locator("svg.chart text.count").count() == bars  # each bar has its count
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
        started = time.perf_counter()
        page.goto(f"{server}/-/network")
        page.wait_for_selector("#network[data-ready]", timeout=30_000)
        drawn = time.perf_counter() - started
        first = page.evaluate("window.newsgraphNetwork.nodes().length")
        assert first >= 5
        assert page.locator("#network canvas").count() >= 1
        assert all(url.startswith(server) for url in requests)  # no CDN: everything from the workspace
        page.screenshot(path=str(ARTIFACTS / f"network-{name}.png"))
        # The heaviest ties come first; the control asks for more.
        more = page.locator("#network-more")
        if more.is_visible():
            more.click()
            page.wait_for_selector("#network[data-ready]", timeout=30_000)
            assert page.evaluate("window.newsgraphNetwork.nodes().length") > first
            assert "top=" in page.url
        print(f"network ({name}): {first} nodes drawn {drawn:.2f} s after navigation")  # measured, not asserted
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


# Hostile content and the Content-Security-Policy ---------------------------------------------------

def watch(page: object, dialogs: list[str] | None = None,
          violations: list[str] | None = None) -> tuple[list[str], list[str]]:
    """Dialogs opened (each dismissed) and Content-Security-Policy violations reported on `page`,
    appended to the lists given (new ones otherwise)."""
    dialogs = [] if dialogs is None else dialogs
    violations = [] if violations is None else violations
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))  # type: ignore[attr-defined]
    page.on("console", lambda message: violations.append(message.text)  # type: ignore[attr-defined]
            if "Content Security Policy" in message.text else None)
    return dialogs, violations


def test_hostile_articles_open_no_dialog(browser: object, hostile_db: Path) -> None:  # noqa: F811
    name = hostile_db.stem
    articles, entities = ids(hostile_db, "articles"), ids(hostile_db, "entities")
    dialogs: list[str] = []
    violations: list[str] = []

    def local_page() -> Any:
        page = browser.new_page(viewport=LAPTOP)  # type: ignore[attr-defined]
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
        watch(page, dialogs, violations)
        return page

    with serving(hostile_db) as url:
        links: list[str] = []
        paths = ["/", "/-/search?q=bridge", "/-/network", *(f"/-/entity/{entity}" for entity in entities),
                 f"/{name}/articles", f"/{name}/quotes", f"/{name}?sql=select+*+from+articles",
                 *(f"/{name}/articles/{article}" for article in articles)]
        for article in articles:
            # A page of its own: the aborted off-site navigation below must not race the next article's.
            page = local_page()
            page.goto(f"{url}/-/article/{article}")
            # Every quotation selected: its card is copied into the side panel by evidence.js.
            for quote in page.locator("#article-text .hl-quote[role=button]").all():
                quote.focus()
                page.keyboard.press("Enter")
            original = page.locator(".ng-head a", has_text="original")
            if original.count():
                links.append(original.get_attribute("href") or "")
                original.click()  # off-site requests are aborted: only that nothing runs matters
            else:
                page.locator(".ng-head .ng-url").click()
            page.close()
        page = local_page()
        page.goto(f"{url}/-/article/{articles[-1]}")
        page.screenshot(path=str(ARTIFACTS / "hostile-evidence.png"), full_page=True)
        assert dialogs == [], dialogs
        for path in paths:
            page.goto(url + path)
            if path == "/-/network":
                page.wait_for_selector("#network[data-ready]", timeout=30_000)
            unsafe = page.evaluate("""() => [...document.querySelectorAll("[href], [src], [action]")]
                .map(el => el.href || el.src || el.action || "").filter(u => u && !/^https?:/i.test(u))""")
            assert unsafe == [], (path, unsafe)
        page.screenshot(path=str(ARTIFACTS / "hostile-table.png"))
        page.close()
    assert dialogs == [] and violations == []
    assert links == [SAFE_URL]  # of all the articles' URLs, only the https one is a link


def test_the_policy_blocks_inline_script_and_datasette_still_works(server: str, browser: object,
                                                                   web_db: Path) -> None:  # noqa: F811
    name = web_db.stem
    page = browser.new_page(viewport=LAPTOP)  # type: ignore[attr-defined]
    dialogs, violations = watch(page)
    page.goto(f"{server}/{name}/quotes")
    assert page.evaluate("window.DATASETTE_ALLOW_FACET") is True  # the table page's own inline script ran
    # A script that reached the page as content would be refused.
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.injected = 7";
                      document.body.appendChild(s); }""")
    assert page.evaluate("window.injected") is None
    assert len(violations) == 1 and "inline script" in violations[0]
    violations.clear()
    page.goto(f"{server}/{name}?sql=select+id,+content+from+quotes+limit+3")
    page.wait_for_selector(".CodeMirror")  # the SQL editor, started by Datasette's inline script
    page.locator("details.nav-menu summary").click()
    assert page.locator("details.nav-menu[open]").count() == 1
    page.locator("h1").click()  # Datasette's inline script closes the menu on a click elsewhere
    assert page.locator("details.nav-menu[open]").count() == 0
    page.screenshot(path=str(ARTIFACTS / "datasette-sql-under-policy.png"))
    page.close()
    assert dialogs == [] and violations == []


def test_the_network_benchmark_runs_and_reports(web_db: Path, tmp_path: Path) -> None:  # noqa: F811
    # benchmarks/bench_web.py on the test store, one run per value: it reports, it never times a test.
    # In its own process: Playwright's sync API cannot start inside this module's running browser.
    results = tmp_path / "RESULTS.md"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_web.py"), "--db", str(web_db),
                           "--top", "2,5", "--repeat", "1", "--results", str(results)],
                          capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    section = results.read_text(encoding="utf-8")
    assert "| 2 |" in section and "| 5 |" in section and section.count("bench_web:start") == 1
