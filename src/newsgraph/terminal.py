"""Where newsgraph prints: rich consoles that lay text out for a person at a terminal, and write one
line per message for a program, a pipe or a log (where a message cut at 80 columns splits a path).
"""

from __future__ import annotations

import sys
from typing import IO

from rich.console import Console, RenderableType


def console(*, stderr: bool = False, file: IO[str] | None = None) -> Console:
    """A console on standard output (or `stderr`, or `file`). Off a terminal its messages are not
    wrapped: one line each. Tables, panels and reports still fit its width: print them with `block`."""
    made = Console(stderr=stderr, file=file)
    made.soft_wrap = not made.is_terminal
    return made


def block(target: Console, renderable: RenderableType) -> None:
    """Print a laid-out renderable (a table, a panel, a report) at the console's width, wrapped
    inside its cells, also off a terminal."""
    target.print(renderable, soft_wrap=False)


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
