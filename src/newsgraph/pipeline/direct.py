"""Direct quotations the parse alone does not attribute: quoted text next to its cue, quotations
interrupted by their cue, and quotations after a speaker's name and a colon. Those credited by a
dash or continued in the next paragraph are in `follow_on.py`.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..intervals import FirstCovering, GrowingSpanIndex
from ..lexicons import word_list
from ..nlp import doc_text, line_bounds, sentence_of
from .candidates import Candidate, Offsets, token_end, words_between
from .cue_subjects import cue_subject, names_without_reporting, source_offsets, with_closing_comma
from .cues import CueEntry, cue_bounds, cue_entry
from .introduced import another_speaker_between, colon_clause
from .quotemarks import QuoteMarks, QuoteRegion
from .roles import titles

# How far from a quotation its cue may stand, in tokens ('"...," the Prime Minister's spokesman said').
_MAX_CUE_DISTANCE_AFTER = 10
# Before a quotation, the cue's own modifiers may stand between them ('told the press in a separate
# interview, "..."'): every word between must depend on the cue.
_MAX_CUE_DISTANCE_BEFORE = 12
_MAX_COLON_SOURCE_TOKENS = 8
# A source read from parts of speech alone: a noun phrase of at most this many words.
_MAX_SURFACE_SOURCE_WORDS = 8
_NOUN_PHRASE_POS = frozenset({"DET", "NOUN", "PROPN", "ADJ", "PART", "NUM", "ADP", "CCONJ"})
# '"A," Rutte said on Tuesday at the summit. "B."': at most this much after the cue before B.
_MAX_CONTINUATION_GAP = 80
_SCORES = {"adjacent_after": 0.9, "adjacent_before": 0.9, "continued": 0.85, "colon": 0.8}


def _tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def _cue_after(doc: Doc, region: QuoteRegion, marks: QuoteMarks) -> Token | None:
    """'"...," Rutte said.' / '"...," said Rutte.': a reporting verb right after the closing mark."""
    _, paragraph_end = line_bounds(doc, region.end - 1)
    window = words_between(doc, region.end, paragraph_end, _MAX_CUE_DISTANCE_AFTER)
    for token in window:
        if marks.encloses(token.idx):
            return None
        entry = cue_entry(token) if not names_without_reporting(token) else None
        if entry is not None:
            if _in_time_clause(token):
                return None
            if _closed_sentence(doc, region) and (_content_is_own_object(token, entry)
                                                  or _introduces_next(doc, token, region, marks)):
                # '"...virus." Commentators described the speech as "flat"', '"...unfold." Her other
                # lawyer told reporters "..."': a new sentence whose cue reports its own words.
                return None
            between = [t for t in window if t.i < token.i]
            if all(t.is_punct or t.head.i == token.i or _in_subject(t, token) for t in between):
                return token
            return token if _surface_source(between) is not None else None
        if (token.pos_ == "VERB" and not _title_read_as_verb(token)) or (token.text in ".!?" and token.i > window[0].i):
            return None
    return None


def _title_read_as_verb(token: Token) -> bool:
    """'"...", Caloundra coach Geoff Ingram said': the tagger read the title as a verb ("coaches")."""
    return token.pos_ == "VERB" and token.lower_ in titles()


def _name_read_as_adverb(token: Token) -> bool:
    """'"...," said Skelly': the tagger read a capitalised name ending in "-ly" as an adverb."""
    return token.pos_ == "ADV" and token.is_title and not token.is_sent_start


def _in_noun_phrase(token: Token) -> bool:
    return token.pos_ in _NOUN_PHRASE_POS or _title_read_as_verb(token) or _name_read_as_adverb(token)


def _nominal(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") or _name_read_as_adverb(token)


def _in_time_clause(verb: Token) -> bool:
    """'... "Mr. K" as the inquiry continued': the verb opens a clause of time, not a report."""
    marks = [child.lower_ for child in verb.children if child.dep_ == "mark"]
    return any(mark in word_list("time_clause_marks.txt") or (
        mark == "as" and verb.lemma_.lower() in word_list("continuing_cues.txt")) for mark in marks)


def _closed_sentence(doc: Doc, region: QuoteRegion) -> bool:
    """The quotation ends its own sentence with a full stop inside the marks ('"... virus."')."""
    return doc_text(doc)[region.inner_start : region.inner_end].rstrip().endswith(".")


def _content_is_own_object(verb: Token, entry: CueEntry) -> bool:
    """A verb whose content is first of all its object ('described the speech as...') and that has
    one; 'told reporters' keeps the quotation, since tell's content is first a clause."""
    return entry.frames[0].kind == "object" and any(
        child.dep_ == "dobj" and child.pos_ != "PRON" for child in verb.children)


