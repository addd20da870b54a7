"""Crawl benchmark: our crawler against a Scrapy spider doing the same work, on one synthetic site.

A static site of 2,000 article pages (60-120 KB each) and 4 RSS feeds of 500 items is served by nginx on
127.0.0.1. Each pass runs one whole process and times it from start to exit: `monitor run --once` on a
fresh SQLite database (fetch, parse, store), then, against that same database, a second unchanged pass
(the feeds answer 304); and the Scrapy spider of `scrapy_spider.py` on its own fresh database. Passes
alternate between the two so that load from elsewhere on the machine hits both alike. The re-pass is
measured twice: as a pass, the way the daemon repeats it at every poll (its time as its summary line gives
it, against the first pass's timed the same way), and as a new process, start-up and exit included.

    python benchmarks/crawl.py [--passes 3] [--concurrency 8 16] [--articles 2000]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import psutil
import sitegen

HERE = Path(__file__).resolve().parent
MONITOR = Path(sys.executable).with_name("monitor")
TARGET_RATIO, TARGET_RSS_MB, TARGET_REPASS = 1.5, 200.0, 0.10
TITLE, BODY = "h1.article-title", "div.article-body"
SAMPLE = 0.1


@dataclass
class Run:
    """One benchmarked process: wall time from start to exit, and its memory at its peak."""

    wall: float
    peak_mb: float
    """The process and its children together (ours stores in a worker process): the highest sum of
    their PSS (resident memory, pages shared between them counted once), sampled every SAMPLE s."""
    largest_rss_mb: float
    """The kernel's high-water mark of the largest single process in the tree (ru_maxrss, wait4)."""
    stored: int
    pass_seconds: float = 0.0
    """Ours: the pass itself, as its summary line says (the process's start-up and exit not included): what
    the daemon repeats at every poll."""


class BenchmarkError(Exception):
    """A pass that did not do the work (non-zero exit, missing articles): its figures would lie."""


def timed(command: list[str], log: Path) -> tuple[float, float, float]:
    """Run `command` to its end, stderr to `log`: (wall seconds, peak MB of the process tree, largest
    single process's peak RSS MB); see Run."""
    # Both crawlers start from compiled bytecode, as installed packages do (pip compiles Scrapy's): with
    # PYTHONDONTWRITEBYTECODE set, as on some machines, the editable monitor would be compiled at each start.
    unset = ("MONITOR_DATABASE_URL", "PYTHONDONTWRITEBYTECODE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    peak = 0
    with log.open("w") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
        tree = psutil.Process(process.pid)
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_pss(tree))
            time.sleep(SAMPLE)
        wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise BenchmarkError(f"{command[0]} exited {process.returncode}:\n{tail}")
    largest = usage.ru_maxrss / 1024  # Linux reports KB
    return wall, max(peak / 2**20, largest), largest


def _tree_pss(process: psutil.Process) -> int:
    """Bytes resident in `process` and its descendants, shared pages counted once (PSS); 0 for those
    that ended meanwhile."""
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for member in members:
        with suppress(psutil.Error):
            total += member.memory_full_info().pss
    return total


def monitor_config(path: Path, database: Path, feeds: list[str], concurrency: int) -> Path:
    feed_list = ", ".join(f'"{url}"' for url in feeds)
    path.write_text(
        f'database_url = "sqlite:///{database}"\n'
        "[network]\nallow_private_addresses = true\n"
        f"per_host_concurrency = {concurrency}\nper_host_delay = 0\n"
        '[[outlets]]\nname = "synthetic"\ntitle = "Synthetic news"\n'
        f"feeds = [{feed_list}]\ninterval = 60\n"
        f'[outlets.selectors]\ntitle = "{TITLE}"\nbody = "{BODY}"\n'
    )
    return path


