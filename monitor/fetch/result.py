"""What a fetch returns, and the fetcher's counters."""

from __future__ import annotations

import codecs
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from monitor.fetch.decoding import decode


@dataclass(frozen=True)
class FetchResult:
    """One fetched URL. `text` and `encoding` are decoded on first use, so that feeds and sitemaps,
    which are read as bytes, never pay for charset detection."""

    url: str
    """The final URL, after redirects."""
    status: int
    not_modified: bool
    """The server answered 304 to our conditional request: nothing changed, `body` is empty."""
    body: bytes
    """Decompressed."""
    content_type: str
    etag: str | None
    last_modified: str | None
    elapsed: float
    """Seconds from the call to the answer, waits for politeness and retries included."""
    attempts: int
    """Requests made for this URL (each redirect hop and each retry counts; robots.txt does not)."""

    @cached_property
    def _decoded(self) -> tuple[str, str | None]:
        return ("", None) if self.not_modified else decode(self.body, self.content_type)

    @property
    def text(self) -> str:
        """The body decoded with its charset (header, BOM, <meta>, XML declaration, then detection)."""
        return self._decoded[0]

    @property
    def encoding(self) -> str | None:
        """The Python codec `text` was decoded with; None for a 304."""
        return self._decoded[1]

    @property
    def utf8(self) -> bytes | None:
        """The body when it is `text` in UTF-8 byte for byte (no BOM, nothing undecodable), else None: a
        parser reading UTF-8 takes it as it is, and need not encode `text` back to the bytes it came from."""
        text, codec = self._decoded
        if codec != "utf-8" or self.body.startswith(codecs.BOM_UTF8) or "\ufffd" in text:
            return None
        return self.body


@dataclass
class FetchStats:
    """Counters over the fetcher's life, for logs, tests and benchmarks."""

    requests: Counter[str] = field(default_factory=Counter)
    """Requests sent per host (`scheme://host:port`), robots.txt included."""
    retries: int = 0