def _introduces_next(doc: Doc, verb: Token, region: QuoteRegion, marks: QuoteMarks) -> bool:
    """Whether `verb` is the cue just before the next quotation after `region` ('told reporters "..."')."""
    following = marks.next_double(region.end)
    if following is None:
        return False
    cue = _cue_before(doc, following, marks)
    return cue is not None and cue.i == verb.i


def _surface_source(between: list[Token]) -> tuple[Token, Token, Token] | None:
    """(first, last, head) of the noun phrase between a closing mark and its cue, read from the
    parts of speech alone: the parser often hangs '"...," the city's transport chief, Maria
    Lopez, told' from the quotation and leaves the cue without a subject."""
    words = [t for t in between if not t.is_punct]
    if not words or len(words) > _MAX_SURFACE_SOURCE_WORDS or not all(_in_noun_phrase(t) for t in words):
        return None
    if not any(_nominal(t) for t in words):
        return None
    inside = {t.i for t in words}
    head = next((t for t in words if t.head.i not in inside), words[-1])
    return words[0], words[-1], head


def _source_after(doc: Doc, cue_end: int) -> tuple[Token, Token, Token] | None:
    """The noun phrase right after a cue that follows its quotation ('"...," said a resident',
    '"..." tweeted Mayor of Leeds Tom Baker (no relation)'), when the parser gave the cue no
    subject: read from the parts of speech, up to the first word or mark that is not part of it."""
    words: list[Token] = []
    for token in doc[cue_end : cue_end + _MAX_SURFACE_SOURCE_WORDS + 1]:
        if token.is_punct or token.is_space or not _in_noun_phrase(token):
            break
        words.append(token)
    while words and not _nominal(words[-1]):
        words.pop()
    if not words or len(words) > _MAX_SURFACE_SOURCE_WORDS:
        return None
    return _surface_source(words)


def _in_subject(token: Token, verb: Token) -> bool:
    subject = cue_subject(verb)
    return subject is not None and subject.left_edge.i <= token.i <= subject.right_edge.i


def _opens_statement(doc: Doc, region: QuoteRegion) -> bool:
    return region.opens_statement(doc_text(doc))


def _cue_before(doc: Doc, region: QuoteRegion, marks: QuoteMarks) -> Token | None:
    """'He added: "..."' / 'Lammy said "..."' / 'told reporters: "..."': a reporting verb right before.

    Only for a quotation that opens a statement: 'pledged to "bring our revolution"' is a fragment
    inside the verb's own content, which the parse rules handle.
    """
    paragraph_start, _ = line_bounds(doc, region.start)
    window = words_between(doc, paragraph_start, region.start, _MAX_CUE_DISTANCE_BEFORE, from_end=True)
    if not window and _opens_statement(doc, region):
        # 'AIP chairman Markham Robinson writes:' ending the paragraph before the quotation's.
        window = _closing_colon_line(doc, paragraph_start)
    colon = bool(window) and window[-1].text == ":"
    if not (colon or _opens_statement(doc, region)):
        return None
    return _cue_ending(window, marks)


def _closing_colon_line(doc: Doc, paragraph_start: int) -> list[Token]:
    """The last words of the paragraph before the one at `paragraph_start`, when a colon ends it."""
    text = doc_text(doc)
    end = len(text[:paragraph_start].rstrip())
    if end == 0 or text[end - 1] != ":":
        return []
    start, _ = line_bounds(doc, end - 1)
    return words_between(doc, start, end, _MAX_CUE_DISTANCE_BEFORE, from_end=True)


def _cue_ending(window: list[Token], marks: QuoteMarks) -> Token | None:
    """The reporting verb whose own words run from it to the end of `window`, if any."""
    for token in reversed(window):
        if marks.encloses(token.idx):
            return None
        if cue_entry(token) is not None and not names_without_reporting(token):
            between = [t for t in window if t.i > token.i]
            if all(t.is_punct or (token in t.ancestors and (t.pos_ not in ("VERB", "AUX") or _clock(t)))
                   for t in between):
                return token
            return None
        if token.pos_ == "VERB" or token.text in ".!?":
            return None
    return None


def _clock(token: Token) -> bool:
    """'posting at 12:54 am on Twitter, "..."': the tagger reads "am" after a time as the verb."""
    return token.lower_ in ("am", "pm") and token.i > 0 and _CLOCK_TIME.match(token.nbor(-1).text) is not None


_CLOCK_TIME = re.compile(r"\d{1,2}(?:[:.]\d{2})?$")


def _after_colon(doc: Doc, region: QuoteRegion) -> bool:
    """Whether a colon introduces the quotation ('... his training: "..."')."""
    before = words_between(doc, line_bounds(doc, region.start)[0], region.start, 1, from_end=True)
    return bool(before) and before[0].text == ":"