def run_ours(work: Path, config: Path, name: str, profile: Path | None = None) -> Run:
    """One `monitor run --once`; `stored` is the new-article count of its summary line."""
    log = work / f"{name}.log"
    if profile:
        command = [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "monitor"]
    else:
        command = [str(MONITOR)]
    wall, peak, largest = timed([*command, "--config", str(config), "run", "--once"], log)
    summary = re.search(r"(\d+) new articles.* in ([\d.]+) s", log.read_text(errors="replace"))
    if summary is None:
        raise BenchmarkError(f"no summary line in the output of monitor run --once (see {log})")
    return Run(wall, peak, largest, int(summary.group(1)), float(summary.group(2)))


def run_scrapy(work: Path, database: Path, feeds: list[str], concurrency: int, name: str) -> Run:
    spider = [sys.executable, str(HERE / "scrapy_spider.py"), "--database", str(database)]
    wall, peak, largest = timed([*spider, "--concurrency", str(concurrency), *feeds], work / f"{name}.log")
    with sqlite3.connect(database) as connection:
        stored = connection.execute("SELECT count(*) FROM article WHERE text != ''").fetchone()[0]
    return Run(wall, peak, largest, stored)


@contextmanager
def serve(root: Path, port: int) -> Iterator[str]:
    """nginx on `port`; if it cannot be had, Python's threaded server, with a warning that it is slower."""
    try:
        with sitegen.nginx(root, port) as name:
            yield name
    except RuntimeError as exc:
        print(f"WARNING: {exc}\nWARNING: serving with Python's threaded server instead: it is slower than")
        print("WARNING: either crawler, so pages/s below measure the server, not the crawlers.")
        with sitegen.python_server(sitegen.static_pages(root), port):
            yield "python http.server (fallback)"


@dataclass
class Figures:
    concurrency: int
    ours: list[Run]
    repass: list[Run]
    scrapy: list[Run]


def bench(work: Path, feeds: list[str], concurrency: int, passes: int, expected: int) -> Figures:
    figures = Figures(concurrency, [], [], [])
    for n in range(passes):
        name = f"c{concurrency}-{n}"
        config = monitor_config(work / f"{name}.toml", work / f"{name}-ours.db", feeds, concurrency)
        figures.ours.append(run_ours(work, config, f"{name}-ours"))
        figures.repass.append(run_ours(work, config, f"{name}-repass"))
        figures.scrapy.append(
            run_scrapy(work, work / f"{name}-scrapy.db", feeds, concurrency, f"{name}-scrapy")
        )
        for who, run in (("ours", figures.ours[-1]), ("Scrapy", figures.scrapy[-1])):
            if run.stored != expected:
                raise BenchmarkError(f"{who} stored {run.stored} of {expected} articles in pass {n + 1}")
        print(
            f"  pass {n + 1} at concurrency {concurrency}: ours {figures.ours[-1].wall:.2f} s "
            f"(re-pass {figures.repass[-1].wall:.2f} s), Scrapy {figures.scrapy[-1].wall:.2f} s",
            flush=True,
        )
    return figures


