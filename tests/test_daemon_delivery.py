"""Digests from the running daemon to a real SMTP server, a signing webhook receiver and files."""

from __future__ import annotations

import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from monitor.demo import DemoSite
from monitor.models import Alert, Delivery, Feed, utcnow
from monitor.models import Digest as DigestRow
from monitor.store.engine import open_store
from tests.cli import monitor, write_config
from tests.daemon import DaemonProcess
from tests.paths import STORY
from tests.servers.smtp import SmtpServer, free_port
from tests.servers.webhook import WebhookReceiver

SECRET = {"MONITOR_TEST_WEBHOOK_SECRET": "s3cret"}
EVERY_TWO_SECONDS = "*/2 * * * * *"


@pytest.fixture
def site():
    with DemoSite() as running:
        yield running


def email_channel(port: int) -> dict:
    return {
        "name": "desk",
        "kind": "email",
        "schedule": EVERY_TWO_SECONDS,
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "security": "none",
        "sender": "monitor@example.org",
        "to": ["desk@example.org"],
    }


def webhook_channel(url: str) -> dict:
    return {
        "name": "hook",
        "kind": "webhook",
        "schedule": EVERY_TWO_SECONDS,
        "url": url,
        "secret_env": "MONITOR_TEST_WEBHOOK_SECRET",
    }


def files_channel(folder: Path) -> dict:
    return {"name": "archive", "kind": "files", "schedule": EVERY_TWO_SECONDS, "directory": str(folder)}


def configure(tmp_path: Path, site: DemoSite, channels: list[dict]) -> tuple[Path, str]:
    database = f"sqlite:///{tmp_path / 'monitor.db'}"
    config = write_config(
        tmp_path / "monitor.toml",
        {
            "database_url": database,
            "story": str(STORY),
            "network": {"allow_private_addresses": True, "per_host_delay": 0.0, "retries": 0},
            "outlets": site.outlets,
            "channels": channels,
        },
    )
    return config, database


def alert_ids(database: str, after: int = 0) -> set[int]:
    with Session(open_store(database)) as session:
        return {a.id for a in session.exec(select(Alert).where(Alert.id > after))}


def make_feeds_due(database: str) -> None:
    """As if the outlets' intervals had passed since the last poll."""
    with Session(open_store(database)) as session:
        session.exec(update(Feed).values(next_due_at=utcnow() - timedelta(seconds=1)))
        session.commit()


def payload_alerts(request) -> set[int]:
    return {alert["id"] for alert in request.json()["alerts"]}


def test_later_state_gives_exactly_one_digest_per_channel(tmp_path, site):
    digests = tmp_path / "digests"
    with SmtpServer() as smtp, WebhookReceiver(secret=SECRET["MONITOR_TEST_WEBHOOK_SECRET"]) as hook:
        config, database = configure(
            tmp_path, site, [email_channel(smtp.port), webhook_channel(hook.url), files_channel(digests)]
        )
        assert monitor("run", "--once", config=config).returncode == 0
        flushed = monitor(
            "digest", "--send", config=config, env=SECRET
        )  # the first state's alerts go out now
        assert flushed.returncode == 0, flushed.stderr
        assert len(smtp.messages) == 1 and len(hook.requests) == 1 and len(list(digests.glob("*.md"))) == 1
        again = monitor("digest", "--send", config=config, env=SECRET)
        assert "nothing new" in again.stderr and len(hook.requests) == 1
        known = max(alert_ids(database))

        site.advance()
        make_feeds_due(database)
        daemon = DaemonProcess(config, env=SECRET)
        try:
            smtp.wait_for(2, timeout=30)
            request = hook.wait_for(2, timeout=30)[1]
            time.sleep(4)  # two more cron ticks: nothing further may arrive
            new_alerts = alert_ids(database, after=known)
            assert new_alerts, "the later state raised alerts"
            assert len(smtp.messages) == 2 and len(hook.requests) == 2
            assert len(list(digests.glob("*.md"))) == 2
            assert request.signed is True
            assert payload_alerts(request) == new_alerts
            kinds = {alert["kind"] for alert in request.json()["alerts"]}
            assert "revision" in kinds and kinds & {"updates", "contradicts"}
            email = smtp.messages[1]
            assert email.is_multipart() and email["Message-ID"]
            code, took = daemon.stop(signal.SIGTERM)
            assert code == 0 and took < 10
        finally:
            daemon.kill()


def test_sigkill_during_delivery_then_restart_neither_loses_nor_repeats(tmp_path, site):
    with WebhookReceiver(secret=SECRET["MONITOR_TEST_WEBHOOK_SECRET"]) as hook:
        config, database = configure(tmp_path, site, [webhook_channel(hook.url)])
        assert monitor("run", "--once", config=config).returncode == 0
        everything = alert_ids(database)
        hook.hold_next()
        first = DaemonProcess(config, env=SECRET)
        try:
            hook.wait_for(1, timeout=30)  # the digest is in flight...
        finally:
            first.kill()  # ...and the daemon dies with it
        second = DaemonProcess(config, env=SECRET)
        try:
            requests = hook.wait_for(2, timeout=30)
            time.sleep(4)
            assert len(hook.requests) == 2, "sent again once, then nothing more"
        finally:
            second.stop()
    sent, resent = requests
    assert sent.headers["x-monitor-digest-id"] == resent.headers["x-monitor-digest-id"]
    assert payload_alerts(sent) == payload_alerts(resent) == everything


def test_dead_smtp_server_does_not_block_the_files_channel(tmp_path, site):
    digests = tmp_path / "digests"
    smtp_port = free_port()
    config, database = configure(tmp_path, site, [email_channel(smtp_port), files_channel(digests)])
    assert monitor("run", "--once", config=config).returncode == 0
    daemon = DaemonProcess(config)
    try:
        daemon.wait_for(lambda: len(list(digests.glob("*.md"))) == 1, what="the files digest")
        with Session(open_store(database)) as session:

            def failed_email() -> DigestRow | None:
                session.expire_all()
                return session.exec(
                    select(DigestRow).where(DigestRow.channel == "desk", DigestRow.attempts >= 1)
                ).first()

            daemon.wait_for(lambda: failed_email() is not None, what="a failed e-mail attempt")
            row = failed_email()
            assert row.status == "pending" and "refused" in row.last_error
            assert row.next_attempt_at > utcnow()
        warnings = [
            r for r in daemon.records if r.get("level") == "warning" and "desk" in r.get("message", "")
        ]
        assert warnings
    finally:
        daemon.stop()
    # The server comes back: the digest that failed goes out whole, under the id it was given.
    with SmtpServer(port=smtp_port) as smtp:
        sent = monitor("digest", "--send", "--channel", "desk", config=config)
        assert sent.returncode == 0, sent.stderr
        email = smtp.wait_for(1)[0]
    assert email["X-Monitor-Digest-Id"] == row.id
    assert len(smtp.messages) == 1
    with Session(open_store(database)) as session:
        delivered = session.exec(select(Delivery).where(Delivery.channel == "desk")).all()
    assert {d.alert_id for d in delivered} == alert_ids(database)
    assert {d.digest_id for d in delivered} == {row.id}
