"""Reading brat standoff attribution corpora in the PolNeAR layout.

    <root>/data/<split>/text/<name>.txt
    <root>/data/<split>/attributions/<name>_<annotator>.ann

`.ann` lines: `T1<TAB>Source 89 106<TAB>text` (discontinuous spans as `Content 10 20;25 40`) and
`E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1` linking the roles of one attribution.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

Offsets = tuple[int, int]
ROLES = ("source", "cue", "content")
_ANNOTATOR_SUFFIX = re.compile(r"_[0-9a-f]+$")
log = logging.getLogger(__name__)


@dataclass
class GoldAttribution:
    """One attribution, annotated or predicted: the spans of each role (content may be discontinuous)."""

    source: list[Offsets] = field(default_factory=list)
    cue: list[Offsets] = field(default_factory=list)
    content: list[Offsets] = field(default_factory=list)
    rule: str = ""  # for predictions: the rule that found it (error analysis)

    def spans(self, role: str) -> list[Offsets]:
        return getattr(self, role)


@dataclass
class CorpusDoc:
    name: str
    text: str
    attributions: list[GoldAttribution]


def data_dir(root: Path) -> Path:
    """`root` itself when it holds the splits, else `root/data`."""
    return root if (root / "train").is_dir() or (root / "dev").is_dir() else root / "data"


def corpus_problem(root: Path, split: str) -> str | None:
    """Why `root` cannot be read as a brat corpus with `split`, or None when it can."""
    base = data_dir(root) / split
    if not (base / "attributions").is_dir() or not (base / "text").is_dir():
        return (f"{root} has no {split}/text and {split}/attributions "
                "(expected the PolNeAR layout: <root>/data/<split>/...)")
    return None


def read_brat(ann_path: Path, text: str) -> list[GoldAttribution]:
    """The attributions of one `.ann` file; spans whose text does not match `text` are logged."""
    spans: dict[str, tuple[str, list[Offsets]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            label, _, offsets = parts[1].partition(" ")
            bounds = [tuple(int(n) for n in chunk.split()) for chunk in offsets.split(";") if chunk.strip()]
            spans[parts[0]] = (label, [(b[0], b[1]) for b in bounds if len(b) == 2])
            if len(parts) > 2 and bounds:
                written = " ".join(text[s:e] for s, e in spans[parts[0]][1])
                if written.split() != parts[2].split():
                    log.warning("%s %s: offsets do not match the text", ann_path.name, parts[0])
        elif parts[0].startswith("E"):
            events.append([tuple(arg.split(":", 1)) for arg in parts[1].split() if ":" in arg])  # type: ignore[misc]
    attributions = []
    for arguments in events:
        gold = GoldAttribution()
        for role, ref in arguments:
            if role.lower() in ROLES and ref in spans:
                gold.spans(role.lower()).extend(spans[ref][1])
        attributions.append(gold)
    return attributions


def iter_corpus(root: Path, split: str) -> Iterator[CorpusDoc]:
    """Every article of `split`, with one annotator's attributions (the first `.ann` in sorted order)."""
    base = data_dir(root) / split
    chosen: dict[str, Path] = {}
    for ann in sorted((base / "attributions").glob("*.ann")):
        chosen.setdefault(_ANNOTATOR_SUFFIX.sub("", ann.stem), ann)
    for name, ann in sorted(chosen.items()):
        text_path = base / "text" / f"{name}.txt"
        if not text_path.exists():
            log.warning("no text for %s", ann.name)
            continue
        text = text_path.read_text(encoding="utf-8")
        yield CorpusDoc(name, text, read_brat(ann, text))
