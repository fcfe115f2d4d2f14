"""The MiniLM attribution tagger on ONNX Runtime: the engine's transformer tagger without torch.

The network (`torch_minilm.py`) is exported with its weights once trained, quantised to int8 (per
output channel) and shipped as `model.onnx` beside the encoder's `tokenizer.json`
(`learn/export_onnx.py`); its graph ends in the softmax, so what comes out are the probabilities
of `windows.LABELS`.
"""

from __future__ import annotations

import numpy as np
import onnxruntime

from .model import TOKENIZER_FILE, ModelInfo
from .windows import COLUMNS, Encoder, WindowTagger


class OnnxTagger(WindowTagger):
    """A MiniLM tagger exported to ONNX, loaded once per process."""

    # Each window on its own, at its own length: padded batches of a news article's paragraphs
    # (a few wordpieces to 256) were 44% padding, which ONNX Runtime computes in full, and a run
    # costs little more than its arithmetic (40 Wikinews articles: 11.4 s of network -> 7.1 s).
    batch_windows = 1

    def __init__(self, info: ModelInfo) -> None:
        self.info = info
        network = info.meta.get("network", {})
        self.encoder = Encoder(info.path.parent / TOKENIZER_FILE, int(network.get("max_pieces", 256)))  # type: ignore[union-attr]
        options = onnxruntime.SessionOptions()
        # One thread: the engine runs one worker process per core.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # warnings about the graph's shapes are the export's business
        self.session = onnxruntime.InferenceSession(str(info.path), options, providers=["CPUExecutionProvider"])

    def _probabilities(self, columns: dict[str, list[list[int]]]) -> list[list[list[float]]]:
        feeds = {name: np.asarray(columns[name], dtype=np.int64) for name in COLUMNS}
        [probabilities] = self.session.run(None, feeds)
        return probabilities.tolist()  # type: ignore[no-any-return]
