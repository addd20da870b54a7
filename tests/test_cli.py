"""The commands a user types, run for real against the local replay of the outlets."""

from __future__ import annotations

import re
import socket
import subprocess
import sys

import pytest

from monitor.demo import DemoSite
from tests.cli import json_lines, monitor, write_config
from tests.paths import STORY

SNAPSHOT_FIELDS = {"id", "url", "outlet", "title", "published", "fetched_at", "version", "text"}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """A store filled by `run --once` on the replay, then again after the outlets moved on."""
    folder = tmp_path_factory.mktemp("cli")
    with DemoSite() as site:
        config = write_config(
            folder / "monitor.toml",
            {
                "database_url": f"sqlite:///{folder / 'monitor.db'}",
                "story": str(STORY),
                "network": {"allow_private_addresses": True, "per_host_delay": 0.0, "retries": 0},
                "outlets": site.outlets,
            },
        )
        first = monitor("run", "--once", config=config)
        site.advance()
        second = monitor("run", "--once", config=config)
    return config, first, second


def test_run_once_exits_zero_with_a_summary(crawled):
    _, first, second = crawled
    for run in (first, second):
        assert run.returncode == 0, run.stderr
        assert "feeds polled" in run.stderr and "Traceback" not in run.stderr
        assert re.search(r"new articles, .* in \d+\.\d\d s$", run.stderr, re.MULTILINE), run.stderr
    assert "new versions" in second.stderr


def test_snapshots_list_json_fields_and_filters(crawled):
    config, _, _ = crawled
    rows = json_lines(monitor("snapshots", "list", "--json", config=config).stdout)
    assert rows and all(set(row) == SNAPSHOT_FIELDS for row in rows)
    assert all(row["fetched_at"].endswith("+00:00") for row in rows)
    outlet = rows[0]["outlet"]
    only = json_lines(monitor("snapshots", "list", "--outlet", outlet, "--json", config=config).stdout)
    assert only and {row["outlet"] for row in only} == {outlet}
    assert len(json_lines(monitor("snapshots", "list", "--limit", "2", "--json", config=config).stdout)) == 2
    future = monitor("snapshots", "list", "--since", "2999-01-01", "--json", config=config)
    assert future.returncode == 0 and future.stdout == ""


def test_search_show_history_and_diff(crawled):
    config, _, _ = crawled
    found = json_lines(monitor("snapshots", "search", "Caracas", "--json", config=config).stdout)
    assert found and all("caracas" in (row["title"] + row["text"]).lower() for row in found)
    shown = json_lines(monitor("snapshots", "show", str(found[0]["id"]), "--json", config=config).stdout)
    assert shown[0]["id"] == found[0]["id"]
    page = monitor("snapshots", "show", str(found[0]["id"]), "--html", config=config)
    assert page.returncode == 0 and "<html" in page.stdout.lower()
    assert found[0]["title"].split()[0] in page.stdout  # the page the article was read from

    rows = json_lines(monitor("snapshots", "list", "--json", config=config).stdout)
    edited = next(row for row in rows if row["version"] > 1)
    history = json_lines(monitor("snapshots", "history", edited["url"], "--json", config=config).stdout)
    assert [row["version"] for row in history] == list(range(1, edited["version"] + 1))
    diff = json_lines(monitor("snapshots", "diff", edited["url"], "--json", config=config).stdout)[0]
    assert diff["headline"] and diff["figures"]
    readable = monitor("snapshots", "diff", edited["url"], config=config)
    assert readable.returncode == 0 and "headline" in readable.stdout.lower()


def test_alerts_and_status(crawled):
    config, _, _ = crawled
    alerts = json_lines(monitor("alerts", "list", "--json", config=config).stdout)
    fields = {"id", "kind", "severity", "claim", "outlet", "url", "title", "evidence", "created_at"}
    assert alerts and all(fields <= set(alert) for alert in alerts)
    assert [a["severity"] for a in alerts] == sorted(a["severity"] for a in alerts)
    revisions = json_lines(monitor("alerts", "list", "--kind", "revision", "--json", config=config).stdout)
    assert revisions and all(a["kind"] == "revision" and a["claim"] is None for a in revisions)
    status = json_lines(monitor("status", "--json", config=config).stdout)
    feeds = [row for row in status if row["type"] == "feed"]
    assert feeds and all(row["last_status"] in ("ok", "not-modified", "partial") for row in feeds)
    assert status[-1]["type"] == "summary" and status[-1]["daemon_running"] is False


