"""Damaged web archives: a cut or corrupt WARC is reported once, at its offset, and what was whole is kept."""

from __future__ import annotations

import random
import re
import sqlite3
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsgraph.errors import InputError
from newsgraph.pipeline import Engine
from newsgraph.record import ArticleDraft
from newsgraph.sources.warc import drafts_from_warc
from newsgraph.store import ingest

from .store_inputs import page

MAX_BYTES = 5_000_000
STORIES = [
    (f"Council story {n}", [f"The council said on Monday that bridge number {n} would open in May.",
                            f'"We are proud of bridge {n}," said council leader Anna Berg.',
                            "The old ferry will keep running until the summer, officials said."])
    for n in range(4)
]


def write_archive(path: Path, bodies: list[str]) -> list[int]:
    """A web archive of one HTML response per body; the offset where each record starts, and the end."""
    offsets = []
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for n, body in enumerate(bodies):
            offsets.append(stream.tell())
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://example.org/story-{n}", "response", payload=BytesIO(body.encode()), http_headers=headers,
                warc_headers_dict={"WARC-Date": f"2024-12-0{n + 1}T10:00:00Z"}))
        offsets.append(stream.tell())
    return offsets


def four_stories(path: Path) -> list[int]:
    return write_archive(path, [page(title, paragraphs) for title, paragraphs in STORIES])


def texts(items: list[ArticleDraft | InputError]) -> list[str]:
    return [item.text for item in items if isinstance(item, ArticleDraft)]


def the_one_error(items: list[ArticleDraft | InputError]) -> InputError:
    errors = [item for item in items if isinstance(item, InputError)]
    assert len(errors) == 1 and items[-1] is errors[0], items
    return errors[0]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_a_cut_archive_keeps_the_whole_records_and_reports_one_error_at_the_cut_record(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = tmp_path / name
    offsets = four_stories(whole)
    data = whole.read_bytes()
    complete = texts(list(drafts_from_warc(whole, MAX_BYTES)))
    assert len(complete) == 4
    cut = tmp_path / f"cut-{name}"
    # Cuts everywhere inside the 2nd record (its headers, body, gzip checksum, trailing lines), and
    # inside the 1st and the 4th.
    record = 1
    points = [*range(offsets[1] + 1, offsets[2], 5 if name.endswith(".gz") else 17),
              offsets[0] + 1, offsets[1] - 1, offsets[3] + 40, offsets[4] - 1]
    for point in sorted(points):
        record = max(n for n, start in enumerate(offsets) if start < point)
        cut.write_bytes(data[:point])
        items = list(drafts_from_warc(cut, MAX_BYTES))
        error = the_one_error(items)
        assert error.reason == "bad_warc" and error.origin == f"{cut}@{offsets[record]}", (point, error)
        assert f"damaged at byte {offsets[record]:,}" in error.message
        assert texts(items) == complete[:record], point  # never a truncated page
    assert capsys.readouterr().err == ""


def test_a_cut_archive_is_one_error_in_the_store(tmp_path: Path, engine: Engine) -> None:
    whole = tmp_path / "crawl.warc.gz"
    offsets = four_stories(whole)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole.read_bytes()[: (offsets[1] + offsets[2]) // 2])
    summary = ingest([str(cut)], tmp_path / "store.db", engine=engine, workers=1)
    assert summary.stored == 1 and [e.reason for e in summary.rejected] == ["bad_warc"]
    with sqlite3.connect(tmp_path / "store.db") as conn:
        assert conn.execute("SELECT path, reason FROM errors").fetchall() == [(f"{cut}@{offsets[1]}", "bad_warc")]
        assert conn.execute("SELECT url FROM articles").fetchall() == [("https://example.org/story-0",)]


def test_a_wrong_content_length_is_reported_with_warcios_words_not_printed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = tmp_path / "crawl.warc"
    offsets = four_stories(whole)
    data = whole.read_bytes()
    length = re.compile(rb"Content-Length: (\d+)").search(data, offsets[1])
    assert length is not None
    shorter = str(int(length.group(1)) - 30).encode()
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(data[: length.start(1)] + shorter + data[length.end(1):])
    items = list(drafts_from_warc(damaged, MAX_BYTES))
    error = the_one_error(items)
    assert error.origin == f"{damaged}@{offsets[1]}" and "Content-Length is invalid" in error.message
    assert len(texts(items)) == 1
    assert capsys.readouterr().err == ""  # warcio printed its warning there


def test_a_corrupt_gzip_member_is_reported_not_printed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Pages that do not compress, so that a member spans several of warcio's 16 kB reads and the
    # damage is found halfway through it (warcio then prints the zlib error and returns what it has).
    rng = random.Random(7)
    bodies = [page(f"Story {n}", ["".join(rng.choice("abcdefghij klmnopqrstuvwxyz") for _ in range(200)) + "."
                                  for _ in range(300)]) for n in range(4)]
    whole = tmp_path / "crawl.warc.gz"
    offsets = write_archive(whole, bodies)
    assert offsets[2] - offsets[1] > 2 * 16384
    data = bytearray(whole.read_bytes())
    data[offsets[1] + 2 * 16384] ^= 0xFF
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(bytes(data))
    items = list(drafts_from_warc(damaged, MAX_BYTES))
    error = the_one_error(items)
    assert error.origin == f"{damaged}@{offsets[1]}" and "decompressing" in error.message
    assert len(texts(items)) == 1
    assert capsys.readouterr().err == ""


def test_a_record_whose_bytes_changed_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    whole = tmp_path / "crawl.warc"
    offsets = four_stories(whole)
    data = bytearray(whole.read_bytes())
    body = data.index(b"bridge number 1", offsets[1])
    data[body: body + 6] = b"BRIDGE"  # the same length: the framing is intact, the digest is not
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(bytes(data))
    items = list(drafts_from_warc(damaged, MAX_BYTES))
    assert [type(item).__name__ for item in items] == ["ArticleDraft", "InputError", "ArticleDraft", "ArticleDraft"]
    assert items[1].reason == "bad_warc" and items[1].origin == f"{damaged}@{offsets[1]}"
    assert "digest" in items[1].message and "skipped" in items[1].message
