"""The address guard: the monitor follows links that outlets publish, so a hostile feed could point it at
the machine's own services (cloud metadata at 169.254.169.254, an admin page on localhost). Unless
private addresses are allowed, every connection is refused when its host resolves to a non-public address.

The check lives in the network backend under httpx, at the moment a connection is opened, and the socket
is then opened to the very address that was checked. Checking the host name first and letting httpx
resolve it again would leave a DNS-rebinding gap (a name that answers a public address to the check and
a private one to the connection); here there is a single resolution. TLS still verifies the certificate
against the host name, since httpcore passes the name, not the address, to the TLS layer.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable, Iterable

import httpcore
from httpcore import AnyIOBackend, AsyncNetworkBackend, AsyncNetworkStream

from monitor.fetch.stream import CachedSocketStream

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Most specific first: 169.254.0.0/16 is also "private" to the ipaddress module, but "link-local" says more.
_REASONS = (
    ("is_loopback", "loopback"),
    ("is_link_local", "link-local"),
    ("is_multicast", "multicast"),
    ("is_unspecified", "unspecified"),
    ("is_reserved", "reserved"),
    ("is_private", "private"),
)


class BlockedAddress(Exception):
    """A host that resolves to an address the guard refuses."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(f"refused: {host} resolves to {reason} address {address}")
        self.host = host
        self.address = address


def blocked_reason(address: IPAddress) -> str | None:
    """Why `address` may not be contacted ('loopback', 'private', ...), or None for a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:10.0.0.1 reaches 10.0.0.1
    for attribute, reason in _REASONS:
        if getattr(address, attribute):
            return reason
    # Shared address space (100.64/10, carrier NAT) and the like are none of the above but not public.
    return None if address.is_global else "non-public"


def no_reason(address: IPAddress) -> None:
    """Every address may be contacted (`allow_private_addresses`)."""
    return None


class GuardedBackend(AsyncNetworkBackend):
    """httpcore network backend that resolves each host once, refuses it if any of its addresses is
    refused by `reason` (by default: not public), and connects to the checked addresses only."""

    def __init__(self, reason: Callable[[IPAddress], str | None] = blocked_reason) -> None:
        self._reason = reason
        self._inner = AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        addresses = await _resolve(host, port, timeout)
        for address in addresses:
            reason = self._reason(ipaddress.ip_address(address))
            if reason:
                # Any bad address refuses the host: a client could be steered to whichever one it tries.
                raise BlockedAddress(host, address, reason)
        last_error: Exception | None = None
        for address in addresses:
            try:
                stream = await self._inner.connect_tcp(
                    address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
                )
                return CachedSocketStream(stream)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
        assert last_error is not None  # _resolve never returns an empty list
        raise last_error

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> AsyncNetworkStream:
        raise httpcore.ConnectError("unix sockets are not used by the monitor")

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def _resolve(host: str, port: int, timeout: float | None) -> list[str]:
    """The host's addresses, in the resolver's order, without duplicates."""
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(timeout):
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except TimeoutError:
        raise httpcore.ConnectTimeout(f"resolving {host} timed out") from None
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise httpcore.ConnectError(f"cannot resolve {host}: {reason}") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not addresses:
        raise httpcore.ConnectError(f"cannot resolve {host}: no address")
    return addresses
