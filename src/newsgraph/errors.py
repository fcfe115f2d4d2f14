"""Errors a user can meet, each with a clear message and a documented exit code (docs/cli.md)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the `newsgraph` command."""

    OK = 0
    INTERNAL = 1  # a bug: reported as one line, with --debug for the traceback
    USAGE = 2  # bad option or argument (typer's own convention)
    SOME_INPUTS_REJECTED = 3  # a batch where at least one input was reported and skipped
    ALL_INPUTS_REJECTED = 4  # nothing could be analysed
    ENVIRONMENT = 5  # the installation is incomplete (no spaCy model)
    STORE = 6  # the store cannot be opened or written (not a store, read-only, disk full)
    NOT_FOUND = 7  # a query named something the store does not have (entity, table)


class NewsgraphError(Exception):
    """Base of every error newsgraph reports to a user instead of a traceback."""

    exit_code: ExitCode = ExitCode.INTERNAL


class ModelNotFoundError(NewsgraphError):
    """A model newsgraph needs is missing: the spaCy English model, or an attribution model."""

    exit_code = ExitCode.ENVIRONMENT


class InputError(NewsgraphError):
    """One input cannot be analysed; `reason` is a stable code (docs/cli.md lists them)."""

    exit_code = ExitCode.ALL_INPUTS_REJECTED

    def __init__(self, reason: str, message: str, origin: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.origin = origin

    def __str__(self) -> str:
        where = f"{self.origin}: " if self.origin else ""
        return f"{where}{self.message} [{self.reason}]"

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str, str | None]]:
        # Rejections cross process boundaries (the worker pool, Dask): rebuilt from their fields.
        return type(self), (self.reason, self.message, self.origin)


class UsageError(NewsgraphError, ValueError):
    """A request that cannot be carried out as given: a search with no words, an unknown event type,
    an output folder that cannot be made."""

    exit_code = ExitCode.USAGE


class StoreError(NewsgraphError):
    """The store cannot be opened, read or written; the message says why and what to do."""

    exit_code = ExitCode.STORE


class NotFoundError(NewsgraphError):
    """A query names an entity, table or format the store does not have."""

    exit_code = ExitCode.NOT_FOUND


class ClusterError(NewsgraphError):
    """The Dask cluster cannot be reached or lost every worker; the message says which address."""

    exit_code = ExitCode.ENVIRONMENT
