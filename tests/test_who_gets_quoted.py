"""Who gets quoted (store/sources.py, `newsgraph sources`): people and quotations by gender,
overall, by outlet and by month, counted from the store's own rows."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.errors import UsageError
from newsgraph.store import Store
from newsgraph.store.sources import SourceFilter

from .voices_corpus import voices_db  # noqa: F401 (a fixture)

runner = CliRunner()


@pytest.fixture()
def db(voices_db: Path) -> Path:  # noqa: F811
    return voices_db


def quoted(db: Path, where: str = "1") -> list[tuple[int, str, str, str, str]]:
    """(speaker id, name, gender, outlet, month) of every quotation by a person, read plainly."""
    with sqlite3.connect(db) as conn:
        return [(r[0], r[1], r[2] if r[2] in ("female", "male") else "unknown", r[3], r[4][:7]) for r in conn.execute(
            "SELECT e.id, e.name, e.gender, a.source, q.said_on FROM quotes q JOIN entities e ON e.id = q.speaker_id "
            f"JOIN articles a ON a.id = q.article_id WHERE e.type = 'person' AND {where}")]


def test_people_by_gender_from_the_evidence(db: Path) -> None:
    people = {name: gender for _, name, gender, _, _ in quoted(db)}
    assert people == {"Helen Ward": "female", "Ngozi Walsh": "female", "Sam Patel": "male",
                      "Terry Jones": "unknown"}


def test_counts_and_shares_overall(db: Path) -> None:
    rows = quoted(db)
    with Store(db) as store:
        found = store.sources()
    overall = found["overall"]
    assert overall["people"] == {"female": 2, "male": 1, "unknown": 1, "total": 4}
    by_gender = Counter(gender for _, _, gender, _, _ in rows)
    assert overall["quotes"] == {**{g: by_gender[g] for g in ("female", "male", "unknown")}, "total": len(rows)}
    assert overall["people_share"] == {"female": 0.5, "male": 0.25, "unknown": 0.25}
    assert overall["female_of_known"] == round(2 / 3, 4)
    assert [row["name"] for row in found["top"]["female"]] == ["Helen Ward", "Ngozi Walsh"]
    assert [row["name"] for row in found["top"]["male"]] == ["Sam Patel"]
    assert found["top"]["female"][0]["quotes"] == sum(1 for _, name, *_ in rows if name == "Helen Ward")


@pytest.mark.parametrize("by", ["outlet", "month"])
def test_counts_by_outlet_and_by_month(db: Path, by: str) -> None:
    rows = quoted(db)
    with Store(db) as store:
        found = store.sources(by=by)
    column = 3 if by == "outlet" else 4
    expected: dict[str, dict[str, set[int]]] = {}
    for row in rows:
        expected.setdefault(row[column], {}).setdefault(row[2], set()).add(row[0])
    groups = {group["group"]: group["people"] for group in found["groups"]}
    assert set(groups) == set(expected)
    for name, people in groups.items():
        assert {g: people[g] for g in ("female", "male", "unknown")} == {
            g: len(expected[name].get(g, ())) for g in ("female", "male", "unknown")}
    assert sum(group["quotes"]["total"] for group in found["groups"]) == len(rows)


def test_filters_by_outlet_and_dates(db: Path) -> None:
    with Store(db) as store:
        star = store.sources(SourceFilter(outlet="Evening Star"))
        march = store.sources(SourceFilter(since="2024-03-01", until="2024-03-31"))
    assert star["overall"]["quotes"]["total"] == len(quoted(db, "a.source = 'Evening Star'"))
    assert march["overall"]["people"]["male"] == 0  # Sam Patel spoke in April
    assert march["overall"]["quotes"]["total"] == len(quoted(db, "q.said_on BETWEEN '2024-03-01' AND '2024-03-31'"))


def test_bad_filters_are_refused(db: Path) -> None:
    with pytest.raises(UsageError):
        SourceFilter(gender="other")
    with pytest.raises(UsageError):
        SourceFilter(month="March")
    result = runner.invoke(app, ["sources", "--db", str(db), "--outlet", "Nowhere Times"])
    assert result.exit_code == 7 and "Evening Star" in result.output
    assert runner.invoke(app, ["sources", "--db", str(db), "--by", "year"]).exit_code == 2
    assert runner.invoke(app, ["sources", "--db", str(db), "--since", "March"]).exit_code == 2


def test_the_command_prints_tables_and_json(db: Path) -> None:
    result = runner.invoke(app, ["sources", "--db", str(db), "--by", "outlet"])
    assert result.exit_code == 0, result.output
    assert "who gets quoted" in result.output and "Daily Post" in result.output and "Helen Ward" in result.output
    as_json = runner.invoke(app, ["sources", "--db", str(db), "--by", "month", "--json", "--top", "1"])
    found = json.loads(as_json.output)
    assert [group["group"] for group in found["groups"]] == ["2024-03", "2024-04"]
    assert len(found["top"]["female"]) == 1


def test_an_empty_store_counts_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db", writable=True) as store:
        found = store.sources(by="outlet")
    assert found["overall"]["people"]["total"] == 0 and found["overall"]["people_share"]["female"] is None
    result = runner.invoke(app, ["sources", "--db", str(tmp_path / "empty.db")])
    assert result.exit_code == 0
