"""What every channel shares: its one error type, secrets from the environment, file-safe digest ids."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

TIMEOUT = 30.0
"""Seconds a channel may wait on its server for any one step before the delivery counts as failed."""

_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


class DeliveryError(Exception):
    """A digest could not be delivered; the message says where and why, for the log and the CLI."""


def secret(env: Mapping[str, str], variable: str) -> str:
    """The value of an environment variable that a channel's config names, or a DeliveryError naming it."""
    value = env.get(variable)
    if not value:
        raise DeliveryError(f"environment variable {variable} is not set")
    return value


def safe_id(digest_id: str) -> str:
    """The digest id when it is safe as a file name and a Message-ID part; otherwise a digest of it, so the
    same id always gives the same name and no id can reach outside a directory."""
    if _SAFE_ID.fullmatch(digest_id) and ".." not in digest_id:
        return digest_id
    return hashlib.sha256(digest_id.encode()).hexdigest()[:32]


def where(url: str) -> str:
    """Scheme, host and port of a URL, for messages: paths and queries of webhooks often hold tokens."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
