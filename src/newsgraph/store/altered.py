"""Altered quotations: copies of one statement (store/statements.py) whose wording differs from its
earliest version beyond punctuation and case (docs/sources.md, "Altered quotations").

The earliest version is the statement's quotation first published (then first ingested, then
first stored). Each other version is compared with it word by word: words are compared with case,
accents and punctuation set aside ("Flood," is "flood"), and aligned with difflib's
SequenceMatcher. A version is

- `same`: the same words (re-punctuated, re-cased);
- `excerpt`: the same words, fewer or more of them at either end only (one is an excerpt of the
  other: a quotation cut short, not altered);
- `altered`: words added, dropped or changed inside the words both versions give.

A statement is altered when at least one of its versions in another article is. Each version carries its diff as a
list of operations over the original words, `{"op": "equal" | "insert" | "delete" | "replace",
"old": ..., "new": ...}`, so that it can be shown in a terminal, as HTML or as JSON.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import Any

Rows = Callable[[str, Sequence[Any]], list[dict[str, Any]]]
_WORD = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)

VERSIONS_SQL = (
    "SELECT q.statement_id, q.id AS quote_id, q.article_id, q.content, q.said_on, e.name AS speaker, "
    "q.speaker_id, a.title AS article, a.source, a.url, a.published, a.ingested_at FROM quotes q "
    "JOIN articles a ON a.id = q.article_id LEFT JOIN entities e ON e.id = q.speaker_id "
    "WHERE q.statement_id IN (SELECT id FROM statements WHERE quote_count >= 2{speaker}) "
    "ORDER BY q.statement_id, a.published IS NULL, a.published, a.ingested_at, q.id")


def words(text: str) -> list[str]:
    """The words of a quotation as written (punctuation, quotation marks and ellipses left out; an
    editor's brackets too: "[I]f" is "If")."""
    return _WORD.findall(text.replace("[", "").replace("]", ""))


def word_key(word: str) -> str:
    """A word as compared: lower case, no accents, one kind of apostrophe."""
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def diff(original: str, version: str) -> list[dict[str, str]]:
    """Word-level operations turning `original`'s words into `version`'s (the words as written)."""
    old, new = words(original), words(version)
    matcher = SequenceMatcher(None, [word_key(w) for w in old], [word_key(w) for w in new], autojunk=False)
    return [{"op": tag, "old": " ".join(old[i1:i2]), "new": " ".join(new[j1:j2])}
            for tag, i1, i2, j1, j2 in matcher.get_opcodes()]


def classify(ops: Sequence[dict[str, str]]) -> str:
    """same, excerpt (words missing or added at the ends only) or altered (a change between shared words)."""
    changes = [index for index, op in enumerate(ops) if op["op"] != "equal"]
    if not changes:
        return "same"
    at_ends = all(ops[index]["op"] in ("delete", "insert") and index in (0, len(ops) - 1) for index in changes)
    return "excerpt" if at_ends and len(ops) > 1 else "altered"


def compare(versions: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """One statement's versions (earliest first) compared with the earliest. The earliest article's
    other quotations of it are left out: a speaker repeating themselves (an interview's answer
    quoted again in its summary) is not a copy carried by another article."""
    earliest, *others = versions
    compared = []
    for version in others:
        if version["article_id"] == earliest["article_id"]:
            continue
        ops = diff(earliest["content"], version["content"])
        compared.append({**version, "status": classify(ops), "ops": ops})
    altered = [version for version in compared if version["status"] == "altered"]
    return {"statement_id": earliest["statement_id"], "speaker": earliest["speaker"],
            "speaker_id": earliest["speaker_id"], "earliest": earliest, "versions": compared,
            "altered": bool(altered), "altered_count": len(altered),
            "outlets": len({v["source"] for v in versions})}


def versions_sql(speaker_id: int | None = None) -> tuple[str, list[Any]]:
    """Every version of the statements carried at least twice (by one speaker), earliest first."""
    clause, args = (" AND speaker_id = ?", [speaker_id]) if speaker_id is not None else ("", [])
    return VERSIONS_SQL.format(speaker=clause), args


def compare_all(rows: Sequence[dict[str, Any]], altered_only: bool = True,
                limit: int | None = None) -> list[dict[str, Any]]:
    """The statements of versions_sql's rows, each version compared with the earliest; the altered
    ones only (by default), most altered versions first, then by first publication."""
    grouped: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault(row["statement_id"], []).append(row)
    found = [statement for statement in (compare(versions) for versions in grouped.values() if len(versions) > 1)
             if statement["versions"]]
    if altered_only:
        found = [statement for statement in found if statement["altered"]]
    found.sort(key=lambda s: (-s["altered_count"], s["earliest"]["published"] or "", s["statement_id"]))
    return found[:limit] if limit else found


def statements(rows: Rows, speaker_id: int | None = None, altered_only: bool = True,
               limit: int | None = None) -> list[dict[str, Any]]:
    """compare_all over the store `rows(sql, args)` reads."""
    return compare_all(rows(*versions_sql(speaker_id)), altered_only, limit)
