"""Alerts: their words, their matches firing once, their deliveries and their Atom feed."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.desk import alert_rules, alerts
from newsgraph.desk.alert_rules import AlertSpec
from newsgraph.errors import UsageError
from newsgraph.settings import DEFAULT_SETTINGS
from newsgraph.store.ingestion import ingest
from newsgraph.store.schema import connect
from newsgraph.web.alert_feed import ATOM, atom

from .conftest import EXAMPLE

runner = CliRunner()
FAST = DEFAULT_SETTINGS.with_(mode="fast")


@pytest.mark.parametrize(("words", "expected"), [
    ("quotes by Zelenskyy", AlertSpec("speaker", "Zelenskyy")),
    ("Quotations by #12", AlertSpec("speaker", "#12")),
    ("quotes containing 'ceasefire now'", AlertSpec("phrase", "ceasefire now")),
    ("quotes mentioning “Nato”", AlertSpec("phrase", "Nato")),
    ("CONSULT with Nato", AlertSpec("event", "Nato", "CONSULT")),
    ("assault events involving Hamas", AlertSpec("event", "Hamas", "ASSAULT")),
    ("quotes in The Guardian", AlertSpec("outlet", "The Guardian")),
    ("outlet ITV News", AlertSpec("outlet", "ITV News")),
])
def test_an_alert_in_words(words: str, expected: AlertSpec) -> None:
    assert alert_rules.parse(words) == expected


@pytest.mark.parametrize("words", ["Zelenskyy", "PICNIC with Nato", "quotes containing '...'", "quotes by  "])
def test_words_that_are_no_alert_are_refused(words: str) -> None:
    with pytest.raises(UsageError):
        alert_rules.parse(words)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("alerts") / "example.db"
    assert ingest([str(EXAMPLE)], db, settings=FAST, workers=1, published="2024-12-18").stored == 1
    return db


def _copy(store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store.db"
    source = sqlite3.connect(store)
    with sqlite3.connect(copy) as target:
        source.backup(target)
    source.close()
    return copy


def test_an_alert_fires_on_articles_stored_after_it_once_each(store: Path, tmp_path: Path) -> None:
    db = _copy(store, tmp_path)
    added = runner.invoke(app, ["alert", "add", "quotes by Zelenskyy", "--db", str(db)])
    assert added.exit_code == 0, added.output
    preview = runner.invoke(app, ["alert", "test", "1", "--db", str(db), "--limit", "100"])
    assert preview.exit_code == 0 and preview.stdout.strip()
    said = [json.loads(line) for line in preview.stdout.splitlines()]
    assert all(body["speaker"]["name"] == "Volodymyr Zelenskyy" for body in said)
    assert all(body["evidence"].startswith("/-/article/") for body in said)

    log: list[str] = []
    conn = connect(db)
    assert alerts.fire_alerts(conn, lambda what, message: log.append(message)) == 0  # stored before it: not new
    conn.close()
    later = tmp_path / "later.txt"
    later.write_text(EXAMPLE.read_text(encoding="utf-8").replace("Downing Street", "No 10"), encoding="utf-8")
    first = runner.invoke(app, ["ingest", str(later), "--db", str(db), "--fast"])
    assert first.exit_code == 0 and "alert matches fired" in first.output, first.output
    fired = sqlite3.connect(db).execute("SELECT count(*) FROM alert_firings").fetchone()[0]
    assert fired == len(said)  # the same quotations, in the new article
    again = runner.invoke(app, ["ingest", str(later), "--db", str(db), "--fast"])
    assert again.exit_code == 0 and "alert matches fired" not in again.output
    conn = connect(db)
    assert alerts.fire_alerts(conn, lambda what, message: None) == 0
    listed = alerts.listing(conn)
    conn.close()
    assert [(row["title"], row["fired"], row["pending"]) for row in listed] == [("quotes by Zelenskyy", fired, 0)]
    removed = runner.invoke(app, ["alert", "remove", "1", "--db", str(db)])
    assert removed.exit_code == 0
    assert sqlite3.connect(db).execute("SELECT count(*) FROM alert_firings").fetchone()[0] == 0
    assert runner.invoke(app, ["alert", "remove", "1", "--db", str(db)]).exit_code == 7


def test_a_failing_command_is_tried_again_and_nothing_reaches_a_shell(store: Path, tmp_path: Path) -> None:
    db = _copy(store, tmp_path)
    flag, received = tmp_path / "ready", tmp_path / "received.jsonl"
    # Fails until `ready` exists; then keeps its stdin and its arguments (`$(...)` stays text: no shell).
    program = ("import sys, pathlib; sys.exit(1) if not pathlib.Path(sys.argv[1]).exists() else "
               "open(sys.argv[2], 'a').write(sys.stdin.read() + chr(10) + sys.argv[3] + chr(10))")
    conn = connect(db)
    alerts.add(conn, AlertSpec("phrase", "Nato"), command=" ".join([
        sys.executable, "-c", json.dumps(program), str(flag), str(received), "'$(touch pwned)'"]))
    conn.execute("UPDATE alerts SET since_article_id = 0")  # the stored article counts as new
    log: list[str] = []
    fired = alerts.fire_alerts(conn, lambda what, message: log.append(f"{what} {message}"))
    assert fired > 0 and any("command failed" in line for line in log) and not received.exists()
    flag.touch()
    assert alerts.fire_alerts(conn, lambda what, message: None) == 0  # nothing new; what waited is sent
    conn.close()
    lines = received.read_text().splitlines()
    bodies = [json.loads(line) for line in lines[::2]]
    assert len(bodies) == fired and set(lines[1::2]) == {"$(touch pwned)"} and not Path("pwned").exists()
    assert all("nato" in body["quotation"]["content"].lower() for body in bodies)


def test_a_webhook_or_workspace_that_is_not_http_is_refused(tmp_path: Path) -> None:
    for option in ("--webhook", "--workspace"):
        result = runner.invoke(app, ["alert", "add", "quotes by Zelenskyy", option, "file:///tmp/x",
                                     "--db", str(tmp_path / "x.db")])
        assert result.exit_code == 2 and "http(s) URL" in result.output


def test_the_atom_feed_escapes_what_articles_bring_and_links_only_http() -> None:
    hostile = '<script>alert(7)</script> "Smith" & co\x01'
    body = {"alert": {"id": 1, "title": "quotes by Smith"}, "fact": "quote:abc:Q1", "evidence": "/-/article/3#quote-9",
            "article": {"id": 3, "title": hostile, "url": "javascript:alert(7)", "outlet": hostile, "published": None},
            "quotation": {"id": 9, "content": hostile}, "speaker": {"id": 2, "name": hostile}}
    firing = {"fact_key": "quote:abc:Q1", "title": hostile, "payload": json.dumps(body),
              "fired_at": "2026-12-06T20:00:00+00:00"}
    xml = atom({"id": 1, "title": hostile, "created_at": "2026-12-06T19:00:00+00:00"}, [firing],
               "http://desk.test/-/alerts/1.atom", lambda path: "http://desk.test" + path)
    assert b"<script>" not in xml and b"\x01" not in xml
    entry = ElementTree.fromstring(xml).find(f"{{{ATOM}}}entry")
    assert entry is not None
    assert hostile.replace("\x01", "") in (entry.findtext(f"{{{ATOM}}}title") or "")
    links = {link.get("rel"): link.get("href") for link in entry.findall(f"{{{ATOM}}}link")}
    assert links == {"alternate": "http://desk.test/-/article/3#quote-9"}  # no javascript: link


def test_the_atom_feed_of_an_alert_the_store_lacks_is_not_found(store: Path) -> None:
    from tests.web_fixtures import get

    for path in ("/-/alerts/99.atom", "/-/alerts/abc.atom", "/-/alerts/-1.atom"):
        assert get(store, path).status_code == 404


@pytest.mark.parametrize("options", [["--participant", "Nato"], ["--speaker", "Nato", "--event-type", "CONSULT"],
                                     ["--event-type", "PICNIC", "--participant", "Nato"],
                                     ["quotes by Nato", "--outlet", "ITV"], []])
def test_alert_options_that_do_not_fit_are_a_usage_error(tmp_path: Path, options: list[str]) -> None:
    result = runner.invoke(app, ["alert", "add", *options, "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2, result.output
    assert "error:" in result.output and "None" not in result.output
