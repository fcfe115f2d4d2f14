"""The trained MiniLM tagger exported to ONNX for the engine (`tagging/onnx_tagger.py`): no torch at run time.

    python -m newsgraph.learn.export_onnx [--all-int8] MINILM_DIR OUT_DIR     # or: make onnx

From the trained weights in MINILM_DIR (`adapter.safetensors` and its meta.json): the float32
network, adapters merged and a softmax at its end, traced to ONNX; the embeddings and the attention
projections quantised to int8 by ONNX Runtime, dynamically (the activations' scale per batch) and
per output channel. The feed-forward layers and the output layer stay float32: quantised too (23
instead of 44 MB), the tagger's labels matched the float32 network's on 97.9% of the tokens of 21
sample articles (98.6% with the feed-forward outputs left float32), against 99.2% so
(docs/evaluation.md): their activations have outliers that a per-batch int8 scale flattens.

OUT_DIR receives `model.onnx`, the encoder's
`tokenizer.json`, and a meta.json and model card carrying MINILM_DIR's thresholds and calibration
(`newsgraph train attribution --retune --out OUT_DIR` chooses them again for the exported model).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import onnx
import onnxruntime
import torch
from onnxruntime.quantization import QuantType, quantize_dynamic
from torch import nn

from ..tagging.model import CARD_FILE, META_FILE, ONNX_FILE, TOKENIZER_FILE, read_model_info
from ..tagging.torch_minilm import AttributionNetwork, base_model_dir, load_network
from ..tagging.windows import COLUMNS
from .card import model_card

OPSET = 17
_QUANTISATION = ("int8 (dynamic, per output channel) for the embeddings and attention projections, float32 for "
                 "the feed-forward and output layers")
_QUANTISATION_ALL = "int8 (dynamic, per output channel) for every matrix product and the embeddings"
ARCHITECTURE = "minilm-onnx"


class _WithSoftmax(nn.Module):
    """The network's output as probabilities: the run-time reads them without a softmax of its own."""

    def __init__(self, network: AttributionNetwork) -> None:
        super().__init__()
        self.network = network

    def forward(self, ids: torch.Tensor, rule: torch.Tensor, cue: torch.Tensor, quoted: torch.Tensor,
                mask: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.network(ids, rule, cue, quoted, mask), dim=-1)


def export_float(network: AttributionNetwork, path: Path) -> None:
    """`network` (merged, in eval mode) as a float32 ONNX graph taking batches of any size and length."""
    wrapped = _WithSoftmax(network).eval()
    example = torch.tensor([[101, 2000, 2001, 102], [101, 2003, 102, 0]])
    zeros = torch.zeros_like(example)
    axes = {0: "windows", 1: "pieces"}
    with warnings.catch_warnings():  # the TorchScript exporter's deprecation notice; onnxscript is not installed
        warnings.simplefilter("ignore")
        torch.onnx.export(wrapped, (example, zeros, zeros, zeros, (example > 0).long()), str(path), dynamo=False,
                          opset_version=OPSET, input_names=list(COLUMNS), output_names=["probabilities"],
                          dynamic_axes={name: axes for name in (*COLUMNS, "probabilities")})


def float_layers(path: Path) -> list[str]:
    """The nodes of the graph in `path` left float32: the feed-forward layers and the output layer."""
    graph = onnx.load(str(path), load_external_data=False).graph
    return [node.name for node in graph.node if node.op_type == "MatMul"
            and ("/intermediate/" in node.name or "/head/" in node.name
                 or ("/output/dense/" in node.name and "/attention/" not in node.name))]


def export_onnx(source: Path, out: Path, all_int8: bool = False) -> dict[str, Any]:
    """Export the trained MiniLM model in `source` to `out` (see the module's docstring); its meta.
    `all_int8` quantises the feed-forward and output layers too: a third less tagging time for
    a few tenths of F1 (docs/evaluation.md)."""
    info = read_model_info(source)
    if info.meta.get("architecture") != "minilm":
        raise ValueError(f"{source} holds no trained MiniLM model (architecture {info.meta.get('architecture')})")
    torch.manual_seed(0)  # the network's unused initial weights, for a reproducible graph
    network = load_network(info).merged()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        floating = Path(scratch) / "float32.onnx"
        export_float(network, floating)
        quantize_dynamic(floating, out / ONNX_FILE, per_channel=True, weight_type=QuantType.QInt8,
                         nodes_to_exclude=[] if all_int8 else float_layers(floating))
    shutil.copyfile(base_model_dir() / TOKENIZER_FILE, out / TOKENIZER_FILE)
    meta = {key: value for key, value in info.meta.items() if key != "retuned"}
    meta["architecture"] = ARCHITECTURE
    meta["onnx"] = {"exported_from": source.name, "opset": OPSET, "onnxruntime": onnxruntime.__version__,
                    "torch": torch.__version__.split("+")[0],
                    "quantisation": _QUANTISATION_ALL if all_int8 else _QUANTISATION,
                    "megabytes": round((out / ONNX_FILE).stat().st_size / 1e6, 1)}
    (out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out / CARD_FILE).write_text(model_card(meta), encoding="utf-8")
    return meta


if __name__ == "__main__":
    arguments = [argument for argument in sys.argv[1:] if argument != "--all-int8"]
    if len(arguments) != 2:
        sys.exit("usage: python -m newsgraph.learn.export_onnx [--all-int8] MINILM_DIR OUT_DIR")
    exported = export_onnx(Path(arguments[0]), Path(arguments[1]), all_int8="--all-int8" in sys.argv)
    print(f"{arguments[1]}/{ONNX_FILE}: {exported['onnx']['megabytes']} MB")
