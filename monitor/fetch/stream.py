"""The network stream under httpx, with its socket looked up once.

Before each request httpcore asks every pooled connection whether its socket is readable (a server that
closed it), and AnyIO answers each question by building a dict of all the socket's attributes: a sixth of
the fetching CPU on a fast site (2,000 pages from nginx on loopback: 2.8 s -> 2.4 s).
"""

from __future__ import annotations

import select
import socket
import ssl
from typing import Any

from httpcore import AsyncNetworkStream


def socket_readable(sock: socket.socket | None) -> bool:
    """Whether `sock` has data (or an end of stream) waiting; a socket that is gone counts as readable,
    so that the pool drops its connection."""
    if sock is None or sock.fileno() < 0:
        return True
    poll = select.poll()
    poll.register(sock.fileno(), select.POLLIN)
    return bool(poll.poll(0))


class CachedSocketStream(AsyncNetworkStream):
    """Wraps a stream of httpcore's AnyIO backend, answering the readability check from its socket."""

    def __init__(self, inner: AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket: socket.socket | None = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> AsyncNetworkStream:
        return CachedSocketStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return socket_readable(self._socket)
        if info == "socket":
            return self._socket
        return self._inner.get_extra_info(info)
