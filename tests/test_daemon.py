"""The daemon process for real: polls at start, resumes after a restart, one per SQLite file, signals."""

from __future__ import annotations

import signal
import time

import pytest

from monitor.demo import DemoSite
from tests.cli import json_lines, monitor, write_config
from tests.conftest import POSTGRES_URL, reset_postgres
from tests.daemon import DaemonProcess
from tests.paths import STORY


@pytest.fixture
def site():
    with DemoSite() as running:
        yield running


def daemon_config(tmp_path, site: DemoSite, database: str | None = None, **extra):
    return write_config(
        tmp_path / "monitor.toml",
        {
            "database_url": database or f"sqlite:///{tmp_path / 'monitor.db'}",
            "story": str(STORY),
            "network": {"allow_private_addresses": True, "per_host_delay": 0.0, "retries": 0},
            "outlets": site.outlets,
            **extra,
        },
    )


def feed_requests(site: DemoSite) -> list[str]:
    feeds = site.feed_paths()
    return [path for _outlet, method, path, _status in site.requests if method == "GET" and path in feeds]


def test_polls_every_feed_at_start_logs_json_and_exits_zero_on_sigterm(tmp_path, site):
    daemon = DaemonProcess(daemon_config(tmp_path, site))
    try:
        daemon.wait_for(lambda: len(daemon.polls()) >= len(site.feed_paths()), what="first polls")
        for poll in daemon.polls():
            assert {"outlet", "feed", "status", "new_articles", "new_versions", "duration"} <= set(poll)
            assert poll["status"] == "ok" and poll["new_articles"] >= 1
        status = monitor("status", "--json", config=tmp_path / "monitor.toml")
        assert status.returncode == 0 and '"daemon_running": true' in status.stdout
        code, took = daemon.stop(signal.SIGTERM)
        assert code == 0 and took < 10
    finally:
        daemon.kill()


def test_sigint_also_stops_cleanly(tmp_path, site):
    daemon = DaemonProcess(daemon_config(tmp_path, site), "--log-format", "text")
    try:
        daemon.wait_for(lambda: any("daemon started" in line for line in daemon.lines), what="start")
        code, _ = daemon.stop(signal.SIGINT)
        assert code == 0
    finally:
        daemon.kill()


def test_a_restart_resumes_without_polling_a_feed_twice_in_a_row(tmp_path, site):
    config = daemon_config(tmp_path, site)
    assert monitor("run", "--once", config=config).returncode == 0
    site.requests.clear()
    daemon = DaemonProcess(config)
    try:
        daemon.wait_for(
            lambda: any(r.get("message") == "daemon started" for r in daemon.records), what="start"
        )
        time.sleep(3)
        assert feed_requests(site) == [], "feeds polled a moment ago are not polled again at start"
        assert daemon.polls() == []
    finally:
        daemon.stop()


def test_one_daemon_per_sqlite_database(tmp_path, site):
    config = daemon_config(tmp_path, site)
    first = DaemonProcess(config)
    try:
        first.wait_for(lambda: any(r.get("message") == "daemon started" for r in first.records), what="start")
        second = monitor("run", config=config, timeout=30)
        assert second.returncode == 1
        assert "already running" in second.stderr and "Traceback" not in second.stderr
        # queries keep working beside the running daemon
        assert monitor("snapshots", "list", "--json", config=config).returncode == 0
    finally:
        first.stop()


@pytest.fixture
def postgresql() -> str:
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need MONITOR_TEST_DATABASE_URL (e.g. postgresql://root@127.0.0.1/test)")
    reset_postgres(POSTGRES_URL)
    return POSTGRES_URL


def test_two_daemons_on_postgresql_split_the_feeds(tmp_path, site, postgresql):
    config = daemon_config(tmp_path, site, postgresql)
    daemons = [DaemonProcess(config), DaemonProcess(config)]  # started together on an empty database
    try:
        every_feed = len(site.feed_paths())
        for daemon in daemons:
            daemon.wait_for(lambda d=daemon: any(r.get("message") == "daemon started" for r in d.records))
        daemons[0].wait_for(lambda: sum(len(d.polls()) for d in daemons) >= every_feed, what="every feed")
        time.sleep(3)
        assert sorted(feed_requests(site)) == sorted(site.feed_paths()), "each feed polled once, by one"
        rows = json_lines(monitor("snapshots", "list", "--json", config=config).stdout)
        assert rows and len({row["url"] for row in rows}) == len(rows)
        assert all(row["version"] == 1 for row in rows), "no article stored twice"
    finally:
        for daemon in daemons:
            daemon.stop()
