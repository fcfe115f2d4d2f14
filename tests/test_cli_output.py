"""What the command line prints off a terminal (a log, a pipe): one line per message, plain progress
lines; requests it cannot carry out are usage errors (exit 2); outputs it cannot write are named."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.errors import ExitCode

from .conftest import EXAMPLE, ROOT
from .test_eval import write_corpus
from .test_learn import ARTICLES, write_split

runner = CliRunner()


def newsgraph(*args: str, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """The console script as a user runs it, its standard error a pipe (not a terminal)."""
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], cwd=ROOT, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, check=False, timeout=300)


def test_a_long_message_is_one_line_with_its_path_whole(tmp_path: Path) -> None:
    db = tmp_path / ("a-folder-with-a-long-name-" * 3) / "store-with-a-long-name.db"
    result = newsgraph("quotes", "--db", str(db))
    assert result.returncode == ExitCode.STORE
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and len(lines[0]) > 100, result.stderr
    assert lines[0].count(str(db)) == 2  # in the message and in the command it suggests


def test_a_usage_error_is_plain_lines_without_a_box() -> None:
    result = newsgraph("analyze", str(EXAMPLE), "--published", "2024-13-45")
    assert result.returncode == ExitCode.USAGE
    assert "╭" not in result.stderr and "│" not in result.stderr
    assert any("'2024-13-45' is not a date; use YYYY-MM-DD, e.g. 2024-12-18." in line
               for line in result.stderr.splitlines()), result.stderr


def test_query_output_lines_are_whole(example_store: Path) -> None:
    result = runner.invoke(app, ["stats", "--db", str(example_store)])
    assert result.exit_code == 0, result.output
    counts = next(line for line in result.stdout.splitlines() if "articles," in line)
    assert counts.endswith("corrections") and "event_participants" in counts


def test_progress_off_a_terminal_is_plain_lines(tmp_path: Path, short_articles: Path) -> None:
    three = tmp_path / "three.jsonl"
    three.write_text("".join(short_articles.read_text(encoding="utf-8").splitlines(keepends=True)[:3]))
    result = runner.invoke(app, ["ingest", str(three), "--db", str(tmp_path / "p.db"), "--workers", "1",
                                 "--progress"])
    assert result.exit_code == 0, result.output
    progress = [line for line in result.stderr.splitlines() if line.startswith("ingest")]
    assert progress and all(re.fullmatch(r"ingest: \d/3 articles \(\d+%\), [\d.]+ articles/s(, about .* left)?",
                                         line) for line in progress), result.stderr
    assert progress[-1].startswith("ingest: 3/3 articles (100%)")
    assert "━" not in result.stderr


@pytest.mark.parametrize(("command", "expected"), [
    (["search", '"'], "has no words to search for"),
    (["quotes", "--search", "..."], "has no words to search for"),
    (["events", "--type", "BOGUS"], "the types are: ACCUSE, AGREE, AID, ASSAULT, COERCE, CONSULT"),
    (["entities", "--type", "people"], "the types are: person, organisation, place, outlet, group, other"),
])  # fmt: skip
def test_a_query_that_cannot_be_asked_is_a_usage_error(command: list[str], expected: str,
                                                       example_store: Path) -> None:
    result = runner.invoke(app, [*command, "--db", str(example_store)])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert expected in result.stderr


def test_event_types_in_any_case_still_answer(example_store: Path) -> None:
    result = runner.invoke(app, ["events", "--type", "consult", "--json", "--db", str(example_store)])
    assert result.exit_code == 0, result.output
    assert {row["type"] for row in json.loads(result.stdout)} == {"CONSULT"}


def test_an_output_on_a_full_disk_is_named() -> None:
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--format", "jsonl", "--output", "/dev/full"])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "cannot write /dev/full: No space left on device" in result.stderr


def test_standard_output_on_a_full_disk_is_reported(example_store: Path) -> None:
    with open("/dev/full", "w") as full:
        result = newsgraph("quotes", "--json", "--db", str(example_store), stdout=full)
    assert result.returncode == ExitCode.USAGE, result.stderr
    assert result.stderr.strip() == "error: cannot write the output: No space left on device"


def test_eval_and_train_refuse_an_output_they_cannot_write_before_working(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    write_split(corpus, "train", ARTICLES)
    (tmp_path / "file").write_text("a file where a folder should be", encoding="utf-8")
    errors = runner.invoke(app, ["eval", "attribution", str(corpus), "--errors", str(tmp_path / "file" / "e.txt")])
    assert errors.exit_code == ExitCode.USAGE and "cannot write" in errors.stderr, errors.output
    model = runner.invoke(app, ["train", "attribution", str(corpus), "--out", str(tmp_path / "file" / "model")])
    assert model.exit_code == ExitCode.USAGE and "cannot write" in model.stderr, model.output


def test_dask_shards_that_cannot_be_written_are_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file where a folder should be", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(EXAMPLE), "--db", str(tmp_path / "d.db"), "--dask", "local",
                                 "--shards", str(tmp_path / "file" / "shards"), "--workers", "1"])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "cannot write" in result.stderr
