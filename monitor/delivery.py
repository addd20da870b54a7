"""Digests through channels, with the bookkeeping that makes delivery exactly-once per channel.

An alert joins a digest when the digest is built: the digest row and the alerts' `Delivery` rows are written
in one transaction, before anything is sent. Sending then only flips the digest to `sent`. A crash between
the two leaves the digest `pending`, and the next attempt sends the same digest with the same id (receivers
can drop the duplicate); no alert is lost and none joins a second digest of that channel.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from monitor.channels import DeliveryError, deliver
from monitor.config import ChannelSettings, Settings
from monitor.digest import Digest, DigestAlert, RenderedDigest, render
from monitor.models import Alert, Delivery, Outlet, utcnow
from monitor.models import Digest as DigestRow

log = logging.getLogger("monitor.delivery")

RETRY_BACKOFF = (60.0, 300.0, 900.0, 3600.0)
"""Seconds before retrying a digest that failed to send, by attempt; the last one repeats."""


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt on one channel did, phrased for the log and the CLI."""

    channel: str
    digest_id: str | None
    alerts: int
    sent: bool
    error: str | None = None

    def describe(self) -> str:
        if self.digest_id is None:
            return f"{self.channel}: nothing new to send"
        if self.sent:
            return f"{self.channel}: sent digest {self.digest_id} ({self.alerts} alerts)"
        return f"{self.channel}: digest {self.digest_id} not sent ({self.error}); it will be retried"


@dataclass(frozen=True)
class StoryLabels:
    """What a digest says of the story: its title and each claim's statement."""

    title: str = ""
    statements: Mapping[str, str] = field(default_factory=dict)


def undelivered(session: Session, channel: ChannelSettings) -> list[Alert]:
    """The channel's alerts that are in none of its digests yet, most severe first."""
    delivered = select(Delivery.alert_id).where(Delivery.channel == channel.name)
    query = select(Alert).where(col(Alert.kind).in_(channel.kinds), col(Alert.id).not_in(delivered))
    if channel.outlets:
        query = query.where(col(Alert.outlet).in_(channel.outlets))
    return list(session.exec(query.order_by(col(Alert.severity), col(Alert.id))))


def _digest(session: Session, row: DigestRow, alerts: list[Alert], story: StoryLabels) -> Digest:
    titles = {o.name: o.title for o in session.exec(select(Outlet))}
    return Digest(
        id=row.id,
        channel=row.channel,
        story_title=story.title,
        created_at=row.created_at,
        alerts=tuple(
            DigestAlert(
                id=a.id,
                kind=a.kind,
                claim_id=a.claim_id,
                claim_statement=story.statements.get(a.claim_id) if a.claim_id else None,
                outlet=a.outlet,
                outlet_title=titles.get(a.outlet, a.outlet),
                url=a.url,
                title=a.title,
                evidence=a.evidence,
                reason=a.reason,
                created_at=a.created_at,
            )
            for a in alerts
        ),
    )


def preview(engine: Engine, channel: ChannelSettings, story: StoryLabels) -> RenderedDigest | None:
    """The digest the channel would get now, rendered, with nothing recorded; None when nothing is new."""
    with Session(engine) as session:
        alerts = undelivered(session, channel)
        if not alerts:
            return None
        row = DigestRow(id="preview", channel=channel.name, created_at=utcnow())
        return render(_digest(session, row, alerts, story))


def _pending(session: Session, channel: str) -> DigestRow | None:
    return session.exec(
        select(DigestRow)
        .where(DigestRow.channel == channel, DigestRow.status == "pending")
        .order_by(col(DigestRow.created_at))
    ).first()


def _build(session: Session, channel: ChannelSettings) -> DigestRow | None:
    """Gather the undelivered alerts into a new pending digest (one transaction); None if there are none."""
    alerts = undelivered(session, channel)
    if not alerts:
        return None
    row = DigestRow(id=uuid.uuid4().hex, channel=channel.name, created_at=utcnow())
    session.add(row)
    session.flush()
    session.add_all(Delivery(channel=channel.name, alert_id=a.id, digest_id=row.id) for a in alerts)
    session.commit()
    return row


def _alerts_of(session: Session, row: DigestRow) -> list[Alert]:
    ids = select(Delivery.alert_id).where(Delivery.digest_id == row.id)
    return list(
        session.exec(select(Alert).where(col(Alert.id).in_(ids)).order_by(col(Alert.severity), col(Alert.id)))
    )


async def send(
    engine: Engine,
    channel: ChannelSettings,
    story: StoryLabels,
    *,
    env: Mapping[str, str] = os.environ,
    retry_only: bool = False,
) -> list[Outcome]:
    """Send the channel's pending digest (a retry, same id) and then a new one with any undelivered alerts.
    With `retry_only`, only a pending digest whose retry time has come is sent."""
    outcomes = []
    with Session(engine) as session:
        pending = _pending(session, channel.name)
        if pending is not None and not (
            retry_only and pending.next_attempt_at and pending.next_attempt_at > utcnow()
        ):
            outcomes.append(await _send_one(session, pending, channel, story, env))
            if not outcomes[-1].sent:
                return outcomes  # the channel is failing: new alerts wait for the next attempt
        elif pending is not None:
            return outcomes
        if retry_only:
            return outcomes
        fresh = _build(session, channel)
        if fresh is None:
            return outcomes or [Outcome(channel.name, None, 0, sent=False)]
        outcomes.append(await _send_one(session, fresh, channel, story, env))
    return outcomes


async def _send_one(
    session: Session,
    row: DigestRow,
    channel: ChannelSettings,
    story: StoryLabels,
    env: Mapping[str, str],
) -> Outcome:
    alerts = _alerts_of(session, row)
    digest = _digest(session, row, alerts, story)
    try:
        await deliver(channel, digest, render(digest), env)
    except DeliveryError as exc:
        row.attempts += 1
        row.last_error = str(exc)
        delay = RETRY_BACKOFF[min(row.attempts, len(RETRY_BACKOFF)) - 1]
        row.next_attempt_at = utcnow() + timedelta(seconds=delay)
        session.add(row)
        session.commit()
        log.warning("channel %s: digest %s failed (attempt %d): %s", channel.name, row.id, row.attempts, exc)
        return Outcome(channel.name, row.id, len(alerts), sent=False, error=str(exc))
    row.attempts += 1
    row.status, row.sent_at, row.last_error = "sent", utcnow(), None
    session.add(row)
    session.commit()
    log.info("channel %s: sent digest %s with %d alerts", channel.name, row.id, len(alerts))
    return Outcome(channel.name, row.id, len(alerts), sent=True)


def channels_named(settings: Settings, name: str | None) -> list[ChannelSettings]:
    """Every configured channel, or the one named (KeyError when there is no such channel)."""
    if name is None:
        return list(settings.channels)
    found = [c for c in settings.channels if c.name == name]
    if not found:
        raise KeyError(name)
    return found
