"""spaCy's tokenizer in linear time on any text, and unchanged on news text.

spaCy splits the text at whitespace and then peels prefixes and suffixes off each whitespace-free
run one at a time. Two costs grow with the run's length at every step, so a run of n punctuation
marks ("((((", '"\\'"\\'"\\'') takes time in n squared -- 20,000 brackets took a minute:

- the suffix search is a regular expression ending in `$`, which Python tries at every position
  of the run. `WindowedSuffixSearch` looks only at the run's last characters and gives the same
  match (see its docstring);
- each step also hashes and copies what is left of the run. That cost is small per character but
  still quadratic, so `tokenize_in_runs` cuts a run longer than `Settings.max_run_chars` into
  pieces of at most that length, tokenised one after the other. Only such runs (a thousand
  characters without a space: no word, and hardly a URL) tokenise differently; the `Doc`'s text,
  and with it every character offset, is the text's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

# The suffix rules of en_core_web_sm match at most 6 characters after a look-behind of at most 2,
# except a run of full stops ("\.\.+$"), which is unbounded. A window of 16 holds every fixed match
# whole; a match reaching the window's first character may be cut short, and is searched again
# over a window twice as wide.
SUFFIX_WINDOW = 16

# A run longer than the limit, found only from its first character (the look-behind), so that the
# search itself stays linear however long the runs are.
_LONG_RUN = "(?<!\\S)\\S{{{},}}"


class WindowedSuffixSearch:
    """A suffix search over the last characters of a string, with the full search's result.

    The match a `$`-anchored pattern finds first is the one starting leftmost. Every suffix rule
    but the run of full stops matches a few characters, so when the match inside the window starts
    after its first character no longer match exists; when it starts at the first character, the
    window doubles (a run of full stops is found whole in a number of steps logarithmic in its
    length, and it is peeled off at once, so the total stays linear).
    """

    def __init__(self, search: Callable[[str], Any], window: int = SUFFIX_WINDOW) -> None:
        self.search = search
        self.window = window

    def __call__(self, text: str) -> Any:
        window = self.window
        while window < len(text):
            match = self.search(text[-window:])
            if match is None or match.start() > 0:
                return match
            window *= 2
        return self.search(text)


def window_suffix_search(nlp: Language) -> None:
    """Make `nlp`'s tokenizer search suffixes in a window (same tokens, linear time)."""
    tokenizer = nlp.tokenizer
    if tokenizer.suffix_search is not None and not isinstance(tokenizer.suffix_search, WindowedSuffixSearch):
        tokenizer.suffix_search = WindowedSuffixSearch(tokenizer.suffix_search)


def run_cuts(text: str, max_run: int) -> list[int]:
    """Where to cut `text` so that no piece holds more than `max_run` characters of one
    whitespace-free run: every `max_run` characters inside each longer run."""
    cuts: list[int] = []
    for run in re.finditer(_LONG_RUN.format(max_run + 1), text):
        cuts.extend(range(run.start() + max_run, run.end(), max_run))
    return cuts


def tokenize_in_runs(nlp: Language, text: str, max_run: int) -> Doc:
    """`nlp`'s tokenization of `text`, long whitespace-free runs tokenised in pieces.

    The pieces' documents are joined without adding whitespace, so `doc.text == text`.
    """
    cuts = run_cuts(text, max_run)
    if not cuts:
        return nlp.make_doc(text)
    bounds = [0, *cuts, len(text)]
    pieces = [nlp.make_doc(text[start:end]) for start, end in pairwise(bounds)]
    return Doc.from_docs(pieces, ensure_whitespace=False)
