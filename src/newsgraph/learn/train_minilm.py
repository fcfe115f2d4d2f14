"""Fine-tuning the MiniLM attribution tagger (`newsgraph train attribution --architecture minilm`).

Reproducible: a fixed seed for the weights of the new layers, the dropout and the order of the
windows; every setting goes to meta.json. The epoch kept is the one with the best dev F1 of the
rules combined with the model (early stopping on dev, never on test).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from spacy.tokens import Doc
from torch import nn

from ..pipeline.candidates import Candidate
from ..tagging.features import rule_labels, token_table
from ..tagging.model import ADAPTER_FILE, ModelInfo, Tagging, Thresholds
from ..tagging.torch_minilm import AttributionNetwork, MiniLMTagger, NetworkSettings, base_encoder, batches
from ..tagging.windows import IGNORED, LABELS, Window

Progress = Callable[[str], None]
_REPORT_EVERY = 200  # batches


@dataclass(frozen=True)
class MiniLMTraining:
    """The optimiser's settings (AdamW with a linear warm-up and decay)."""

    epochs: int = 5
    batch_size: int = 16
    learning_rate: float = 1e-3
    # The encoder's own layers, when no adapters are used (`lora_rank` 0): pretrained weights
    # take smaller steps than new ones.
    encoder_learning_rate: float = 1e-4
    # The share of training windows shown without what the rules found, so that the model also
    # learns to find attributions on its own (where the rules miss them) instead of copying them.
    rule_dropout: float = 0.2
    warmup: float = 0.06
    weight_decay: float = 0.01
    seed: int = 13
    threads: int = 2


# A batch's loss from its input tensors, the network's logits, the gold labels and their cross-entropy
# (`distil.Teacher.loss` adds a teacher's soft labels to it).
Objective = Callable[[dict[str, torch.Tensor], torch.Tensor, torch.Tensor, torch.Tensor], torch.Tensor]


def fit_minilm(train: Iterable[tuple[Doc, Sequence[Candidate], list[str]]], dev: Sequence[object], out: Path,
               training: MiniLMTraining, settings: NetworkSettings,
               dev_score: Callable[[Sequence[object], list[Tagging]], float],
               say: Progress, start: Callable[[], AttributionNetwork] | None = None,
               objective: Objective | None = None) -> dict[str, object]:
    """Fine-tune on `train` (doc, rule candidates, gold labels) and write the best epoch's adapter
    weights to `out`; `dev` items have .doc and .candidates, scored by `dev_score`.

    `start` makes the network to train (default: the base encoder with new embeddings and output
    layer), `objective` the loss (default: the gold labels' cross-entropy); distillation sets both."""
    from safetensors.torch import save_file
    from transformers import get_linear_schedule_with_warmup

    torch.manual_seed(training.seed)
    torch.set_num_threads(training.threads)
    rng = random.Random(training.seed)
    network = start() if start else AttributionNetwork(settings)
    encoder = base_encoder(settings.max_pieces)
    windows = [w for doc, candidates, gold in train
               for w in encoder.windows(token_table(doc), rule_labels(doc, candidates), gold)]
    say(f"{len(windows)} training windows")
    steps = training.epochs * -(-len(windows) // training.batch_size)
    inside = network.encoder_parameters()
    inside_ids = {id(p) for p in inside}
    outside = [p for p in network.parameters() if p.requires_grad and id(p) not in inside_ids]
    optimiser = torch.optim.AdamW(
        [{"params": outside},
         {"params": inside, "lr": training.learning_rate if network.adapted else training.encoder_learning_rate}],
        lr=training.learning_rate, weight_decay=training.weight_decay)
    schedule = get_linear_schedule_with_warmup(optimiser, int(training.warmup * steps), steps)
    loss_of = nn.CrossEntropyLoss(ignore_index=IGNORED)
    info = ModelInfo(out / ADAPTER_FILE, Thresholds.off(), {})
    best: tuple[float, int, dict[str, torch.Tensor]] | None = None
    history = []
    for epoch in range(1, training.epochs + 1):
        network.train()
        total, began = 0.0, time.perf_counter()
        for step, (_, tensors) in enumerate(batches(_by_length(windows, training.batch_size, rng),
                                                    training.batch_size), 1):
            if step % _REPORT_EVERY == 0:
                say(f"epoch {epoch}: {step * training.batch_size} windows, {time.perf_counter() - began:.0f} s")
            labels = tensors.pop("labels")
            hide_rules(tensors, training.rule_dropout)
            logits = network(**tensors)
            loss = loss_of(logits.view(-1, len(LABELS)), labels.view(-1))
            if objective:
                loss = objective(tensors, logits, labels, loss)
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            total += loss.item()
        network.eval()
        tagger = MiniLMTagger(info, network=network, settings=settings)
        figure = dev_score(dev, [tagger.tag(item.doc, item.candidates) for item in dev])  # type: ignore[attr-defined]
        history.append({"epoch": epoch, "loss": round(total, 2), "dev_f1": round(figure, 4)})
        say(f"epoch {epoch}: loss {total:.1f}, dev F1 {100 * figure:.1f}")
        if best is None or figure > best[0]:
            best = (figure, epoch, {k: v.clone() for k, v in network.trained_state().items()})
    assert best is not None
    save_file({name: tensor.half() for name, tensor in best[2].items()}, str(out / ADAPTER_FILE))
    return {"best_epoch": best[1], "history": history}


def hide_rules(tensors: dict[str, torch.Tensor], share: float) -> None:
    """Blank the rules' labels of about `share` of the batch's windows (changed in place; drawn
    from torch's seeded generator, so a training run stays reproducible)."""
    if share:
        hidden = torch.rand(len(tensors["rule"])) < share
        tensors["rule"][hidden] = 0


def _by_length(windows: list[Window], batch_size: int, rng: random.Random) -> list[Window]:
    """The windows shuffled, then sorted by length within runs of 50 batches: batches of similar
    lengths pad little, and the order still changes every epoch."""
    shuffled = windows[:]
    rng.shuffle(shuffled)
    run = 50 * batch_size
    ordered: list[Window] = []
    for start in range(0, len(shuffled), run):
        ordered += sorted(shuffled[start : start + run], key=lambda w: len(w.ids))
    return ordered
