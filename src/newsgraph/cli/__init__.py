"""The `newsgraph` command line: thin commands over the engine, the store and the evaluation.

Exit codes are documented in docs/cli.md and defined in errors.ExitCode.
"""

from __future__ import annotations

import sys

from rich.markup import escape

from ..errors import ExitCode, NewsgraphError
from . import analyze, events, serve, store  # noqa: F401 (registers the commands)
from .common import app, err

__all__ = ["app", "main"]


def main() -> None:
    """Console entry point: a clear message and an exit code for every failure, never a traceback."""
    try:
        app()
    except NewsgraphError as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        sys.exit(int(error.exit_code))
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except Exception as error:  # a bug: say so in one line; --debug shows the traceback
        if "--debug" in sys.argv:
            raise
        err.print(f"[red]internal error:[/red] {type(error).__name__}: {escape(str(error))} "
                  "(run with --debug for details)")
        sys.exit(int(ExitCode.INTERNAL))
