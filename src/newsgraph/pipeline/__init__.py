"""The article engine: clean, parse once, then small stages that each add to the record.

Every stage module exposes the same entry point, `run(doc, record, settings) -> None`, and only
adds the fields it owns (Citron's cut: one module per extraction stage, one shared document).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from importlib import resources

from spacy.language import Language
from spacy.tokens import Doc

from .. import __version__
from ..budget import within_budget
from ..errors import InputError
from ..nlp import load_model, model_description
from ..record import ArticleDraft, ArticleRecord
from ..settings import DEFAULT_SETTINGS, Settings
from ..workers import WorkerTask, ordered_map
from . import clean, dates, entities, events, flags, gender, places, quotes, speakers, venues
from .parse import bounded_batches, parse_texts

Stage = Callable[[Doc, ArticleRecord, Settings], None]

# Order matters: speakers need entities and quotes; gender reads the pronouns speakers tied; venues
# need quotes, entities and dates; places need the entities; events need all of these (and link
# quotations); flags look at everything.
STAGES: tuple[Stage, ...] = (
    entities.run, quotes.run, speakers.run, gender.run, dates.run, venues.run, places.run, events.run, flags.run)

def masked_for_parsing(record: ArticleRecord) -> str:
    """The text the parser sees: boilerplate blanked out, every offset unchanged."""
    if not record.boilerplate:
        return record.text
    chars = list(record.text)
    for span in record.boilerplate:
        for i in range(span.start, span.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _chunks(items: Iterable[ArticleDraft | InputError], size: int, max_chars: int
            ) -> Iterator[list[ArticleDraft | InputError]]:
    """Batches of articles for one parser call or one worker task, bounded like parser batches."""
    return bounded_batches(items, size, max_chars, lambda item: len(item.text) if isinstance(item, ArticleDraft) else 0)


class Engine:
    """Analyses articles with one loaded model. Reuse one engine for many articles."""

    def __init__(self, settings: Settings = DEFAULT_SETTINGS, nlp: Language | None = None) -> None:
        self.settings = settings
        self._nlp = nlp
        self._analysed_with: dict[str, str] | None = None
        self._warm = False

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_model(self.settings.model_names)
        return self._nlp

    def warm(self) -> None:
        """Analyse a short bundled article once, so the stages build their lazy tables now.

        Phrase matchers, the gazetteer's index and the CRF tagger are built on first use; a worker
        process warms its engine before it says it is ready, so no batch waits for them.
        """
        if not self._warm:
            self._warm = True
            text = resources.files("newsgraph").joinpath("data/warmup.txt").read_text(encoding="utf-8")
            self._analyze(ArticleDraft(id="newsgraph-warm-up", text=text, published="2024-01-15"))
            _freeze_loaded_objects()

    def analyze_draft(self, draft: ArticleDraft) -> ArticleRecord:
        """One article's record; raises InputError when the article cannot be analysed (`too_slow`
        when it takes longer than `Settings.max_article_seconds`)."""
        self.nlp  # noqa: B018  (loading the model is not the article's time)
        with within_budget(self.settings.max_article_seconds, draft.origin or draft.id):
            return self._analyze(draft)

    def _analyze(self, draft: ArticleDraft) -> ArticleRecord:
        record = clean.prepare(draft, self.settings)
        return self._finish(parse_texts(self.nlp, [masked_for_parsing(record)], self.settings)[0], record)

    def analyze_many(self, items: Iterable[ArticleDraft | InputError]) -> Iterator[ArticleRecord | InputError]:
        """Records (or the InputError of each rejected input) in input order, parsed in batches."""
        workers = self.settings.workers
        if workers > 1:
            yield from self._analyze_parallel(items, workers)
            return
        self.warm()
        for chunk in _chunks(items, self.settings.batch_size, self.settings.batch_chars):
            yield from self._analyze_chunk(chunk)

    def _analyze_chunk(self, chunk: list[ArticleDraft | InputError]) -> list[ArticleRecord | InputError]:
        # Each step runs within the time budget (budget.py): cleaning and the stages per article,
        # the parse per batch. Loading the model and building the stages' tables are not an
        # article's time: a fresh worker warms up first.
        self.warm()
        budget = self.settings.max_article_seconds
        prepared: list[ArticleRecord | InputError] = []
        origins: dict[int, str] = {}
        for item in chunk:
            if isinstance(item, InputError):
                prepared.append(item)
                continue
            try:
                with within_budget(budget, item.origin or item.id):
                    record = clean.prepare(item, self.settings)
            except InputError as error:
                prepared.append(error)
                continue
            origins[id(record)] = item.origin or item.id
            prepared.append(record)
        records = [r for r in prepared if isinstance(r, ArticleRecord)]
        finished = self._parse_and_finish(records, origins)
        return [finished[id(r)] if isinstance(r, ArticleRecord) else r for r in prepared]

    def _parse_and_finish(self, records: list[ArticleRecord], origins: dict[int, str]
                          ) -> dict[int, ArticleRecord | InputError]:
        """Each record finished, or its InputError. The articles share a parse, which gets one
        article's budget, and the rest of it is each one's for its stages; when the shared parse
        overruns, each article is parsed again on its own, so that only the slow one is rejected."""
        if not records:
            return {}
        budget = self.settings.max_article_seconds
        started = time.monotonic()
        try:
            with within_budget(budget, origins[id(records[0])] if len(records) == 1 else None):
                docs = parse_texts(self.nlp, [masked_for_parsing(r) for r in records], self.settings)
        except InputError as overrun:
            if len(records) == 1:
                return {id(records[0]): overrun}
            return {id(r): self._parse_and_finish([r], origins)[id(r)] for r in records}
        left = max(budget - (time.monotonic() - started), 0.001) if budget > 0 else 0.0
        finished: dict[int, ArticleRecord | InputError] = {}
        for record, doc in zip(records, docs, strict=True):
            try:
                with within_budget(left, origins[id(record)]):
                    finished[id(record)] = self._finish(doc, record)
            except InputError as error:
                finished[id(record)] = error
        return finished

    def _analyze_parallel(
        self, items: Iterable[ArticleDraft | InputError], workers: int
    ) -> Iterator[ArticleRecord | InputError]:
        # Whole chunks go to worker processes, each with its own warmed engine (this process loads
        # no model): the stages run in parallel too, not just the parser, and records come back in
        # input order. A worker is replaced after `worker_max_articles` (newsgraph.workers, docs/scale.md).
        task = WorkerTask(_analyze_in_worker, _init_worker, (self.settings,))
        batches = _chunks(items, self.settings.batch_size, self.settings.batch_chars)
        yield from ordered_map(task, batches, _failed_in_worker, workers=workers,
                               max_items=self.settings.worker_max_articles)

    def _finish(self, doc: Doc, record: ArticleRecord) -> ArticleRecord:
        if self._analysed_with is None:  # spaCy rebuilds its meta on every access
            from ..tagging.model import analysed_with

            settings = self.settings
            self._analysed_with = {"newsgraph": __version__, "model": model_description(self.nlp),
                                   **analysed_with(settings.attribution, settings.mode, settings.attribution_model)}
        record.analysed_with = dict(self._analysed_with)
        with _collector_paused():
            for stage in STAGES:
                stage(doc, record, self.settings)
        return record


_frozen = False


def _freeze_loaded_objects() -> None:
    """Move what is alive now (the model, its vocabulary, the stages' tables: some 200,000
    objects) out of the cycle collector's sight, once per process.

    They live as long as the process; without this every full collection rescans them all, which
    cost about 2% of the engine's time. What is garbage now is collected first, so nothing is
    kept that could be freed (gc.freeze, as in the CPython docs' advice for pre-fork servers).
    """
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()
        gc.freeze()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Run a block with Python's cycle collector off.

    The stages allocate many small lists and dicts per token; on a long article each collection
    rescans everything the article has built so far, which made the stages superlinear in its
    length (3x slower on a 25,000-token article). The stages create no lasting reference cycles,
    and the collector runs again as soon as the block ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_worker_engine: Engine | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_engine
    _worker_engine = Engine(settings.with_(workers=1))
    _worker_engine.warm()


def _analyze_in_worker(chunk: list[ArticleDraft | InputError]) -> list[ArticleRecord | InputError]:
    assert _worker_engine is not None
    return _worker_engine._analyze_chunk(chunk)


def _failed_in_worker(item: ArticleDraft | InputError, why: str) -> InputError:
    """An input whose worker process died on it (twice) or whose record could not come back."""
    if isinstance(item, InputError):
        return item  # rejected before analysis: nothing was lost
    return InputError("worker_failed", f"the analysis failed: {why}; rerun to retry", item.origin or item.id)
