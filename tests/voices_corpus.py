"""Hand-written articles for who gets quoted and altered quotations (tests/test_who_gets_quoted.py,
tests/test_altered.py, the browser tests): people whose gender an honorific, a pronoun, a strong
forename or nothing tells, in two outlets and two months; one statement carried four times, once
re-punctuated, once with a word changed, once with a word dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsgraph.pipeline import Engine
from newsgraph.store import ingest

ORIGINAL = "We will rebuild every school and every hospital that was destroyed in the flood, whatever it costs"
CHANGED = ORIGINAL.replace("destroyed", "damaged")
DROPPED = ORIGINAL.replace("every school and every hospital", "every school and hospital")
REPUNCTUATED = "We will rebuild every school, and every hospital that was destroyed in the flood - whatever it costs!"
HOSTILE = "<script>alert(1)</script> & <b>bold</b>"

ARTICLES = [
    ("post-1", "Daily Post", "2024-03-01", "Mayor vows to rebuild",
     f'Helen Ward, the mayor, spoke on Friday. "{ORIGINAL}," Helen Ward said.\n'
     'Terry Jones, a builder, said: "The work will start in April."'),
    ("star-1", "Evening Star", "2024-03-02", "Rebuilding promised",
     f'The mayor Helen Ward said on Friday: "{CHANGED}."'),
    ("herald-1", "Morning Herald", "2024-03-03", f"Flood recovery {HOSTILE}",
     f'"{DROPPED}," Helen Ward said.'),
    ("herald-2", "Morning Herald", "2024-03-04", "Flood recovery plans",
     f'"{REPUNCTUATED}" Helen Ward said.'),
    ("star-2", "Evening Star", "2024-04-02", "River works",
     'Mr Sam Patel said: "The river must be dredged before the winter comes."\n'
     '"Every family will be housed by the summer," Helen Ward said.'),
    ("star-3", "Evening Star", "2024-04-03", f"Council vote {HOSTILE}",
     "Ngozi Walsh, a councillor, spoke on Monday. Walsh said the vote had gone well.\n"
     'She added: "We will meet again next week."'),
]


def write(path: Path) -> Path:
    lines = [json.dumps({"id": key, "headline": headline, "source": source, "published": date,
                         "text": f"{headline}\n\n{body}"}) for key, source, date, headline, body in ARTICLES]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build(folder: Path, engine: Engine) -> Path:
    """A store of ARTICLES in `folder`."""
    db = folder / "voices.db"
    ingest([str(write(folder / "voices.jsonl"))], db, engine=engine, workers=1)
    return db


@pytest.fixture(scope="session")
def voices_db(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Path:
    """A store of ARTICLES, shared by the tests that only read it."""
    return build(tmp_path_factory.mktemp("voices"), engine)
