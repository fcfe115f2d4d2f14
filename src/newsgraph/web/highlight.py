"""Highlighting an article's text from character offsets, for the evidence view.

Spans (quotations, cues, speaker mentions, entity mentions, dates, flags, boilerplate) may overlap
in any way. The text is cut at every span boundary into flat segments, each knowing which spans
cover it; rendering keeps the spans a segment shares with the one before open and splits the
others, so the HTML is always properly nested. Offsets are never shifted: the segments' texts,
joined, are the article's text exactly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from markupsafe import Markup, escape

# Outer layers first: a quotation encloses its cue and source, which enclose mentions and dates.
LAYERS = ("boilerplate", "quote", "cue", "source", "mention", "date", "flag")


@dataclass(frozen=True, slots=True)
class Highlight:
    """One highlighted span: its offsets, its layer, the tag to draw it with and its attributes."""

    start: int
    end: int
    layer: str
    tag: str = "span"
    attrs: tuple[tuple[str, str], ...] = ()

    @property
    def order(self) -> tuple[int, int, int]:
        # Longer and outer spans open first, so that they enclose the shorter and inner ones.
        return (self.start, -self.end, LAYERS.index(self.layer))


@dataclass(slots=True)
class Segment:
    """A stretch of text covered by the same spans, outermost first."""

    start: int
    end: int
    text: str
    spans: tuple[Highlight, ...] = field(default_factory=tuple)


def segments(text: str, highlights: Iterable[Highlight]) -> list[Segment]:
    """The text cut at every span boundary; spans outside the text or empty are dropped."""
    spans = sorted((h for h in highlights if 0 <= h.start < h.end <= len(text)), key=lambda h: h.order)
    cuts = sorted({0, len(text), *(h.start for h in spans), *(h.end for h in spans)})
    result = []
    for start, end in pairwise(cuts):
        covering = tuple(h for h in spans if h.start <= start and end <= h.end)
        result.append(Segment(start, end, text[start:end], covering))
    return result


def render(parts: Sequence[Segment]) -> Markup:
    """Properly nested HTML for the segments: shared outer spans stay open, the rest are split."""
    html: list[str] = []
    stack: list[Highlight] = []
    for part in parts:
        keep = 0
        while keep < len(stack) and keep < len(part.spans) and stack[keep] is part.spans[keep]:
            keep += 1
        for closing in reversed(stack[keep:]):
            html.append(f"</{closing.tag}>")
        del stack[keep:]
        for opening in part.spans[keep:]:
            html.append(_open(opening, continued=opening.start < part.start))
            stack.append(opening)
        html.append(str(escape(part.text)))
    html.extend(f"</{closing.tag}>" for closing in reversed(stack))
    return Markup("".join(html))


def _open(span: Highlight, continued: bool) -> str:
    attrs = dict(span.attrs)
    classes = f"hl hl-{span.layer} {attrs.pop('class', '')}".strip()
    if continued:
        # A split span's later pieces: the same span, not a new one (ids must stay unique).
        attrs.pop("id", None)
        classes += " hl-cont"
    rendered = "".join(f' {name}="{escape(value)}"' for name, value in attrs.items())
    return f'<{span.tag} class="{escape(classes)}" data-start="{span.start}" data-end="{span.end}"{rendered}>'
