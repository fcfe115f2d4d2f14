"""A trained attribution model: where it lives, what its meta.json says, what it finds in a document
(`Tagging`), and the tagger for its architecture, loaded once per process.

Its role in the engine (see `combine.py`): the rules keep the spans they find, and the tagger
adds the sources, cues and contents they miss (Citron's recipe: rules and lexicons as features, the
model for the long tail). Three architectures: the CRF (`crf.py`), the MiniLM network on ONNX Runtime
(`onnx_tagger.py`, no torch), and the same network on torch (`torch_minilm.py`, for training and checks).
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from spacy.tokens import Doc

from ..errors import ModelNotFoundError
from ..pipeline.candidates import Candidate
from .calibration import Calibration
from .features import ROLES

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "attribution"
# The models shipped in the package, by the name `--attribution-model` also takes.
SHIPPED_MODELS = {"crf": MODEL_DIR, "minilm": MODEL_DIR.parent / "attribution-minilm",
                  "onnx": MODEL_DIR.parent / "attribution-onnx"}
# The shipped model each mode runs (settings.Settings.mode).
MODE_MODELS = {"accurate": "onnx", "fast": "crf"}
MODEL_FILE = "model.crfsuite"
ADAPTER_FILE = "adapter.safetensors"
ONNX_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
# What `meta.json`'s "architecture" names, and the file holding its weights.
WEIGHTS_FILES = {"crf": MODEL_FILE, "minilm": ADAPTER_FILE, "minilm-onnx": ONNX_FILE}
META_FILE = "meta.json"
CARD_FILE = "CARD.md"


@dataclass(frozen=True, slots=True)
class TaggedSpan:
    """A span the tagger labelled: role (SRC, CUE or CON), character offsets, and its confidence.

    The confidence is the lowest, over the span's tokens, marginal probability of the token's label
    (CRF) or of its role (MiniLM): a span is only as sure as its least sure token.
    """

    role: str
    start: int
    end: int
    confidence: float


NEVER = 1.01  # above any probability


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Per role (SRC, CUE, CON): how sure the model must be to add a span the rules missed, and the
    probability below which it rejects a rule's span; and how sure its content span must be to
    replace the bounds of the one rule content span it overlaps (`combine.moved`), and its cue span
    to widen a rule cue inside it (`combine.widened_cues`)."""

    add: dict[str, float]
    keep: dict[str, float]
    move_content: float = NEVER  # models tuned before these settings keep the rules' bounds
    move_cue: float = NEVER

    @classmethod
    def off(cls) -> Thresholds:
        """The rules alone: nothing added, rejected or moved."""
        return cls(dict.fromkeys(ROLES, NEVER), dict.fromkeys(ROLES, 0.0), NEVER)


