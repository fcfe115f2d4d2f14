"""Small hand-written inputs for the store tests: a feed, web pages, a web archive."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGE = """<!doctype html><html><head><title>{title}</title></head><body><nav>Home | News</nav>
<article><h1>{title}</h1>{paragraphs}</article><footer>Copyright</footer></body></html>"""

STORIES = [
    ("Harbour bridge to open in May",
     ["The new harbour bridge will open in May, the council said on Monday.",
      '"We are proud of the engineers who built it," said council leader Anna Berg.',
      "Anna Berg added that the old ferry would keep running until the summer."]),
    ("Library hours cut after budget vote",
     ["The city library will close on Sundays from next month after a budget vote.",
      '"This is a sad day for readers in this city," said librarian Tom Okafor.',
      "Tom Okafor said volunteers had offered to help keep the doors open."]),
]


def page(title: str, paragraphs: list[str]) -> str:
    return PAGE.format(title=title, paragraphs="".join(f"<p>{p}</p>" for p in paragraphs))


def write_feed(path: Path) -> Path:
    items = "".join(
        f"<item><title>{title}</title><link>https://example.org/{i}</link>"
        f"<pubDate>Mon, 0{i + 1} Dec 2024 10:00:00 GMT</pubDate>"
        f"<description><![CDATA[{''.join(f'<p>{p}</p>' for p in paragraphs)}]]></description></item>"
        for i, (title, paragraphs) in enumerate(STORIES))
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example Gazette</title>'
                    f"<link>https://example.org/</link><description>news</description>{items}</channel></rss>",
                    encoding="utf-8")
    return path


def write_warc(path: Path, *, corrupt_tail: bool = False) -> Path:
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for i, (title, paragraphs) in enumerate(STORIES):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://example.org/story-{i}", "response", payload=BytesIO(page(title, paragraphs).encode()),
                http_headers=headers, warc_headers_dict={"WARC-Date": f"2024-12-0{i + 1}T10:00:00Z"})
            writer.write_record(record)
        if corrupt_tail:
            stream.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n\x00\x13garbage")
    return path
