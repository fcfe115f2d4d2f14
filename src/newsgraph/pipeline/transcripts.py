"""Transcripts inside articles: whole lines that say who speaks ("PENCE: We will ...", interview
turns headed by "((Name))" or the interviewee's initials), their formats in
data/attribution_formats.tsv, and the interviewer's questions, which report nobody's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from spacy.tokens import Doc

from .. import lexicons, names
from ..nlp import doc_text
from ..record import ArticleRecord
from .candidates import Candidate, Offsets

_PATTERN_SCORE = 0.7
_MIN_TRANSCRIPT_LINES = 2


@cache
def _line_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Transcript formats from data/attribution_formats.tsv (scope<TAB>check<TAB>regex)."""
    return tuple((row[0], row[1], re.compile(row[2])) for row in lexicons.table("attribution_formats.tsv"))


def is_transcript_rule(rule: str) -> bool:
    """Whether `rule` found a transcript line ('PENCE: ...', 'MS ...'), whose source is a speaker
    label (a headline's 'format:headline' is not one)."""
    return rule in _transcript_rules()


@cache
def _transcript_rules() -> frozenset[str]:
    return frozenset(f"format:{scope}" for scope, check, _ in _line_patterns() if check != "asks")


def transcript_candidates(doc: Doc, record: ArticleRecord, taken: list[Candidate]) -> list[Candidate]:
    """Transcript lines ('PENCE: We will...'): only where at least two lines take that form, so that
    a lone newsletter heading ('UN: PEACEKEEPERS ...') is not read as a speaker."""
    text = doc_text(doc)
    found = []
    headline = record.layout.headline
    people = {names.initials(ent.text) for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}
    lines = _lines(text)
    turn_lines: list[int] = []
    # Attributions whose content runs back over a turn's label, and where the turn's speech starts.
    overrun: list[tuple[Candidate, int, int]] = []
    for number, (start, line) in enumerate(lines):
        if not line.strip() or (headline is not None and headline.start <= start < headline.end):
            continue
        for scope, check, pattern in _line_patterns():
            match = pattern.match(line)
            if match is None:
                continue
            if check == "asks":
                break
            label = (start + match.start("source"), start + match.end("source"))
            if not _accepts(check, match["source"], people, doc, label):
                continue
            # An attribution found in the line's speech ('WALLACE: ... as the Journal wrote, ...') is
            # nested in it and dropped later; one that holds the speaker label itself wins. One whose
            # content only runs back over the label ('((Maria Lopez))  Well, as I said, ...': the
            # parser's sentence starts at the label) loses the label and what precedes the speech.
            label_end = start + match.end("cue")
            speech = start + match.start("content")
            crossing = [c for c in taken + found if c.start < label_end and c.end > label[0]]
            if any(_holds_label(c, label[0], label_end) for c in crossing):
                break
            # A speaker's turn is content to its last mark ('... be there tomorrow night?').
            turn = line[match.start("content") : match.end("content")]
            content = (speech, speech + len(turn.rstrip()))
            if content[1] - content[0] < 3:
                continue
            overrun += [(c, label[0], speech) for c in crossing]
            found.append(Candidate(
                content=[content], cue=(start + match.start("cue"), start + match.end("cue")) if match["cue"] else None,
                source=label,
                rule=f"format:{scope}", score=_PATTERN_SCORE,
                source_token=_token_at(doc, label[0]),
            ))
            turn_lines.append(number)
            break
    if len(found) < _MIN_TRANSCRIPT_LINES:
        return []
    for candidate, label_start, speech in overrun:
        candidate.content = [span for s, e in candidate.content if (span := _outside_label(s, e, label_start, speech))]
    for candidate, number in zip(found, turn_lines, strict=True):
        candidate.content += _continuation(lines, number)
    return found


def _holds_label(candidate: Candidate, start: int, end: int) -> bool:
    """Whether `candidate`'s cue or source lies over a transcript label at `start`-`end`."""
    return any(span[0] < end and span[1] > start for span in (candidate.cue, candidate.source) if span is not None)


def _outside_label(start: int, end: int, label: int, speech: int) -> Offsets | None:
    """The part of a content span `start`-`end` outside a transcript line's label and the space
    before its speech (`label`-`speech`), when one is left after the label."""
    if end <= label or start >= speech:
        return start, end
    return (speech, end) if end > speech else None


