"""Token features for the attribution tagger: the parse, the quotation marks, the cue lexicon and
what the rules found (Citron's recipe: rules and lexicons as features, the model for spans).

A sequence is one paragraph; each token is a list of "name=value" strings, as CRFsuite takes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc

from ..nlp import doc_text, lowercase_column, strings_of
from ..pipeline.candidates import Candidate
from ..pipeline.cues import cue_entry, may_be_cue, reporting_lemmas
from ..pipeline.quotemarks import quote_marks

ROLES = ("SRC", "CUE", "CON")
_WINDOW = (-2, -1, 1, 2)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """Token indices [start, end) of one paragraph of the doc."""

    start: int
    end: int


def paragraphs(table: TokenTable) -> list[Paragraph]:
    """Non-empty lines of the doc as token ranges (whitespace tokens left out at the edges)."""
    result = []
    start = None
    for i, space in enumerate(table.is_space):
        if (space and "\n" in table.text[i]) or "\n" in table.whitespace[i]:
            end = i if space else i + 1
            if start is not None and end > start:
                result.append(Paragraph(start, end))
            start = None
            continue
        if start is None and not space:
            start = i
    if start is not None:
        result.append(Paragraph(start, len(table.is_space)))
    return result


def rule_labels(doc: Doc, candidates: Sequence[Candidate]) -> list[str]:
    """Per token: what the rules made of it (B-/I- role, or O), with the rule's frame."""
    labels = ["O"] * len(doc)

    def mark(start: int, end: int, role: str, frame: str) -> None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return
        for k, token in enumerate(span):
            if labels[token.i] == "O":
                labels[token.i] = f"{'B' if k == 0 else 'I'}-{role}|{frame}"

    for candidate in candidates:
        if candidate.cue:
            mark(*candidate.cue, "CUE", candidate.frame)
        if candidate.source:
            mark(*candidate.source, "SRC", candidate.frame)
        for start, end in candidate.content:
            mark(start, end, "CON", candidate.frame)
    return labels


@lru_cache(maxsize=1 << 16)
def _shape(text: str) -> str:
    shape = []
    for char in text[:6]:
        kind = "X" if char.isupper() else "x" if char.islower() else "d" if char.isdigit() else char
        if not shape or shape[-1] != kind:
            shape.append(kind)
    return "".join(shape)


_WINDOW_PREFIXES = tuple((offset, f"{offset}:") for offset in _WINDOW)
_EDGE = {offset: f"{offset}:edge" for offset in _WINDOW}


@dataclass
class TokenTable:
    """What the features read of each token, computed once per document (lists indexed by token).

    Read from `Doc.to_array` rather than Token objects, which spaCy builds anew on every access.
    Feature strings are built per paragraph from it, so a long article never holds them all.
    """

    idx: list[int]
    text: list[str]
    whitespace: list[str]
    lower: list[str]
    tag: list[str]
    ent: list[str]
    sent_start: list[str]
    is_punct: list[bool]
    cue: list[str]
    head: list[int]
    dep: list[str]
    lemma: list[str]
    pos: list[str]
    quoted: list[str]
    children: list[set[str]]
    is_space: list[bool]


_COLUMNS = (IDX, LENGTH, HEAD, DEP, POS, TAG, ENT_TYPE, SENT_START, IS_PUNCT, IS_SPACE)


def token_table(doc: Doc) -> TokenTable:
    """The rule-independent values of every token of `doc`."""
    text = doc_text(doc)
    columns = doc.to_array(list(_COLUMNS)).T.tolist() if len(doc) else [[] for _ in _COLUMNS]
    idx, lengths, relative_heads, deps, poses, tags, ents, sent_starts, punct, space = columns
    ends = [*idx[1:], len(text)]
    tokens_text = [text[start : start + length] for start, length in zip(idx, lengths, strict=True)]
    whitespace = [text[start + length : end] for start, length, end in zip(idx, lengths, ends, strict=True)]
    head = [i + (h - (1 << 64) if h >= 1 << 63 else h) for i, h in enumerate(relative_heads)]  # unsigned offsets
    dep, pos, tag = strings_of(doc, deps), strings_of(doc, poses), strings_of(doc, tags)
    lemma = lowercase_column(doc, LEMMA)
    children: list[set[str]] = [set() for _ in idx]
    for i, h in enumerate(head):
        if h != i:
            children[h].add(dep[i])
    inside = quote_marks(doc).inside_each([(start, start + len(t)) for start, t in zip(idx, tokens_text, strict=True)])
    return TokenTable(
        idx=idx, text=tokens_text, whitespace=whitespace, lower=lowercase_column(doc, LOWER), tag=tag,
        ent=[e or "-" for e in strings_of(doc, ents)], sent_start=["1" if s == 1 else "0" for s in sent_starts],
        is_punct=[bool(x) for x in punct],
        cue=[entry.cls if may_be_cue(pos[i], tag[i]) and lemma[i] in reporting_lemmas() and (entry := cue_entry(doc[i]))
             else "-" for i in range(len(idx))],
        head=head, dep=dep, lemma=lemma, pos=pos, quoted=["1" if flag else "0" for flag in inside],
        children=children, is_space=[bool(x) for x in space],
    )  # fmt: skip


