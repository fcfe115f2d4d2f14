"""`newsgraph statements --altered`: the statements whose copies changed wording, each version's
word diff against the earliest (coloured at a terminal; operation lists in --json)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from rich.text import Text

from .common import err, out

STYLES = {"delete": "red strike", "insert": "green underline"}


def diff_text(ops: Sequence[dict[str, str]]) -> Text:
    """The version as the earliest's words with what it dropped struck out and what it added underlined."""
    text = Text()
    for op in ops:
        pieces = ([("delete", op["old"]), ("insert", op["new"])] if op["op"] == "replace"
                  else [(op["op"], op["new"] if op["op"] == "insert" else op["old"])])
        for kind, words in pieces:
            if words:
                if text:
                    text.append(" ")
                text.append(words if kind == "equal" else f"[-{words}-]" if kind == "delete" else f"{{+{words}+}}",
                            style=STYLES.get(kind, ""))
    return text


def _where(version: dict[str, Any]) -> str:
    return (f"{version['source'] or version['article'] or 'untitled'}, {version['published'] or 'undated'} "
            f"(article {version['article_id']}, quote {version['quote_id']})")


def show(found: Sequence[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(list(found), ensure_ascii=False, indent=2) + "\n")
        return
    if not found:
        err.print("no altered quotation: every statement carried more than once has the same words everywhere.")
        return
    for statement in found:
        earliest = statement["earliest"]
        header = Text(f"statement {statement['statement_id']}", style="bold")
        header.append(f" · {statement['speaker'] or 'unknown speaker'} · {statement['altered_count']} altered "
                      f"of {len(statement['versions']) + 1} versions")
        out.print(header)
        out.print(Text("earliest  ", style="bold") + Text(_where(earliest)))
        out.print(Text("  " + earliest["content"]))
        for version in statement["versions"]:
            out.print(Text(f"{version['status']:<9} ", style="bold yellow" if version["status"] == "altered"
                           else "bold") + Text(_where(version)))
            out.print(Text("  ") + (diff_text(version["ops"]) if version["status"] == "altered"
                                    else Text(version["content"])))
        out.print()
