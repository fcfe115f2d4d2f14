"""Altered quotations (store/altered.py, `newsgraph statements --altered`, /-/altered): copies of a
statement whose words changed against its earliest version, with word diffs."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.store import Store
from newsgraph.store.altered import classify, diff
from newsgraph.web.altered import diff_html

from .test_web import check_html
from .voices_corpus import CHANGED, DROPPED, ORIGINAL, REPUNCTUATED, voices_db  # noqa: F401 (a fixture)
from .web_fixtures import get

runner = CliRunner()


def changes(original: str, version: str) -> list[tuple[str, str, str]]:
    return [(op["op"], op["old"], op["new"]) for op in diff(original, version) if op["op"] != "equal"]


def test_word_diffs_set_punctuation_and_case_aside() -> None:
    assert changes(ORIGINAL, REPUNCTUATED) == []
    assert changes(ORIGINAL, ORIGINAL.upper()) == []
    assert changes("Café society is over", "cafe society is over") == []  # accents too
    assert changes(ORIGINAL, CHANGED) == [("replace", "destroyed", "damaged")]
    assert changes(ORIGINAL, DROPPED) == [("delete", "every", "")]
    assert changes("We are going to pay", "We are not going to pay") == [("insert", "", "not")]


def test_a_version_is_same_an_excerpt_or_altered() -> None:
    assert classify(diff(ORIGINAL, REPUNCTUATED)) == "same"
    assert classify(diff(ORIGINAL, "every school and every hospital that was destroyed in the flood")) == "excerpt"
    assert classify(diff("every school and every hospital", ORIGINAL)) == "excerpt"  # the earliest was cut short
    assert classify(diff(ORIGINAL, CHANGED)) == "altered"
    assert classify(diff(ORIGINAL, DROPPED)) == "altered"
    assert classify(diff(ORIGINAL, "We will rebuild every school whatever it costs")) == "altered"


def test_the_store_finds_the_altered_versions_against_the_earliest(voices_db: Path) -> None:  # noqa: F811
    with Store(voices_db) as store:
        (statement,) = store.altered()
        everything = store.altered(limit=None)
    assert everything == [statement]  # the other statements are carried once
    assert statement["speaker"] == "Helen Ward"
    assert statement["earliest"]["source"] == "Daily Post" and statement["earliest"]["published"] == "2024-03-01"
    by_outlet = {(v["source"], v["published"]): v for v in statement["versions"]}
    assert by_outlet[("Evening Star", "2024-03-02")]["status"] == "altered"
    assert by_outlet[("Morning Herald", "2024-03-03")]["status"] == "altered"
    assert by_outlet[("Morning Herald", "2024-03-04")]["status"] == "same"
    assert statement["altered_count"] == 2 and statement["outlets"] == 3


def test_the_command_shows_diffs_and_json_op_lists(voices_db: Path) -> None:  # noqa: F811
    result = runner.invoke(app, ["statements", "--altered", "--db", str(voices_db)])
    assert result.exit_code == 0, result.output
    assert "[-destroyed-] {+damaged+}" in result.output and "[-every-]" in result.output
    found = json.loads(runner.invoke(app, ["statements", "--altered", "--json", "--db", str(voices_db)]).output)
    ops = [op for version in found[0]["versions"] for op in version["ops"] if op["op"] != "equal"]
    assert {"op": "replace", "old": "destroyed", "new": "damaged"} in ops
    assert runner.invoke(app, ["statements", "--altered", "--csv", "--db", str(voices_db)]).exit_code == 2
    assert runner.invoke(app, ["statements", "--altered", "--speaker", "Nobody Atall",
                               "--db", str(voices_db)]).exit_code == 7


def test_the_page_flags_them_with_ins_and_del_escaped(voices_db: Path) -> None:  # noqa: F811
    response = get(voices_db, "/-/altered")
    assert response.status_code == 200
    text = check_html(response.text)
    assert "altered" in text and "Helen Ward" in text
    assert "<del>destroyed</del> <ins>damaged</ins>" in response.text
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;alert(1)" in response.text
    assert re.search(r'href="/-/article/[0-9]+#quote-[0-9]+"', response.text)
    assert 'href="/-/altered"' in response.text
    assert get(voices_db, "/-/altered?top=x").status_code == 400


def test_diff_html_escapes_every_word() -> None:
    html = str(diff_html([{"op": "replace", "old": "<b>", "new": "a&b"}, {"op": "equal", "old": "<i>", "new": "<i>"}]))
    assert html == "<del>&lt;b&gt;</del> <ins>a&amp;b</ins> &lt;i&gt;"


def test_an_editors_brackets_and_a_repeat_in_the_same_article_are_no_alteration() -> None:
    from newsgraph.store.altered import compare

    assert changes("[I]f we confirm it", "If we confirm it") == []
    versions = [{"statement_id": 1, "quote_id": q, "article_id": a, "content": c, "speaker": None, "speaker_id": None,
                 "source": None, "published": "2020-01-01"}
                for q, a, c in ((1, 1, "We did a lot of research on it"), (2, 1, "We did research on it"))]
    assert compare(versions)["versions"] == []