def _colon_source(doc: Doc, region: QuoteRegion) -> Candidate | None:
    """'Rutte: "We will not abandon Ukraine."', '... doesn't surprise pollster Daron Shaw: "..."': a
    speaker's name and a colon introduce the quotation; the source is the name's noun phrase."""
    before = words_between(doc, line_bounds(doc, region.start)[0], region.start, 2, from_end=True)
    if len(before) < 2 or before[-1].text != ":":
        return None
    head = before[-2]
    personal = head.pos_ == "PRON" and head.lower_ in ("he", "she", "they")
    # Not the object of a preposition: "reacted on Twitter:", "wrote to the council:" (the speaker is
    # the clause's subject, if anyone).
    if not (head.ent_type_ in ("PERSON", "ORG", "NORP") or personal) or head.dep_ in ("prep", "pobj"):
        return None
    first = max(head.left_edge.i, sentence_of(head).start)
    while first < head.i and (doc[first].is_punct or doc[first].pos_ in ("CCONJ", "ADP")):
        first += 1
    if head.i - first > _MAX_COLON_SOURCE_TOKENS or any(t.pos_ in ("VERB", "AUX") for t in doc[first : head.i]):
        return None
    return Candidate(
        content=[(region.start, region.end)], cue=(before[-1].idx, token_end(before[-1])),
        source=(doc[first].idx, token_end(head)), rule="colon", score=_SCORES["colon"],
        source_token=head.i, regions=[region],
    )


def _attach(doc: Doc, region: QuoteRegion, verb: Token, rule: str, by_cue: dict[int, Candidate]) -> Candidate:
    existing = by_cue.get(verb.i)
    if existing is not None:
        if rule == "adjacent_before" and existing.frame == "object" and existing.end <= region.start:
            # 'told the BBC after the verdict "My client is ..."': what the cue reports is the
            # quotation; the object before it is whom it was told.
            existing.content = []
        if not existing.content_overlaps(region.start, region.end):
            existing.content.append((region.start, region.end))
            existing.content.sort()
        existing.regions.append(region)
        text = doc_text(doc)
        if existing.cue_class == "topic" and (region.opens_statement(text) or _after_colon(doc, region)):
            # 'cited his training: "I did what anyone would do."': a topic verb that hands over to
            # a whole quoted statement reports its words.
            existing.cue_class = "speech"
        if rule == "adjacent_after":
            _read_missing_source(doc, region, verb, existing)
        return existing
    subject = cue_subject(verb)
    cue_start, cue_end = cue_bounds(verb)
    source = source_offsets(doc, subject) if subject is not None else None
    if subject is None and rule == "adjacent_after" and (surface := _surface_subject(doc, region, verb)) is not None:
        source, subject = surface
    candidate = Candidate(
        content=[(region.start, region.end)],
        cue=(doc[cue_start].idx, token_end(doc[cue_end - 1])),
        source=source,
        rule=rule,
        score=_SCORES[rule] - (0.0 if subject is not None else 0.2),
        cue_token=verb.i,
        source_token=subject.i if subject is not None else None,
        regions=[region],
        cue_class=entry.cls if (entry := cue_entry(verb)) is not None else "speech",
    )
    by_cue[verb.i] = candidate
    return candidate


def _surface_subject(doc: Doc, region: QuoteRegion, verb: Token) -> tuple[Offsets, Token] | None:
    """The source read from the parts of speech between a quotation and the cue after it, or right
    after the cue, with its head: for a cue the parser gave no subject."""
    cue_start, cue_end = cue_bounds(verb)
    between = [t for t in _tokens_between(doc, region.end, doc[cue_start].idx) if not t.is_space]
    surface = _surface_source(between) if any(not t.is_punct for t in between) else _source_after(doc, cue_end)
    if surface is None:
        return None
    first, last, head = surface
    return with_closing_comma(doc, first.idx, token_end(last)), head


def _read_missing_source(doc: Doc, region: QuoteRegion, verb: Token, candidate: Candidate) -> None:
    """'"We were wrong ...," Ramos, 58, told AFP': an attribution another rule found by its cue, to
    which the parse gave no subject (or one inside the quotation, "We", sharing the quoted verb's),
    takes the source read between the quotation and the cue."""
    inside = candidate.source is not None and region.start <= candidate.source[0] < region.end
    if (candidate.source is None or inside) and (surface := _surface_subject(doc, region, verb)) is not None:
        candidate.source, candidate.source_token = surface[0], surface[1].i
        if candidate.frame == "object":
            # what the cue reports is the quotation; its object after it ("AFP") is whom it was told
            candidate.content = [span for span in candidate.content if span[1] <= verb.idx]


