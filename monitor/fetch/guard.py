"""The address guard: the monitor follows links that outlets publish, so a hostile feed could point it at
the machine's own services (cloud metadata at 169.254.169.254, an admin page on localhost). Unless
private addresses are allowed, every connection is refused when its host resolves to a non-public address.

What is refused is decided here; the check itself runs in the transport (monitor.fetch.transport), on
the very addresses a connection is then opened to.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressReason = Callable[[IPAddress], str | None]
"""Why an address may not be contacted, or None when it may."""

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
