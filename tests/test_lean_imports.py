"""thinc is imported with torch hidden, so a worker does not carry torch for a pipeline that never uses it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = """
import sys
import newsgraph
from newsgraph.nlp import load_model
load_model()
import thinc.compat
print(thinc.compat.has_torch, "torch" in sys.modules)
try:
    import torch
except ImportError:
    print("no torch")
else:
    print("torch", torch.__name__)
"""


def probe(**environment: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSGRAPH_THINC_TORCH"} | environment
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, check=True)
    return done.stdout.split("\n")


def test_spacy_is_loaded_without_torch_and_torch_still_imports_after() -> None:
    lines = probe()
    assert lines[0] == "False False"  # thinc saw no torch, and loading the model imported none
    if not os.environ.get("CI"):  # `make test` installs torch (the minilm extra); CI must check the second half
        pytest.importorskip("torch")
    assert lines[1] == "torch torch"  # the MiniLM tagger imports it later, as usual


def test_thinc_keeps_torch_when_asked() -> None:
    if not os.environ.get("CI"):
        pytest.importorskip("torch")
    assert probe(NEWSGRAPH_THINC_TORCH="1")[0] == "True True"
