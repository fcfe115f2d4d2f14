"""The quotations stage: every attribution of the article as a `Quote` (speaker resolved later).

Rules run from the most to the least grammatical evidence: reporting verbs in the parse, "according
to", quotations beside their cue, quotations interrupted by their cue, fully quoted follow-on
paragraphs, headline formats ("X says ...") and transcripts (`transcripts.py`: "NAME: ...",
interview turns headed by "((Name))" or the interviewee's initials). An attribution nested in the
content of another is the outer one's business, not a quotation of its own. Quoted text that no
rule attributes is kept with no speaker when it reads like a statement, and dropped as a scare
quote or title when it is a short fragment.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from ..intervals import ContainingInOrder
from ..nlp import doc_text
from ..record import ArticleRecord, Quote, QuoteKind, Span
from ..settings import Settings
from .according_to import according_to_candidates
from .candidates import Candidate, Offsets, content_index, holds_clause
from .cues import CueEntry, cue_entry
from .direct import attach_regions
from .evidence_phrases import evidence_phrase_candidates
from .follow_on import dash_credits, follow_on_quotes
from .headlines import headline_candidates
from .introduced import after_speakers_sentence
from .no_comment import RULE as SILENCE_RULE
from .no_comment import mark_silences
from .quotemarks import QuoteMarks, QuoteRegion, quote_marks
from .reported_speech import denies_speaker, verb_candidates
from .transcripts import asked_by_interviewer, is_transcript_rule, question_lines, transcript_candidates

_UNATTRIBUTED_SCORE = 0.3
# The cue class of the learned tagger's own attributions (tagging/combine.py) until they are read here.
_MODEL_CLASS = "model"
_OBJECT_FRAMES = frozenset({"object", "xcomp", "prep"})


def _outranks(outer: Candidate, inner: Candidate) -> bool:
    """Whether `outer`, whose content holds `inner`'s cue, swallows it. A reported clause does ("X
    said Y believes Z" is X's); an object does not hold a speech of its own ("attacked donations,
    which he said were favours": "he said" stands, and the object stops before it)."""
    if outer.frame in _OBJECT_FRAMES and inner.frame == "clause" and inner.cue_class == "speech":
        start = inner.source[0] if inner.source else inner.cue[0]  # type: ignore[index]
        outer.content = [(s, min(e, start)) for s, e in outer.content if s < start]
        return False
    return True


def _distinct(numbers: Iterable[int]) -> Iterator[int]:
    """`numbers` (in order) without repeats of the one before."""
    last = None
    for number in numbers:
        if number != last:
            yield number
            last = number


