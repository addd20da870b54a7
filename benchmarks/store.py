"""Storing benchmark: the CPU the store spends per fetched page, the storing worker's share of a first pass.

The crawl benchmark's pages (sitegen, 60-120 KB each) are extracted once, in memory; then each run stores
them, in batches of the crawl's size, into a fresh SQLite database with `ArticleStore.store`, as the
storing worker of `run --once` does (version hash, zstd-compressed page, full-text index, one transaction
per batch), and is timed in CPU seconds of this process. No story: reading against claims is
`benchmarks/claims.py`'s.

    python benchmarks/store.py [--pages 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from statistics import median

import sitegen

from monitor.config import Selectors, settings_from_dict
from monitor.extract import extract_article
from monitor.pipeline import STORE_BATCH
from monitor.store.engine import open_store
from monitor.store.records import FetchedPage
from monitor.storing import ArticleStore

BASE = "http://127.0.0.1:8000"


OUTLET = {
    "name": "synthetic",
    "feeds": [f"{BASE}/feed.xml"],
    "interval": 60,
    "selectors": {"title": "h1.article-title", "body": "div.article-body"},
}


def fetched_pages(count: int) -> list[FetchedPage]:
    selectors = Selectors(**OUTLET["selectors"])
    pages = []
    for number in range(count):
        article = sitegen.site_article(1, number, sitegen.EPOCH)
        html = sitegen.article_html(1, article, BASE).encode()
        url = BASE + article.path
        extracted = extract_article(html, url, selectors, "synthetic")
        pages.append(FetchedPage("synthetic", url, "fingerprint", url, '"etag"', None, extracted, html))
    return pages


def one_run(folder: Path, pages: list[FetchedPage]) -> float:
    """CPU seconds to store `pages` into a new database in `folder`."""
    url = f"sqlite:///{folder / 'store.db'}"
    store = ArticleStore(
        settings_from_dict({"database_url": url, "outlets": [OUTLET]}), open_store(url), None
    )
    store.feeds_to_poll()
    started = time.process_time()
    stored = 0
    for first in range(0, len(pages), STORE_BATCH):
        stored += store.store(pages[first : first + STORE_BATCH]).new_articles
    elapsed = time.process_time() - started
    store.engine.dispose()
    if stored != len(pages):
        raise SystemExit(f"benchmark failed: stored {stored} of {len(pages)} pages")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pages = fetched_pages(args.pages)
    per_page = []
    for run in range(args.runs):
        folder = Path(tempfile.mkdtemp(prefix="bench-store-"))
        try:
            per_page.append(one_run(folder, pages) / len(pages) * 1000)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        print(f"  run {run + 1}: {per_page[-1]:.3f} ms CPU per page", flush=True)
    mean_kb = sum(len(p.body) for p in pages) / len(pages) / 1024
    print(f"storing {len(pages)} new pages ({mean_kb:.0f} KB on average), batches of {STORE_BATCH}:")
    print(f"  median {median(per_page):.3f} ms CPU per page over {args.runs} runs (min {min(per_page):.3f})")


if __name__ == "__main__":
    main()
