"""What a fetched feed or sitemap lists: RSS and Atom (feedparser), XML sitemaps, sitemap indexes and
news sitemaps (lxml), and the feeds of an OPML file. Untrusted XML: no entities resolved, no network."""

from __future__ import annotations

import gzip
import io
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import feedparser
from lxml import etree

_SITEMAP_ROOTS = (b"<urlset", b"<sitemapindex")
_GZIP_MAGIC = b"\x1f\x8b"


class ListingError(Exception):
    """A feed or sitemap that cannot be read; `reason` is bad_feed or bad_opml (docs/desk.md)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, slots=True)
class Item:
    """One page a feed or sitemap lists."""

    key: str  # the guid (an Atom id, an RSS guid), else the link: what "seen" means
    url: str
    title: str | None = None
    published: str | None = None  # ISO date


@dataclass(slots=True)
class Listing:
    kind: str  # rss, atom, sitemap, sitemapindex
    title: str | None = None
    items: list[Item] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # a sitemap index's children


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                           recover=False)


def read_listing(body: bytes, url: str, max_bytes: int) -> Listing:
    """The items (or child sitemaps) in a feed or sitemap fetched from `url`; ListingError otherwise."""
    if body[:2] == _GZIP_MAGIC:  # sitemap.xml.gz
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as unzipped:
            body = unzipped.read(max_bytes + 1)
        if len(body) > max_bytes:
            raise ListingError("bad_feed", f"the unzipped sitemap is over {max_bytes:,} bytes")
    head = body[:4096].lower()
    if any(root in head for root in _SITEMAP_ROOTS):
        return _sitemap(body, url)
    return _feed(body, url)


def _iso(parsed: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", parsed) if parsed else None


def _feed(body: bytes, url: str) -> Listing:
    feed = feedparser.parse(body, response_headers={"content-location": url})
    # feedparser reads what it can of broken XML: a feed is refused only when nothing could be read.
    if (feed.get("bozo") and not feed.entries) or not feed.get("version"):
        problem = feed.get("bozo_exception")
        raise ListingError("bad_feed", "not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    kind = "atom" if str(feed.version).startswith("atom") else "rss"
    items = []
    for entry in feed.entries:
        link = entry.get("link")
        if not link:
            continue
        link = urljoin(url, str(link).strip())
        items.append(Item(key=str(entry.get("id") or link), url=link, title=entry.get("title") or None,
                          published=_iso(entry.get("published_parsed") or entry.get("updated_parsed"))))
    return Listing(kind, feed.feed.get("title") or None, items)


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child_text(element: etree._Element, *path: str) -> str | None:
    """The text of the first descendant along `path` (local names, any namespace)."""
    current = [element]
    for name in path:
        current = [child for parent in current for child in parent if _local(child.tag) == name]
    text = (current[0].text or "").strip() if current else ""
    return text or None


def _sitemap(body: bytes, url: str) -> Listing:
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as error:
        raise ListingError("bad_feed", f"not a well-formed sitemap ({error})") from None
    kind = _local(root.tag).lower()
    listing = Listing("sitemapindex" if kind == "sitemapindex" else "sitemap")
    for entry in root:
        location = _child_text(entry, "loc")
        if not location:
            continue
        location = urljoin(url, location)
        if listing.kind == "sitemapindex":
            listing.sitemaps.append(location)
            continue
        title = _child_text(entry, "news", "title")
        published = _child_text(entry, "news", "publication_date") or _child_text(entry, "lastmod")
        listing.items.append(Item(location, location, title, published[:10] if published else None))
    return listing


def opml_feeds(path: Path) -> list[str]:
    """The feed URLs (xmlUrl) an OPML file lists, outlines nested in folders included (checked by the caller)."""
    try:
        root = etree.fromstring(path.read_bytes(), _parser())
    except OSError as error:
        raise ListingError("bad_opml", f"{path}: {error.strerror or error}") from None
    except etree.XMLSyntaxError as error:
        raise ListingError("bad_opml", f"{path} is not well-formed XML ({error})") from None
    if _local(root.tag).lower() != "opml":
        raise ListingError("bad_opml", f"{path} is not an OPML file (its root is <{_local(root.tag)}>)")
    urls = []
    for outline in root.iter("{*}outline", "outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url and url not in urls:
            urls.append(url)
    return urls
