"""Running a command as a user who may read a store but not write it, also when the tests run as root.

Root passes every permission check through its capabilities CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
and CAP_FOWNER. The child drops them from its bounding set before it starts the command, so the
program it runs is held to the files' permissions like anyone else, while keeping access to the
interpreter (which may live in /root). Nothing is mocked: SQLite meets a real read-only file.
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_PR_CAPBSET_DROP = 24
_FILE_OVERRIDES = (1, 2, 3)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER (linux/capability.h)


def _drop_file_overrides() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in _FILE_OVERRIDES:
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def held_to_permissions() -> Callable[[], None] | None:
    """A preexec_fn that makes root's child obey file permissions; None when not root."""
    return _drop_file_overrides if os.geteuid() == 0 else None


def run(args: Sequence[str], **options: object) -> subprocess.CompletedProcess[str]:
    """`python -m newsgraph ARGS` as a user held to file permissions."""
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], cwd=ROOT, capture_output=True, text=True,
                          check=False, timeout=300, preexec_fn=held_to_permissions(), **options)  # type: ignore[call-overload]


def popen(args: Sequence[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "newsgraph", *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=held_to_permissions())


def assert_cannot_write(folder: Path) -> None:
    """The check that the lock is real: such a user cannot create a file in `folder`."""
    probe = subprocess.run([sys.executable, "-c", f"open({str(folder / 'probe')!r}, 'w')"], capture_output=True,
                           text=True, check=False, preexec_fn=held_to_permissions())
    assert probe.returncode != 0 and "PermissionError" in probe.stderr, probe.stderr
