"""Which stored URLs may become links: absolute http and https URLs only; anything else stays text.

An article's URL comes from a JSON line or a feed's <link> and is untrusted: `javascript:`,
`data:` and `vbscript:` run in the reader's browser, and browsers forgive much (any case, leading
control characters, tabs or newlines inside the scheme), so the test is what the URL is, not what it
is not.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\s]")


def http_url(value: object) -> str | None:
    """`value` (stripped of surrounding spaces) when it is an absolute http(s) URL with a host, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip(" ")
    if _CONTROL_OR_SPACE.search(url) or "\\" in url:
        return None
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.hostname else None
