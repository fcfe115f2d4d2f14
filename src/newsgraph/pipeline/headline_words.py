"""Which words of a Title Case headline belong to a name.

A headline capitalises every word, so capitals there say nothing: the evidence is the article's
body (where only names are capitalised mid-sentence) and the known places, institutions and
outlets. `mentions` asks it before a tagged span in the headline becomes a mention.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..names import fold, is_known_outlet, is_place_name, is_spelling_variant, known_alias
from .name_spans import NAME_JOINERS


class HeadlineWords:
    """What a headline's words are when Title Case capitalises them all: a word is part of a name
    only if the article's body writes it capitalised after a sentence's first word (or misspells
    such a word), or it is a known place, institution or outlet. "Biden Vows Tough Response As
    Markets Tumble" is "Biden"; "Tributes Paid To ..." no name at all."""

    def __init__(self, doc: Doc, headline_end: int) -> None:
        self.doc, self.end = doc, headline_end
        self._body: set[str] | None = None
        self._by_shape: dict[tuple[str, int], list[str]] = {}
        self._named: dict[str, bool] = {}

    def within(self, start: int) -> bool:
        return self.doc[start].idx < self.end

    def _body_words(self) -> set[str]:
        if self._body is None:
            self._body = {fold(t.text) for t in self.doc if t.idx >= self.end and not t.is_sent_start
                          and (t.is_title or t.is_upper) and t.is_alpha}
            for word in self._body:
                self._by_shape.setdefault((word[:1], len(word)), []).append(word)
        return self._body

    def named(self, token: Token) -> bool:
        if not token.is_alpha:
            return not token.is_punct  # "Jean-Yves", "T'Challa": joined parts, not breaks
        if token.text not in self._named:
            self._named[token.text] = self._name_word(token)
        return self._named[token.text]

    def _name_word(self, token: Token) -> bool:
        word = fold(token.text)
        if word in self._body_words():
            return True
        if token.is_stop:
            return False  # "To", "Of": towns somewhere, but never names in a headline
        # A misspelling ("Zelesnkyy") has the same first letter and a length within two.
        return (is_place_name(token.text) or known_alias(token.text) is not None or is_known_outlet(token.text)
                or any(is_spelling_variant(word, other) for length in range(len(word) - 2, len(word) + 3)
                       for other in self._by_shape.get((word[:1], length), ())))

    def name_in(self, start: int, end: int) -> tuple[int, int]:
        """The longest run of name words in doc[start:end], "of" and the like between two of them
        ("European Court of Justice"); empty when none."""
        named = [self.named(self.doc[i]) for i in range(start, end)]
        for k in range(1, len(named) - 1):
            named[k] = named[k] or (self.doc[start + k].lower_ in NAME_JOINERS and named[k - 1] and named[k + 1])
        best, run_start = (start, start), start
        for i in range(start, end + 1):
            if i == end or not named[i - start]:
                if i - run_start > best[1] - best[0]:
                    best = (run_start, i)
                run_start = i + 1
        return best
