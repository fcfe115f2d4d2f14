"""Web archives (WARC, WARC.gz; warcio): each HTML response becomes an article with its URL and date.

An archive is trusted only as far as it can be checked. A record shorter than its Content-Length
(a cut file), a record warcio cannot parse or whose length does not match its framing, and bytes
left after the last complete record (a record cut inside its headers) end the archive with one
`bad_warc` error naming the byte offset where the damage starts; the complete records before it
are kept. A record whose block digest does not match its bytes (corrupted in place) is reported on
its own and skipped: its framing checked out, so the records after it are read.

warcio writes some complaints to standard error itself ("Record not followed by newline", a gzip
error halfway through a member); they become the error's message instead of leaking to the terminal.
"""

from __future__ import annotations

import io
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from ..errors import InputError
from ..record import ArticleDraft
from .html import draft_from_html
from .text import decode

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


@dataclass(slots=True)
class _Record:
    """One record, read to its end and checked."""

    offset: int
    record: ArcWarcRecord | None
    payload: bytes | None = None  # an HTML 2xx response's body, up to the size limit
    damage: str | None = None
    fatal: bool = True  # the damage leaves no reliable way to the next record


def drafts_from_warc(path: Path, max_bytes: int, published: str | None = None) -> Iterator[ArticleDraft | InputError]:
    """Drafts of the HTML responses in a web archive, in order; damage is reported as `bad_warc`."""
    with path.open("rb") as stream:
        for item in _records(stream, max_bytes + 1):
            where = f"{path}@{item.offset}"
            if item.damage:
                kept = "the records before it were read" if item.fatal else "the record is skipped"
                yield InputError("bad_warc", f"the archive is damaged at byte {item.offset:,}: {item.damage}; {kept}",
                                 where)
                if item.fatal:
                    return
                continue
            if item.payload is None or item.record is None:
                continue
            uri = item.record.rec_headers.get_header("WARC-Target-URI") or where
            warc_date = (item.record.rec_headers.get_header("WARC-Date") or "")[:10] or None
            try:
                html = decode(item.payload, where, max_bytes)
                draft = draft_from_html(html, uri, where, published=warc_date or published, url=uri)
            except InputError as error:
                yield error
                continue
            draft.url = draft.url or uri
            yield draft


def _records(stream: BinaryIO, limit: int) -> Iterator[_Record]:
    """Every record of the archive in order, each read to its end and checked, until the first fatal damage."""
    records = ArchiveIterator(stream, check_digests=True)
    while True:
        start = records.offset  # the end of the last complete record: where the next one starts
        try:
            with _warcio_stderr() as complaints:
                record = next(records, None)
            if record is None:
                break
            with _warcio_stderr() as payload_complaints:
                payload = _html_payload(record, limit)
            with _warcio_stderr() as framing_complaints:
                offset = records.get_record_offset()  # reads the rest of the record and the blank lines after it
        except Exception as error:  # warcio raises several kinds on a damaged archive
            yield _Record(start, None, damage=f"{type(error).__name__}: {error}".strip())
            return
        said = _first_line(complaints + payload_complaints + framing_complaints)
        if complaints or framing_complaints or (damage := _cut_short(record) or _end_cut(records, record, offset)):
            yield _Record(offset, record, damage=said or damage)
            return
        if damage := said or _digest_failure(record):
            yield _Record(offset, record, damage=damage, fatal=False)
            continue
        yield _Record(offset, record, payload)
    if (left := _size(stream) - records.offset) > 0:
        yield _Record(records.offset, None, damage=f"the last {left:,} bytes are not a complete record (a cut file?)")


def _html_payload(record: ArcWarcRecord, limit: int) -> bytes | None:
    """The body of a 2xx text/html response, up to `limit` bytes; None for every other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    status = record.http_headers.get_statuscode() or ""
    if "html" not in content_type or not status.startswith("2"):
        return None
    return _read(record.content_stream(), limit)


def _read(stream: IO[bytes], limit: int) -> bytes:
    """Up to `limit` bytes (warcio's readers return short chunks, never more than asked)."""
    chunks, size = [], 0
    while size < limit and (chunk := stream.read(min(65536, limit - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _cut_short(record: ArcWarcRecord) -> str | None:
    if record.length is None:  # every WARC and ARC record states its length: its headers were cut
        return "the record's headers end before its length (a cut file?)"
    missing = getattr(record.raw_stream, "limit", 0)  # what the record's Content-Length promised and never came
    if missing > 0:
        return f"the record is cut short ({missing:,} of its {record.length:,} bytes are missing)"
    return None


def _end_cut(records: ArchiveIterator, record: ArcWarcRecord, offset: int) -> str | None:
    """Why a record whose bytes are all there still ends a cut archive, if it does.

    A cut inside a record's last bytes (its gzip member's checksum, or the two CRLFs that end a WARC
    record) leaves its data whole, but the archive cut and the records after it lost.
    """
    decompressor = getattr(records.reader, "decompressor", None)
    if decompressor is not None:
        return None if getattr(decompressor, "eof", True) else "its gzip member ends before its checksum (a cut file?)"
    ending = records.offset - offset - records.get_record_length()  # the blank lines read after the record
    if record.format == "warc" and records.next_line is None and ending < len(b"\r\n\r\n"):
        return "the file ends before the blank lines that close the record (a cut file?)"
    return None


def _digest_failure(record: ArcWarcRecord) -> str | None:
    # Only the block digest: it covers the record's bytes as stored. Payload digests are often computed
    # over a transfer-decoded body by crawlers, so a mismatch there is no sign of damage.
    checker = record.digest_checker
    problems = [p for p in checker.problems if p.startswith("block digest")] if checker.passed is False else []
    return f"its bytes do not match its digest ({problems[0]})" if problems else None


def _first_line(complaints: list[str]) -> str | None:
    lines = [line.strip() for text in complaints for line in text.splitlines() if line.strip()]
    return f"warcio: {lines[0].removeprefix('WARNING: ')}" if lines else None


def _size(stream: BinaryIO) -> int:
    return os.fstat(stream.fileno()).st_size


class _ThreadCapture(io.TextIOBase):
    """Stands in for sys.stderr: keeps what one thread writes, passes every other thread's output on."""

    def __init__(self, original: IO[str], thread: int) -> None:
        self.original, self.thread, self.kept = original, thread, []

    def write(self, text: str) -> int:
        if threading.get_ident() != self.thread:
            return self.original.write(text)
        self.kept.append(text)
        return len(text)

    def flush(self) -> None:
        self.original.flush()


@contextmanager
def _warcio_stderr() -> Iterator[list[str]]:
    """What warcio writes to standard error in this block (from this thread), kept instead of printed.

    warcio reports some damage only by writing to sys.stderr; a progress bar or another thread
    writing meanwhile is not caught, since only this thread's writes are kept.
    """
    original = sys.stderr
    capture = _ThreadCapture(original, threading.get_ident())
    sys.stderr = capture
    try:
        yield capture.kept
    finally:
        sys.stderr = original