@dataclass
class Tagging:
    """The model's reading of one document: its spans, and per token the probability of each role."""

    spans: list[TaggedSpan]
    token_starts: list[int]
    probabilities: dict[int, tuple[float, float, float]]  # token index -> (SRC, CUE, CON)

    def role_probability(self, start: int, end: int, role: str) -> float:
        """Mean probability that the tokens of [start, end) carry `role` (1.0 when none was tagged)."""
        first = bisect_right(self.token_starts, start) - 1
        column = ROLES.index(role)
        values = []
        for i in range(max(first, 0), len(self.token_starts)):
            if self.token_starts[i] >= end:
                break
            if i in self.probabilities:
                values.append(self.probabilities[i][column])
        return sum(values) / len(values) if values else 1.0


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What `meta.json` says about a trained model."""

    path: Path
    thresholds: Thresholds
    meta: dict[str, object]
    calibration: Calibration = field(default_factory=lambda: Calibration((), ()))


def model_directory(choice: str | None, mode: str = "accurate") -> Path:
    """The model directory `choice` names: a directory, else a shipped model's name (`crf`,
    `minilm`, `onnx`); when none is given, the one `mode` runs (`MODE_MODELS`)."""
    if not choice:
        return SHIPPED_MODELS[MODE_MODELS[mode]]
    path = Path(choice)
    return path if path.is_dir() else SHIPPED_MODELS.get(choice, path)


def read_model_info(directory: Path = MODEL_DIR) -> ModelInfo:
    """The model in `directory` and its recorded settings; ModelNotFoundError when absent."""
    meta_path = directory / META_FILE
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    model = directory / WEIGHTS_FILES.get(meta.get("architecture", "crf"), MODEL_FILE)
    if not model.is_file() or not meta:
        raise ModelNotFoundError(
            f"No attribution model in {directory}. Train one with `newsgraph train attribution`, "
            "or analyse with `--attribution rules`."
        )
    recorded = meta["thresholds"]
    thresholds = Thresholds(*({role: float(recorded[kind][role]) for role in ROLES} for kind in ("add", "keep")),
                            float(recorded.get("move_content", NEVER)), float(recorded.get("move_cue", NEVER)))
    return ModelInfo(model, thresholds, meta, Calibration.from_dict(meta.get("calibration")))  # type: ignore[arg-type]


def decode_spans(doc: Doc, offset: int, labels: list[str], marginals: list[float]) -> list[TaggedSpan]:
    """BIO labels of one paragraph (tokens from `offset`) as spans; an I- after O starts a span."""
    spans: list[TaggedSpan] = []
    current: list[int] | None = None  # [role index, first token, last token]

    def close() -> None:
        assert current is not None
        role, first, last = ROLES[current[0]], current[1], current[2]
        start, end = doc[offset + first].idx, doc[offset + last].idx + len(doc[offset + last].text)
        spans.append(TaggedSpan(role, start, end, min(marginals[first : last + 1])))

    for k, label in enumerate(labels):
        role = ROLES.index(label[2:]) if label != "O" else -1
        if current is not None and (role != current[0] or label.startswith("B-")):
            close()
            current = None
        if role >= 0:
            if current is None:
                current = [role, k, k]
            else:
                current[2] = k
    if current is not None:
        close()
    return spans


class Tagger(Protocol):
    info: ModelInfo

    def tag(self, doc: Doc, candidates: Sequence[Candidate]) -> Tagging: ...


def make_tagger(info: ModelInfo) -> Tagger:
    """The tagger for the architecture `info` names: ONNX Runtime for an exported MiniLM model,
    torch (only when asked, for training and checks) for its trained weights, else CRFsuite."""
    architecture = info.meta.get("architecture")
    if architecture == "minilm-onnx":
        try:
            from .onnx_tagger import OnnxTagger
        except ImportError as error:
            raise ModelNotFoundError(f"{info.path.parent} holds an ONNX attribution model, which needs "
                                     f"onnxruntime and tokenizers: pip install newsgraph ({error})") from error
        return OnnxTagger(info)
    if architecture == "minilm":
        try:
            from .torch_minilm import MiniLMTagger
        except ImportError as error:
            raise ModelNotFoundError(f"{info.path.parent} holds a MiniLM attribution model, which needs "
                                     f"the minilm extra: pip install 'newsgraph[minilm]' ({error})") from error
        return MiniLMTagger(info)
    from .crf import AttributionTagger

    return AttributionTagger(info)


def model_name(directory: Path) -> str:
    """The name a record gives the model in `directory`: a shipped model's name, else the directory's path."""
    resolved = directory.resolve()
    return next((name for name, shipped in SHIPPED_MODELS.items() if shipped == resolved), str(directory))


@lru_cache(maxsize=4)
def model_digest(weights: Path) -> str:
    """The first 16 hex digits of the SHA-256 of a model's weights file: which trained model made a
    record, whatever its directory is called (read once per process)."""
    digest = hashlib.sha256()
    with weights.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()[:16]


def analysed_with(attribution: str, mode: str, choice: str | None) -> dict[str, str]:
    """What a record says of the attribution that made it: the mode ("rules" when no tagger ran),
    the model's name and its weights' digest (`model_digest`)."""
    if attribution == "rules":
        return {"mode": "rules", "attribution_model": "none"}
    directory = model_directory(choice, mode)
    return {"mode": mode, "attribution_model": model_name(directory),
            "attribution_model_sha256": model_digest(read_model_info(directory).path)}


@lru_cache(maxsize=2)
def load_tagger(directory: Path = MODEL_DIR) -> Tagger:
    """The tagger in `directory`, loaded once per process."""
    return make_tagger(read_model_info(directory))
