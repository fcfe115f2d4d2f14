"""The learned attribution tagger: decoding, combination with the rules, and training end to end on a
tiny brat corpus written here (no PolNeAR content)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsgraph.cli import app
from newsgraph.learn.train import TrainingSettings, train_attribution
from newsgraph.pipeline.candidates import Candidate
from newsgraph.tagging.combine import apply_model, new_spans
from newsgraph.tagging.features import (
    gold_labels,
    paragraph_features,
    paragraphs,
    rule_cue_sides,
    rule_labels,
    token_table,
)
from newsgraph.tagging.model import (
    MODEL_DIR,
    NEVER,
    SHIPPED_MODELS,
    TaggedSpan,
    Tagging,
    Thresholds,
    decode_spans,
    load_tagger,
    model_directory,
    read_model_info,
)

ARTICLES = [
    ("Tom Baker said the bridge would open in May.", "Tom Baker", "said", "the bridge would open in May"),
    ("Jane Doe bristled at the plan to close the library.", "Jane Doe", "bristled at",
     "the plan to close the library"),
    ("The mayor insisted that taxes would not rise.", "The mayor", "insisted", "that taxes would not rise"),
    ("Critics warned the road would flood every winter.", "Critics", "warned", "the road would flood every winter"),
]
ROLES = ("SRC", "CUE", "CON")
ADD_CONFIDENT = Thresholds(add=dict.fromkeys(ROLES, 0.5), keep=dict.fromkeys(ROLES, 0.0))


def spans_in(text: str) -> Callable[[str], tuple[int, int]]:
    """at(part) -> the offsets of `part`'s first occurrence in `text`."""
    return lambda part: (text.index(part), text.index(part) + len(part))


