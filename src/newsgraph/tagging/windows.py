"""The MiniLM tagger's input and output, whatever runs the network (ONNX Runtime at run time, torch
in training): a doc and the rules' candidates as paragraph windows of wordpieces, and the network's
per-wordpiece probabilities read back as BIO spans and role probabilities.

Each window holds, per wordpiece, its id and three more ids for the learned embeddings added to
the word's: the rules' label, the cue lexicon's class of the word, and whether it stands inside
quotation marks. Only a token's first wordpiece carries them; the token's label is read there.
The wordpieces come from HF `tokenizers` with the encoder's own `tokenizer.json`, in training and
in use alike.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc
from tokenizers import Tokenizer

from ..pipeline.candidates import Candidate
from .features import ROLES, TokenTable, paragraphs, rule_labels, token_table
from .model import ModelInfo, Tagging, decode_spans

LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
CUE_CLASSES = ("-", "speech", "cognition", "evidence", "stance", "intention", "topic")
IGNORED = -100  # wordpieces after a word's first: no label of their own
# The network's inputs, in the order it takes them.
COLUMNS = ("ids", "rule", "cue", "quoted", "mask")
# A tagging batch: up to 32 windows and 2,048 padded wordpieces (the attention's memory grows with both).
_TAGGING_BATCH, _TAGGING_PIECES = 32, 2048


@dataclass
class Window:
    """Up to `max_pieces` wordpieces of one paragraph, and the doc token each first piece stands for."""

    ids: list[int]
    rule: list[int]
    cue: list[int]
    quoted: list[int]
    tokens: list[int]  # per piece: the doc token index when it is the token's first piece, else -1
    labels: list[int] | None = None


def load_tokenizer(path: Path) -> Tokenizer:
    """The wordpiece tokenizer in `path` (a tokenizer.json), without the truncation and padding a
    sentence encoder's file may set: windows are cut here, and padded per batch."""
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


class Encoder:
    """Turns a parsed doc and the rules' candidates into model windows (the same in training and use)."""

    def __init__(self, tokenizer_path: Path, max_pieces: int) -> None:
        self.tokenizer = load_tokenizer(tokenizer_path)
        self.max_pieces = max_pieces
        self._cls, self._sep = (self.tokenizer.token_to_id(token) for token in ("[CLS]", "[SEP]"))

    def windows(self, table: TokenTable, rule_labels: list[str], gold: list[str] | None = None) -> list[Window]:
        """The windows of a doc, from its `token_table` and `rule_labels` (computed once by the caller)."""
        rules = [label.partition("|")[0] for label in rule_labels]
        result: list[Window] = []
        spans = [[i for i in range(p.start, p.end) if not table.is_space[i]] for p in paragraphs(table)]
        spans = [tokens for tokens in spans if tokens]
        if not spans:
            return result
        # One call for the whole doc: the tokenizer works through the paragraphs in Rust.
        encoded = self.tokenizer.encode_batch([[table.text[i] for i in tokens] for tokens in spans],
                                              is_pretokenized=True, add_special_tokens=False)
        for tokens, encoding in zip(spans, encoded, strict=True):
            window = self._empty()
            previous_word = None
            for piece, word in zip(encoding.ids, encoding.word_ids, strict=True):
                first = word != previous_word
                previous_word = word
                if first and len(window.ids) >= self.max_pieces - 1:
                    result.append(self._closed(window))
                    window = self._empty()
                if not first and len(window.ids) >= self.max_pieces - 1:
                    continue  # a very long word: its last pieces are dropped, its first stays
                i = tokens[word]
                window.ids.append(piece)
                window.rule.append(LABELS.index(rules[i]))
                window.cue.append(CUE_CLASSES.index(table.cue[i]) if table.cue[i] in CUE_CLASSES else 0)
                window.quoted.append(1 if table.quoted[i] == "1" else 0)
                window.tokens.append(i if first else -1)
                if gold is not None:
                    assert window.labels is not None
                    window.labels.append(LABELS.index(gold[i]) if first else IGNORED)
            result.append(self._closed(window))
        if gold is None:
            for window in result:
                window.labels = None
        return result

    def _empty(self) -> Window:
        return Window([self._cls], [0], [0], [0], [-1], [IGNORED])

    def _closed(self, window: Window) -> Window:
        window.ids.append(self._sep)
        for column in (window.rule, window.cue, window.quoted):
            column.append(0)
        window.tokens.append(-1)
        assert window.labels is not None
        window.labels.append(IGNORED)
        return window


def padded_batches(windows: Sequence[Window], size: int,
                   max_pieces: int | None = None) -> Iterator[tuple[list[Window], dict[str, list[list[int]]]]]:
    """Windows in padded batches of at most `size` windows and, with `max_pieces`, at most that
    many padded wordpieces (in the order given): each batch's `COLUMNS` (and its labels, when the
    windows have them) as rows of equal length."""
    for group in _groups(windows, size, max_pieces):
        longest = max(len(w.ids) for w in group)

        def padded(column: str, fill: int, group: list[Window] = group, longest: int = longest) -> list[list[int]]:
            return [getattr(w, column) + [fill] * (longest - len(w.ids)) for w in group]

        columns = {column: padded(column, 0) for column in COLUMNS[:-1]}
        columns["mask"] = [[1] * len(w.ids) + [0] * (longest - len(w.ids)) for w in group]
        if group[0].labels is not None:
            columns["labels"] = padded("labels", IGNORED)
        yield group, columns


