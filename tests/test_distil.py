"""Distilling the MiniLM tagger into a smaller student (`learn/distil.py`, `--distil-from`)."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.tagging.model import load_tagger

from .test_learn import ARTICLES, write_split

if not os.environ.get("CI"):  # `make test` installs the minilm extra; CI must run these tests
    pytest.importorskip("torch", reason="distillation needs torch: `make minilm` (`make test` installs it)")


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    write_split(tmp_path, "train", ARTICLES * 2)
    write_split(tmp_path, "dev", ARTICLES[:2])
    return tmp_path


def test_the_soft_label_loss_is_the_teachers_kl_divergence_at_a_temperature_over_labelled_pieces() -> None:
    import torch

    from newsgraph.learn.distil import soft_label_loss

    student = torch.tensor([[[0.0, 0.0], [1.0, 0.0], [5.0, -5.0]]])
    teacher = torch.tensor([[[0.0, 0.0], [0.0, 1.0], [-5.0, 5.0]]])
    labels = torch.tensor([[0, 1, -100]])  # the third piece is no word's first: not read
    # piece 1 agrees (0); piece 2, at temperature 2: p = softmax(0, 0.5), q = softmax(0.5, 0)
    p = [math.exp(x) / (1 + math.exp(0.5)) for x in (0.0, 0.5)]
    q = p[::-1]
    expected = 4 * sum(a * math.log(a / b) for a, b in zip(p, q, strict=True)) / 2
    assert soft_label_loss(student, teacher, labels, 2.0).item() == pytest.approx(expected, rel=1e-5)
    assert soft_label_loss(teacher, teacher, labels, 2.0).item() == pytest.approx(0.0, abs=1e-7)
    nothing = soft_label_loss(student, teacher, torch.full((1, 3), -100), 2.0)
    assert nothing.item() == 0.0


def test_the_soft_label_loss_moves_the_student_towards_the_teacher() -> None:
    import torch

    from newsgraph.learn.distil import soft_label_loss

    student = torch.tensor([[[2.0, 0.0, 0.0]]], requires_grad=True)
    teacher = torch.tensor([[[0.0, 3.0, 0.0]]])
    soft_label_loss(student, teacher, torch.tensor([[1]]), 1.0).backward()
    assert student.grad is not None
    gradient = student.grad[0, 0]
    assert gradient[0] > 0 and gradient[1] < 0  # descending raises the teacher's label, lowers the other


def test_a_student_starts_from_evenly_spaced_teacher_layers() -> None:
    import torch

    from newsgraph.learn.distil import spaced_layers, student_from
    from newsgraph.tagging.torch_minilm import AttributionNetwork, NetworkSettings

    assert spaced_layers(6, 3) == (0, 2, 5)
    assert spaced_layers(6, 4) == (0, 2, 3, 5)
    assert spaced_layers(6, 6) == tuple(range(6))
    assert spaced_layers(6, 1) == (5,)
    with pytest.raises(ValueError, match="cannot start"):
        spaced_layers(3, 4)
    torch.manual_seed(0)
    teacher = AttributionNetwork(NetworkSettings(layers=3))
    with torch.no_grad():
        for parameter in teacher.parameters():
            parameter.add_(torch.randn_like(parameter))  # unlike the base encoder's, so the copy shows
    student = student_from(teacher, 3, NetworkSettings(layers=2))
    layers = "encoder.encoder.layer"
    taught, learnt = dict(teacher.named_parameters()), dict(student.named_parameters())
    for k, picked in enumerate((0, 2)):
        name = f"{layers}.{k}.attention.self.query.weight"
        assert torch.equal(learnt[name], taught[f"{layers}.{picked}.attention.self.query.weight"])
    for name in ("rule.weight", "head.weight", "head.bias"):
        assert torch.equal(learnt[name], taught[name])
    assert len(student.encoder.encoder.layer) == 2


def test_distillation_end_to_end_gives_a_student_the_loaders_read(corpus: Path, tmp_path: Path) -> None:
    from newsgraph.learn.export_onnx import export_onnx

    runner = CliRunner()
    teacher, student = tmp_path / "teacher", tmp_path / "student"
    trained = runner.invoke(app, ["train", "attribution", str(corpus), "--out", str(teacher),
                                  "--architecture", "minilm", "--epochs", "1", "--layers", "2", "--threads", "1"])
    assert trained.exit_code == 0, trained.output
    result = runner.invoke(app, ["train", "attribution", str(corpus), "--out", str(student), "--architecture",
                                 "minilm", "--epochs", "1", "--layers", "1", "--distil-from", str(teacher),
                                 "--distil-weight", "0.7", "--temperature", "3", "--threads", "1"])
    assert result.exit_code == 0, result.output
    recorded = json.loads((student / "meta.json").read_text())
    assert recorded["network"]["layers"] == 1
    assert recorded["distillation"] == {"teacher": str(teacher), "teacher_layers": 2, "initial_layers": [1],
                                        "weight": 0.7, "temperature": 3.0}
    card = (student / "CARD.md").read_text()
    assert "distilled from" in card and f"--distil-from {teacher} --distil-weight 0.7 --temperature 3.0" in card
    assert type(load_tagger(student)).__name__ == "MiniLMTagger"
    # the engine's run time: the student exported to ONNX, and analysing with it
    export_onnx(student, tmp_path / "onnx")
    exported = load_tagger(tmp_path / "onnx")
    assert type(exported).__name__ == "OnnxTagger" and exported.info.meta["distillation"]["teacher_layers"] == 2
    analysed = runner.invoke(app, ["analyze", "-", "--format", "json", "--attribution-model", str(tmp_path / "onnx")],
                             input=ARTICLES[0][0] + "\n")
    assert analysed.exit_code == 0, analysed.output
    # a retune keeps the record of the distillation
    retuned = runner.invoke(app, ["train", "attribution", str(corpus), "--out", str(student), "--retune"])
    assert retuned.exit_code == 0, retuned.output
    assert json.loads((student / "meta.json").read_text())["distillation"]["weight"] == 0.7


@pytest.mark.parametrize(("teacher", "options", "message"), [
    ("onnx", ["--layers", "3"], "must be a MiniLM model"),
    ("crf", ["--layers", "3"], "must be a MiniLM model"),
    ("minilm", ["--layers", "3", "--lora-rank", "4"], "--lora-rank 0"),
    ("nowhere", ["--layers", "3"], "No attribution model"),
])
def test_a_teacher_that_cannot_teach_is_a_usage_error(corpus: Path, tmp_path: Path, teacher: str,
                                                      options: list[str], message: str) -> None:
    result = CliRunner().invoke(app, ["train", "attribution", str(corpus), "--out", str(tmp_path / "student"),
                                      "--architecture", "minilm", "--distil-from", str(tmp_path / teacher)
                                      if teacher == "nowhere" else teacher, *options])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "student" / "meta.json").exists()
