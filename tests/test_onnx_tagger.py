"""The MiniLM tagger exported to ONNX: it runs without torch, and labels tokens as the training-time
(torch, float32) network does."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsgraph.pipeline.quotes import find_candidates
from newsgraph.record import ArticleDraft
from newsgraph.settings import DEFAULT_SETTINGS
from newsgraph.tagging.model import SHIPPED_MODELS, load_tagger, read_model_info

from .conftest import EXAMPLE, WIKINEWS

# torch and transformers made unimportable, then the example analysed with the ONNX tagger.
WITHOUT_TORCH = """
import importlib.abc, sys

class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in ("torch", "transformers"):
            raise ImportError(f"{fullname} is blocked by the test")
        return None

sys.meta_path.insert(0, Blocked())
from pathlib import Path
from newsgraph.pipeline import Engine
from newsgraph.settings import DEFAULT_SETTINGS
from newsgraph.record import ArticleDraft
from newsgraph.tagging.model import SHIPPED_MODELS, load_tagger

tagger = load_tagger(SHIPPED_MODELS["onnx"])
engine = Engine(DEFAULT_SETTINGS)  # the default: the accurate mode, the ONNX tagger
record = engine.analyze_draft(ArticleDraft(id="x", text=Path(sys.argv[1]).read_text(encoding="utf-8")))
print(type(tagger).__name__, len(record.quotes) + len(record.attributions), record.analysed_with["attribution_model"],
      "torch" in sys.modules, "transformers" in sys.modules)
"""


def test_the_default_engine_analyses_an_article_with_torch_unimportable() -> None:
    done = subprocess.run([sys.executable, "-c", WITHOUT_TORCH, str(EXAMPLE)], capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    name, found, model, torch_loaded, transformers_loaded = done.stdout.split()
    assert name == "OnnxTagger" and int(found) > 0 and model == "onnx"
    assert (torch_loaded, transformers_loaded) == ("False", "False")


def test_the_shipped_onnx_model_is_int8_and_carries_its_tokenizer() -> None:
    info = read_model_info(SHIPPED_MODELS["onnx"])
    assert info.meta["architecture"] == "minilm-onnx" and info.path.name == "model.onnx"
    assert (info.path.parent / "tokenizer.json").is_file()
    assert info.meta["onnx"]["megabytes"] == round(info.path.stat().st_size / 1e6, 1)
    assert "int8" in info.meta["onnx"]["quantisation"]


def _sample(count: int) -> list[str]:
    rows = [json.loads(line) for line in WIKINEWS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [EXAMPLE.read_text(encoding="utf-8"), *(row["text"] for row in rows[:count])]


def test_the_onnx_tagger_labels_tokens_as_the_training_time_network(engine) -> None:  # type: ignore[no-untyped-def]
    if not os.environ.get("CI"):  # `make test` installs the minilm extra; CI must run this test
        pytest.importorskip("torch", reason="the parity check needs torch: `make minilm` (`make test` installs it)")
    from newsgraph.tagging.torch_minilm import MiniLMTagger, load_network

    info = read_model_info(SHIPPED_MODELS["minilm"])
    reference = MiniLMTagger(info, network=load_network(info).merged())  # float32, as in training
    exported = load_tagger(SHIPPED_MODELS["onnx"])
    rules = DEFAULT_SETTINGS.with_(attribution="rules")
    same = total = 0
    differences = []
    for text in _sample(8):
        doc = engine.nlp(text)
        candidates = find_candidates(doc, engine.analyze_draft(ArticleDraft(id="x", text=text)), rules)
        expected = reference.token_probabilities(doc, candidates)
        got = exported.token_probabilities(doc, candidates)
        assert got.keys() == expected.keys()
        for token, row in expected.items():
            total += 1
            same += _best(row) == _best(got[token])
            differences.append(max(abs(a - b) for a, b in zip(row, got[token], strict=True)))
    assert total > 2000
    assert same / total >= 0.99
    assert sum(differences) / total < 0.02


def _best(row: list[float]) -> int:
    return max(range(len(row)), key=row.__getitem__)


def test_windows_are_the_wordpieces_the_base_tokenizer_gives(engine) -> None:  # type: ignore[no-untyped-def]
    """The shipped tokenizer.json, read by `tokenizers` alone, splits words as transformers' tokenizer
    of the base model did when the network was trained."""
    if not os.environ.get("CI"):
        pytest.importorskip("transformers", reason="needs transformers: `make minilm` (`make test` installs it)")
    from transformers import AutoTokenizer

    from newsgraph.tagging.torch_minilm import base_model_dir

    exported = load_tagger(SHIPPED_MODELS["onnx"])
    words = [[t.text for t in engine.nlp(text) if not t.is_space] for text in _sample(3)]
    expected = AutoTokenizer.from_pretrained(base_model_dir())(words, is_split_into_words=True,
                                                               add_special_tokens=False)
    got = exported.encoder.tokenizer.encode_batch(words, is_pretokenized=True, add_special_tokens=False)
    for k, encoding in enumerate(got):
        assert encoding.ids == expected["input_ids"][k]
        assert encoding.word_ids == expected.word_ids(k)


def test_a_missing_onnx_model_is_a_clear_error(tmp_path: Path) -> None:
    from newsgraph.errors import ModelNotFoundError

    (tmp_path / "meta.json").write_text(json.dumps({"architecture": "minilm-onnx", "thresholds": {}}))
    with pytest.raises(ModelNotFoundError, match="No attribution model"):
        read_model_info(tmp_path)


def test_a_paragraphs_probabilities_do_not_depend_on_the_other_paragraphs(engine) -> None:  # type: ignore[no-untyped-def]
    """Each window runs on its own, at its own length (no padded batch: faster, and the int8
    activations' scale, taken per input tensor, is then the window's own)."""
    exported = load_tagger(SHIPPED_MODELS["onnx"])
    first = "Tom Baker, the council leader, said the bridge would open in May."
    other = " ".join(["The mayor told reporters on Tuesday that the new budget would fund more buses and trains."] * 6)
    alone, beside = engine.nlp(first), engine.nlp(f"{first}\n\n{other}")
    rows_alone = exported.token_probabilities(alone, [])
    rows_beside = exported.token_probabilities(beside, [])
    assert rows_alone and all(rows_beside[i] == row for i, row in rows_alone.items())
