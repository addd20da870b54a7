"""Delivery bookkeeping on a real store: each alert in exactly one digest per channel, retries keep the id."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from monitor import delivery
from monitor.alerts import FoundRelation, alerts_for, raise_alerts
from monitor.config import ChannelSettings
from monitor.models import Article, Delivery, Outlet, Snapshot
from monitor.models import Digest as DigestRow
from monitor.store.engine import open_store
from tests.servers.webhook import WebhookReceiver

LABELS = delivery.StoryLabels("Venezuela uprising", {"injured-count": "At least 59 people were injured"})
ENV = {"HOOK_SECRET": "k"}


def store_version(
    engine, outlet: str, url: str, findings: list[FoundRelation], revision: str | None = None
) -> int:
    """An article with one version and its alerts, as the crawl pass leaves them; returns alerts raised."""
    with Session(engine) as session:
        if session.get(Outlet, outlet) is None:
            session.add(Outlet(name=outlet, title=outlet.upper()))
            session.flush()
        article = Article(url=url, outlet=outlet, first_seen_at=datetime.now(UTC), versions=1)
        session.add(article)
        session.flush()
        snapshot = Snapshot(
            article_id=article.id,
            version=1,
            title="Headline",
            text="Text.",
            content_hash=url,
            fetched_at=datetime.now(UTC),
        )
        session.add(snapshot)
        session.flush()
        raised = raise_alerts(session, alerts_for(article, snapshot, findings, revision, revision))
        session.commit()
        return len(raised)


def finding(relation: str, evidence: str, claim: str | None = "injured-count") -> FoundRelation:
    return FoundRelation(
        relation, claim if relation != "new_development" else None, evidence, f"because {relation}"
    )


@pytest.fixture
def engine(database):
    return open_store(database)


def files(tmp_path, **extra) -> ChannelSettings:
    return ChannelSettings(name="archive", kind="files", directory=str(tmp_path / "digests"), **extra)


async def test_alerts_go_out_once_and_nothing_new_sends_nothing(engine, tmp_path):
    store_version(engine, "rt", "https://rt.example/1", [finding("updates", "109 people were injured.")])
    channel = files(tmp_path)
    [outcome] = await delivery.send(engine, channel, LABELS, env=ENV)
    assert outcome.sent and outcome.alerts == 1
    assert (tmp_path / "digests" / f"{outcome.digest_id}.md").exists()
    [again] = await delivery.send(engine, channel, LABELS, env=ENV)
    assert again.digest_id is None and "nothing new" in again.describe()


async def test_deduplicated_alerts_and_channel_filters(engine, tmp_path):
    same = [finding("updates", "109 people were injured.")]
    assert store_version(engine, "rt", "https://rt.example/1", same) == 1
    assert store_version(engine, "rt", "https://rt.example/copy", same) == 0  # a syndicated copy
    store_version(engine, "nyt", "https://nyt.example/1", [finding("corroborates", "At least 59 were hurt.")])
    store_version(engine, "nyt", "https://nyt.example/2", [], revision="headline changed")
    severe = files(tmp_path, min_severity="new_development")
    assert [o.alerts for o in await delivery.send(engine, severe, LABELS, env=ENV)] == [1]
    only_nyt = ChannelSettings(
        name="nyt-only", kind="files", directory=str(tmp_path / "nyt"), outlets=("nyt",)
    )
    [outcome] = await delivery.send(engine, only_nyt, LABELS, env=ENV)
    assert outcome.alerts == 2


async def test_preview_records_nothing(engine, tmp_path):
    store_version(engine, "rt", "https://rt.example/1", [finding("contradicts", "One protester was killed.")])
    rendered = delivery.preview(engine, files(tmp_path), LABELS)
    assert rendered is not None and "One protester was killed." in rendered.text
    with Session(engine) as session:
        assert session.exec(select(DigestRow)).all() == [] and session.exec(select(Delivery)).all() == []


async def test_a_failing_channel_keeps_the_digest_pending_and_retries_it_with_the_same_id(engine):
    store_version(engine, "rt", "https://rt.example/1", [finding("updates", "109 people were injured.")])
    with WebhookReceiver(secret="k") as hook:
        channel = ChannelSettings(name="hook", kind="webhook", url=hook.url, secret_env="HOOK_SECRET")
        hook.fail_next(1, status=500)
        [failed] = await delivery.send(engine, channel, LABELS, env=ENV)
        assert not failed.sent and "500" in failed.error
        store_version(
            engine, "rt", "https://rt.example/2", [finding("contradicts", "One protester was killed.")]
        )
        # the retry waits for its backoff...
        assert await delivery.send(engine, channel, LABELS, env=ENV, retry_only=True) == []
        with Session(engine) as session:
            row = session.get(DigestRow, failed.digest_id)
            assert row.status == "pending" and row.attempts == 1 and row.next_attempt_at > datetime.now(UTC)
            session.exec(update(DigestRow).values(next_attempt_at=datetime.now(UTC) - timedelta(seconds=1)))
            session.commit()
        # ...then sends the same digest (same id, same alerts), and the new alert goes in the next one
        [retried] = await delivery.send(engine, channel, LABELS, env=ENV, retry_only=True)
        [fresh] = await delivery.send(engine, channel, LABELS, env=ENV)
        first, second, third = hook.requests
    assert retried.sent and retried.digest_id == failed.digest_id
    assert first.body == second.body and first.headers["x-monitor-digest-id"] == failed.digest_id
    assert fresh.sent and fresh.digest_id != failed.digest_id
    assert {a["evidence"] for a in third.json()["alerts"]} == {"One protester was killed."}
