"""The lake's identities agree with the single-process store's: pairwise F1 over name mentions >= 0.99
on the Wikinews corpus's article entities and on a synthetic corpus of repeated, perturbed names."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.lake.identity_agreement import agreement, differences, serial_identities
from newsgraph.lake.identity_job import resolve
from newsgraph.lake.identity_synthetic import REAL_ENTITIES, article_chunks


def lake_identities(table: pa.Table, chunk_rows: int = 1000) -> dict[tuple[str, str], str]:
    result = resolve([table.slice(start, chunk_rows) for start in range(0, table.num_rows, chunk_rows)])
    return {(h, local): result.identity_of[unit] for part in result.assigned
            for h, local, unit in zip(*(part.column(c).to_pylist() for c in ("hash", "local_id", "unit")), strict=True)}


def check(table: pa.Table) -> None:
    rows = table.to_pylist()
    mentions = {(row["hash"], row["local_id"]): row["mentions"] for row in rows}
    lake, store = lake_identities(table), serial_identities(rows)
    weighted, plain = agreement(lake, store, mentions), agreement(lake, store)
    names = {(row["hash"], row["local_id"]): row["name"] for row in rows}
    listed = differences(lake, store, names, mentions)
    assert weighted.items == len(rows) and weighted.store_pairs > 1000
    assert weighted.f1 >= 0.99 and plain.f1 >= 0.99, (weighted.f1, plain.f1, listed[:10])


def test_the_lake_agrees_with_the_store_on_wikinews() -> None:
    check(pq.read_table(REAL_ENTITIES))


def test_the_lake_agrees_with_the_store_on_repeated_perturbed_names() -> None:
    check(pa.concat_tables(list(article_chunks(150, chunk_articles=50, seed=7))))


def test_a_surname_alone_joins_the_one_person_articles_call_so() -> None:
    # Melania Trump is also called "Melania" alone: that is no bare "Trump" (the store reads the
    # spellings with the surname only), so "Trump" is still Donald Trump.
    rows = [{"hash": f"h{seq}", "local_id": "E1", "name": name, "type": "person", "aliases": aliases, "mentions": 1}
            for seq, (name, aliases) in enumerate([("Donald Trump", ["Trump"]), ("Melania Trump", ["Melania"]),
                                                   ("Trump", [])])]
    found = lake_identities(pa.Table.from_pylist(rows))
    assert found[("h0", "E1")] == found[("h2", "E1")] != found[("h1", "E1")]
    assert agreement(found, serial_identities(rows)).f1 == 1.0
