"""Who gets quoted and altered quotations in a real browser (tests/test_web_browser.py's Chromium and
helpers): laptop and phone widths, screenshots in artifacts/, no console error, no dialog from the
hostile headlines of tests/voices_corpus.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsgraph.web.launch import serving

from .test_web_browser import ARTIFACTS, LAPTOP, PHONE, browser, fits_width, watch  # noqa: F401
from .voices_corpus import voices_db  # noqa: F401 (a fixture)


@pytest.fixture(scope="module")
def voices_server(voices_db: Path) -> Iterator[str]:  # noqa: F811
    with serving(voices_db) as url:
        yield url


def open_page(browser: object, viewport: dict[str, int]) -> tuple[object, list[str]]:  # noqa: F811
    """A page at `viewport` and the list it records its script errors, console errors, dialogs and
    policy violations in."""
    phone = viewport == PHONE
    page = browser.new_page(viewport=viewport, is_mobile=phone, has_touch=phone)  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))  # type: ignore[attr-defined]
    page.on("console", lambda message: errors.append(message.text)  # type: ignore[attr-defined]
            if message.type == "error" else None)
    watch(page, errors, errors)
    return page, errors


@pytest.mark.parametrize("viewport,name", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_who_gets_quoted_counts_chart_and_links(voices_server: str, browser: object,  # noqa: F811
                                                viewport: dict[str, int], name: str) -> None:
    page, errors = open_page(browser, viewport)
    page.goto(f"{voices_server}/")  # type: ignore[attr-defined]
    page.locator(".ng-nav a", has_text="Who gets quoted").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/-/sources")  # type: ignore[attr-defined]
    page.select_option("#f-by", "outlet")  # type: ignore[attr-defined]
    page.locator(".ng-filters button[type=submit]").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/-/sources?*by=outlet*")  # type: ignore[attr-defined]
    assert page.locator("svg.gender-chart rect.part.female").count() >= 1  # type: ignore[attr-defined]
    assert page.locator("svg.gender-chart rect.part.male").count() >= 1  # type: ignore[attr-defined]
    assert page.locator("#groups tbody tr").count() == 3  # type: ignore[attr-defined]
    assert fits_width(page), f"who gets quoted is wider than the {name} screen"
    page.screenshot(path=str(ARTIFACTS / f"sources-{name}.png"), full_page=True)  # type: ignore[attr-defined]

    # The women quoted: the overall count's link lists their quotations.
    women = page.locator("#overall tr.gender-female td a").first  # type: ignore[attr-defined]
    assert women.inner_text() == "2"
    women.click()
    page.wait_for_url("**/-/sources/quotes?*gender=female*")  # type: ignore[attr-defined]
    assert page.locator("#counted-people li").count() == 2  # type: ignore[attr-defined]
    assert page.locator(".ng-quote").count() >= 3  # type: ignore[attr-defined]
    # The headline's markup is shown as text, never made an element.
    assert any("<script>" in text for text in page.locator(".ng-quote a.evidence").all_inner_texts())  # type: ignore[attr-defined]
    assert page.locator(".ng-quote script, .ng-quote b").count() == 0  # type: ignore[attr-defined]
    assert fits_width(page)
    page.screenshot(path=str(ARTIFACTS / f"sources-quotes-{name}.png"), full_page=True)  # type: ignore[attr-defined]
    page.locator(".ng-quote a.evidence").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/-/article/*")  # type: ignore[attr-defined]
    assert errors == []
    page.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("viewport,name", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_altered_quotations_show_their_diffs(voices_server: str, browser: object,  # noqa: F811
                                             viewport: dict[str, int], name: str) -> None:
    page, errors = open_page(browser, viewport)
    page.goto(f"{voices_server}/")  # type: ignore[attr-defined]
    page.locator(".ng-nav a", has_text="Altered quotations").click()  # type: ignore[attr-defined]
    page.wait_for_url("**/-/altered")  # type: ignore[attr-defined]
    assert page.locator(".ng-altered .flag").first.inner_text() == "altered"  # type: ignore[attr-defined]
    assert page.locator(".diff del").all_inner_texts() == ["destroyed", "every"]  # type: ignore[attr-defined]
    assert page.locator(".diff ins").all_inner_texts() == ["damaged"]  # type: ignore[attr-defined]
    assert page.locator(".status-same").count() == 1  # type: ignore[attr-defined]
    # The headline with markup is text in a link, not an element.
    assert page.locator(".ng-altered script, .ng-altered b").count() == 0  # type: ignore[attr-defined]
    assert fits_width(page), f"altered quotations is wider than the {name} screen"
    page.screenshot(path=str(ARTIFACTS / f"altered-{name}.png"), full_page=True)  # type: ignore[attr-defined]
    page.locator(".status-altered a.evidence").first.click()  # type: ignore[attr-defined]
    page.wait_for_url("**/-/article/*#quote-*")  # type: ignore[attr-defined]
    assert errors == []
    page.close()  # type: ignore[attr-defined]
