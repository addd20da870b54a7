"""Reading a response body under a size cap that applies to the decompressed size.

httpx's `aiter_bytes` decompresses each network chunk whole: a 64 KB chunk of a gzip bomb expands to
about 64 MB before the caller can count it. Decompressing here with zlib's `max_length` instead never
produces more than one byte past the cap, so a bomb costs the cap, not the bomb.
"""

from __future__ import annotations

import zlib

import httpx

ACCEPT_ENCODING = "gzip, deflate"
"""The encodings we ask for, and so the only ones this module must undo."""


class BodyTooLarge(Exception):
    """The body passed the cap (announced by Content-Length, or counted while reading)."""


class UnreadableBody(Exception):
    """The body could not be decompressed, or came in an encoding we did not ask for."""


async def read_capped(response: httpx.Response, limit: int) -> bytes:
    """The decompressed body of a streamed `response`, stopping as soon as it passes `limit` bytes."""
    length = response.headers.get("content-length", "").strip()
    if length.isdigit() and int(length) > limit:
        raise BodyTooLarge(f"body larger than {limit:,} bytes (Content-Length: {int(length):,})")
    inflate = _Inflater(response.headers.get("content-encoding", ""))
    body = bytearray()
    async for chunk in response.aiter_raw():
        body += inflate.feed(chunk, limit + 1 - len(body))
        if len(body) > limit:
            raise BodyTooLarge(f"body larger than {limit:,} bytes")
    body += inflate.finish()
    if len(body) > limit:
        raise BodyTooLarge(f"body larger than {limit:,} bytes")
    return bytes(body)


class _Inflater:
    """Undoes one Content-Encoding (identity, gzip or deflate), bounded output per call."""

    def __init__(self, content_encoding: str) -> None:
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise UnreadableBody(f"unsupported Content-Encoding: {content_encoding}")
        self._coding = codings[0] if codings else None
        wbits = zlib.MAX_WBITS | 16 if self._coding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._zlib = zlib.decompressobj(wbits) if self._coding else None
        self._started = False

    def feed(self, chunk: bytes, max_length: int) -> bytes:
        if self._zlib is None:
            return chunk
        try:
            return self._decompress(chunk, max_length)
        except zlib.error as exc:
            raise UnreadableBody(f"cannot decompress the {self._coding} body: {exc}") from None

    def finish(self) -> bytes:
        if self._zlib is None:
            return b""
        try:
            return self._zlib.flush()
        except zlib.error as exc:
            raise UnreadableBody(f"cannot decompress the {self._coding} body: {exc}") from None

    def _decompress(self, chunk: bytes, max_length: int) -> bytes:
        assert self._zlib is not None
        if self._started or self._coding != "deflate":
            return self._zlib.decompress(chunk, max_length)
        self._started = True
        try:
            return self._zlib.decompress(chunk, max_length)
        except zlib.error:
            # "deflate" is meant to be zlib-wrapped, but many servers send raw deflate data.
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
            return self._zlib.decompress(chunk, max_length)
