"""The one exception the fetcher raises: what failed, for which URL, in words a user can act on."""

from __future__ import annotations

from typing import Literal

FetchErrorKind = Literal[
    "robots", "blocked-address", "timeout", "connection", "http", "too-large", "redirects", "invalid-url"
]


class FetchError(Exception):
    """A URL that could not be fetched. `str(error)` is a plain one-line message; `kind` says which rule
    or fault stopped it; `status` is the last HTTP status when there was one."""

    def __init__(self, url: str, kind: FetchErrorKind, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.kind: FetchErrorKind = kind
        self.status = status
