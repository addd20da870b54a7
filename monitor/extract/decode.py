"""Bytes to text: the page's own declaration first, then detection, never an exception."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Browsers read these labels as windows-1252, and so do the pages that declare them.
_AS_WINDOWS_1252 = {"iso8859-1", "ascii"}
_SNIFF_BYTES = 64 * 1024


def decode_html(data: bytes) -> str:
    """The page as text: BOM, then `<meta charset>`, then strict UTF-8, then charset detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = _declared_encoding(data[:4096])
    if declared:
        return data.decode(declared, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode(_detected_encoding(data[:_SNIFF_BYTES]), errors="replace")


def _detected_encoding(sample: bytes) -> str:
    """charset-normalizer's pick; among equally plausible ones, windows-1252, as browsers default to it."""
    matches = list(from_bytes(sample))
    if not matches:
        return "cp1252"
    best = matches[0]
    tied = [
        match.encoding for match in matches if (match.chaos, match.coherence) == (best.chaos, best.coherence)
    ]
    return "cp1252" if "cp1252" in tied else best.encoding


def _declared_encoding(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # A page served as UTF-16 was already handled by its BOM; a declared UTF-16 in ASCII bytes is a lie.
    if name.startswith("utf-16"):
        return None
    return "cp1252" if name in _AS_WINDOWS_1252 else name
