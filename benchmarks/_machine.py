"""A short description of the machine a benchmark ran on, so figures are never read without it."""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import sys
from importlib import metadata
from pathlib import Path


def _cpuinfo_field(name: str) -> str | None:
    try:
        lines = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip() == name and value.strip():
            return value.strip()
    return None


def cpu_model() -> str:
    """The CPU model name (from /proc/cpuinfo on Linux, else what `platform` knows)."""
    return _cpuinfo_field("model name") or platform.processor() or platform.machine() or "unknown"


def usable_cores() -> int:
    """Cores this process may run on (the affinity mask, which containers often narrow)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def total_ram_gib() -> float | None:
    """Installed RAM in GiB, from /proc/meminfo; None where that file does not exist."""
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size of this process (or of its largest waited-for child) in MiB."""
    peak = resource.getrusage(who).ru_maxrss
    # Linux reports kilobytes, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def package_version(name: str) -> str:
    """The installed version of a distribution, or "not installed"."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe(model: str | None = None) -> list[tuple[str, str]]:
    """(label, value) rows describing this machine and software stack, for a results table."""
    ram = total_ram_gib()
    rows = [
        ("Date (UTC)", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M")),
        ("CPU", cpu_model()),
        ("Cores usable / logical", f"{usable_cores()} / {os.cpu_count() or '?'}"),
        ("RAM", f"{ram:.1f} GiB" if ram is not None else "unknown"),
        ("OS", platform.platform()),
        ("Python", platform.python_version()),
        ("spaCy", package_version("spacy")),
        ("newsgraph", package_version("newsgraph")),
    ]
    if model:
        rows.append(("Model", model))
    return rows
