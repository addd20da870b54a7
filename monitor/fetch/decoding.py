"""Bytes to text the way a browser would: BOM, then the Content-Type charset, then a charset declared in
the document (<meta> or the XML declaration of a feed), then UTF-8 if the bytes are valid UTF-8, then
statistical detection. The BOM comes first because it cannot lie, as in the WHATWG encoding standard.

Labels are mapped as browsers map them: a page labelled iso-8859-1 or us-ascii is decoded as
windows-1252, whose curly quotes, dashes and euro sign sit where latin-1 has control characters. Sites
label cp1252 text as latin-1 all the time; decoding it as latin-1 would garble every quotation.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

PRESCAN_BYTES = 4096
"""How far into the document a <meta> charset is looked for (browsers look at 1024; some pages are late)."""

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([^"';,\s]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:+-]+)""", re.IGNORECASE)

# Python codec name -> the codec a browser uses for that label (WHATWG encoding standard, "labels").
_BROWSER_CODEC = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
}


def decode(body: bytes, content_type: str = "") -> tuple[str, str]:
    """(text, codec name). Never raises: bytes that do not fit the chosen codec become U+FFFD."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace"), codec
    codec = _from_header(content_type) or _from_document(body[:PRESCAN_BYTES])
    if codec is None:
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            codec = _detect(body)
    return body.decode(codec, errors="replace"), codec


def browser_codec(label: str) -> str | None:
    """The Python codec a browser would use for a charset label, or None for an unknown label."""
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return _BROWSER_CODEC.get(name, name)


def _from_header(content_type: str) -> str | None:
    match = _HEADER_CHARSET.search(content_type)
    return browser_codec(match.group(1)) if match else None


def _from_document(head: bytes) -> str | None:
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if not match:
        return None
    codec = browser_codec(match.group(1).decode("ascii"))
    # A document that can be read as ASCII to find this label is not UTF-16, whatever it says.
    return "utf-8" if codec and codec.startswith("utf-16") else codec


def _detect(body: bytes) -> str:
    """Statistical detection. Ties (cp1250 and cp1252 often score alike on Western text) go to
    windows-1252, the most common legacy encoding on the web and browsers' default for Western pages,
    which is also the answer when detection finds nothing."""
    matches = from_bytes(body)
    best = matches.best()
    if best is None:
        return "cp1252"
    tied = {
        browser_codec(m.encoding) for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)
    }
    return "cp1252" if "cp1252" in tied else browser_codec(best.encoding) or "cp1252"
