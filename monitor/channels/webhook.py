"""Webhook channel: the digest's JSON payload POSTed to a URL, signed (HMAC-SHA256) when a secret is set."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping

import httpx

from monitor.channels.base import TIMEOUT, DeliveryError, safe_id, secret, where
from monitor.config import ChannelSettings
from monitor.digest import Digest, RenderedDigest

SIGNATURE_HEADER = "X-Monitor-Signature"
DIGEST_ID_HEADER = "X-Monitor-Digest-Id"


def signature(body: bytes, key: str) -> str:
    """`sha256=<hex>`: HMAC-SHA256 of the exact body bytes, as the receiver recomputes it."""
    return "sha256=" + hmac.new(key.encode(), body, hashlib.sha256).hexdigest()


async def send(
    channel: ChannelSettings, digest: Digest, rendered: RenderedDigest, env: Mapping[str, str]
) -> None:
    url = channel.url or ""
    if not url.lower().startswith(("http://", "https://")):
        raise DeliveryError(f"the webhook url must be http(s), got {where(url)!r}")
    body = json.dumps(rendered.payload, ensure_ascii=False, separators=(",", ":")).encode()
    headers = {"Content-Type": "application/json; charset=utf-8", DIGEST_ID_HEADER: safe_id(digest.id)}
    if channel.secret_env:
        headers[SIGNATURE_HEADER] = signature(body, secret(env, channel.secret_env))
    try:
        # Redirects are not followed: a POST that moved is a configuration to fix, not to guess.
        async with httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False) as client:
            response = await client.post(url, content=body, headers=headers)
    except httpx.TimeoutException:
        raise DeliveryError(f"{where(url)} did not answer within {TIMEOUT:.0f} s") from None
    except httpx.HTTPError as exc:
        raise DeliveryError(f"{where(url)}: {exc or type(exc).__name__}") from None
    if not response.is_success:
        raise DeliveryError(f"{where(url)} answered {response.status_code} {response.reason_phrase}")
