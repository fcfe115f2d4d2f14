"""The import direction of the model code: the pipeline imports the run-time tagger (`tagging/`),
and training and evaluation (`learn/`, `eval/`) import it, never the reverse, so that the engine
loads no training or evaluation code (the loop pipeline -> learn.tagger -> learn.calibrate ->
eval.attribution -> pipeline of issue 25 stays cut)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import newsgraph

PACKAGE = Path(newsgraph.__file__).resolve().parent
OFFLIMITS = ("newsgraph.learn", "newsgraph.eval")


def imported_modules(path: Path) -> set[str]:
    """Every module `path` imports, anywhere in it (in functions too), as an absolute name."""
    package = ".".join(("newsgraph", *path.relative_to(PACKAGE).parent.parts))
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def reverse_imports(folders: tuple[str, ...]) -> dict[str, list[str]]:
    found = {}
    for folder in folders:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            wrong = sorted(m for m in imported_modules(path) if m.startswith(OFFLIMITS))
            if wrong:
                found[str(path.relative_to(PACKAGE))] = wrong
    return found


def test_the_engine_and_the_tagger_import_no_training_or_evaluation_module() -> None:
    assert reverse_imports(("tagging", "pipeline")) == {}


def test_the_check_sees_relative_and_deferred_imports(tmp_path: Path) -> None:
    module = PACKAGE / "tagging" / "_probe_for_the_import_test.py"
    module.write_text("def late():\n    from ..learn.train import x\n    import newsgraph.eval.brat\n")
    try:
        assert reverse_imports(("tagging",)) == {
            "tagging/_probe_for_the_import_test.py": ["newsgraph.eval.brat", "newsgraph.learn.train",
                                                      "newsgraph.learn.train.x"]}
    finally:
        module.unlink()


def test_running_the_engine_loads_no_training_or_evaluation_module() -> None:
    probe = ("import sys; from newsgraph.api import analyze; "
             "from newsgraph.settings import DEFAULT_SETTINGS as S; "
             "text = 'Bridge row\\n\\nTom Baker said the bridge would open in May.'; "
             "analyze(text); analyze(text, settings=S.with_(mode='fast')); "
             f"print(sorted(m for m in sys.modules if m.startswith({OFFLIMITS!r})))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True)
    assert done.stdout.strip() == "[]"