def _token_strings(table: TokenTable, i: int) -> tuple[list[str], dict[int, list[str]], str]:
    """A token's own feature strings, the strings its neighbours see at each window offset, and
    its dependency under the nearest cue."""
    # Formatted in one f-string and split: thousands of tokens per article make separate
    # formatting calls the costliest part of tagging.
    h = table.head[i]
    cue, dep, lemma, pos, q = table.cue, table.dep, table.lemma, table.pos, table.quoted[i]
    path_cls, path_dep, path_dist = _cue_path(i, table.head, dep, cue)
    lower, text = table.lower[i], table.text[i]
    window = f"w={lower}\0pos={pos[i]}\0q={q}\0cue={cue[i]}\0pdep={path_dep}"
    own = (
        f"pcls={path_cls}\0pdist={path_dist}\0{window}\0lem={lemma[i]}\0tag={table.tag[i]}"
        f"\0dep={dep[i]}\0shape={_shape(text)}\0ent={table.ent[i]}\0hlem={lemma[h]}"
        f"\0hdep={dep[h]}\0hpos={pos[h]}\0hcue={cue[h]}\0dep|hlem={dep[i]}|{lemma[h]}"
        f"\0lem|dep={lemma[i]}|{dep[i]}\0pdep|pcls|q={path_dep}|{path_cls}|{q}"
        f"\0kids={'+'.join(sorted(table.children[i]))}\0suf3={lower[-3:]}"
        f"\0sent_start={table.sent_start[i]}"
    ).split("\0")
    if table.is_punct[i] and text in "\"“”'‘’«»":
        own.append("quotechar")
    return own, _window_strings(window), path_dep


# Memoised: a few hundred distinct values make most of a corpus's feature strings, and building a
# string costs more than finding it. Callers never mutate the lists returned.
@lru_cache(maxsize=1 << 16)
def _window_strings(window: str) -> dict[int, list[str]]:
    return {offset: (prefix + window.replace("\0", "\0" + prefix)).split("\0") for offset, prefix in _WINDOW_PREFIXES}


@lru_cache(maxsize=1 << 12)
def _rule_strings(rule: str, frame: str, q: str, side: str, path_dep: str) -> list[str]:
    return [f"side={side}", f"rule={rule}", f"rframe={frame or '-'}", f"rule|q={rule}|{q}",
            f"pdep|side={path_dep}|{side}"]


@lru_cache(maxsize=1 << 12)
def _neighbour_rule(offset: int, rule: str) -> list[str]:
    return [f"{offset}:rule={rule}"]


def _cue_path(i: int, head: list[int], dep: list[str], cue: list[str], max_steps: int = 6) -> tuple[str, str, str]:
    """(cue class, dependency under the cue, distance) of the nearest cue among a token's ancestors.

    The dependency through which a token hangs under a reporting verb (nsubj, ccomp, dobj...) is
    what tells a source from a content.
    """
    child, current = i, i
    for step in range(max_steps + 1):
        if cue[current] != "-":
            return cue[current], (dep[child] if step else "self"), str(min(step, 3))
        if head[current] == current:
            break
        child, current = current, head[current]
    return "-", "-", "-"


def rule_cue_sides(doc: Doc, labels: list[str]) -> list[str]:
    """Per token: before ('B') or after ('A') the nearest rule cue of its sentence, or 'N'."""
    sides = ["N"] * len(doc)
    for sentence in doc.sents:
        cues = [i for i in range(sentence.start, sentence.end) if labels[i].startswith(("B-CUE", "I-CUE"))]
        if not cues:
            continue
        for i in range(sentence.start, sentence.end):
            nearest = min(cues, key=lambda c: abs(c - i))
            sides[i] = "C" if nearest == i else "B" if i < nearest else "A"
    return sides


def paragraph_features(table: TokenTable, paragraph: Paragraph, labels: list[str],
                       sides: list[str]) -> list[list[str]]:
    """CRFsuite features of every token of `paragraph`, given `rule_labels` and `rule_cue_sides`."""
    span = range(paragraph.start, paragraph.end)
    strings = [_token_strings(table, i) for i in span]
    rules = [labels[i].partition("|") for i in span]
    sequence = []
    for k, i in enumerate(span):
        (own, _, path_dep), (rule, _, frame) = strings[k], rules[k]
        features = [*own, *_rule_strings(rule, frame, table.quoted[i], sides[i], path_dep)]
        for offset in _WINDOW:
            j = k + offset
            if 0 <= j < len(rules):
                features += strings[j][1][offset]
                features += _neighbour_rule(offset, rules[j][0])
            else:
                features.append(_EDGE[offset])
        sequence.append(features)
    return sequence


def gold_labels(doc: Doc, spans_by_role: dict[str, list[tuple[int, int]]]) -> list[str]:
    """BIO labels from gold character spans; where roles overlap, a cue wins over a source over a content."""
    labels = ["O"] * len(doc)
    for role in ("CON", "SRC", "CUE"):  # later roles overwrite earlier ones
        for start, end in spans_by_role.get(role, []):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for k, token in enumerate(span):
                if not token.is_space:
                    labels[token.i] = f"{'B' if k == 0 else 'I'}-{role}"
    return labels
