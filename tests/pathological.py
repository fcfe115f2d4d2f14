"""Inputs that once took the engine minutes: each family built to any size, for the tests, the fuzz
run (`make fuzz`) and benchmarks/bench_pathological.py.

Each generator returns an article's text of about `size` characters: what a scraper, a broken
export or a hostile feed can hand the engine. They are the shapes that made a stage's time grow
with the square of the article's length (issue 23): one whitespace-free run of brackets, a single
paragraph of quotation marks, thousands of short quotations, and their relatives below.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count, cycle
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "itv-zelenskyy-nato.txt"

_LEAD = "Officials said the plan would go ahead.\n\n"
_SURNAMES = ("Berg", "Okafor", "Lee", "Novak", "Haddad", "Silva", "Moreau", "Tanaka", "Kowalski", "Murphy")
_FORENAMES = ("Anna", "Tom", "Maria", "Kofi", "Lena", "Ravi", "Jonas", "Aiko", "Pavel", "Grace")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _fill(size: int, units: Callable[[int], str], lead: str = _LEAD) -> str:
    """`lead` followed by units 0, 1, 2... until the text is about `size` characters long."""
    parts = [lead]
    length = len(lead)
    for n in count():
        if length >= size:
            break
        unit = units(n)
        parts.append(unit)
        length += len(unit)
    return "".join(parts)


def nested_brackets(size: int) -> str:
    """One whitespace-free run of nested brackets: spaCy's tokenizer peels one mark at a time."""
    depth = max(1, (size - len(_LEAD)) // 2)
    return _LEAD + "(" * depth + "x" + ")" * depth


def bracket_runs(size: int) -> str:
    """Many runs of a few hundred brackets: quadratic per run, so linear only if each run is bounded."""
    return _fill(size, lambda n: "([{" * 150 + "word" + "}])" * 150 + " ")


def alternating_quote_marks(size: int) -> str:
    """One paragraph of alternating double and single marks, spaced: thousands of quoted regions."""
    return _fill(size, lambda n: "\" ' ")


def packed_quote_marks(size: int) -> str:
    """Alternating straight and curly marks with no space: one run of punctuation for the tokenizer."""
    return _fill(size, lambda n: "\"'“‘”’")


def quoted_words(size: int) -> str:
    """One paragraph of short double- and single-quoted words."""
    return _fill(size, lambda n: f"\"{_SURNAMES[n % 10].lower()}\" '{_DAYS[n % 5].lower()}' ")


def short_quotations(size: int) -> str:
    """Thousands of short attributed quotations in one paragraph."""
    return _fill(size, lambda n: '"Yes," he said. ')


def _person(n: int) -> str:
    """A different person's name for every n below 10,000."""
    return f"{_FORENAMES[n % 10]} {_SURNAMES[(n // 10) % 10]}{_SURNAMES[(n // 100) % 10].lower()}" + (
        f"-{_SURNAMES[(n // 1000) % 10]}" if n >= 1000 else "")


def quotation_paragraphs(size: int) -> str:
    """Thousands of paragraphs, each a quotation by a different person, told to an outlet on a day."""
    return _fill(size, lambda n: f'"No," {_person(n)} told Reuters on {_DAYS[n % 5]}.\n\n')


def one_long_sentence(size: int) -> str:
    """A sentence that never ends: speakers reporting speakers, no full stop for the parser."""
    return _fill(size, lambda n: f"{_FORENAMES[n % 10]} {_SURNAMES[(n // 10) % 10]} said that ")


def many_names(size: int) -> str:
    """A list of thousands of different people: every clustering step meets every earlier name."""
    return _fill(size, lambda n: f"{_person(n)}, ", "The candidates are ")


def repeated_article(size: int) -> str:
    """The example article's paragraphs over and over: a long but ordinary article."""
    paragraphs = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    source = cycle(paragraphs)
    return _fill(size, lambda n: next(source) + "\n\n", "")


def blank_lines(size: int) -> str:
    """Words separated by long runs of blank and space-only lines."""
    return _fill(size, lambda n: f"Word {n} stands here.\n" + " \n" * 200)


def boilerplate_paragraphs(size: int) -> str:
    """Thousands of promotion paragraphs around a few short news paragraphs."""
    return _fill(size, lambda n: "Advertisement\n\n" * 9 + f"The council met on {_DAYS[n % 5]} to vote.\n\n")


def open_quotations(size: int) -> str:
    """Thousands of paragraphs whose quotation is never closed."""
    return _fill(size, lambda n: f'{_person(n)} said: "this paragraph never ends, number {n}\n\n')


FAMILIES: dict[str, Callable[[int], str]] = {
    "nested_brackets": nested_brackets,
    "bracket_runs": bracket_runs,
    "alternating_quote_marks": alternating_quote_marks,
    "packed_quote_marks": packed_quote_marks,
    "quoted_words": quoted_words,
    "short_quotations": short_quotations,
    "quotation_paragraphs": quotation_paragraphs,
    "one_long_sentence": one_long_sentence,
    "many_names": many_names,
    "repeated_article": repeated_article,
    "blank_lines": blank_lines,
    "boilerplate_paragraphs": boilerplate_paragraphs,
    "open_quotations": open_quotations,
}
