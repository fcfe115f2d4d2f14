"""Bytes to text: encoding detection, binary and size checks."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..errors import InputError

# A text file has almost no control characters besides tab and line breaks.
_MAX_CONTROL_SHARE = 0.01
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample and not sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > _MAX_CONTROL_SHARE * max(1, len(sample))


def decode(data: bytes, origin: str, max_bytes: int) -> str:
    """The text of `data`: UTF-8 (with or without BOM) first, else the detected encoding.

    Raises InputError `too_large`, `empty`, `binary` or `unreadable`. Line endings become "\\n";
    nothing else is changed (curly quotes are data).
    """
    if len(data) > max_bytes:
        raise InputError("too_large", f"{len(data):,} bytes is over the limit of {max_bytes:,} bytes", origin)
    if not data.strip():
        raise InputError("empty", "the input is empty", origin)
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            break
    if text is None:
        if _looks_binary(data):
            raise InputError("binary", "this looks like a binary file, not text", origin)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            best = from_bytes(data).best()
            if best is None:
                raise InputError("unreadable", "the text encoding could not be recognised", origin) from None
            text = str(best)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("empty", "the input is empty", origin)
    return text