def speaker_labels(text: str) -> Iterator[Offsets]:
    """Where the lines of a format that itself marks a speaker ('((Sara Seager))  It's one of ...')
    name their speaker, wherever the format's other checks pass."""
    for start, check, match in _format_lines(text):
        if check == "label" and _names_a_speaker(match["source"]):
            yield start + match.start("source"), start + match.end("source")


def question_lines(text: str) -> Iterator[Offsets]:
    """The interviewer's lines ('((WN))  So you are saying ...?', 'Q: ...', a turn headed by the
    publication's name)."""
    for start, check, match in _format_lines(text):
        if check == "asks" or (check == "label" and not _names_a_speaker(match["source"])):
            yield start, start + len(match.string)


def _format_lines(text: str) -> Iterator[tuple[int, str, re.Match[str]]]:
    """Each line that takes a transcript format, with its start, the format's check and its match."""
    for start, line in _lines(text):
        for _, check, pattern in _line_patterns():
            if (match := pattern.match(line)) is not None:
                yield start, check, match
                break


def _names_a_speaker(label: str) -> bool:
    """A label the format marks is a speaker's, unless it is the publication's ("((Wikinews))": the
    interviewer's own questions)."""
    return not names.is_known_outlet(label)


def _accepts(check: str, source: str, people: set[str], doc: Doc, label: Offsets) -> bool:
    """Whether a transcript line's speaker label passes its format's check (data/attribution_formats.tsv)."""
    if check == "label":
        return _names_a_speaker(source)
    if check == "initials":
        return source in people
    return _names_someone(doc, *label)


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line of `text` with its start offset."""
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def _continuation(lines: list[tuple[int, str]], turn: int) -> list[Offsets]:
    """The paragraphs after a transcript turn's line that go on with it, each a content span of its
    own (as PolNeAR annotates them): those before the next turn, question or stage direction
    ('(CROSSTALK.)'); none for a last turn, since what follows it may be the article going on. In
    a transcript quoted as one block, each paragraph opens with a mark that never closes: it is
    left out, as it is from the turn's line."""
    block_quoted = lines[turn][1][:1] in _OPENING_MARKS
    paragraphs = []
    for start, line in lines[turn + 1 :]:
        if not line.strip():
            continue
        if _opens_transcript_line(line):
            return paragraphs
        lead = len(line) - len(line.lstrip())
        if block_quoted and line[lead : lead + 1] in _OPENING_MARKS:
            lead += 1
        paragraphs.append((start + lead, start + len(line.rstrip())))
    return []


_OPENING_MARKS = ('"', "“")


def _opens_transcript_line(line: str) -> bool:
    """Whether `line` takes a transcript form (whoever it names) or is a stage direction."""
    return line.lstrip("\"“ ").startswith("(") or any(pattern.match(line) for _, _, pattern in _line_patterns())


def _names_someone(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    text = span.text
    return any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in span) or (text.isupper() and len(text) > 2)


def _token_at(doc: Doc, offset: int) -> int | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span.root.i if span is not None else None


def asked_by_interviewer(candidate: Candidate, questions: list[Offsets], doc: Doc) -> bool:
    """Whether `candidate` is the interviewer asking, in one of the interviewer's `questions`: its
    cue (or with none, its first span) stands in one, and it has no source, or the interviewee is
    the source ('So you are saying ...?'), or the question asks about the report itself ('Had the
    federation ever warned you ...?'). What the interviewer reports of others stays ('Back in
    2017, even Hikaru Nakamura tweeted, "..."', 'Are you aware the EFF said it was "..."?')."""
    at = candidate.cue[0] if candidate.cue else candidate.start
    line = next(((start, end) for start, end in questions if start <= at < end), None)
    if line is None:
        return False
    source = doc.char_span(*candidate.source, alignment_mode="expand") if candidate.source else None
    if source is None or source[0].lower_ in _ADDRESSEE:
        return True
    ending = _SENTENCE_END.search(doc_text(doc), at, line[1])
    if ending is None or ending.group() != "?":
        return False
    # An auxiliary inverted before the source asks about the report ('Did Red Hat speak ...?').
    inverted = source.start > 0 and doc[source.start - 1].pos_ == "AUX"
    return candidate.cue is None or inverted or source.root.pos_ == "PRON"


_ADDRESSEE = frozenset({"you", "your", "yours", "yourself"})
_SENTENCE_END = re.compile(r"[.?!]")
