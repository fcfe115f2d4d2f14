"""The run-time attribution tagger: loading a trained model, tagging a document, calibrated scores.

The pipeline imports this package (and `learn/combine.py` to join the tagger's spans with the
rules'); training, calibration fitting and evaluation (`learn/`, `eval/`) import it, never the
reverse. Nothing here imports torch: the MiniLM network runs on ONNX Runtime (`onnx_tagger.py`).
"""