def write_split(root: Path, split: str, articles: list[tuple[str, str, str, str]]) -> None:
    base = root / "data" / split
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir()
    for n, (text, source, cue, content) in enumerate(articles):
        spans = [(role, text.index(part), text.index(part) + len(part), part)
                 for role, part in (("Source", source), ("Cue", cue), ("Content", content))]
        lines = [f"T{k}\t{role} {start} {end}\t{part}" for k, (role, start, end, part) in enumerate(spans, 1)]
        lines.append("E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3")
        (base / "text" / f"doc{n}.txt").write_text(text + "\n", encoding="utf-8")
        (base / "attributions" / f"doc{n}_aaaa.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture()
def tiny_corpus(tmp_path: Path) -> Path:
    write_split(tmp_path, "train", ARTICLES * 3)
    write_split(tmp_path, "dev", ARTICLES)
    return tmp_path


def test_decode_bio_labels_into_spans(engine) -> None:  # type: ignore[no-untyped-def]
    doc = engine.nlp("Jane Doe bristled at the plan.")
    labels = ["B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON", "O"]
    marginals = [0.9, 0.8, 0.99, 0.7, 0.95, 0.6, 1.0]
    spans = decode_spans(doc, 0, labels, marginals)
    assert [(s.role, doc.text[s.start : s.end], s.confidence) for s in spans] == [
        ("SRC", "Jane Doe", 0.8), ("CUE", "bristled at", 0.7), ("CON", "the plan", 0.6)]


def test_an_inside_label_after_outside_starts_a_span(engine) -> None:  # type: ignore[no-untyped-def]
    doc = engine.nlp("He said yes")
    spans = decode_spans(doc, 0, ["O", "I-CUE", "O"], [1.0, 0.9, 1.0])
    assert [(s.role, doc.text[s.start : s.end]) for s in spans] == [("CUE", "said")]


def test_bio_path_keeps_valid_best_labels_and_repairs_an_inside_without_its_start() -> None:
    from newsgraph.tagging import windows as minilm
    o, b_cue, i_cue, i_con = (minilm.LABELS.index(x) for x in ("O", "B-CUE", "I-CUE", "I-CON"))

    def row(**probabilities: float) -> list[float]:
        values = [probabilities.get(label.replace("-", "_"), 0.0) for label in minilm.LABELS]
        values[0] = 1.0 - sum(values)
        return values

    valid = [row(B_CUE=0.9), row(I_CUE=0.8), row()]
    assert minilm.bio_path(valid) == [b_cue, i_cue, o]
    # "I-CON" after a cue cannot be; the likelier whole sequence continues the cue.
    assert minilm.bio_path([row(B_CUE=0.9), row(I_CON=0.5, I_CUE=0.4)]) == [b_cue, i_cue]
    # An inside label cannot open a paragraph: the best start of that role takes its place.
    assert minilm.bio_path([row(I_CON=0.6, B_CON=0.3)])[0] == minilm.LABELS.index("B-CON")
    assert i_con not in minilm.bio_path([row(), row(I_CON=0.55)])


def test_model_spans_complete_the_rules(engine) -> None:  # type: ignore[no-untyped-def]
    text = "Jane Doe bristled at the plan. Tom Baker said it was fine."
    doc = engine.nlp(text)
    at = spans_in(text)

    rule = Candidate(content=[at("it was fine")], cue=at("said"), source=at("Tom Baker"), rule="verb", score=0.9)
    tagged = [
        TaggedSpan("SRC", *at("Jane Doe"), 0.9), TaggedSpan("CUE", *at("bristled at"), 0.8),
        TaggedSpan("CON", *at("the plan"), 0.7),
        TaggedSpan("CON", *at("it was"), 0.99),  # overlaps the rules' content: the rules' span stays
        TaggedSpan("SRC", *at("Tom"), 0.3),  # below its threshold
    ]
    assert [s.role for s in new_spans([rule], tagged, ADD_CONFIDENT.add)] == ["SRC", "CUE", "CON"]
    tagging = Tagging(tagged, [t.idx for t in doc], {})
    combined = apply_model(doc, [rule], tagging, ADD_CONFIDENT)
    assert combined[0] is rule and rule.content == [at("it was fine")]
    [added] = combined[1:]
    assert (added.source, added.cue, added.content, added.rule) == (at("Jane Doe"), at("bristled at"),
                                                                     [at("the plan")], "model")
    assert added.score == pytest.approx(0.7)


def test_a_cueless_model_content_joins_a_speaker_only_as_the_rest_of_his_quotation(engine) -> None:  # type: ignore[no-untyped-def]
    text = 'Asked about the talks, Tom Baker said "they are over." "We won," Jane Doe said, "and we will build."'
    doc = engine.nlp(text)
    at = spans_in(text)

    baker = Candidate(content=[at('"they are over."')], cue=at("said"), source=at("Tom Baker"), rule="verb", score=0.9)
    doe = Candidate(content=[at('"We won,"')], cue=at("said,"), source=at("Jane Doe"), rule="verb", score=0.9)
    tagged = [TaggedSpan("CON", *at("the talks"), 0.9), TaggedSpan("CON", *at("and we will build."), 0.9)]
    combined = apply_model(doc, [baker, doe], Tagging(tagged, [t.idx for t in doc], {}), ADD_CONFIDENT)
    # "the talks" is what Baker was asked about, not what he said: it goes, for want of its cue.
    assert combined == [baker, doe] and baker.content == [at('"they are over."')]
    assert doe.content == [at('"We won,"'), at("and we will build.")]


def test_a_model_content_joins_the_content_it_continues_across_cue_and_source(engine) -> None:  # type: ignore[no-untyped-def]
    text = "If the talks fail, Tom Baker argues, there are other tools. Ann Lee was accused of lying to them."
    doc = engine.nlp(text)
    at = spans_in(text)

    baker = Candidate(content=[at("there are other tools")], cue=at("argues"), source=at("Tom Baker"), rule="verb",
                      score=0.9)
    tagged = [TaggedSpan("CON", *at("If the talks fail"), 0.9), TaggedSpan("CON", *at("Ann Lee"), 0.9),
              TaggedSpan("CUE", *at("was accused of"), 0.9), TaggedSpan("CON", *at("lying to them"), 0.9)]
    combined = apply_model(doc, [baker], Tagging(tagged, [t.idx for t in doc], {}), ADD_CONFIDENT)
    assert baker.content == [at("If the talks fail"), at("there are other tools")]  # opens the sentence
    [accused] = combined[1:]
    assert accused.cue == at("was accused of") and accused.content == [at("Ann Lee"), at("lying to them")]


def test_the_model_vetoes_doubtful_rule_spans(engine) -> None:  # type: ignore[no-untyped-def]
    text = "Let's say the plan works. Tom Baker said it was fine."
    doc = engine.nlp(text)
    at = spans_in(text)

    def token(part: str) -> int:
        return next(t.i for t in doc if t.idx == text.index(part))

    spurious = Candidate(content=[at("the plan works")], cue=at("say"), source=at("Let"), rule="verb", score=0.5)
    good = Candidate(content=[at("it was fine")], cue=at("said"), source=at("Tom Baker"), rule="verb", score=0.9)
    probabilities = {token("say"): (0.0, 0.1, 0.0), token("said"): (0.0, 0.9, 0.0),
                     token("Tom"): (0.2, 0.0, 0.0), token("Baker"): (0.2, 0.0, 0.0)}
    tagging = Tagging([], [t.idx for t in doc], probabilities)
    assert tagging.role_probability(*at("Tom Baker"), "SRC") == pytest.approx(0.2)
    assert tagging.role_probability(*at("it was fine"), "CON") == 1.0  # not tagged: no opinion
    keep = Thresholds(add=dict.fromkeys(ROLES, NEVER), keep={"SRC": 0.3, "CUE": 0.5, "CON": 0.0})
    [kept] = apply_model(doc, [spurious, good], tagging, keep)
    assert kept is good and kept.source is None and kept.content == [at("it was fine")]
    assert apply_model(doc, [good], tagging, Thresholds.off()) == [good]
    # A layout rule (a transcript line, a dash credit) is not the tagger's to veto.
    layout = Candidate(content=[at("the plan works")], cue=at("say"), source=at("Let"), rule="dash_credit",
                       score=0.9)
    assert apply_model(doc, [layout], tagging, keep) == [layout]


def test_a_sure_model_content_span_redraws_the_rules_bounds(engine) -> None:  # type: ignore[no-untyped-def]
    text = "Tom Baker said the bridge, which cost $4m, would open in May. But Ann Lee said: \"It will not.\""
    doc = engine.nlp(text)
    at = spans_in(text)

    long = Candidate(content=[at("the bridge, which cost $4m, would open in May")], cue=at("said"),
                     source=at("Tom Baker"), rule="clause:speech", score=0.9)
    layout = Candidate(content=[at('"It will not."')], cue=at("said:"), source=at("Ann Lee"), rule="format:line",
                       score=0.9)
    tagged = [TaggedSpan("CON", *at("the bridge, which cost $4m"), 0.8), TaggedSpan("CON", *at("It will not"), 0.9),
              TaggedSpan("SRC", *at("Tom"), 0.95)]
    tagging = Tagging(tagged, [t.idx for t in doc], {})
    redraw = Thresholds(add=dict.fromkeys(ROLES, NEVER), keep=dict.fromkeys(ROLES, 0.0), move_content=0.7)
    quoting = Candidate(content=[at('"It will not."')], cue=at("said:"), source=at("Ann Lee"), rule="clause:speech",
                        score=0.9)
    combined = apply_model(doc, [long, layout, quoting], tagging, redraw)
    assert long.content == [at("the bridge, which cost $4m")] and long.source == at("Tom Baker")  # sources stay
    assert layout.content == [at('"It will not."')] and combined == [long, layout, quoting]  # layout rules stay
    assert quoting.content == [at('"It will not."')]  # a direct quotation stays whole
    # Overlapping two model spans: the one it shares most with; only spans below the threshold:
    # the rules' bounds stay.
    whole = "the bridge, which cost $4m, would open in May"
    two = Candidate(content=[at(whole)], cue=None, source=None, rule="clause:speech", score=0.5)
    split = Tagging([*tagged, TaggedSpan("CON", *at("would open"), 0.9)], tagging.token_starts, {})
    assert apply_model(doc, [two], split, redraw)[0].content == [at("the bridge, which cost $4m")]
    mostly = Candidate(content=[at("$4m, would open in May")], cue=None, source=None, rule="clause:speech", score=0.5)
    assert apply_model(doc, [mostly], split, redraw)[0].content == [at("would open")]
    unsure = Candidate(content=[at(whole)], cue=None, source=None, rule="clause:speech", score=0.5)
    assert apply_model(doc, [unsure], tagging, replace(redraw, move_content=0.95))[0].content == [at(whole)]


def test_a_sure_model_cue_span_widens_a_rule_cue_inside_it_and_never_narrows_one(engine) -> None:  # type: ignore[no-untyped-def]
    text = "Ms Lee explained in an interview that the plan failed. Mr Roe flatly denied it, aides said."
    doc = engine.nlp(text)
    at = spans_in(text)

    def attribution(cue: str) -> Candidate:
        return Candidate(content=[at("the plan failed")], cue=at(cue), source=at("Ms Lee"), rule="clause:speech",
                         score=0.9)

    tagged = [TaggedSpan("CUE", *at("explained in an interview"), 0.8), TaggedSpan("CUE", *at("denied"), 0.9)]
    tagging = Tagging(tagged, [t.idx for t in doc], {})
    widen = Thresholds(add=dict.fromkeys(ROLES, NEVER), keep=dict.fromkeys(ROLES, 0.0), move_cue=0.7)
    assert apply_model(doc, [attribution("explained")], tagging, widen)[0].cue == at("explained in an interview")
    narrower = apply_model(doc, [attribution("flatly denied")], tagging, widen)[0]
    assert narrower.cue == at("flatly denied")
    for unsure in (0.85, NEVER):
        assert apply_model(doc, [attribution("explained")], tagging, replace(widen, move_cue=unsure))[0].cue == at(
            "explained")


def test_features_and_gold_labels_line_up(engine) -> None:  # type: ignore[no-untyped-def]
    text, source, cue, _ = ARTICLES[1]
    doc = engine.nlp(text)
    labels = rule_labels(doc, [])
    table = token_table(doc)
    [paragraph] = paragraphs(table)
    features = paragraph_features(table, paragraph, labels, rule_cue_sides(doc, labels))
    assert len(features) == len(doc) and all(f for f in features)
    gold = gold_labels(doc, {"SRC": [(0, len(source))], "CUE": [(text.index(cue), text.index(cue) + len(cue))]})
    assert gold[:4] == ["B-SRC", "I-SRC", "B-CUE", "I-CUE"]


def test_token_table_reads_what_the_tokens_hold(engine) -> None:  # type: ignore[no-untyped-def]
    doc = engine.nlp('Flood warning\n\n  "Stay indoors," the mayor said.  Rivers rose.\n\n\nNo one was hurt.\n')
    table = token_table(doc)
    assert table.text == [t.text for t in doc] and table.whitespace == [t.whitespace_ for t in doc]
    assert table.head == [t.head.i for t in doc] and table.dep == [t.dep_ for t in doc]
    assert table.lower == [t.lower_ for t in doc] and table.tag == [t.tag_ for t in doc]
    assert table.lemma == [t.lemma_.lower() for t in doc] and table.ent == [t.ent_type_ or "-" for t in doc]
    assert table.sent_start == [str(int(t.is_sent_start or False)) for t in doc]
    assert table.is_space == [t.is_space for t in doc] and table.idx == [t.idx for t in doc]
    assert [(p.start, p.end) for p in paragraphs(table)] == [(0, 2), (3, 16), (17, 22)]
    assert [doc[p.start].text for p in paragraphs(table)] == ["Flood", '"', "No"]


def test_training_end_to_end_and_the_trained_model_is_used(tiny_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "model"
    meta = train_attribution(tiny_corpus, out, TrainingSettings(max_iterations=30, min_feature_frequency=1))
    assert (out / "model.crfsuite").stat().st_size > 0
    recorded = json.loads((out / "meta.json").read_text())
    assert recorded["thresholds"] == meta["thresholds"] and recorded["corpus"] == {"train_articles": 12,
                                                                                  "dev_articles": 4}
    assert recorded["training"]["max_iterations"] == 30
    assert set(recorded["dev"]) == {"source", "cue", "content"}
    confidences = recorded["calibration"]["confidence"]
    assert confidences == sorted(confidences) and all(0.0 <= c <= 1.0 for c in confidences)
    assert "## Confidence" in (out / "CARD.md").read_text()
    info = read_model_info(out)
    assert set(info.thresholds.add) == set(info.thresholds.keep) == set(ROLES)
    result = CliRunner().invoke(app, ["analyze", "-", "--format", "json", "--attribution-model", str(out)],
                                input="Library row\n\n" + ARTICLES[1][0] + "\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["text"].startswith("Library row")


def test_train_command_refuses_a_folder_that_is_no_corpus(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["train", "attribution", str(tmp_path)])
    assert result.exit_code == 2
    assert "PolNeAR layout" in result.output


def test_the_shipped_model_loads_offline() -> None:
    tagger = load_tagger(MODEL_DIR)
    assert set(tagger.info.thresholds.add) == set(ROLES)
    assert tagger.info.meta["corpus"]["train_articles"] > 0


def test_shipped_models_go_by_name_and_a_directory_comes_first(tmp_path: Path) -> None:
    assert model_directory(None) == SHIPPED_MODELS["onnx"]  # the accurate mode's, the default
    assert model_directory(None, "fast") == MODEL_DIR == SHIPPED_MODELS["crf"]
    assert model_directory("minilm") == SHIPPED_MODELS["minilm"]
    assert read_model_info(SHIPPED_MODELS["minilm"]).meta["architecture"] == "minilm"
    (tmp_path / "minilm").mkdir()
    assert model_directory(str(tmp_path / "minilm")) == tmp_path / "minilm"
    missing = CliRunner().invoke(app, ["analyze", "-", "--attribution-model", str(tmp_path / "none")],
                                 input=ARTICLES[0][0] + "\n")
    assert missing.exit_code == 5 and "No attribution model" in missing.output


@pytest.mark.skipif(not os.environ.get("POLNEAR"), reason="set POLNEAR=/path/to/PolNeAR to check the model cards")
@pytest.mark.parametrize("name", sorted(SHIPPED_MODELS))
def test_shipped_models_reproduce_their_dev_figures(name: str) -> None:
    from newsgraph.eval.attribution import evaluate
    from newsgraph.settings import DEFAULT_SETTINGS

    if name == "minilm":
        pytest.importorskip("torch")
    report = evaluate(Path(os.environ["POLNEAR"]), "dev", settings=DEFAULT_SETTINGS.with_(attribution_model=name))
    documented = load_tagger(SHIPPED_MODELS[name]).info.meta["dev"]
    for role, score in report.roles.items():
        assert abs(100 * (score.figures()["f1"] - documented[role]["f1"])) <= 0.5


def test_with_a_calibration_each_score_is_the_calibrated_model_probability(engine) -> None:  # type: ignore[no-untyped-def]
    from newsgraph.tagging.calibration import Calibration

    text = "Tom Baker said it was fine."
    doc = engine.nlp(text)
    at = spans_in(text)

    rule = Candidate(content=[at("it was fine")], cue=at("said"), source=at("Tom Baker"), rule="verb", score=0.9)
    probabilities = {t.i: (0.6, 0.9, 0.8) for t in doc}
    tagging = Tagging([], [t.idx for t in doc], probabilities)
    calibration = Calibration(raw=(0.0, 0.5, 0.7), values=(0.1, 0.4, 0.9))
    [scored] = apply_model(doc, [rule], tagging, Thresholds.off(), calibration)
    assert scored.score == 0.4  # the least sure span (the source, 0.6) mapped by the calibration


def test_retuning_keeps_the_weights_and_chooses_again_on_dev(tiny_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "model"
    train_attribution(tiny_corpus, out, TrainingSettings(max_iterations=30, min_feature_frequency=1))
    weights = (out / "model.crfsuite").read_bytes()
    shipped = json.loads((out / "meta.json").read_text())
    (out / "meta.json").write_text(json.dumps({**shipped, "mode": "fast"}))  # as a shipped model's says
    result = CliRunner().invoke(app, ["train", "attribution", str(tiny_corpus), "--out", str(out), "--retune"])
    assert result.exit_code == 0, result.output
    assert (out / "model.crfsuite").read_bytes() == weights
    recorded = json.loads((out / "meta.json").read_text())
    assert recorded["training"]["max_iterations"] == 30 and "retuned" in recorded
    assert "--retune" in (out / "CARD.md").read_text()
    assert recorded["mode"] == "fast" and "the fast mode's tagger" in (out / "CARD.md").read_text()
    missing = CliRunner().invoke(app, ["train", "attribution", str(tiny_corpus), "--out", str(tmp_path / "none"),
                                       "--retune"])
    assert missing.exit_code == 2 and "--retune needs a trained model" in missing.output


def test_minilm_training_end_to_end_and_the_trained_model_is_used(tiny_corpus: Path, tmp_path: Path) -> None:
    if not os.environ.get("CI"):  # `make test` installs the minilm extra; CI must run this test
        pytest.importorskip("torch")
    out = tmp_path / "minilm"
    result = CliRunner().invoke(app, ["train", "attribution", str(tiny_corpus), "--out", str(out),
                                      "--architecture", "minilm", "--epochs", "2", "--layers", "3", "--lora-rank", "4",
                                      "--rule-dropout", "0.5"])
    assert result.exit_code == 0, result.output
    recorded = json.loads((out / "meta.json").read_text())
    assert recorded["architecture"] == "minilm" and len(recorded["fitting"]["history"]) == 2
    # and the tagger below loads a 3-layer encoder with rank-4 adapters from it
    assert recorded["network"]["layers"] == 3 and recorded["network"]["lora_rank"] == 4
    assert recorded["minilm"]["rule_dropout"] == 0.5 and "--rule-dropout 0.5" in (out / "CARD.md").read_text()
    assert (out / "adapter.safetensors").stat().st_size < 5_000_000  # adapters, not the encoder
    assert "MiniLM" in (out / "CARD.md").read_text() and "first 3 of its 6 layers" in (out / "CARD.md").read_text()
    tagger = load_tagger(out)
    assert type(tagger).__name__ == "MiniLMTagger"
    analysed = CliRunner().invoke(app, ["analyze", "-", "--format", "json", "--attribution-model", str(out)],
                                  input="Library row\n\n" + ARTICLES[1][0] + "\n")
    assert analysed.exit_code == 0, analysed.output


def test_without_adapters_the_encoder_layers_are_trained_and_its_embeddings_are_not() -> None:
    torch = pytest.importorskip("torch")
    from newsgraph.tagging.torch_minilm import AttributionNetwork, NetworkSettings

    network = AttributionNetwork(NetworkSettings(layers=1, lora_rank=0))
    trained = network.trained_state()
    assert not network.adapted and not any("lora" in name for name in trained)
    assert any(".layer.0.attention.self.query.weight" in name for name in trained)
    assert not any("word_embeddings" in name for name in trained)
    # stored in half precision, loaded back for float32 computation
    network.load_trained_state({name: tensor.half() for name, tensor in trained.items()})
    assert all(p.dtype == torch.float32 for p in network.parameters())
    ids = torch.tensor([[101, 2000, 102]])
    zeros = torch.zeros_like(ids)
    assert network.for_inference()(ids, zeros, zeros, zeros, torch.ones_like(ids)).shape == (1, 3, 7)


def test_rule_dropout_blanks_the_rules_labels_of_whole_windows() -> None:
    torch = pytest.importorskip("torch")
    from newsgraph.learn.train_minilm import hide_rules

    rule = torch.tensor([[1, 2, 0], [3, 4, 0], [5, 6, 0]])
    kept = {"rule": rule.clone()}
    hide_rules(kept, 0.0)
    assert torch.equal(kept["rule"], rule)
    hidden = {"rule": rule.clone()}
    hide_rules(hidden, 1.0)
    assert not hidden["rule"].any()
    torch.manual_seed(0)
    some = {"rule": torch.ones(200, 4, dtype=torch.long)}
    hide_rules(some, 0.5)
    blanked = (some["rule"].sum(dim=1) == 0).sum().item()
    assert 60 < blanked < 140 and set(some["rule"].sum(dim=1).tolist()) <= {0, 4}  # whole windows only


def test_the_card_spells_out_the_rule_dropout_a_model_was_trained_with() -> None:
    from newsgraph.learn.card import model_card
    from newsgraph.tagging.model import SHIPPED_MODELS

    meta = json.loads((SHIPPED_MODELS["minilm"] / "meta.json").read_text())
    meta["minilm"].pop("rule_dropout")  # trained before the option existed: without it
    assert "--rule-dropout 0.0" in model_card(meta)  # not today's default of 0.2


@pytest.mark.parametrize("name", sorted(SHIPPED_MODELS))
def test_each_shipped_card_is_the_one_its_meta_writes(name: str) -> None:
    from newsgraph.learn.card import model_card

    directory = SHIPPED_MODELS[name]
    assert (directory / "CARD.md").read_text(encoding="utf-8") == model_card(
        json.loads((directory / "meta.json").read_text(encoding="utf-8")))