def _drop_nested(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the outermost attribution where one's cue lies inside another's content."""
    kept = []
    # The attributions whose content covers a cue, in order and one at a time, from an index of the
    # contents as they are now (they only shrink below, so it finds every one still covering; the
    # test reads them live); `any` stops at the first that swallows the cue, as a scan would.
    owners = [k for k, candidate in enumerate(candidates) for _ in candidate.content]
    contents = ContainingInOrder(span for candidate in candidates for span in candidate.content)
    for candidate in candidates:
        cue = candidate.cue
        others = (candidates[k] for k in _distinct(owners[p] for p in contents.containing(*cue))) if cue else ()
        nested = any(
            other is not candidate and other.content_covers(*cue) and (anchor := _nesting_anchor(other)) is not None  # type: ignore[misc]
            and not candidate.content_covers(*anchor) and _outranks(other, candidate)
            for other in others
        )
        if not nested:
            kept.append(candidate)
    kept = [c for c in kept if c.content and all(e > s for s, e in c.content)]
    # Two rules found the same attribution ("according to" inside a clause a verb also reports).
    unique: dict[tuple[int, int], Candidate] = {}
    for candidate in kept:
        key = candidate.content[0]
        if key not in unique or candidate.score > unique[key].score:
            unique[key] = candidate
    return list(unique.values())


def _nesting_anchor(candidate: Candidate) -> Offsets | None:
    """What must lie outside an attribution nested in `candidate`'s content: its cue, or for a
    transcript turn with none ('((Maria Lopez))  It started ...'), its speaker label."""
    if candidate.cue is not None:
        return candidate.cue
    return candidate.source if is_transcript_rule(candidate.rule) else None


def _unattributed(doc: Doc, marks: QuoteMarks, taken: list[Candidate], min_words: int) -> list[Candidate]:
    """Quoted statements no rule could attribute (kept, speaker unknown); short fragments are scare quotes."""
    found = []
    contents = content_index(taken)
    for region in marks.regions:
        if not region.double or contents.any_overlapping(region.start, region.end):
            continue
        if _stands_alone(doc, region, min_words):
            found.append(Candidate(content=[(region.start, region.end)], cue=None, source=None,
                                   rule="unattributed", score=_UNATTRIBUTED_SCORE, regions=[region]))
    return found


def _stands_alone(doc: Doc, region: QuoteRegion, min_words: int) -> bool:
    """Quoted words that stand as someone's statement with no attribution: a few words with a
    verb, opening a statement or a sentence of their own."""
    text = doc_text(doc)
    if len(region.inner_text(text).split()) < min_words or not _opens_sentence(text, region):
        return False
    span = doc.char_span(region.inner_start, region.inner_end, alignment_mode="expand")
    return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)


def _opens_sentence(text: str, region: QuoteRegion) -> bool:
    """A quotation that opens a statement, or its sentence or paragraph: not a fragment in the
    middle of the reporter's own sentence ('because they had "accepted responsibility early"'),
    which is that sentence's business."""
    if region.opens_statement(text):
        return True
    before = text[text.rfind("\n", 0, region.start) + 1 : region.start].rstrip()
    return not before or before.endswith((".", "!", "?", ":"))


def _cue_entry_in(doc: Doc, start: int, end: int) -> CueEntry | None:
    """The lexicon entry of the first reporting verb in [start, end)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return next((entry for token in span if (entry := cue_entry(token)) is not None), None) if span else None


def _kind(candidate: Candidate, marks: QuoteMarks) -> QuoteKind:
    if candidate.rule == SILENCE_RULE:
        return "no_comment"
    # Single marks count too: British headlines quote with them ("lacks 'strength'").
    regions = marks.covered_by(candidate.content)
    if not regions:
        return "indirect"
    quoted = sum(r.end - r.start for r in regions)
    total = sum(e - s for s, e in candidate.content)
    return "direct" if quoted >= total - 2 else "mixed"


def _to_quote(candidate: Candidate, quote_id: str, record: ArticleRecord, marks: QuoteMarks) -> Quote:
    text = record.text
    headline = record.layout.headline
    return Quote(
        id=quote_id,
        kind=_kind(candidate, marks),
        content=[Span.of(text, s, e) for s, e in sorted(candidate.content)],
        cue=Span.of(text, *candidate.cue) if candidate.cue else None,
        source=Span.of(text, *candidate.source) if candidate.source else None,
        confidence=round(candidate.score, 3),
        in_headline=headline is not None and headline.start <= candidate.start < headline.end,
        cue_class=candidate.cue_class,
        rule=candidate.rule,
    )


def find_candidates(doc: Doc, record: ArticleRecord, settings: Settings) -> list[Candidate]:
    """All attributions of the document, nested ones removed, in text order."""
    marks = quote_marks(doc)
    candidates = [*verb_candidates(doc, marks), *according_to_candidates(doc, marks),
                  *evidence_phrase_candidates(doc, marks)]
    turns = transcript_candidates(doc, record, candidates)
    # The interviewer's questions ('((WN))  So you are saying ...?') report nobody's words: the
    # interviewee answers in turns of their own, or in paragraphs the article prints after them.
    questions = list(question_lines(doc_text(doc)))
    candidates = [c for c in candidates if not asked_by_interviewer(c, questions, doc)] + turns
    candidates = _drop_nested(candidates + headline_candidates(doc, record, candidates))
    for candidate in candidates:
        candidate.regions = [r for r in marks.covered_by(candidate.content) if r.double]
    candidates += attach_regions(doc, marks, candidates)
    candidates += dash_credits(doc, marks, candidates)
    candidates += follow_on_quotes(doc, marks, candidates, settings.max_inherited_paragraphs)
    candidates += after_speakers_sentence(doc, marks, candidates)
    candidates += _unattributed(doc, marks, candidates, settings.min_unattributed_quote_words)
    candidates = _in_text_order([c for c in candidates if not record.in_boilerplate(c.start, c.end)])
    if settings.attribution == "model":
        # The model sees the rules' attributions as it saw them in training (`train.prepare`).
        with_model = _with_model(doc, candidates, settings)
        candidates = _in_text_order([c for c in with_model if not asked_by_interviewer(c, questions, doc)])
        _classify_model_spans(doc, marks, candidates, settings.min_unattributed_quote_words)
    return [c for c in candidates if not _credits_the_article(record, c)]


def _credits_the_article(record: ArticleRecord, candidate: Candidate) -> bool:
    """A source that is the byline ("..., as ITV News' Martha Fairlie reports") credits the reporter
    with the article: the clause the byline's verb governs is the standfirst, not something the
    reporter said."""
    byline, source = record.layout.byline, candidate.source
    return byline is not None and source is not None and byline.start <= source[0] and source[1] <= byline.end


def _classify_model_spans(doc: Doc, marks: QuoteMarks, candidates: list[Candidate], min_words: int) -> None:
    """Read the learned tagger's own attributions as the rules read theirs (changed in place): a
    cue the lexicon knows has its class and, with a source, reports a quotation when its content
    is a clause ("X said [a fake pass was used]", not "denied [the accusation]"); without a source
    ("when asked if the talks were a hope", a bare quoted span) or with a cue the lexicon does not
    know ("The council wants [the bridge in the "best possible condition"]") it is a quotation only
    where the rules would keep one unattributed, never a quoted name or scare quote ('called
    "Bridges"'). One whose source denies that anyone spoke ("Nobody agreed ...") is an attribution,
    nobody's quotation, as the rules read theirs."""
    for candidate in candidates:
        if candidate.cue_class != _MODEL_CLASS:
            continue
        entry = _cue_entry_in(doc, *candidate.cue) if candidate.cue is not None else None
        if entry is not None:
            candidate.cue_class = entry.cls
        if candidate.source is not None and _denies_speaker(doc, *candidate.source):
            candidate.quotation = False
        elif (candidate.source is None and candidate.parent is None) or entry is None:
            candidate.quotation = any(_stands_alone(doc, region, min_words)
                                      for region in marks.covered_by(candidate.content) if region.double)
        else:
            candidate.reports_clause = any(holds_clause(doc, *span) for span in candidate.content)


def _denies_speaker(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and denies_speaker(span.root)


def _in_text_order(candidates: list[Candidate]) -> list[Candidate]:
    return sorted(candidates, key=lambda c: (c.start, c.end))


def _with_model(doc: Doc, candidates: list[Candidate], settings: Settings) -> list[Candidate]:
    # Imported here: the rules-only path never loads CRFsuite or the model.
    from ..tagging.combine import apply_model
    from ..tagging.model import load_tagger, model_directory

    tagger = load_tagger(model_directory(settings.attribution_model, settings.mode))
    return apply_model(doc, candidates, tagger.tag(doc, candidates), tagger.info.thresholds, tagger.info.calibration)


def run(doc: Doc, record: ArticleRecord, settings: Settings) -> None:
    """Fill `record.quotes` (Q1, Q2...) and `record.attributions` (A1, A2...) in text order.

    Follow-on quotations name their parent in `inherited_from`.
    """
    marks = quote_marks(doc)
    candidates = [c for c in mark_silences(doc, find_candidates(doc, record, settings))
                  if c.score >= settings.min_confidence]
    ids: dict[int, str] = {}
    quotes, attributions = [], []
    for candidate in candidates:
        quotation = candidate.is_quotation(marks, record.text)
        target = quotes if quotation else attributions
        quote_id = f"{'Q' if quotation else 'A'}{len(target) + 1}"
        ids[id(candidate)] = quote_id
        quote = _to_quote(candidate, quote_id, record, marks)
        if candidate.parent is not None:
            quote.inherited_from = ids.get(id(candidate.parent))
        target.append(quote)
    record.quotes, record.attributions = quotes, attributions
    doc.user_data["newsgraph.quote_candidates"] = {ids[id(c)]: c for c in candidates}
