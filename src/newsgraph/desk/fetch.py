"""The desk's network code, the only place newsgraph fetches from the network: polite HTTP GETs.

Polite means: a User-Agent naming newsgraph, its version and where to read about it; robots.txt
obeyed (its Crawl-delay too) for every URL, feeds included; a delay between two requests to the
same host; conditional GETs with the validators the caller keeps; timeouts; retries with
exponential backoff on what may pass (5xx, timeouts, a dropped connection), never on a 4xx.
Only http(s) URLs are fetched, redirects included, and no body is read past a size limit.
"""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, metadata
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__


def _project_url() -> str | None:
    """The home page the installed package declares (pyproject's [project.urls]), if it declares one:
    a User-Agent's link must be real, so none is made up."""
    try:
        meta = metadata("newsgraph")
    except PackageNotFoundError:
        return None
    declared = [value.split(",", 1)[-1].strip() for value in meta.get_all("Project-URL") or []]
    return next((url for url in [*declared, meta.get("Home-page")] if url and url.startswith("https://")), None)


PROJECT_URL = _project_url()
USER_AGENT = f"newsgraph/{__version__}" + (f" (+{PROJECT_URL})" if PROJECT_URL else "")
ROBOTS_AGENT = "newsgraph"  # the token robots.txt rules name
MAX_REDIRECTS = 5
MAX_RETRY_AFTER_SECONDS = 120.0
_PERMANENT = frozenset({301, 308})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class Stopped(Exception):
    """A stop was asked for (Ctrl-C, SIGTERM) while waiting: the caller ends between two steps."""


