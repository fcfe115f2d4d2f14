"""A synthetic corpus of article entity rows built from real ones, for the identity benchmark and tests.

Names are drawn from a real corpus's article entities (corpora/wikinews-2019-2020/entities.parquet,
the rows the engine gives for the Wikinews articles) as often as the corpus names them, so that names
repeat as they do in news, and perturbed the ways news writes one referent: a person by initial ("V.
Zelenskyy"), by surname alone, with a title ("President ..."), transliterated ("Zelenskiy") or with
one typo in the surname; an organisation with a legal form ("... Inc."), a leading "the", or with its
acronym in brackets. Deterministic for a seed; rows come in chunks (tables), so a million articles
never sit in memory at once.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..names import name_initials
from ..store.persons import PersonName

ROOT = Path(__file__).resolve().parents[3]
REAL_ENTITIES = ROOT / "corpora" / "wikinews-2019-2020" / "entities.parquet"
_TRANSLITERATIONS = (("yy", "iy"), ("y", "iy"), ("iy", "y"), ("ov", "off"), ("ei", "ey"), ("kh", "h"),
                     ("ph", "f"), ("w", "v"), ("u", "ou"))
_TITLES = ("President", "Mr", "Ms", "Dr", "Minister", "Senator")
Spelling = tuple[str, str, tuple[str, ...]]  # (name, type, aliases)


def _person_variants(name: str, rng: random.Random) -> list[Spelling]:
    words = name.split()
    person = PersonName.parse(name)
    if not person.first or len(words) < 2:
        return [(name, "person", ())]
    first, surname = words[0], words[-1]
    found: list[Spelling] = [(name, "person", (surname,)), (name, "person", ()), (surname, "person", ()),
                             (f"{first[0]}. {surname}", "person", ()),
                             (f"{rng.choice(_TITLES)} {name}", "person", (surname,))]
    for old, new in _TRANSLITERATIONS:
        if surname.endswith(old) or old in surname[1:]:
            found.append((" ".join([*words[:-1], surname[::-1].replace(old[::-1], new[::-1], 1)[::-1]]), "person",
                          ()))
            break
    if len(surname) >= 7:  # one typo: two letters swapped inside the surname
        at = rng.randrange(2, len(surname) - 2)
        typo = surname[:at] + surname[at + 1] + surname[at] + surname[at + 2:]
        found.append((" ".join([*words[:-1], typo]), "person", ()))
    return found


def _organisation_variants(name: str, kind: str) -> list[Spelling]:
    found: list[Spelling] = [(name, kind, ()), (f"{name} Inc.", kind, ()), (f"the {name}", kind, ())]
    acronym = name_initials(name)
    if len(name.split()) >= 2 and 2 <= len(acronym) <= 6:
        found += [(f"{name} ({acronym})", kind, ()), (acronym, kind, ())]
    return found


def spelling_pool(seed: int = 0, source: Path = REAL_ENTITIES) -> tuple[list[Spelling], np.ndarray]:
    """Every spelling the corpus will use and its probability: each real referent as often as the
    corpus names it, its share split among its variants (the name itself most often)."""
    rng = random.Random(seed)
    table = pq.read_table(source, columns=["name", "type"])
    counts: dict[tuple[str, str], int] = {}
    for name, kind in zip(table.column("name").to_pylist(), table.column("type").to_pylist(), strict=True):
        counts[(name, kind)] = counts.get((name, kind), 0) + 1
    referents = sorted(counts, key=lambda key: (-counts[key], key))
    pool: list[Spelling] = []
    weights: list[float] = []
    for name, kind in referents:
        variants = (_person_variants(name, rng) if kind == "person" else
                    _organisation_variants(name, kind) if kind in {"organisation", "outlet", "group"} else
                    [(name, kind, ())])
        share = float(counts[(name, kind)])
        # The name as the corpus writes it takes half; the variants share the rest.
        pool += variants
        weights += [share / 2 + share / 2 / len(variants)] + [share / 2 / len(variants)] * (len(variants) - 1)
    probabilities = np.asarray(weights) / sum(weights)
    return pool, probabilities


def article_chunks(articles: int, *, chunk_articles: int = 1000, seed: int = 0, run: str = "synthetic",
                   source: Path = REAL_ENTITIES, entities_per_article: int = 21,
                   novel: float = 0.01) -> Iterator[pa.Table]:
    """Entity rows of `articles` synthetic articles, `chunk_articles` articles a table, in input order.
    A share `novel` of the people are new ones, a forename and a surname of the corpus's combined at
    random: news keeps naming people never seen before, and a corpus of known names only would
    leave identity resolution nothing new to do."""
    pool, probabilities = spelling_pool(seed, source)
    full_names = [s[0].split() for s in pool if s[1] == "person" and len(s[0].split()) == 2 and s[2]]
    forenames = sorted({words[0] for words in full_names})
    surnames = sorted({words[1] for words in full_names})
    names = pa.array([s[0] for s in pool], pa.string())
    types = pa.array([s[1] for s in pool], pa.string())
    aliases = pa.array([list(s[2]) for s in pool], pa.list_(pa.string()))
    generator = np.random.default_rng(seed)
    for start in range(0, articles, chunk_articles):
        count = min(chunk_articles, articles - start)
        sizes = generator.integers(max(1, entities_per_article // 2), entities_per_article * 3 // 2 + 1, count)
        total = int(sizes.sum())
        picked = pa.array(generator.choice(len(pool), size=total, p=probabilities))
        seqs = np.repeat(np.arange(start, start + count), sizes)
        local = np.concatenate([np.arange(1, n + 1) for n in sizes])
        is_new = generator.random(total) < novel
        new_names = [f"{forenames[a]} {surnames[b]}" for a, b in zip(
            generator.integers(0, len(forenames), int(is_new.sum())),
            generator.integers(0, len(surnames), int(is_new.sum())), strict=True)]
        mask = pa.array(is_new)
        hashes = [hashlib.sha1(f"{seed}-{run}-{seq}".encode()).hexdigest() for seq in range(start, start + count)]
        yield pa.table({
            "run": pa.array([run] * total, pa.string()), "seq": pa.array(seqs, pa.int64()),
            "hash": pa.array(np.repeat(np.asarray(hashes, dtype=object), sizes), pa.string()),
            "local_id": pa.array([f"E{n}" for n in local], pa.string()),
            "name": pc.replace_with_mask(names.take(picked), mask, pa.array(new_names, pa.string())),
            "type": pc.replace_with_mask(types.take(picked), mask, pa.array(["person"] * len(new_names), pa.string())),
            "role": pa.nulls(total, pa.string()), "gender": pa.nulls(total, pa.string()),
            "aliases": pc.if_else(mask, pa.nulls(total, aliases.type), aliases.take(picked)),
            "mentions": pa.array(generator.integers(1, 6, total), pa.int32()),
        })
