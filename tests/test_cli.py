"""The command line, run as a user runs it, with its documented exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app

from .conftest import EXAMPLE

runner = CliRunner()


def test_report_of_the_example() -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--published", "2024-12-18"])
    assert result.exit_code == 0, result.output
    for expected in ("Volodymyr Zelenskyy", "Downing Street", "Le Parisien", "2024-12-17", "name_spelling"):
        assert expected in result.output


def test_json_of_the_example() -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--published", "2024-12-18", "--format", "json"])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert len(record["quotes"]) == 17
    for quote in record["quotes"]:
        for span in quote["content"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]


def test_jsonl_batch_with_bad_files(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("Bridge row\n\nTom Baker said the bridge would open in May.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "text": "Jane Doe said it was fine."}\nnot json\n',
                                        encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path), "--format", "jsonl"])
    assert result.exit_code == 3
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["x", "good"]
    assert "empty" in result.stderr and "bad_json" in result.stderr


def test_nothing_analysable_exits_4(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert runner.invoke(app, ["analyze", str(tmp_path / "empty.txt")]).exit_code == 4


def test_bad_date_is_a_usage_error() -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--published", "yesterday"])
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_stdin() -> None:
    result = runner.invoke(app, ["analyze", "-", "--format", "json"], input="Jane Doe said the plan was dead.")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "stdin"


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "-f", "jsonl", "-o", str(target)])
    assert result.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["headline"].startswith("Zelesnkyy says")


@pytest.mark.parametrize("workers", [2])
def test_workers_keep_input_order(tmp_path: Path, workers: int) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"Story {i}\n\nOfficial {i} said the plan was dead.", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path), "-f", "jsonl", "--workers", str(workers),
                                 "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [str(i) for i in range(5)]


def test_console_script_has_no_traceback_for_a_missing_file() -> None:
    process = subprocess.run([sys.executable, "-m", "newsgraph", "analyze", "/no/such.txt"],
                             capture_output=True, text=True, check=False)
    assert process.returncode == 4
    assert "Traceback" not in process.stderr and "no such file" in process.stderr


@pytest.mark.parametrize("command", [
    ["analyze", str(EXAMPLE), "--published", "2024-12-18", "--output", "{missing}/record.json"],
    ["export", "--table", "quotes", "--out", "{missing}/quotes.jsonl", "--db", "{db}"],
    ["export", "--table", "quotes", "--format", "parquet", "--out", "{missing}/quotes.parquet", "--db", "{db}"],
    ["export", "--out", "{missing}/folder", "--db", "{db}"],
])  # fmt: skip
def test_an_output_that_cannot_be_written_is_a_usage_error(command: list[str], tmp_path: Path,
                                                           example_store: Path) -> None:
    (tmp_path / "no").write_text("a file where a folder should be", encoding="utf-8")
    missing = tmp_path / "no" / "folder"
    args = [part.format(missing=missing, db=example_store) for part in command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.output and "Traceback" not in result.output