class FetchError(Exception):
    """A URL that could not be fetched; `reason` is a stable code (docs/desk.md), `transient` when a
    later try may succeed (5xx, timeout, unreachable, 429)."""

    def __init__(self, reason: str, message: str, url: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.url = url
        self.transient = transient

    def __str__(self) -> str:
        return f"{self.url}: {self.message} [{self.reason}]"

    def __reduce__(self) -> tuple[object, ...]:
        return _rebuilt, (self.reason, self.message, self.url, self.transient)


def _rebuilt(reason: str, message: str, url: str, transient: bool) -> FetchError:
    return FetchError(reason, message, url, transient=transient)


@dataclass(frozen=True, slots=True)
class Politeness:
    """How the desk treats the sites it polls (`newsgraph watch` options)."""

    delay_per_host: float = 2.0  # seconds between two requests to one host (robots.txt may ask more)
    timeout: float = 20.0  # seconds to connect, and between two reads
    retries: int = 2  # further tries after a 5xx, a timeout or a dropped connection
    backoff: float = 1.0  # seconds before the first retry; doubled for each next one
    max_bytes: int = 5_000_000  # a body larger than this is refused (too_large)
    contact: str | None = None  # the operator's address or page, added to the User-Agent

    @property
    def user_agent(self) -> str:
        if not self.contact:
            return USER_AGENT
        return f"{USER_AGENT[:-1]}; {self.contact})" if PROJECT_URL else f"{USER_AGENT} (+{self.contact})"


@dataclass(frozen=True, slots=True)
class _Answer:
    """One HTTP answer, its body read (within the limit)."""

    status_code: int
    headers: httpx.Headers
    content: bytes


@dataclass(slots=True)
class Fetched:
    """One response: 200 with its body, or 304 (not modified, no body)."""

    url: str  # where the body came from, after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None  # the requested URL moved for good (301/308 as the first hop)


def is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def site_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass
class Fetcher:
    """Polite GETs through one HTTP client; `stop` (set by a signal handler) ends any wait at once."""

    politeness: Politeness = field(default_factory=Politeness)
    stop: threading.Event = field(default_factory=threading.Event)
    _client: httpx.Client | None = None
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)
    _robots_failures: dict[str, FetchError] = field(default_factory=dict)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            # No environment proxies or netrc: the desk fetches only what the user listed, as listed.
            self._client = httpx.Client(follow_redirects=False, trust_env=False,
                                        timeout=httpx.Timeout(self.politeness.timeout),
                                        headers={"User-Agent": self.politeness.user_agent})
        return self._client

    def new_cycle(self) -> None:
        """Forget the robots.txt files read: each poll cycle reads them again (they change)."""
        self._robots.clear()
        self._robots_failures.clear()

    def get(self, url: str, validators: Mapping[str, str | None] | None = None, *,
            accept: str = "*/*") -> Fetched:
        """GET `url` politely, following up to MAX_REDIRECTS http(s) redirects; `validators` (etag,
        last_modified) make it conditional. Raises FetchError, or Stopped when a stop is asked."""
        headers = {"Accept": accept}
        if validators and validators.get("etag"):
            headers["If-None-Match"] = str(validators["etag"])
        if validators and validators.get("last_modified"):
            headers["If-Modified-Since"] = str(validators["last_modified"])
        moved_to = None
        current = url
        for hop in range(MAX_REDIRECTS + 1):
            if not is_http_url(current):
                raise FetchError("not_http", "only http and https URLs are fetched", current)
            self._check_robots(current)
            response = self._get_with_retries(current, headers)
            if response.status_code not in _REDIRECTS:
                return self._result(current, response, moved_to)
            location = response.headers.get("Location")
            if not location:
                raise FetchError("bad_redirect", f"HTTP {response.status_code} without a Location", current)
            target = urljoin(current, location)
            if hop == 0 and response.status_code in _PERMANENT:
                moved_to = target
            current = target
        raise FetchError("too_many_redirects", f"more than {MAX_REDIRECTS} redirects", url)

    def _result(self, url: str, response: _Answer, moved_to: str | None) -> Fetched:
        status = response.status_code
        if status == 304:
            return Fetched(url, status, moved_to=moved_to, etag=response.headers.get("ETag"),
                           last_modified=response.headers.get("Last-Modified"))
        if status >= 400:
            transient = status >= 500 or status == 429
            raise FetchError("server_error" if status >= 500 else f"http_{status}", f"HTTP {status}", url,
                             transient=transient)
        return Fetched(url, status, response.content, response.headers.get("Content-Type", ""),
                       response.headers.get("ETag"), response.headers.get("Last-Modified"), moved_to)

    def _get_with_retries(self, url: str, headers: Mapping[str, str]) -> _Answer:
        attempt = 0
        while True:
            self._wait_for_host(url)
            try:
                response = self._read(url, headers)
                if response.status_code < 500 or attempt >= self.politeness.retries:
                    return response
                wait = _retry_after(response) or self.politeness.backoff * 2 ** attempt
            except httpx.TimeoutException:
                if attempt >= self.politeness.retries:
                    raise FetchError("timeout", f"no answer within {self.politeness.timeout:g} s", url,
                                     transient=True) from None
                wait = self.politeness.backoff * 2 ** attempt
            except httpx.TransportError as error:
                if attempt >= self.politeness.retries:
                    raise FetchError("unreachable", f"cannot connect ({type(error).__name__})", url,
                                     transient=True) from None
                wait = self.politeness.backoff * 2 ** attempt
            attempt += 1
            self._sleep(min(wait, MAX_RETRY_AFTER_SECONDS))

    def _read(self, url: str, headers: Mapping[str, str]) -> _Answer:
        """The answer with its body read, refusing more than max_bytes (a huge page is no article)."""
        limit = self.politeness.max_bytes
        with self.client.stream("GET", url, headers=dict(headers)) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise FetchError("too_large", f"{int(declared):,} bytes is over the limit of {limit:,}", url)
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError("too_large", f"over the limit of {limit:,} bytes", url)
                chunks.append(chunk)
            return _Answer(response.status_code, response.headers, b"".join(chunks))

    def _wait_for_host(self, url: str) -> None:
        site = site_of(url)
        delay = self.politeness.delay_per_host
        robots = self._robots.get(site)
        crawl_delay = robots.crawl_delay(ROBOTS_AGENT) if robots is not None else None
        if crawl_delay:
            delay = max(delay, float(crawl_delay))
        last = self._last_request.get(site)
        if last is not None:
            self._sleep(last + delay - time.monotonic())
        self._last_request[site] = time.monotonic()

    def _sleep(self, seconds: float) -> None:
        if self.stop.is_set() or (seconds > 0 and self.stop.wait(seconds)):
            raise Stopped

    def _check_robots(self, url: str) -> None:
        site = site_of(url)
        robots = self._robots.get(site)
        if robots is None:
            # Allowed while its own robots.txt is read (through get, which checks robots first).
            self._robots[site] = _allowing_all(site)
            robots = self._robots[site] = self._read_robots(site)
        failure = self._robots_failures.get(site)
        if failure is not None:
            raise FetchError(failure.reason, f"its robots.txt cannot be read ({failure.message}): nothing is "
                             "fetched from the site until it can", url, transient=True)
        if not robots.can_fetch(ROBOTS_AGENT, url):
            raise FetchError("robots", "robots.txt disallows it for newsgraph", url)

    def _read_robots(self, site: str) -> urllib.robotparser.RobotFileParser:
        """The site's robots.txt (RFC 9309): a 4xx means no rules; a 5xx or no answer means stay out."""
        robots = urllib.robotparser.RobotFileParser(site + "/robots.txt")
        try:
            fetched = self.get(site + "/robots.txt", accept="text/plain")
        except FetchError as error:
            if error.reason.startswith("http_"):
                robots.allow_all = True
            else:
                robots.disallow_all = True
                self._robots_failures[site] = error
            return robots
        robots.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return robots


def _allowing_all(site: str) -> urllib.robotparser.RobotFileParser:
    robots = urllib.robotparser.RobotFileParser(site + "/robots.txt")
    robots.allow_all = True
    return robots


def _retry_after(response: _Answer) -> float | None:
    """Seconds a 503's Retry-After asks for (a number or an HTTP date), when it gives any."""
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def post_json(url: str, payload: bytes, *, timeout: float, headers: Mapping[str, str] | None = None) -> None:
    """POST a JSON body to an alert's webhook; FetchError unless it answers 2xx. No redirect is
    followed (a webhook that moved is to be corrected), and only http(s) URLs are posted to."""
    if not is_http_url(url):
        raise FetchError("not_http", "only http and https webhooks are posted to", url)
    try:
        with httpx.Client(trust_env=False, timeout=httpx.Timeout(timeout), follow_redirects=False) as client:
            response = client.post(url, content=payload, headers={
                "User-Agent": USER_AGENT, "Content-Type": "application/json", **(headers or {})})
    except httpx.TimeoutException:
        raise FetchError("timeout", f"no answer within {timeout:g} s", url, transient=True) from None
    except httpx.TransportError as error:
        raise FetchError("unreachable", f"cannot connect ({type(error).__name__})", url, transient=True) from None
    if not 200 <= response.status_code < 300:
        raise FetchError("server_error" if response.status_code >= 500 else f"http_{response.status_code}",
                         f"HTTP {response.status_code}", url, transient=True)
