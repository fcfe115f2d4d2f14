"""Reading inputs: plain text, HTML, JSON Lines, JSON, stdin bytes, folders; errors per input."""

from __future__ import annotations

import json
from pathlib import Path

from newsgraph.errors import InputError
from newsgraph.record import ArticleDraft
from newsgraph.settings import DEFAULT_SETTINGS
from newsgraph.sources import draft_from_bytes, draft_from_string, read_paths

PAGE = """<!doctype html><html><head><title>Minister quits over bridge | The Daily Example</title>
<meta name="author" content="Jane Doe"><meta property="article:published_time" content="2024-03-05T10:00:00Z">
<meta property="og:site_name" content="The Daily Example"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Minister quits over bridge</h1>
<p>The transport minister resigned on Tuesday, saying the bridge project had been “mismanaged from the start”.</p>
<p>“I cannot defend this any longer,” she told reporters outside her office, adding she would remain an MP.</p>
<p>Opposition leaders welcomed the decision but said questions remained about the cost of the project.</p>
</article><aside><h3>Related stories</h3><ul><li><a href="/a">Bridge costs soar</a></li></ul></aside>
<footer>Copyright 2024 The Daily Example. All rights reserved.</footer></body></html>"""


def drafts(items: list[ArticleDraft | InputError]) -> list[ArticleDraft]:
    return [i for i in items if isinstance(i, ArticleDraft)]


def errors(items: list[ArticleDraft | InputError]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def test_plain_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes("Headline here\r\n\r\nBody text “quoted”.\r\n".encode())
    [draft] = drafts(list(read_paths([str(path)], DEFAULT_SETTINGS, "2024-01-02")))
    assert draft.id == "story"
    assert draft.text == "Headline here\n\nBody text “quoted”.\n"
    assert draft.published == "2024-01-02"


def test_html_main_text_and_metadata() -> None:
    [draft] = drafts(draft_from_bytes(PAGE.encode(), "page.html", DEFAULT_SETTINGS, "2020-01-01", hint=".html"))
    assert "mismanaged from the start" in draft.text
    assert "Related stories" not in draft.text and "Home" not in draft.text
    assert "All rights reserved" not in draft.text
    assert draft.headline == "Minister quits over bridge"
    assert draft.byline == "Jane Doe"
    assert draft.published == "2024-03-05"  # the page's own date wins over the fallback
    assert draft.source == "The Daily Example"


def test_html_detected_without_extension() -> None:
    [draft] = drafts(draft_from_bytes(PAGE.encode(), "stdin", DEFAULT_SETTINGS))
    assert draft.headline == "Minister quits over bridge"


def test_html_with_no_article() -> None:
    page = "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    [error] = errors(draft_from_bytes(page.encode(), "menu.html", DEFAULT_SETTINGS, hint=".html"))
    assert error.reason == "no_article"


def test_jsonl_bad_line_is_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "one", "text": "First story.", "published": "2024-05-01", "headline": "One"}),
        "{not json",
        json.dumps([1, 2]),
        json.dumps({"id": "no-text"}),
        json.dumps({"text": "Third story."}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read_paths([str(path)], DEFAULT_SETTINGS, "2020-01-01"))
    assert [d.id for d in drafts(items)] == ["one", "batch:5"]
    assert drafts(items)[0].published == "2024-05-01"  # the line's date overrides the CLI's
    assert drafts(items)[1].published == "2020-01-01"
    assert [(e.reason, e.origin) for e in errors(items)] == [
        ("bad_json", f"{path}:2"), ("bad_json", f"{path}:3"), ("no_text", f"{path}:4"),
    ]


def test_json_list(tmp_path: Path) -> None:
    path = tmp_path / "two.json"
    path.write_text(json.dumps([{"id": "a", "text": "A story."}, {"id": "b", "html": PAGE}]), encoding="utf-8")
    assert [d.id for d in drafts(list(read_paths([str(path)], DEFAULT_SETTINGS)))] == ["a", "b"]


def test_folder_recursion_skips_unknown_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A story about a bridge.", encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4 binary")
    items = list(read_paths([str(tmp_path)], DEFAULT_SETTINGS))
    assert sorted(d.id for d in drafts(items)) == ["a", "b"]
    assert not errors(items)


def test_missing_path_is_an_error_not_a_crash() -> None:
    [error] = list(read_paths(["/no/such/file.txt"], DEFAULT_SETTINGS))
    assert isinstance(error, InputError) and error.reason == "not_found"


def test_cp1252_text_is_decoded() -> None:
    data = "The minister said: “We will build it.” Café owners cheered.".encode("cp1252")
    [draft] = drafts(draft_from_bytes(data, "old.txt", DEFAULT_SETTINGS, hint=".txt"))
    assert "“We will build it.”" in draft.text and "Café" in draft.text


def test_utf8_bom_is_dropped() -> None:
    [draft] = drafts(draft_from_bytes("\ufeffHeadline\n\nBody.".encode(), "bom.txt", DEFAULT_SETTINGS, hint=".txt"))
    assert draft.text.startswith("Headline")


def test_draft_from_string_detects_html() -> None:
    draft = draft_from_string(PAGE, settings=DEFAULT_SETTINGS)
    assert draft.headline == "Minister quits over bridge"
    plain = draft_from_string("Just text.", settings=DEFAULT_SETTINGS, headline="A headline", id="x")
    assert (plain.id, plain.headline, plain.text) == ("x", "A headline", "Just text.")
