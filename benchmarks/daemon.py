"""Daemon benchmark: `monitor run` polling 40 feeds on loopback, its memory and CPU over time.

Ten outlets, each its own host (127.0.0.1 to 127.0.0.10, one small threaded server each) with four RSS
feeds of 20 items. The feeds move on: every `--change-every` seconds each gains a new article and its
previous newest article is edited (its feed summary and page change), so some polls fetch new articles
and new versions while others answer 304. The daemon's RSS and CPU time are sampled with psutil; at the
end it gets SIGTERM, and its exit code and time to exit are reported.

    python benchmarks/daemon.py [--minutes 10]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from statistics import median

import psutil
import sitegen

MONITOR = Path(sys.executable).with_name("monitor")
OUTLETS, FEEDS_PER_OUTLET, ITEMS = 10, 4, 20
TARGET_RSS_MB = 150.0
ARTICLE_PATH = re.compile(r"^/[a-z]+/(\d+)-[a-z-]+\.html$")


class ChangingSite:
    """One outlet's feeds and pages at the current moment: feed `f` lists its `ITEMS` newest articles;
    a new one appears every `change_every` seconds, and an article is edited once, a period after it
    appeared."""

    def __init__(self, outlet: int, base_url: str, started: float, change_every: float, seed: int) -> None:
        self.outlet, self.base_url = outlet, base_url
        self.started, self.change_every, self.seed = started, change_every, seed

    def _period(self) -> int:
        return int((time.monotonic() - self.started) // self.change_every)

    def _number(self, feed: int, index: int) -> int:
        return ((self.outlet * FEEDS_PER_OUTLET + feed) * 100_000) + index

    def _edited(self, number: int) -> bool:
        index = number % 100_000
        return index + 1 < ITEMS + self._period()

    def _article(self, number: int) -> sitegen.SiteArticle:
        article = sitegen.site_article(self.seed, number, sitegen.EPOCH)
        return replace(article, summary=article.summary + " Updated.") if self._edited(number) else article

    def __call__(self, path: str) -> tuple[str, bytes] | None:
        if path == "/robots.txt":
            return "text/plain", sitegen.ROBOTS_TXT.encode()
        if feed := re.fullmatch(r"/feeds/feed-(\d+)\.xml", path):
            number = int(feed.group(1))
            if number >= FEEDS_PER_OUTLET:
                return None
            newest = ITEMS + self._period()
            items = [
                self._article(self._number(number, i)) for i in range(newest - 1, newest - ITEMS - 1, -1)
            ]
            return "application/rss+xml", sitegen.rss_feed(f"Feed {number}", self.base_url, items).encode()
        if (page := ARTICLE_PATH.match(path)) is None:
            return None
        number = int(page.group(1))
        article = sitegen.site_article(self.seed, number, sitegen.EPOCH)
        born = number % 100_000 - ITEMS + 1
        if (
            article.path != path
            or number // 100_000 // FEEDS_PER_OUTLET != self.outlet
            or born > self._period()
        ):
            return None
        html = sitegen.article_html(self.seed, article, self.base_url)
        if self._edited(number):
            html = html.replace(
                '<div class="article-body">', '<div class="article-body"><p>Update: figures revised.</p>', 1
            )
        return "text/html; charset=utf-8", html.encode()


def monitor_config(path: Path, database: Path, hosts: list[str]) -> Path:
    outlets = "".join(
        f'[[outlets]]\nname = "outlet{n}"\nfeeds = ['
        + ", ".join(f'"{host}/feeds/feed-{f}.xml"' for f in range(FEEDS_PER_OUTLET))
        + ']\ninterval = 60\n[outlets.selectors]\ntitle = "h1.article-title"\nbody = "div.article-body"\n'
        for n, host in enumerate(hosts)
    )
    path.write_text(
        f'database_url = "sqlite:///{database}"\n'
        "[network]\nallow_private_addresses = true\nper_host_delay = 0.25\n" + outlets
    )
    return path


@dataclass
class Sample:
    at: float
    rss_mb: float
    cpu: float
    polls: int


def read_polls(log: Path) -> list[dict]:
    """The daemon's feed-poll log lines (revisits and digests excluded)."""
    polls = []
    for line in log.read_text(errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if record.get("message") == "poll" and record.get("feed") != "revisits":
            polls.append(record)
    return polls


def sample(process: psutil.Process, since: float, log: Path) -> Sample:
    cpu = process.cpu_times()
    rss = process.memory_info().rss / 2**20
    return Sample(time.monotonic() - since, rss, cpu.user + cpu.system, len(read_polls(log)))


def watch(daemon: subprocess.Popen, log: Path, minutes: float, every: float) -> list[Sample]:
    """Samples of the daemon's RSS, CPU time and poll count every `every` seconds, the last at the end."""
    process = psutil.Process(daemon.pid)
    begun = time.monotonic()
    samples = []
    while time.monotonic() - begun < minutes * 60:
        if daemon.poll() is not None:
            sys.exit(f"the daemon exited early with {daemon.returncode}:\n{log.read_text()[-2000:]}")
        samples.append(sample(process, begun, log))
        time.sleep(min(every, max(0.0, minutes * 60 - (time.monotonic() - begun))))
    samples.append(sample(process, begun, log))
    return samples


def stop(daemon: subprocess.Popen) -> tuple[int, float]:
    """SIGTERM, then (exit code, seconds it took to exit); killed after 60 s."""
    signalled = time.monotonic()
    daemon.send_signal(signal.SIGTERM)
    try:
        code = daemon.wait(timeout=60)
    except subprocess.TimeoutExpired:
        daemon.kill()
        code = daemon.wait()
        print("the daemon did not exit within 60 s of SIGTERM: killed")
    return code, time.monotonic() - signalled


def run(minutes: float, change_every: float, sample_every: float, seed: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-daemon-"))
    log = work / "daemon.log"
    started = time.monotonic()
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        hosts = []
        for n in range(OUTLETS):
            host, port = f"127.0.0.{n + 1}", sitegen.free_port()
            site = ChangingSite(n, f"http://{host}:{port}", started, change_every, seed)
            hosts.append(stack.enter_context(sitegen.python_server(site, port, host=host)))
        config = monitor_config(work / "monitor.toml", work / "monitor.db", hosts)
        print(f"{OUTLETS} outlets (hosts 127.0.0.1-{OUTLETS}) x {FEEDS_PER_OUTLET} feeds of {ITEMS} items")
        print(f"poll interval 60 s; every {change_every:g} s each feed gains an article and one is edited")
        print(f"running the daemon for {minutes:g} min, sampling it every {sample_every:g} s with psutil")
        with log.open("w") as stderr:
            daemon = subprocess.Popen(
                [str(MONITOR), "--config", str(config), "run"], stdout=subprocess.DEVNULL, stderr=stderr
            )
        try:
            samples = watch(daemon, log, minutes, sample_every)
        finally:
            code, exit_seconds = stop(daemon)
        report(samples, read_polls(log), code, exit_seconds)


def report(samples: list[Sample], polls: list[dict], code: int, exit_seconds: float) -> None:
    steady = [s for s in samples if s.at >= 60]
    window = "after the first minute" if steady else "of the whole run, shorter than a minute"
    steady = steady or samples
    steady_rss, peak = median(s.rss_mb for s in steady), max(s.rss_mb for s in samples)
    first, last = steady[0], samples[-1]
    statuses = Counter(poll["status"] for poll in polls)
    print(f"\npolls: {len(polls)} ({', '.join(f'{n} {s}' for s, n in sorted(statuses.items()))})")
    new_articles = sum(p.get("new_articles", 0) for p in polls)
    print(f"stored: {new_articles} new articles, {sum(p.get('new_versions', 0) for p in polls)} new versions")
    verdict = "meets" if steady_rss < TARGET_RSS_MB else "MISSES"
    print(f"RSS: steady {steady_rss:.1f} MB (median of {len(steady)} samples {window}), max {peak:.1f} MB")
    print(f"  {verdict} target: steady RSS < {TARGET_RSS_MB:.0f} MB")
    if last.polls:
        print(f"CPU: {last.cpu:.2f} s, {last.cpu / last.polls * 1000:.1f} ms per poll (start-up included)")
    if last.polls > first.polls:
        per_poll = (last.cpu - first.cpu) / (last.polls - first.polls)
        print(f"  {window}: {per_poll * 1000:.1f} ms per poll ({last.polls - first.polls} polls)")
    print(f"SIGTERM: exit code {code} after {exit_seconds:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=10.0, help="how long the daemon runs (default 10)")
    parser.add_argument("--change-every", type=float, default=90.0, help="seconds between feed changes")
    parser.add_argument("--sample-every", type=float, default=5.0, help="seconds between RSS samples")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not MONITOR.exists():
        sys.exit(f"{MONITOR} not found: install the project (pip install -e '.[bench]') in this Python")
    if args.minutes <= 0 or args.change_every <= 0 or args.sample_every <= 0:
        sys.exit("--minutes, --change-every and --sample-every must be positive")
    run(args.minutes, args.change_every, args.sample_every, args.seed)


if __name__ == "__main__":
    main()
