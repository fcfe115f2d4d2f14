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
    """Base of every error newsgraph reports to a user instead of a traceback.

    Every subclass survives pickling, whatever its __init__ takes: errors cross process boundaries
    (worker processes, Dask), and Exception's own pickling calls the class with `args` alone, which
    fails for an __init__ with other required parameters (InputError's reason, message, origin).
    """

    exit_code: ExitCode = ExitCode.INTERNAL

    def __reduce__(self) -> tuple[object, ...]:
        return _rebuilt, (type(self), self.args, dict(self.__dict__))


def _rebuilt(cls: type[NewsgraphError], args: tuple[object, ...], state: dict[str, object]) -> NewsgraphError:
    """An error as it was pickled: its args and attributes restored, its __init__ not called again."""
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


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


class WorkerError(NewsgraphError):
    """A worker process failed in a way that is no input's fault: it could not start, or raised an
    error that could not be sent back as it was; the message says which."""
