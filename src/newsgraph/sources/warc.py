"""Web archives (WARC, WARC.gz; warcio): each HTML response becomes an article with its URL and date."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

from ..errors import InputError
from ..record import ArticleDraft
from .html import draft_from_html
from .text import decode

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _read(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes (warcio's readers return short chunks, never more than asked)."""
    chunks, size = [], 0
    while size < limit and (chunk := stream.read(min(65536, limit - size))):
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def drafts_from_warc(path: Path, max_bytes: int, published: str | None = None) -> Iterator[ArticleDraft | InputError]:
    """Drafts of the HTML responses in a web archive, in order.

    A record that cannot be read ends the file with one error naming its offset: the records
    before it are kept (a damaged gzip member or header leaves no reliable way to the next one).
    """
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = (record.http_headers.get_header("Content-Type") or "").lower()
                status = record.http_headers.get_statuscode() or ""
                if "html" not in content_type or not status.startswith("2"):
                    continue
                data = _read(record.content_stream(), max_bytes + 1)
                offset = records.get_record_offset()  # only once the record is read: it reads to its end
                uri = record.rec_headers.get_header("WARC-Target-URI") or f"{path.name}@{offset}"
                warc_date = (record.rec_headers.get_header("WARC-Date") or "")[:10] or None
                where = f"{path}@{offset}"
                try:
                    html = decode(data, where, max_bytes)
                    draft = draft_from_html(html, uri, where, published=warc_date or published, url=uri)
                except InputError as error:
                    yield error
                    continue
                draft.url = draft.url or uri
                yield draft
        except Exception as error:  # warcio raises several kinds on a damaged archive
            yield InputError("bad_warc", f"a damaged WARC record ({type(error).__name__}: {error}); "
                             "the records before it were read", str(path))
