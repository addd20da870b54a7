"""How the fetcher words what went wrong: an internal failure carrying its kind and retry advice, and
plain descriptions of httpx's faults (several of which have empty messages)."""

from __future__ import annotations

import ssl
from http import HTTPStatus

import httpx

from monitor.config import NetworkSettings
from monitor.fetch.errors import FetchErrorKind


class Failure(Exception):
    """A failed step inside the fetcher; `Fetcher.get` turns it into a FetchError for the URL asked for."""

    def __init__(
        self,
        kind: FetchErrorKind,
        message: str,
        status: int | None = None,
        *,
        retryable: bool = False,
        retry_after: float | None = None,
        detail: str = "",
    ) -> None:
        super().__init__(message)
        self.kind: FetchErrorKind = kind
        self.message = message
        self.detail = detail
        """Said last, in parentheses, after the number of attempts."""
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"{self.message} ({self.detail})" if self.detail else self.message


def timeout_detail(exc: httpx.TimeoutException, settings: NetworkSettings) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"could not connect within {settings.connect_timeout:g} s"
    if isinstance(exc, httpx.PoolTimeout):
        return "no free connection"
    return f"no data for {settings.read_timeout:g} s"


_CONNECTION_FAULTS = (
    (httpx.RemoteProtocolError, "the server broke off or sent invalid HTTP"),
    (httpx.ReadError, "the connection broke while reading"),
    (httpx.WriteError, "the connection broke while sending"),
    (httpx.ConnectError, "could not connect"),
)


def connection_detail(exc: Exception) -> str:
    """httpx's own message when it has one (some are empty), else what kind of fault it was."""
    if str(exc):
        return str(exc)
    return next((text for kind, text in _CONNECTION_FAULTS if isinstance(exc, kind)), type(exc).__name__)


def certificate_error(exc: BaseException) -> str | None:
    """The verification failure behind `exc` (httpx wraps it twice), or None."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ssl.SSLCertVerificationError):
            return cause.verify_message or str(cause)
        cause = cause.__cause__ or cause.__context__
    return None


def status_text(status: int) -> str:
    """'HTTP 503 Service Unavailable' (the standard phrase: servers' own phrases can say anything)."""
    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"
