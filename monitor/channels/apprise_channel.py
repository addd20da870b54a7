"""Apprise channel: the Markdown digest sent to every Apprise URL (Slack, Telegram, Matrix, ntfy, ...)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping

from monitor.channels.base import DeliveryError, secret
from monitor.config import ChannelSettings
from monitor.digest import Digest, RenderedDigest


def urls(value: str) -> list[str]:
    """Apprise URLs from an environment variable: separated by whitespace or commas."""
    return [url for url in re.split(r"[\s,]+", value) if url]


async def send(
    channel: ChannelSettings, digest: Digest, rendered: RenderedDigest, env: Mapping[str, str]
) -> None:
    import apprise  # loads all its plugins (~0.2 s): only a configured Apprise channel pays for that

    variable = channel.urls_env or ""
    targets = urls(secret(env, variable))
    notifier = apprise.Apprise()
    for number, url in enumerate(targets, start=1):
        if not notifier.add(url):
            # The URL itself is not shown: Apprise URLs carry tokens and passwords.
            scheme = url.partition("://")[0] if "://" in url else "none"
            raise DeliveryError(f"{variable}: URL #{number} (scheme {scheme!r}) is not one Apprise knows")
    # Apprise's notify blocks on its HTTP calls: a thread keeps the daemon's loop free.
    delivered = await asyncio.to_thread(
        notifier.notify,
        body=rendered.markdown,
        title=rendered.subject,
        body_format=apprise.NotifyFormat.MARKDOWN,
    )
    if not delivered:
        raise DeliveryError(
            f"Apprise could not deliver to every URL in {variable} (its log lines above say which and why)"
        )
