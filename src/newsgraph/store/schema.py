"""Opening a store: SQLite in WAL mode, checked to be newsgraph's, created and upgraded by migrations.

Migrations are numbered SQL files in `migrations/` (package data), applied in order, each in one
transaction; `PRAGMA user_version` records the last one applied and the `migrations` table lists
them for people browsing the store. A migration may be followed, in its transaction, by a step in
Python (`UPGRADE_STEPS`): what SQL cannot say, such as resolving identities again.
"""

from __future__ import annotations

import importlib
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from ..errors import StoreError

# "NGRF" as a 32-bit integer: marks the file as a newsgraph store (PRAGMA application_id).
APPLICATION_ID = 0x4E475246
BUSY_TIMEOUT_MS = 60_000
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Migration number -> "module:function" run after its SQL, in its transaction, with the connection.
UPGRADE_STEPS = {4: "newsgraph.store.upgrade:reresolve_identities"}


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) of every shipped migration, in order."""
    found = []
    for entry in resources.files("newsgraph.store.migrations").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), match.group(2), entry.read_text(encoding="utf-8")))
    return sorted(found)


def latest_version() -> int:
    return migrations()[-1][0]


class StoreConnection(sqlite3.Connection):
    """A connection to a store. `immutable` when it was opened read-only as an unchanging file: the
    store's folder is not writable, so SQLite cannot make the shared-memory index WAL readers need."""

    immutable: bool = False


def connect(path: str | os.PathLike[str], *, readonly: bool = False, create: bool = True) -> StoreConnection:
    """A connection to the store at `path`, created and migrated when needed.

    Raises StoreError with a clear message for a file that is not a newsgraph store, a store newer
    than this newsgraph, a missing store (when not `create`) or one that cannot be written.
    `readonly` opens it for reading only, which needs no write permission on the file or its folder.
    """
    path = Path(path)
    if (readonly or not create) and not path.exists():
        raise StoreError(f"{path}: no such store; build one with `newsgraph ingest PATH... --db {path}`")
    try:
        conn = _open_reader(path) if readonly else _open(str(path))
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        _check_identity(conn, path)
        if not readonly:
            _set_wal(conn, path)
            conn.execute("PRAGMA synchronous = NORMAL")
            version = migrate(conn, path)
            # SQLite opens a file it may not write read-only without a word, and says so only at the
            # first write: rewrite the version (a no-op) so that such a store is refused now, before
            # an ingest analyses anything or a correction is half made.
            conn.execute(f"PRAGMA user_version = {version}")
        else:
            _check_version(conn, path)
    except sqlite3.DatabaseError as error:
        raise StoreError(describe(error, path)) from None
    return conn


def _open(target: str, uri: bool = False) -> StoreConnection:
    conn = sqlite3.connect(target, uri=uri, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
                           check_same_thread=False, factory=StoreConnection)
    assert isinstance(conn, StoreConnection)
    return conn


# What SQLite says when a WAL store's shared-memory index can be neither opened nor created by a
# reader: the store's folder (or its -shm file) is not writable for this user.
_NO_SHARED_INDEX = frozenset({"SQLITE_READONLY_DIRECTORY", "SQLITE_READONLY_CANTINIT", "SQLITE_CANTOPEN"})


def _open_reader(path: Path) -> StoreConnection:
    """Read-only: shared with writers (mode=ro) when SQLite can use the store's WAL index, else, for a
    store in a folder this user cannot write, as an immutable file (nobody can be writing it then:
    a writer leaves its -wal and -shm files beside it)."""
    uri = path.absolute().as_uri()
    conn = _open(f"{uri}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as error:
        conn.close()
        if getattr(error, "sqlite_errorname", "") not in _NO_SHARED_INDEX:
            raise
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreError(f"{path}: its write-ahead log {wal.name} holds changes that cannot be read without write "
                         f"access to {path.parent}; open the store once as a user who can write there")
    conn = _open(f"{uri}?mode=ro&immutable=1", uri=True)
    conn.immutable = True
    return conn


def _check_identity(conn: sqlite3.Connection, path: Path) -> None:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if application_id == APPLICATION_ID:
        return
    tables = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
    if tables or application_id:
        raise StoreError(f"{path} is an SQLite database but not a newsgraph store; "
                         "give another --db path (nothing was changed)")


def _set_wal(conn: sqlite3.Connection, path: Path) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"{path}: could not switch the store to WAL mode (journal mode {mode})")


def _check_version(conn: sqlite3.Connection, path: Path) -> int:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > latest_version():
        raise StoreError(f"{path} was written by a newer newsgraph (store version {version}, this one knows "
                         f"up to {latest_version()}); upgrade newsgraph")
    return int(version)


def table_names(conn: sqlite3.Connection) -> set[str]:
    """The store's tables. A store older than the package, read without migrating it, lacks the newer
    ones: a reader asks before it counts or selects from them."""
    return {str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One IMMEDIATE transaction (the write lock taken at once): committed, or rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def migrate(conn: sqlite3.Connection, path: Path, *, steps: bool = True) -> int:
    """Apply the migrations the store lacks (with their Python steps unless `steps` is False);
    returns the version it is at."""
    version = _check_version(conn, path)
    for number, name, sql in migrations():
        if number <= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read under the write lock: another process may have migrated meanwhile.
            if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                conn.execute("ROLLBACK")
                continue
            if number == 1:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute("CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                             "applied_at TEXT NOT NULL)")
            for statement in _statements(sql):
                conn.execute(statement)
            if steps and number in UPGRADE_STEPS:
                module, function = UPGRADE_STEPS[number].split(":")
                getattr(importlib.import_module(module), function)(conn)
            conn.execute("INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)", (number, name, now()))
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        version = number
    return version


def scratch() -> sqlite3.Connection:
    """An empty store in memory with every migration's tables (no Python steps): a workspace for
    computing on store rows with the store's own code."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    migrate(conn, Path(":memory:"), steps=False)
    return conn


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (triggers keep their inner semicolons)."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def describe(error: sqlite3.Error, path: str | os.PathLike[str]) -> str:
    """A user's message for an SQLite failure."""
    text = str(error)
    lowered = text.lower()
    if "file is not a database" in lowered or "not a database" in lowered:
        return f"{path} is not a newsgraph store (not an SQLite database); give another --db path"
    if "readonly" in lowered or "read-only" in lowered:
        return f"{path} is read-only: the store cannot be written (check its and its folder's permissions)"
    if "disk is full" in lowered or "database or disk is full" in lowered:
        return f"{path}: the disk is full; articles stored so far are kept, free space and rerun to continue"
    if "unable to open" in lowered:
        return f"{path}: the store cannot be opened ({text})"
    if "locked" in lowered or "busy" in lowered:
        return f"{path}: the store stayed locked by another process ({text})"
    return f"{path}: store error ({text})"
