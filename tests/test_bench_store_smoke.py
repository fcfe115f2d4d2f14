"""Smoke test of benchmarks/bench_store.py on a tiny synthetic store: it runs and reports, it never times."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from newsgraph.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("bench_store", ROOT / "benchmarks" / "bench_store.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_store"] = module
    spec.loader.exec_module(module)
    return module


def test_synthetic_store_is_a_real_store_and_answers_the_timed_queries(bench: ModuleType, tmp_path: Path) -> None:
    db = tmp_path / "synthetic.db"
    bench.build_synthetic(db, quotes=2_000, speakers=50, per_article=10)
    with Store(db) as store:
        assert store.stats()["counts"]["quotes"] == 2_000
        assert store.quotes(speaker="#1", limit=None)
    results = bench.measure_queries(db, repeat=1)
    assert len(results) == 7 and all(r[2]["median_ms"] >= 0 for r in results)
    assert any(r[2]["rows"] for r in results if "search" in r[0])
