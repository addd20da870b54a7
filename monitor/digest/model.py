"""What a digest holds and what rendering returns: plain data, no knowledge of the store."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True)
class DigestAlert:
    """One alert as a digest shows it. Every text field comes from article text: hostile until escaped."""

    id: int
    kind: str
    claim_id: str | None
    claim_statement: str | None
    outlet: str
    outlet_title: str
    url: str
    title: str
    evidence: str
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class Digest:
    """The alerts one channel receives at once; `id` is stable across retries of the same digest."""

    id: str
    channel: str
    story_title: str
    created_at: datetime
    alerts: tuple[DigestAlert, ...]


@dataclass(frozen=True)
class RenderedDigest:
    subject: str
    text: str
    markdown: str
    html: str
    payload: dict[str, Any]
    """JSON-serialisable: the digest as data, for webhooks."""


def utc(moment: datetime) -> datetime:
    """Aware UTC; a naive time is taken to be UTC already, which is how the store keeps times."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
