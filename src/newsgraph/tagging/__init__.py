"""The run-time attribution tagger: loading a trained model, tagging a document, combining its
spans with the rules' (`combine.py`), calibrated scores.

The pipeline imports this package, and no other model code; training, calibration fitting and
evaluation (`learn/`, `eval/`) import it, never the reverse (tests/test_tagging_imports.py).
Nothing here imports torch but `torch_minilm.py`, the network as trained, loaded only when a torch
model is asked for (`--attribution-model minilm`, the minilm extra): the engine's MiniLM network
runs on ONNX Runtime (`onnx_tagger.py`).
"""
