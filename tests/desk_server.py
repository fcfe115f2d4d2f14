"""A local web site for the desk's tests: feeds, pages, robots.txt and a webhook receiver on
127.0.0.1 (port 0, a thread), with a log of every request. Nothing leaves the machine."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape


@dataclass
class Resource:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    status: int


class Site:
    """Routes (path -> Resource, or a callable answering one), the request log and the webhook's posts."""

    def __init__(self) -> None:
        self.routes: dict[str, Resource | Callable[[], Resource]] = {}
        self.log: list[Request] = []
        self.posts: list[dict[str, object]] = []
        self.webhook_failures = 0  # the next N posts are answered 500
        self.lock = threading.Lock()
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path

    def gets(self, path: str) -> list[Request]:
        return [r for r in self.log if r.method == "GET" and r.path == path]

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        headers = {k.lower(): v for k, v in handler.headers.items()}
        if handler.command == "POST":
            length = int(headers.get("content-length", "0"))
            payload = handler.rfile.read(length)
            with self.lock:
                failing = self.webhook_failures > 0
                self.webhook_failures -= failing
                if not failing:
                    self.posts.append(json.loads(payload))
            self._send(handler, Resource(b"{}", "application/json", 500 if failing else 200), headers)
            return
        route = self.routes.get(path)
        resource = route() if callable(route) else route
        if resource is None:
            resource = Resource(b"not found", "text/plain", 404)
        self._send(handler, resource, headers)

    def _send(self, handler: BaseHTTPRequestHandler, resource: Resource, headers: dict[str, str]) -> None:
        status = resource.status
        if status == 200 and ((resource.etag and headers.get("if-none-match") == resource.etag) or (
                resource.last_modified and headers.get("if-modified-since") == resource.last_modified)):
            status = 304
        with self.lock:
            self.log.append(Request(handler.command, handler.path, headers, status))
        handler.send_response(status)
        for name, value in (("ETag", resource.etag), ("Last-Modified", resource.last_modified)):
            if value:
                handler.send_header(name, value)
        for name, value in resource.headers.items():
            handler.send_header(name, value)
        body = b"" if status == 304 else resource.body
        if status != 304:
            handler.send_header("Content-Type", resource.content_type)
            handler.send_header("Content-Length", str(len(body)))
        try:
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the timeout tests)


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.answer(self)

        def do_POST(self) -> None:
            site.answer(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def article_page(headline: str, text: str, published: str, site_name: str = "Desk Test News") -> Resource:
    """A news page: navigation, the article (headline, date, paragraphs) and a footer, as sites have."""
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n") if p.strip())
    html = (f"<!doctype html><html><head><title>{escape(headline)} | {escape(site_name)}</title>"
            f'<meta property="og:site_name" content="{escape(site_name)}">'
            f'<meta property="article:published_time" content="{published}"></head><body>'
            '<nav><a href="/">Home</a> <a href="/world">World</a></nav>'
            f"<article><h1>{escape(headline)}</h1><time datetime=\"{published}\">{published}</time>"
            f"{paragraphs}</article><footer>Copyright Desk Test News</footer></body></html>")
    return Resource(html.encode("utf-8"))


def rss(title: str, items: list[tuple[str, str, str]], etag: str | None = None) -> Resource:
    """An RSS 2.0 feed of (title, link, RFC 822 date) items."""
    entries = "".join(f"<item><title>{xml_escape(t)}</title><link>{xml_escape(link)}</link>"
                      f"<guid>{xml_escape(link)}</guid><pubDate>{date}</pubDate></item>" for t, link, date in items)
    body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{xml_escape(title)}</title>'
            f"<link>http://example.invalid/</link><description>test</description>{entries}</channel></rss>")
    return Resource(body.encode("utf-8"), "application/rss+xml", etag=etag)


def atom(title: str, items: list[tuple[str, str, str]], updated: float) -> Resource:
    """An Atom feed of (title, link, ISO date) items, with Last-Modified at `updated` (a timestamp)."""
    entries = "".join(f'<entry><title>{xml_escape(t)}</title><link href="{xml_escape(link)}"/>'
                      f"<id>tag:desk.test,2020:{xml_escape(link.rsplit('/', 1)[-1])}</id>"
                      f"<updated>{date}T12:00:00Z</updated></entry>" for t, link, date in items)
    body = (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{xml_escape(title)}</title><id>tag:desk.test,2020:feed</id>"
            f"<updated>2020-04-15T12:00:00Z</updated>{entries}</feed>")
    return Resource(body.encode("utf-8"), "application/atom+xml", last_modified=formatdate(updated, usegmt=True))


def wikinews(root: Path, prefix: str) -> dict[str, str]:
    """The bundled Wikinews article whose id starts with `prefix`."""
    for line in (root / "corpora" / "wikinews-2019-2020" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["id"].startswith("wikinews:" + prefix):
            return row
    raise KeyError(prefix)
