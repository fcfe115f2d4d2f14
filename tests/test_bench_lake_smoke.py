"""Smoke test of benchmarks/bench_lake.py at a tiny size: it runs end to end and reports; it never times."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "bench_lake.py"


def test_bench_lake_runs_at_a_tiny_size(tmp_path: Path) -> None:
    sys.path.insert(0, str(SCRIPT.parent))
    try:
        spec = importlib.util.spec_from_file_location("bench_lake", SCRIPT)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        figures_path = tmp_path / "figures.json"
        assert module.main(["--articles", "60", "--workers", "1,2", "--serial-articles", "20", "--no-write",
                            "--json", str(figures_path)]) == 0
    finally:
        sys.path.remove(str(SCRIPT.parent))
    figures = json.loads(figures_path.read_text(encoding="utf-8"))
    assert [run["workers"] for run in figures["runs"]] == [1, 2]
    assert figures["runs"][0]["identities"] == figures["runs"][1]["identities"] > 0
    assert figures["runs"][0]["entities"] == figures["prepared"]["rows"]
    assert set(figures["duckdb_ms"]) and figures["sizes"]["entity_identity"] > 0