def report(all_figures: list[Figures], pages: int) -> None:
    print(
        f"\n{'per-host concurrency':>22} {'':8} {'pages/s':>9} {'wall s':>8} {'peak MB':>8}"
        f" {'largest RSS MB':>15}"
    )
    for f in all_figures:
        for who, runs in (("ours", f.ours), ("Scrapy", f.scrapy)):
            wall = median(r.wall for r in runs)
            peak, largest = median(r.peak_mb for r in runs), median(r.largest_rss_mb for r in runs)
            row = f"{pages / wall:>9.1f} {wall:>8.2f} {peak:>8.1f} {largest:>15.1f}"
            print(f"{f.concurrency:>22} {who:8} {row}")
    for f in all_figures:
        ours, scrapy = median(r.wall for r in f.ours), median(r.wall for r in f.scrapy)
        ratio = scrapy / ours  # pages/s ratio: same pages, inverse wall times
        peak = max(r.peak_mb for r in f.ours)
        pairs = list(zip(f.repass, f.ours, strict=True))
        repass = median(r.pass_seconds / o.pass_seconds for r, o in pairs)
        repass_process = median(r.wall / o.wall for r, o in pairs)
        print(f"\nat per-host concurrency {f.concurrency}:")
        check("ours/Scrapy pages/s", f"{ratio:.2f}x", ratio >= TARGET_RATIO, f">= {TARGET_RATIO}x")
        check("ours, peak MB (max)", f"{peak:.1f} MB", peak < TARGET_RSS_MB, f"< {TARGET_RSS_MB:.0f} MB")
        check(
            "unchanged re-pass",
            f"{median(r.pass_seconds for r in f.repass):.2f} s = {repass:.1%} of the first",
            repass < TARGET_REPASS,
            f"< {TARGET_REPASS:.0%}",
        )
        print(f"  {'':<22} (the passes as their summary lines time them; the first's took", end=" ")
        print(f"{median(o.pass_seconds for o in f.ours):.2f} s)")
        check(
            "  as a new process",
            f"{median(r.wall for r in f.repass):.2f} s = {repass_process:.1%} of the first",
            repass_process < TARGET_REPASS,
            f"< {TARGET_REPASS:.0%}",
        )
        print(f"  {'':<22} (start-up and exit included, as for pages/s; the first's took", end=" ")
        print(f"{median(o.wall for o in f.ours):.2f} s)")


def check(label: str, value: str, ok: bool, target: str) -> None:
    print(f"  {label:<22} {value:<30} {'meets' if ok else 'MISSES'} target {target}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--feeds", type=int, default=4)
    parser.add_argument("--passes", type=int, default=3, help="passes of each crawler (medians are printed)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[8], help="per-host concurrency")
    parser.add_argument("--seed", type=int, default=1, help="the same seed makes the same site")
    parser.add_argument(
        "--profile", type=Path, help="also run one pass of ours under cProfile, writing its stats here"
    )
    args = parser.parse_args()
    if not MONITOR.exists():
        sys.exit(f"{MONITOR} not found: install the project (pip install -e '.[bench]') in this Python")
    if not all(1 <= c <= 16 for c in args.concurrency):
        sys.exit("--concurrency: expected values from 1 to 16 (the monitor's per_host_concurrency range)")
    work = Path(tempfile.mkdtemp(prefix="bench-crawl-"))
    try:
        port = sitegen.free_port()
        started = time.perf_counter()
        feeds = sitegen.write_site(
            work / "site",
            f"http://127.0.0.1:{port}",
            articles=args.articles,
            feeds=args.feeds,
            seed=args.seed,
        )
        size = sum(p.stat().st_size for p in (work / "site").rglob("*.html")) / args.articles / 1024
        print(
            f"site: {args.articles} articles (mean {size:.0f} KB), {args.feeds} RSS feeds, seed {args.seed}, "
            f"written in {time.perf_counter() - started:.1f} s"
        )
        with serve(work / "site", port) as server:
            print(f"server: {server} on 127.0.0.1:{port}; {args.passes} passes each, medians below")
            print(
                f"peak MB: each crawler's process tree, sum of PSS (shared pages counted once), sampled"
                f" every {SAMPLE} s; largest RSS: ru_maxrss of its largest process"
            )
            print("wall time: the whole process, start-up included; pages = articles + feeds")
            figures = [bench(work, feeds, c, args.passes, args.articles) for c in args.concurrency]
            if args.profile:
                config = work / f"c{args.concurrency[0]}-profile.toml"
                monitor_config(config, work / "profile.db", feeds, args.concurrency[0])
                run_ours(work, config, "profile", args.profile.resolve())
                print(f"cProfile stats of one pass of ours: {args.profile}")
        report(figures, args.articles + args.feeds)
    except BenchmarkError as exc:
        sys.exit(f"benchmark failed: {exc}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
