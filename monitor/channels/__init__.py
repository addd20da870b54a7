"""Channels deliver a rendered digest: e-mail, webhook, files, Apprise. One module per kind, one function.

Every failure is a `DeliveryError` with a plain message: the delivery bookkeeping retries on it and never
has to know what an SMTP or HTTP error looks like.
"""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable, Mapping

from monitor.channels import apprise_channel, email, files, webhook
from monitor.channels.base import DeliveryError
from monitor.config import ChannelSettings
from monitor.digest import Digest, RenderedDigest

__all__ = ["DeliveryError", "deliver"]

Sender = Callable[[ChannelSettings, Digest, RenderedDigest, Mapping[str, str]], Awaitable[None]]

SENDERS: dict[str, Sender] = {
    "email": email.send,
    "webhook": webhook.send,
    "files": files.send,
    "apprise": apprise_channel.send,
}


async def deliver(
    channel: ChannelSettings,
    digest: Digest,
    rendered: RenderedDigest,
    env: Mapping[str, str] = os.environ,
) -> None:
    """Deliver one digest on one channel; raises DeliveryError, and only that, when it did not arrive."""
    try:
        await SENDERS[channel.kind](channel, digest, rendered, env)
    except DeliveryError:
        raise
    except Exception as exc:
        # Each channel maps the failures it knows; this keeps the promise for those it does not.
        raise DeliveryError(f"{channel.kind} channel failed: {type(exc).__name__}: {exc}") from exc
