"""httpx's network layer, on aiohttp, with the address guard at resolution.

httpx stays the fetcher's client (requests, URLs, headers, timeouts); only the transport under it is
aiohttp's, whose HTTP parser is compiled: on the crawl benchmark's 91 KB pages from nginx on loopback a
request costs 0.47 ms of CPU through this transport and 1.4 ms through httpx's own (httpcore and h11,
pure Python), which made fetching the crawl's largest cost. httpx-aiohttp does the same, but maps a
refused connection and a reset to ConnectTimeout; the mapping here keeps each fault's kind, since the
user is told which it was.

The guard: every connection is refused when its host resolves to an address `reason` refuses. aiohttp
connects to the addresses its resolver returned, so the check and the connection see one resolution (no
DNS-rebinding gap between them); a host given as an address literal skips resolvers and is checked here.
TLS still verifies the certificate against the host name.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import ssl
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import aiohttp
import httpx
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.http_exceptions import HttpProcessingError
from yarl import URL

from monitor.fetch.guard import AddressReason, BlockedAddress

HEADER_LIMIT = 32 * 1024
"""Longest status line or header field accepted (aiohttp's default, 8 KB, refuses some sites' cookies)."""


class GuardedResolver(AbstractResolver):
    """The system resolver, refusing a host when any of its addresses is refused: a client could be
    steered to whichever one it tries."""

    def __init__(self, reason: AddressReason) -> None:
        self._reason = reason
        self._inner = aiohttp.ThreadedResolver()

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list:
        answers: list[ResolveResult] = await self._inner.resolve(host, port, family)
        for answer in answers:
            check(self._reason, host, answer["host"])
        return answers

    async def close(self) -> None:
        await self._inner.close()


def check(reason: AddressReason, host: str, address: str) -> None:
    """Raise BlockedAddress when `reason` refuses `address` (which `host` named or resolved to)."""
    why = reason(ipaddress.ip_address(address))
    if why:
        raise BlockedAddress(host, address, why)


class AiohttpTransport(httpx.AsyncBaseTransport):
    """Sends httpx's requests through one aiohttp session (its connection pool), made on first use, since
    aiohttp binds a session to the running event loop."""

    def __init__(self, reason: AddressReason, *, max_connections: int, ssl_context: ssl.SSLContext) -> None:
        self._reason = reason
        self._max_connections = max_connections
        self._ssl_context = ssl_context
        self._session: aiohttp.ClientSession | None = None

    def _open_session(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self._max_connections, ssl=self._ssl_context, resolver=GuardedResolver(self._reason)
        )
        session = aiohttp.ClientSession(
            connector=connector,
            auto_decompress=False,  # the body is decompressed under the size cap (monitor.fetch.body)
            cookie_jar=aiohttp.DummyCookieJar(),  # httpx keeps cookies, if anything does
            trust_env=False,  # a proxy from the environment would connect on our behalf, past the guard
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding"),  # httpx's are sent
            max_line_size=HEADER_LIMIT,
            max_field_size=HEADER_LIMIT,
        )
        # aiohttp silently sends a request again when a pooled connection breaks; the fetcher's retries
        # are the only ones, so that their count (bounded, reported to the user) is what the server saw.
        session._retry_connection = False
        return session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host = request.url.host
        if _is_address(host):
            check(self._reason, host, host)
        if self._session is None:
            self._session = self._open_session()
        timeout = request.extensions.get("timeout", {})
        with _as_httpx_errors(request):
            response = await self._session.request(
                request.method,
                URL(str(request.url), encoded=True),  # httpx has quoted it; quoting again would alter it
                headers=request.headers.multi_items(),
                data=request.content or None,
                allow_redirects=False,  # the fetcher checks each hop against robots.txt and the guard
                timeout=aiohttp.ClientTimeout(
                    total=None, sock_connect=timeout.get("connect"), sock_read=timeout.get("read")
                ),
            )
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_Body(response, request),
            request=request,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": (response.reason or "").encode()},
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


class _Body(httpx.AsyncByteStream):
    """The response body as it arrives; a body left unread closes its connection rather than pooling it."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _as_httpx_errors(self._request):
            async for chunk in self._response.content.iter_any():
                yield chunk

    async def aclose(self) -> None:
        if self._response.content.at_eof():
            self._response.release()
        else:
            self._response.close()


@functools.lru_cache(maxsize=1024)  # asked before every request; parsing an address is not free
def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _said(exc: BaseException) -> str:
    """The first line of aiohttp's message (the rest draws the bad bytes), in lower case."""
    for fault in (exc, exc.__cause__):
        message = getattr(fault, "message", None)
        if isinstance(message, str) and message.strip():
            line = message.strip().split("\n", 1)[0].rstrip(": ")
            return line[:1].lower() + line[1:]
    return str(exc)


@contextmanager
def _as_httpx_errors(request: httpx.Request) -> Iterator[None]:
    """aiohttp's faults as the httpx exceptions of the same kind, each with a one-line reason."""
    try:
        yield
    except aiohttp.ConnectionTimeoutError as exc:
        raise httpx.ConnectTimeout(str(exc), request=request) from exc
    except TimeoutError as exc:  # aiohttp's read timeouts are TimeoutErrors too
        raise httpx.ReadTimeout(str(exc), request=request) from exc
    except aiohttp.ClientConnectorCertificateError as exc:
        raise httpx.ConnectError(str(exc), request=request) from exc.certificate_error
    except aiohttp.ClientConnectorError as exc:
        raise httpx.ConnectError(str(exc.os_error) or str(exc), request=request) from exc
    except aiohttp.ServerDisconnectedError as exc:
        raise httpx.RemoteProtocolError("the server closed the connection", request=request) from exc
    except aiohttp.ClientPayloadError as exc:
        raise httpx.RemoteProtocolError(f"the body was cut off: {_said(exc)}", request=request) from exc
    except (aiohttp.ClientResponseError, HttpProcessingError) as exc:
        raise httpx.RemoteProtocolError(
            f"the server sent invalid HTTP: {_said(exc)}", request=request
        ) from exc
    except aiohttp.InvalidURL as exc:
        raise httpx.InvalidURL(str(exc)) from exc
    except (aiohttp.ClientError, OSError) as exc:
        raise httpx.ReadError(str(exc), request=request) from exc