class _Contents:
    """The content spans of the attributions so far, asked about each quotation in text order.

    Ranked as the attributions are listed (those found before, then the new ones), so that the
    owner of a quotation is the first attribution whose content covers it, as a scan of the list
    would find it.
    """

    def __init__(self, doc: Doc, candidates: list[Candidate]) -> None:
        length = len(doc_text(doc))
        self._spans = GrowingSpanIndex(length)
        self._covering = FirstCovering(length)
        self._ranked: list[Candidate] = []
        self._ranks: dict[int, int] = {}
        for candidate in candidates:
            self.add(candidate, candidate.content)

    def add(self, candidate: Candidate, spans: list[Offsets]) -> None:
        rank = self._ranks.setdefault(id(candidate), len(self._ranked))
        if rank == len(self._ranked):
            self._ranked.append(candidate)
        for start, end in spans:
            self._spans.add(start, end)
            self._covering.add(start, end, rank)

    def overlap(self, region: QuoteRegion) -> bool:
        return self._spans.any_overlapping(region.start, region.end)

    def owner(self, region: QuoteRegion) -> Candidate | None:
        rank = self._covering.lowest_rank(region.start, region.end)
        return self._ranked[rank] if rank is not None else None


def attach_regions(doc: Doc, marks: QuoteMarks, candidates: list[Candidate]) -> list[Candidate]:
    """Attach each quotation not yet inside an attribution to the cue beside it; returns new candidates."""
    by_cue = {c.cue_token: c for c in candidates if c.cue_token is not None}
    new: list[Candidate] = []
    contents = _Contents(doc, candidates)
    previous: tuple[QuoteRegion, Candidate] | None = None
    for region in marks.regions:
        quoted = [(region.start, region.end)]
        if not region.double or contents.overlap(region):
            owner = contents.owner(region)
            if owner is not None and owner.cue_token is not None and (
                    (verb := _cue_after(doc, region, marks)) is not None and verb.i == owner.cue_token):
                _read_missing_source(doc, region, verb, owner)
            previous = (region, owner) if owner is not None else previous
            continue
        verb = _cue_after(doc, region, marks)
        rule = "adjacent_after"
        if verb is None:
            verb, rule = _cue_before(doc, region, marks), "adjacent_before"
        if verb is None:
            colon = _colon_source(doc, region) or colon_clause(doc, region)
            if colon is not None:
                new.append(colon)
                contents.add(colon, colon.content)
                previous = (region, colon)
                continue
        if verb is not None:
            known = verb.i in by_cue
            held = len(by_cue[verb.i].content) if known else 0
            candidate = _attach(doc, region, verb, rule, by_cue)
            if not known:
                new.append(candidate)
            if len(candidate.content) > held:
                contents.add(candidate, quoted)
            previous = (region, candidate)
            continue
        if previous is not None and _continues(doc, previous, region):
            owner = previous[1]
            owner.content.append((region.start, region.end))
            owner.regions.append(region)
            contents.add(owner, quoted)
            previous = (region, owner)
    return new


def _continues(doc: Doc, previous: tuple[QuoteRegion, Candidate], region: QuoteRegion) -> bool:
    """Whether quotation B (`region`) goes on with the attributed quotation A before it.

    In one paragraph, with only A's own cue and source and the rest of A's sentence between them
    ('"A," she said. "B."', 'She wrote, "A", recalling the day. "B."'), B either opens a sentence
    or, after the cue that interrupts A's sentence, goes on with it in lower case ('"A," she said,
    "and b."', '"A" said Tom "to b."'). Not when another speaker's cue stands between ('"A," she
    said, as Jones told reporters he disagreed. "B."'), nor a quotation ('"A," he said of
    "Destiny and Power"' names a title)."""
    last_region, owner = previous
    text = doc_text(doc)
    own = [span for span in (owner.cue, owner.source) if span is not None]
    if owner.cue is None or owner.cue[1] > region.start or (
            region.start - last_region.end >= _MAX_CONTINUATION_GAP + sum(end - start for start, end in own)):
        return False
    if "\n" in text[last_region.end : region.start]:
        return False
    rest = "".join(char for i, char in enumerate(text[last_region.end : region.start], last_region.end)
                   if not any(start <= i < end for start, end in own))
    between = rest.strip()
    if len(between) >= _MAX_CONTINUATION_GAP or '"' in between or "“" in between:
        return False
    if between and between[-1] not in ".:;,":
        return False
    interrupted = last_region.end <= owner.cue[0] and not between.endswith((".", ":", ";"))
    if not (_opens_statement(doc, region) or interrupted):
        return False
    return not another_speaker_between(doc, owner, last_region.end, region.start)
