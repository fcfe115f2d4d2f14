"""Knowledge distillation of the MiniLM tagger: a smaller student taught by a trained teacher
(`newsgraph train attribution --architecture minilm --layers 3 --distil-from minilm`).

The student is the same network (`tagging/torch_minilm.py`) with fewer encoder layers, so the
run-time loaders and the ONNX export read it as they read any MiniLM model. It starts from the
teacher itself: its rule, cue and quotation embeddings and its output layer, and evenly spaced
layers of its encoder, the first and the last among them (the output layer was trained on the
last layer's states). It is then trained on the same windows, rule features and rule dropout as
the teacher was, with a loss mixing the gold labels' cross-entropy and the Kullback-Leibler
divergence from the teacher's label distribution at a temperature (Hinton et al. 2015): the
teacher's soft labels say which wrong labels are nearly right, more per window than the gold
label does. The teacher sees each batch as the student does (rules hidden or not), in eval mode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch.nn import functional

from ..tagging.model import ModelInfo, model_name
from ..tagging.torch_minilm import AttributionNetwork, NetworkSettings, load_network, network_settings
from ..tagging.windows import IGNORED, LABELS

_LAYER = "encoder.encoder.layer."


@dataclass(frozen=True)
class Distillation:
    """What the student learns from: the teacher's weights and how its soft labels are weighed."""

    teacher: ModelInfo
    # The share of the loss that is the soft-label loss; the rest is the gold labels' cross-entropy.
    weight: float = 0.5
    # Softens both distributions before they are compared: the teacher's second choices count more.
    temperature: float = 2.0

    def record(self, student_layers: int) -> dict[str, Any]:
        """What meta.json records of the distillation."""
        return {"teacher": model_name(self.teacher.path.parent), "teacher_layers": self.teacher_layers(),
                "initial_layers": list(spaced_layers(self.teacher_layers(), student_layers)),
                "weight": self.weight, "temperature": self.temperature}

    def teacher_layers(self) -> int:
        return network_settings(self.teacher.meta).layers


def spaced_layers(teacher_layers: int, student_layers: int) -> tuple[int, ...]:
    """The teacher's layers a student starts from: evenly spaced, the first and the last among them."""
    if not 0 < student_layers <= teacher_layers:
        raise ValueError(f"a student of {student_layers} layers cannot start from a teacher of {teacher_layers}")
    if student_layers == 1:
        return (teacher_layers - 1,)
    step = (teacher_layers - 1) / (student_layers - 1)
    return tuple(round(k * step) for k in range(student_layers))


def soft_label_loss(student: torch.Tensor, teacher: torch.Tensor, labels: torch.Tensor,
                    temperature: float) -> torch.Tensor:
    """KL(teacher || student) of the label distributions at `temperature`, averaged over the
    labelled wordpieces (`labels` not IGNORED: a word's first piece) and scaled by the temperature
    squared, so that its gradients keep the size of the cross-entropy's as the temperature changes.

    `student` and `teacher` are logits of shape (..., len(LABELS)); `labels` has their shape but the last.
    """
    read = labels != IGNORED
    if not bool(read.any()):
        return student.sum() * 0.0
    log_student = functional.log_softmax(student[read] / temperature, dim=-1)
    log_teacher = functional.log_softmax(teacher[read] / temperature, dim=-1)
    divergence = functional.kl_div(log_student, log_teacher, reduction="batchmean", log_target=True)
    return divergence * temperature**2


def student_from(teacher: AttributionNetwork, teacher_layers: int, settings: NetworkSettings) -> AttributionNetwork:
    """A network of `settings.layers` layers holding the teacher's embeddings, output layer and
    `spaced_layers` of its encoder (no adapters: the layers themselves are trained)."""
    if settings.lora_rank:
        raise ValueError("a distilled student trains its encoder's layers: --lora-rank 0")
    picks = spaced_layers(teacher_layers, settings.layers)
    source = {name: p.detach() for name, p in teacher.named_parameters()}
    student = AttributionNetwork(settings)
    state = {}
    for name in student.trained_state():
        if name.startswith(_LAYER):
            k, _, rest = name.removeprefix(_LAYER).partition(".")
            name_in_teacher = f"{_LAYER}{picks[int(k)]}.{rest}"
        else:
            name_in_teacher = name
        state[name] = source[name_in_teacher].clone()
    student.load_trained_state(state)
    return student


class Teacher:
    """The teacher network in float32 and eval mode, and the student's loss against it."""

    def __init__(self, distillation: Distillation) -> None:
        self.distillation = distillation
        self.network = load_network(distillation.teacher).merged()
        for parameter in self.network.parameters():
            parameter.requires_grad = False

    def student(self, settings: NetworkSettings) -> AttributionNetwork:
        return student_from(self.network, self.distillation.teacher_layers(), settings)

    def loss(self, tensors: dict[str, torch.Tensor], logits: torch.Tensor, labels: torch.Tensor,
             gold_loss: torch.Tensor) -> torch.Tensor:
        """The student's loss on a batch: the gold cross-entropy and the soft-label loss, weighed."""
        with torch.no_grad():  # not inference_mode: its tensors cannot enter the student's backward pass
            taught = self.network(**tensors)
        weight = self.distillation.weight
        soft = soft_label_loss(logits.view(-1, len(LABELS)), taught.view(-1, len(LABELS)), labels.view(-1),
                               self.distillation.temperature)
        return (1 - weight) * gold_loss + weight * soft


def teacher_info(info: ModelInfo) -> ModelInfo:
    """`info` if it is a MiniLM model with torch weights a student can learn from; else ValueError."""
    if info.meta.get("architecture") != "minilm":
        raise ValueError(f"the teacher must be a MiniLM model trained here (its weights in torch form), not "
                         f"{info.meta.get('architecture')!r}: the exported ONNX model is not one")
    return info

