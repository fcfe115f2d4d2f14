"""The README says what the program does: its sample report is what `newsgraph analyze` prints, its
Python example runs, and its store commands run against a small store built here."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE, ROOT
from .store_inputs import write_feed, write_warc

README = ROOT / "README.md"
ELIDED = "..."


def fenced_blocks(text: str) -> list[tuple[str, list[str]]]:
    """Every fenced code block of a Markdown text: (its language, its lines)."""
    return [(match.group(1), match.group(2).splitlines())
            for match in re.finditer(r"^```(\w*)\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)]


def newsgraph_command(line: str) -> list[str]:
    """A README command line as arguments for this interpreter's newsgraph (its comment dropped)."""
    words = shlex.split(line, comments=True)
    assert words[0] in ("newsgraph", ".venv/bin/newsgraph"), line
    return [sys.executable, "-m", "newsgraph", *words[1:]]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    # The report's width off a terminal, whatever the terminal the tests were started from.
    environment = {**os.environ, "COLUMNS": "80"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False, timeout=600, env=environment)


def assert_excerpt(excerpt: list[str], printed: list[str]) -> None:
    """The excerpt's runs of lines between `...` appear in `printed` whole and in order; the first
    run opens it and, unless the excerpt ends with `...`, the last closes it (trailing blanks aside)."""
    printed = [line.rstrip() for line in printed]
    runs: list[list[str]] = [[]]
    for line in excerpt:
        if line.strip() == ELIDED:
            runs.append([])
        else:
            runs[-1].append(line.rstrip())
    position = 0
    for number, lines in enumerate(runs):
        if not lines:
            continue
        candidates = [position] if number == 0 else range(position, len(printed) - len(lines) + 1)
        found = next((at for at in candidates if printed[at:at + len(lines)] == lines), None)
        assert found is not None, "README lines not printed in this order:\n" + "\n".join(lines)
        position = found + len(lines)
    if runs[-1]:
        assert position == len(printed), "the README's excerpt should end with ... or with the last line"


def test_the_sample_report_is_what_analyze_prints(tmp_path: Path) -> None:
    [sample] = [lines for _, lines in fenced_blocks(README.read_text(encoding="utf-8"))
                if lines and lines[0].startswith("$ .venv/bin/newsgraph analyze")]
    result = run(newsgraph_command(sample[0][2:]), ROOT)
    assert result.returncode == 0, result.stderr
    assert_excerpt(sample[1:], result.stdout.splitlines())


def test_the_excerpt_check_catches_a_wrong_line() -> None:
    printed = ["a", "b", "c", "d"]
    assert_excerpt(["a", ELIDED, "c", ELIDED], printed)
    for wrong in (["a", ELIDED, "x", ELIDED], ["b", ELIDED], ["a", ELIDED, "d", "c"], ["a", ELIDED, "c"]):
        with pytest.raises(AssertionError):
            assert_excerpt(wrong, printed)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the README's inputs: coverage/ (the example article, dated, as JSON Lines),
    feed.rss, crawl.warc.gz, and article.txt for the Python example."""
    folder = tmp_path_factory.mktemp("desk")
    (folder / "coverage").mkdir()
    line = {"id": EXAMPLE.stem, "text": EXAMPLE.read_text(encoding="utf-8"), "published": "2024-12-18"}
    (folder / "coverage" / "itv.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    shutil.copy(EXAMPLE, folder / "article.txt")
    write_feed(folder / "feed.rss")
    write_warc(folder / "crawl.warc.gz")
    return folder


def store_commands() -> list[str]:
    """The command lines of the README's "The store" section (the serve command runs until stopped:
    tests/test_store_readonly.py and test_web.py start the workspace)."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## The store"):text.index("\n## ", text.index("## The store") + 1)]
    return [line for _, lines in fenced_blocks(section) for line in lines if line.startswith("newsgraph ")]


def test_the_store_commands_run(desk: Path) -> None:
    commands = store_commands()
    assert commands[0].startswith("newsgraph ingest") and len(commands) >= 6
    for command in commands:
        result = run(newsgraph_command(command), desk)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
        if command.startswith(("newsgraph quotes", "newsgraph entity", "newsgraph search")):
            assert "Zelenskyy" in result.stdout, command
    assert (desk / "desk.gexf").stat().st_size and (desk / "events.jsonl").stat().st_size
    assert (desk / "desk" / "quotes.parquet").exists()


def test_the_python_example_runs(desk: Path) -> None:
    [code] = ["\n".join(lines) for language, lines in fenced_blocks(README.read_text(encoding="utf-8"))
              if language == "python" and "newsgraph.analyze(" in "\n".join(lines)]
    result = run([sys.executable, "-c", code], desk)
    assert result.returncode == 0, result.stderr
    assert "Volodymyr Zelenskyy" in result.stdout