def test_unknown_things_are_plain_errors(crawled):
    config, _, _ = crawled
    for args in (
        ("snapshots", "show", "999999"),
        ("snapshots", "history", "https://nowhere.example/x"),
        ("alerts", "list", "--kind", "gossip"),
        ("snapshots", "list", "--since", "yesterday"),
    ):
        run = monitor(*args, config=config)
        assert run.returncode != 0 and "error:" in run.stderr and "Traceback" not in run.stderr, args


def test_config_mistakes_are_named_without_traceback(tmp_path):
    missing = monitor("status", config=tmp_path / "nope.toml")
    assert missing.returncode == 2 and "no such config file" in missing.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("[network]\nper_host_concurency = 3\n")
    run = monitor("run", "--once", config=bad)
    assert run.returncode == 2
    assert "unknown key 'network.per_host_concurency'" in run.stderr and "Traceback" not in run.stderr


def test_run_once_on_a_database_in_a_missing_folder_is_one_clear_error(tmp_path):
    config = write_config(
        tmp_path / "monitor.toml",
        {
            "database_url": f"sqlite:///{tmp_path / 'no-such-folder' / 'monitor.db'}",
            "outlets": [{"name": "some", "feeds": ["http://127.0.0.1:9/rss/"]}],
        },
    )
    run = monitor("run", "--once", config=config)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip().count("\n") == 0 and "folder of the database file does not exist" in run.stderr


def test_run_once_with_a_dead_outlet_still_exits_zero(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/rss/"
    config = write_config(
        tmp_path / "monitor.toml",
        {
            "database_url": f"sqlite:///{tmp_path / 'monitor.db'}",
            "network": {"allow_private_addresses": True, "retries": 0, "connect_timeout": 2},
            "outlets": [{"name": "offline", "feeds": [dead]}],
        },
    )
    run = monitor("run", "--once", config=config)
    assert run.returncode == 0
    assert "failed:" in run.stderr and dead in run.stderr and "1 failed" in run.stderr
    assert run.stderr.count(dead) == 1, "a first failure is said once, not again as a streak warning"


@pytest.fixture
def tiny_disk(tmp_path):
    """A 600 KB filesystem: room for the schema and a few articles, then full."""
    mountpoint = tmp_path / "tiny"
    mountpoint.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mountpoint)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root): the full-disk case is not exercised")
    yield mountpoint
    subprocess.run(["umount", str(mountpoint)], check=False)


def test_full_disk_is_a_clear_error_and_keeps_what_was_stored(tiny_disk):
    with DemoSite() as site:
        config = write_config(
            tiny_disk.parent / "monitor.toml",
            {
                "database_url": f"sqlite:///{tiny_disk / 'monitor.db'}",
                "network": {"allow_private_addresses": True, "per_host_delay": 0.0, "retries": 0},
                "outlets": site.outlets,
            },
        )
        run = monitor("run", "--once", config=config)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "database or disk is full" in run.stderr
    kept = monitor("snapshots", "list", "--json", config=config)
    assert kept.returncode == 0 and json_lines(kept.stdout), "what was stored before the disk filled is kept"


def test_demo_runs_the_whole_flow_offline(tmp_path):
    demo = monitor("demo", "--folder", str(tmp_path / "demo"), timeout=180)
    assert demo.returncode == 0, demo.stderr
    assert "Traceback" not in demo.stdout + demo.stderr
    assert "59 -> 69" in demo.stdout, "the stealth figure edit is shown in the diff"
    assert "sent digest" in demo.stdout and list((tmp_path / "demo" / "digests").glob("*.md"))
    assert "&#62;" not in demo.stdout, "the digest is shown as Markdown renders it, not its escaped source"


def test_the_command_line_starts_without_the_heavy_libraries():
    """Every command pays at its start for what the CLI modules import: the store's, the fetcher's and the
    extractor's libraries (and, in `run --once`, its crawling process, whose worker owns the store) load
    only where they are used."""
    probe = "import sys, monitor.cli; print(sorted({m.split('.')[0] for m in sys.modules} & HEAVY))"
    heavy = {
        *("sqlalchemy", "sqlmodel", "alembic", "feedparser"),  # the store's
        *("aiohttp", "httpx", "selectolax"),  # the fetcher's and the extractor's
        "apscheduler",  # the daemon's
    }
    loaded = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {heavy!r}; {probe}"], capture_output=True, text=True, check=True
    )
    assert loaded.stdout.strip() == "[]"