def _groups(windows: Sequence[Window], size: int, max_pieces: int | None) -> Iterator[list[Window]]:
    group: list[Window] = []
    for window in windows:
        longest = max([len(window.ids), *(len(w.ids) for w in group[-1:])])
        if group and (len(group) >= size or (max_pieces and (len(group) + 1) * longest > max_pieces)):
            yield group
            group = []
        group.append(window)
    if group:
        yield group


class WindowTagger:
    """A MiniLM attribution tagger, whatever runs its network (`_probabilities`); tags like the CRF tagger."""

    info: ModelInfo
    encoder: Encoder
    # Windows per network run: padded batches (torch runs them faster together); 1 runs each
    # window at its own length (ONNX Runtime, `onnx_tagger.py`).
    batch_windows = _TAGGING_BATCH

    def _probabilities(self, columns: dict[str, list[list[int]]]) -> list[list[list[float]]]:
        """Per window of a padded batch, per wordpiece, the probability of each of `LABELS`."""
        raise NotImplementedError

    def token_probabilities(self, doc: Doc, candidates: Sequence[Candidate]) -> dict[int, list[float]]:
        """Per doc token with a wordpiece, the probability of each of `LABELS` (read on its first piece)."""
        return self._rows(token_table(doc), rule_labels(doc, candidates))

    def _rows(self, table: TokenTable, rules: list[str]) -> dict[int, list[float]]:
        windows = self.encoder.windows(table, rules)
        per_token: dict[int, list[float]] = {}
        # Similar lengths batched together pad little; the order does not matter for the result.
        windows.sort(key=lambda w: len(w.ids))
        for group, columns in padded_batches(windows, self.batch_windows, _TAGGING_PIECES):
            for window, rows in zip(group, self._probabilities(columns), strict=True):
                for token, row in zip(window.tokens, rows, strict=False):
                    if token >= 0:
                        per_token[token] = row
        return per_token

    def tag(self, doc: Doc, candidates: Sequence[Candidate]) -> Tagging:
        """The model's spans and role probabilities in `doc`, given what the rules found."""
        table, rules = token_table(doc), rule_labels(doc, candidates)
        per_token = self._rows(table, rules)
        tagging = Tagging([], table.idx, {})
        for paragraph in paragraphs(table):
            tokens = list(range(paragraph.start, paragraph.end))
            labels, confidences = _labels(tokens, per_token)
            tagging.spans += decode_spans(doc, paragraph.start, labels, confidences)
        for i, row in per_token.items():
            if rules[i] != "O":
                tagging.probabilities[i] = tuple(  # type: ignore[assignment]
                    row[LABELS.index(f"B-{role}")] + row[LABELS.index(f"I-{role}")] for role in ROLES)
        return tagging


def _labels(tokens: list[int], per_token: dict[int, list[float]]) -> tuple[list[str], list[float]]:
    """Each token's label in the most likely valid BIO sequence (`bio_path`) and its probability
    of that label's role (B- and I- together: where a span starts is not what is in doubt); a
    token with no wordpiece (spaces) continues the span around it."""
    scored = [i for i in tokens if i in per_token]
    path = dict(zip(scored, bio_path([per_token[i] for i in scored]), strict=True))
    labels, confidences = [], []
    for k, i in enumerate(tokens):
        if i not in path:
            before = labels[-1] if labels else "O"
            after = next((LABELS[path[j]] for j in tokens[k + 1 :] if j in path), "O")
            inside = before != "O" and after.startswith("I-") and before[2:] == after[2:]
            labels.append(f"I-{before[2:]}" if inside else "O")
            confidences.append(1.0)
            continue
        label, row = path[i], per_token[i]
        labels.append(LABELS[label])
        confidences.append(row[label] + row[_PARTNER[label]] if label else 1.0)
    return labels, confidences


# The other label of the same role: B-SRC <-> I-SRC, and so on (O has none).
_PARTNER = (0, 2, 1, 4, 3, 6, 5)
_INSIDE = tuple(k for k, label in enumerate(LABELS) if label.startswith("I-"))


def bio_path(rows: Sequence[Sequence[float]]) -> list[int]:
    """The label indices of the most probable sequence in which I-X follows only B-X or I-X
    (Viterbi over the per-token probabilities `rows`). The token-wise best labels when they
    already form such a sequence, which is the usual case, since they are then the most probable."""
    best = [max(range(len(LABELS)), key=row.__getitem__) for row in rows]
    if all(b not in _INSIDE or (k and best[k - 1] in (b, _PARTNER[b])) for k, b in enumerate(best)):
        return best
    never = -1e9
    scores = [never if k in _INSIDE else math.log(max(p, 1e-12)) for k, p in enumerate(rows[0])]
    back: list[list[int]] = []
    for row in rows[1:]:
        anywhere = max(range(len(LABELS)), key=scores.__getitem__)
        pointers = [anywhere] * len(LABELS)
        for inside in _INSIDE:  # I-X continues B-X or I-X
            start = _PARTNER[inside]
            pointers[inside] = inside if scores[inside] >= scores[start] else start
        scores = [scores[pointers[k]] + math.log(max(p, 1e-12)) for k, p in enumerate(row)]
        back.append(pointers)
    label = max(range(len(LABELS)), key=scores.__getitem__)
    path = [label]
    for pointers in reversed(back):
        label = pointers[label]
        path.append(label)
    return path[::-1]
