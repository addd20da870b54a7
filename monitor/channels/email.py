"""E-mail channel: one multipart (text and HTML) message per digest, over SMTP with aiosmtplib."""

from __future__ import annotations

import ssl
from collections.abc import Mapping
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import aiosmtplib

from monitor.channels.base import TIMEOUT, DeliveryError, safe_id, secret
from monitor.config import ChannelSettings
from monitor.digest import Digest, RenderedDigest, utc

DEFAULT_PORTS = {"none": 25, "starttls": 587, "tls": 465}

# Headers folded only past the RFC 5322 hard limit: Python folds a subject before an encoded word (any
# non-ASCII character) leaving a space on each side of the fold, which clients show as a double space.
WIRE = policy.SMTP.clone(max_line_length=998)


def message(channel: ChannelSettings, digest: Digest, rendered: RenderedDigest) -> EmailMessage:
    """The message for a digest. Its Message-ID comes from the digest id, so a digest sent again after a
    crash is the same message to the receiver, which can drop the duplicate."""
    sender = channel.sender or ""
    mail = EmailMessage()
    mail["Subject"] = rendered.subject
    mail["From"] = sender
    mail["To"] = ", ".join(channel.to)
    mail["Date"] = format_datetime(utc(digest.created_at))
    domain = parseaddr(sender)[1].rpartition("@")[2] or "monitor.invalid"
    mail["Message-ID"] = f"<digest-{safe_id(digest.id)}.{channel.name}@{domain}>"
    mail["X-Monitor-Digest-Id"] = safe_id(digest.id)
    mail.set_content(rendered.text)
    mail.add_alternative(rendered.html, subtype="html")
    return mail


async def send(
    channel: ChannelSettings, digest: Digest, rendered: RenderedDigest, env: Mapping[str, str]
) -> None:
    host = channel.smtp_host or ""
    port = channel.smtp_port or DEFAULT_PORTS[channel.security]
    password = secret(env, channel.password_env) if channel.password_env else None
    if password is not None and not channel.username:
        raise DeliveryError("password_env is set but username is not")
    try:
        mail = message(channel, digest, rendered)
    except ValueError as exc:  # a sender or recipient the e-mail library cannot put in a header
        raise DeliveryError(f"cannot build the message: {exc}") from None
    try:
        await aiosmtplib.send(
            mail.as_bytes(policy=WIRE),
            sender=parseaddr(channel.sender or "")[1],
            recipients=list(channel.to),
            hostname=host,
            port=port,
            username=channel.username if password is not None else None,
            password=password,
            use_tls=channel.security == "tls",
            start_tls=channel.security == "starttls",
            timeout=TIMEOUT,
        )
    except aiosmtplib.SMTPConnectTimeoutError:
        raise DeliveryError(f"{host}:{port} did not answer within {TIMEOUT:.0f} s") from None
    except aiosmtplib.SMTPConnectError as exc:
        if isinstance(exc.__cause__, ConnectionRefusedError):
            raise DeliveryError(f"{host}:{port} refused the connection") from None
        raise DeliveryError(f"cannot connect to {host}:{port} ({exc.__cause__ or exc.message})") from None
    except aiosmtplib.SMTPTimeoutError:
        raise DeliveryError(f"{host}:{port} stopped answering (timeout {TIMEOUT:.0f} s)") from None
    except aiosmtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(
            f"{host}:{port} rejected the login of {channel.username} ({exc.message})"
        ) from None
    except aiosmtplib.SMTPRecipientsRefused as exc:
        refused = ", ".join(r.recipient for r in exc.recipients)
        raise DeliveryError(f"{host}:{port} refused the recipients {refused}") from None
    except aiosmtplib.SMTPResponseException as exc:
        raise DeliveryError(f"{host}:{port} answered {exc.code} {exc.message}") from None
    except (aiosmtplib.SMTPException, ssl.SSLError, OSError) as exc:
        raise DeliveryError(f"{host}:{port}: {exc}") from None
