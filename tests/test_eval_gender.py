"""`newsgraph eval gender`: the hand-checked sample of quoted people scored (eval/gender.py)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.eval.gender import read, score

from .voices_corpus import voices_db  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "wikinews-2019-2020" / "gold" / "gender-sample.tsv"
runner = CliRunner()


def sample(tmp_path: Path, rows: list[tuple[str, str]]) -> Path:
    path = tmp_path / "sample.tsv"
    path.write_text("name\tarticle\tsystem\tgold\tevidence\n" + "".join(
        f"Person {i}\ta{i}\t{system}\t{gold}\tnote\n" for i, (system, gold) in enumerate(rows)), encoding="utf-8")
    return path


def test_accuracy_counts_the_decided_people_a_reader_could_judge(tmp_path: Path) -> None:
    rows = read(sample(tmp_path, [("female", "female"), ("male", "female"), ("male", "male"), ("male", "unclear"),
                                  ("male", "not_a_person"), ("unknown", "male"), ("unknown", "unclear")]))
    figures = score(rows)
    assert figures["decided"] == 5 and figures["decided_and_judged"] == 4 and figures["correct"] == 2
    assert figures["accuracy"] == 0.5
    assert figures["unknown"] == 2 and figures["unknown_rate"] == round(2 / 7, 4)
    assert figures["unknown_a_reader_could_tell"] == 1


def test_the_committed_sample_is_complete_and_scores() -> None:
    rows = read(SAMPLE)
    assert len(rows) == 100 and all(row["evidence"] for row in rows)
    result = runner.invoke(app, ["eval", "gender", str(SAMPLE), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["people"] == 100 and figures["decided"] + figures["unknown"] == 100


def test_a_bad_sample_is_a_usage_error(tmp_path: Path) -> None:
    assert runner.invoke(app, ["eval", "gender", str(sample(tmp_path, [("male", "maybe")]))]).exit_code == 2
    assert runner.invoke(app, ["eval", "gender", str(tmp_path / "missing.tsv")]).exit_code == 2
    assert runner.invoke(app, ["eval", "gender", str(tmp_path / "x.tsv"), "--draw", "3"]).exit_code == 2


def test_draw_then_rejudge_from_a_store(tmp_path: Path, voices_db: Path) -> None:  # noqa: F811
    drawn = tmp_path / "drawn.tsv"
    assert runner.invoke(app, ["eval", "gender", str(drawn), "--draw", "3", "--db", str(voices_db)]).exit_code == 0
    text = drawn.read_text(encoding="utf-8").splitlines()
    assert len(text) == 4 and text[0].split("\t") == ["name", "article", "system", "gold", "evidence"]
    again = runner.invoke(app, ["eval", "gender", str(drawn), "--draw", "3", "--db", str(voices_db)])
    assert drawn.read_text(encoding="utf-8").splitlines() == text and again.exit_code == 0  # seeded
    filled = tmp_path / "filled.tsv"
    filled.write_text("\n".join([text[0]] + [line.replace("\t\t", "\tunclear\tnone") for line in text[1:]]) + "\n",
                      encoding="utf-8")
    result = runner.invoke(app, ["eval", "gender", str(filled), "--db", str(voices_db), "--json"])
    assert result.exit_code == 0 and json.loads(result.output)["people"] == 3
