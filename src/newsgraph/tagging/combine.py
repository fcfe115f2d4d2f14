"""Rules and model together: the model vetoes the rules' doubtful spans, redraws their content
and cue bounds, and adds what they miss.

Measured on PolNeAR dev (see the model card): rejecting the rule spans the model finds unlikely
and adding its confident spans where the rules found nothing gains on every role. Content
boundaries are where rules are weakest (a trailing ", which ..." clause, a leading "But", the
object of "urged X to ..."), so a rule content span takes the bounds of the confident model
content span it shares most characters with (+1.3 content F1 with the CRF, +1.8 with MiniLM, with
the rules of 2026-12, when only a sole overlapping span was taken; +0.2 more with MiniLM for the
most shared). A rule cue inside a model cue span is widened to it ("explained in an interview":
PolNeAR cues hold the words that shape the verb's meaning), never narrowed; sources keep the
rules' bounds: speaker resolution reads them through their tokens. An attribution whose cue the
model rejects is dropped whole, unless the sentence states it outright (`Stated`: "Officials said
three people died", "Per the decree, ..."), which the model does not veto and whose content a
redraw leaves a clause; nor is a rule content redrawn to the content of a report nested in it, or
to bounds that take in its own cue or source. Nor does the model veto an attribution whose content
is a quotation in double marks (`Stated.quotes_directly`: 'He said: "..."', 'by saying "..."'):
with the MiniLM tagger, the who-said-what evaluation lost direct quotations to vetoes of cues it
rarely saw (direct recall 98.6 -> 100.0; unchanged with the CRF), at a cost on PolNeAR dev, whose
cues and sources are drawn otherwise (MiniLM on ONNX 82.2 / 75.9 / 69.5 -> 82.0 / 75.8 / 69.4).
A span the model adds joins, within its sentence, a cue the model also added, else a rule
attribution lacking that role (or, for a content span, one whose content it continues across that
attribution's own cue and source); a content span that no attribution of a sentence with
attributions can take is left out, since it belongs to a cue nobody found; otherwise it becomes
an attribution of its own. (PolNeAR dev with the CRF, 2026-12: 77.8 / 71.3 / 63.5 exact F1
source/cue/content before the outright and nested rules, 77.8 / 71.3 / 63.7 after.)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Token

from ..intervals import SpanIndex
from ..nlp import doc_text, sentence_of
from ..pipeline.candidates import Candidate, Offsets, holds_clause
from ..pipeline.quotemarks import quote_marks
from .calibration import Calibration, raw_score
from .model import TaggedSpan, Tagging, Thresholds

RULE_NAME = "model"
# Attributions read off the layout ('PENCE: ...' lines, headlines, '” ― Name' credits), which a
# token tagger barely sees: the model does not veto them.
LAYOUT_RULES = ("format:", "dash_credit")
# A speech verb with its subject and a reported clause, and "according to"/"Per X,": English
# states these attributions outright, and the tagger's doubt about them (it reads each token in a
# window, where a neighbouring report's content or a rare cue such as "Per" sways it) is no
# evidence against what the parse shows. The tagger does not veto them.
STATED_RULES = ("clause:speech", "according_to")


def _spans_of(candidate: Candidate, role: str) -> list[Offsets]:
    if role == "CON":
        return list(candidate.content)
    span = candidate.cue if role == "CUE" else candidate.source
    return [span] if span is not None else []


def _sentence_bounds(doc: Doc, offset: int) -> Offsets:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None or not len(span):
        return offset, offset
    sentence = sentence_of(span[0])
    return sentence.start_char, sentence.end_char


class Stated:
    """Which rule attributions the reporter's sentence states outright: a speech cue of the lexicon
    ("said", "claimed", "reported") or an attributing preposition ("according to", "Per X,") with
    its grammatical source, every content span a clause with its own subject and no report nested
    in it, neither cue nor source inside quotation marks ("Officials said three people died", "Per
    the decree, priests must report"). A relative pronoun ("a statement which said") only points
    at the source, and a nested report ("According to X, Y said Z") leaves the tagger to tell which
    layer speaks. `quotes_directly` tells the attributions of quotations in double marks."""

    def __init__(self, doc: Doc, candidates: Sequence[Candidate], quotations: Sequence[Offsets]) -> None:
        self.doc = doc
        self._quoted = SpanIndex(quotations)
        self._cues = SpanIndex(c.cue for c in candidates if c.cue is not None)

    def __call__(self, candidate: Candidate) -> bool:
        if candidate.rule not in STATED_RULES or candidate.source_token is None or not candidate.content:
            return False
        source = self.doc[candidate.source_token]
        if candidate.frame == "clause" and not _states(self.doc[candidate.cue_token], source):  # type: ignore[index]
            return False
        return self._plain(candidate) and all(holds_clause(self.doc, *span) for span in candidate.content)

    def quotes_directly(self, candidate: Candidate) -> bool:
        """Whether a rule attribution gives someone's words in quotation marks: a content span
        inside a double-quoted quotation ('He said: "..."', 'by saying "..."'), with what `_plain`
        asks of the rest. The marks show that the words are a quotation and the parse
        whose; the tagger's doubt about a cue it rarely saw in training (a colon, "by saying") is
        no evidence against it (the who-said-what evaluation lost direct quotations to it)."""
        return (candidate.cue is not None and self._plain(candidate)
                and any(self._quoted.any_containing(*span) for span in candidate.content))

    def _plain(self, candidate: Candidate) -> bool:
        """Neither cue nor source inside quotation marks, a source that is no relative pronoun, and
        no report nested in the content."""
        if candidate.source_token is not None and self.doc[candidate.source_token].tag_ in ("WDT", "WP"):
            return False
        return (not any(self._quoted.any_overlapping(*span) for span in (candidate.cue, candidate.source)
                        if span is not None)
                and not any(self._cues.within(*span) for span in candidate.content))


_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
_QUESTION_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})


def _states(verb: Token, source: Token) -> bool:
    """Whether `verb` with `source` as its own subject asserts that a statement was made: a finite
    verb ("said", "has claimed"), not an infinitive or participle ("refused to say", "allowed
    companies to tell", "a news conference announcing"), reporting a statement, not a question
    ("explain how", "asked whether")."""
    finite = verb.tag_ in _FINITE_TAGS or any(
        child.dep_ in ("aux", "auxpass") and child.tag_ in _FINITE_TAGS for child in verb.children)
    clause = next((child for child in verb.rights if child.dep_ == "ccomp"), None)
    question = clause is not None and (clause.left_edge.tag_ in _QUESTION_TAGS
                                       or clause.left_edge.lower_ in ("whether", "if"))
    return finite and source.head == verb and source.dep_ in ("nsubj", "nsubjpass") and not question


def vetted(candidates: Sequence[Candidate], tagging: Tagging, keep: dict[str, float],
           outright: Callable[[Candidate], bool] = lambda candidate: False) -> list[Candidate]:
    """The rules' attributions without the spans the model rejects (changed in place); those
    `outright` says the text states are kept whole."""
    kept = []
    for candidate in candidates:
        if candidate.rule.startswith(LAYOUT_RULES) or outright(candidate):
            kept.append(candidate)
            continue
        if candidate.cue and tagging.role_probability(*candidate.cue, "CUE") < keep["CUE"]:
            continue
        if candidate.source and tagging.role_probability(*candidate.source, "SRC") < keep["SRC"]:
            candidate.source = _model_source_within(candidate, tagging)
            if candidate.source is None:
                candidate.source_token = None
        content = [span for span in candidate.content if tagging.role_probability(*span, "CON") >= keep["CON"]]
        if candidate.content and not content:
            continue
        candidate.content = content
        kept.append(candidate)
    return kept


def _model_source_within(candidate: Candidate, tagging: Tagging) -> Offsets | None:
    """The model's own source inside a rule source it rejects, holding the source's head: the rules
    drew the subject's whole phrase ("Rubio, particularly in the closing days of the campaign,"), the
    model the speaker ("Rubio"). None when the model tagged no such span."""
    head, source = candidate.source_token, candidate.source
    if head is None or source is None or head >= len(tagging.token_starts):
        return None
    at = tagging.token_starts[head]
    return next(((span.start, span.end) for span in tagging.spans
                 if span.role == "SRC" and source[0] <= span.start <= at < span.end <= source[1]), None)


def moved(candidates: Sequence[Candidate], tagged: Sequence[TaggedSpan], threshold: float,
          quotations: Sequence[Offsets] = (), stated: Stated | None = None) -> list[Candidate]:
    """`candidates` with each content span redrawn to the bounds of the model content span of at
    least `threshold` confidence it shares most characters with (changed in place). A redraw that
    would leave out a quotation (`quotations`: the double-quoted regions, marks included) the rule
    span holds is not made: a direct quotation stays whole and direct."""
    content_spans = _Confident(tagged, "CON", threshold)
    model_cues = SpanIndex((s.start, s.end) for s in tagged if s.role == "CUE")
    quoted = SpanIndex(quotations)
    for candidate in candidates:
        if candidate.rule.startswith(LAYOUT_RULES):
            continue
        redrawn = []
        for bounds in candidate.content:
            # A model span after a cue of its own inside the rule span is a nested report's content
            # ("says it found no trace, despite X claiming a source described [a depot]"), not this one's.
            own = [s for s in content_spans.overlapping(bounds)
                   if not model_cues.within(bounds[0], max(bounds[0], s.start))]
            span = _main_overlap(bounds, own) or bounds
            if any(not _within(quotations[k], span) for k in quoted.within(*bounds)):
                span = bounds
            # Nor does a content take in its own cue or source ("Murphy claimed [she made this
            # decision, insisting she was "never pressured"]" is no content of "insisting").
            if any(_overlaps(own_span, span) and not _overlaps(own_span, bounds)
                   for own_span in (candidate.cue, candidate.source) if own_span is not None):
                span = bounds
            # A stated report's content is a clause: redrawn, it stays one (not "interests" of
            # "that the directive, which balances the interests at stake, does not ...").
            if stated is not None and stated(candidate) and not holds_clause(stated.doc, *span):
                span = bounds
            if span not in redrawn:  # two rule spans inside one model span become one
                redrawn.append(span)
        candidate.content = redrawn
    return list(candidates)


def widened_cues(candidates: Sequence[Candidate], tagged: Sequence[TaggedSpan], threshold: float) -> list[Candidate]:
    """`candidates` with each cue that lies inside the one model cue span of at least `threshold`
    confidence it overlaps widened to that span ("explained" -> "explained in an interview", "says"
    -> "now says"; changed in place). Only widened: the rule's cue words, which speaker resolution
    and the venue reader start from, stay in it."""
    cue_spans = _Confident(tagged, "CUE", threshold)
    for candidate in candidates:
        if candidate.cue is None or candidate.rule.startswith(LAYOUT_RULES):
            continue
        overlapping = cue_spans.overlapping(candidate.cue)
        span = (overlapping[0].start, overlapping[0].end) if len(overlapping) == 1 else None
        if span is not None and _within(candidate.cue, span):
            candidate.cue = span
    return list(candidates)


def _overlaps(a: Offsets, b: Offsets) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class _Confident:
    """The tagged spans of one role with at least a confidence, indexed by position in the text."""

    def __init__(self, tagged: Sequence[TaggedSpan], role: str, threshold: float) -> None:
        self.spans = [s for s in tagged if s.role == role and s.confidence >= threshold]
        self._index = SpanIndex((s.start, s.end) for s in self.spans)

    def overlapping(self, bounds: Offsets) -> list[TaggedSpan]:
        """Those that overlap `bounds`, in their order."""
        return [self.spans[k] for k in self._index.overlapping(*bounds)]


def _main_overlap(bounds: Offsets, overlapping: Sequence[TaggedSpan]) -> Offsets | None:
    """The bounds of the one of the spans `overlapping` `bounds` that shares the most characters
    with it (a rule span running over two model spans, "that paying no taxes was smart, although he
    refused to ...", takes the one it mostly is); None when none overlaps."""
    if not overlapping:
        return None
    main = max(overlapping, key=lambda s: min(bounds[1], s.end) - max(bounds[0], s.start))
    return main.start, main.end


def _within(inner: Offsets, outer: Offsets) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def double_quotations(doc: Doc) -> list[Offsets]:
    """The doc's double-quoted regions, marks included."""
    return [(r.start, r.end) for r in quote_marks(doc).regions if r.double]


def new_spans(candidates: Sequence[Candidate], tagged: Sequence[TaggedSpan], add: dict[str, float]) -> list[TaggedSpan]:
    """The confident tagged spans that overlap no rule span of the same role."""
    taken = {role: SpanIndex(s for c in candidates for s in _spans_of(c, role)) for role in {s.role for s in tagged}}
    return [span for span in tagged
            if span.confidence >= add[span.role] and not taken[span.role].any_overlapping(span.start, span.end)]


def apply_model(doc: Doc, candidates: list[Candidate], tagging: Tagging, thresholds: Thresholds,
                calibration: Calibration | None = None) -> list[Candidate]:
    """`candidates` vetted by the model, their content redrawn, and completed with its confident
    new spans; with a `calibration`, every attribution's score becomes the model's calibrated
    probability."""
    quotations, text = double_quotations(doc), doc_text(doc)
    stated = Stated(doc, candidates, quotations)
    candidates = moved(vetted(candidates, tagging, thresholds.keep, lambda c: stated(c) or stated.quotes_directly(c)),
                       tagging.spans,
                       thresholds.move_content, quotations, stated)
    candidates = widened_cues(candidates, tagging.spans, thresholds.move_cue)
    by_sentence: dict[Offsets, list[TaggedSpan]] = {}
    for span in new_spans(candidates, tagging.spans, thresholds.add):
        by_sentence.setdefault(_sentence_bounds(doc, span.start), []).append(span)
    created: list[Candidate] = []
    starts = SpanIndex((c.start, c.start + 1) for c in candidates)
    for (start, end), spans in by_sentence.items():
        in_sentence = [candidates[k] for k in starts.within(start, end)]
        cues = [s for s in spans if s.role == "CUE"]
        for cue in cues:
            created.append(Candidate(content=[], cue=(cue.start, cue.end), source=None, rule=RULE_NAME,
                                     score=cue.confidence, cue_class="model"))
        targets = created[len(created) - len(cues) :] or in_sentence
        for span in (s for s in spans if s.role != "CUE"):
            owner = _owner(targets, span, text, quotations)
            if owner is None and span.role == "CON" and any(c.content for c in targets):
                continue  # the content of a cue nobody found: no speaker can be given to it
            if owner is None:
                owner = Candidate(content=[], cue=None, source=None, rule=RULE_NAME, score=span.confidence,
                                  cue_class="model")
                created.append(owner)
            if span.role == "SRC":
                owner.source = (span.start, span.end)
            else:
                owner.content = sorted([*owner.content, (span.start, span.end)])
            if owner.rule == RULE_NAME:
                owner.score = min(owner.score, span.confidence)
    combined = candidates + created
    if calibration is not None:
        for candidate in combined:
            candidate.score = calibration(raw_score(candidate, tagging, RULE_NAME))
    return combined


def _owner(targets: Sequence[Candidate], span: TaggedSpan, text: str,
           quotations: Sequence[Offsets]) -> Candidate | None:
    """The attribution of the sentence nearest to `span` that can take it: one source each; a
    content span only where the attribution has none yet, or where the span continues its content
    across nothing but its own cue and source (the other half of a quotation interrupted by "he
    said", or of "If this fails, he argues, there are other tools"), being quoted, after that
    content, or opening a clause."""
    if span.role == "CON":
        quoted = any(_within((span.start, span.end), q) for q in quotations)
        able = [c for c in targets if not c.content or (
            _continues(c, span, text) and (quoted or span.start > c.content[0][0] or _opens_clause(span, text)))]
    else:
        able = [c for c in targets if c.source is None]
    if not able:
        return None
    return min(able, key=lambda c: min(abs(span.start - c.end), abs(c.start - span.end)))


def _opens_clause(span: TaggedSpan, text: str) -> bool:
    """Whether `span` starts its text or follows punctuation ("If this fails, he argues, ..."),
    unlike an object inside a clause of its own ("Asked about the talks, he said ...")."""
    start = span.start  # walked back over spaces, not sliced: the text before can be the whole article
    while start and text[start - 1].isspace():
        start -= 1
    return not start or not text[start - 1].isalnum()


def _continues(candidate: Candidate, span: TaggedSpan, text: str) -> bool:
    """Whether only `candidate`'s cue, its source and punctuation lie between `span` and the
    nearest of its content spans."""
    gaps = [gap for content in candidate.content if (gap := _gap(content, (span.start, span.end)))]
    if not gaps:
        return False
    start, end = min(gaps, key=lambda gap: gap[1] - gap[0])
    own = [s for s in (candidate.cue, candidate.source) if s is not None]
    return not any(text[i].isalnum() for i in range(start, end) if not any(a <= i < b for a, b in own))


def _gap(a: Offsets, b: Offsets) -> Offsets | None:
    """The characters between two spans that do not overlap; None when they do."""
    if a[1] <= b[0]:
        return a[1], b[0]
    if b[1] <= a[0]:
        return b[1], a[0]
    return None
