"""Extraction benchmark: our extractor against trafilatura on the ScrapingHub article-extraction pages.

Both run in one process over the same decoded pages. Quality is the benchmark's own metric (see the
data's README): 4-token shingles of `\\w+` tokens, per-page precision and recall averaged over pages, F1 the
harmonic mean of the averages. Speed is ms/page, the median of several timed passes over all pages.

    python benchmarks/extraction.py [--data ../shared/bench/extraction] [--passes 3] [--worst 10]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import trafilatura

from monitor.extract import extract_article

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "extraction"
TOKEN = re.compile(r"\w+")
TARGET_SPEEDUP = 5.0


@dataclass
class Score:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    if len(tokens) < 4:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def page_score(predicted: str, expected: str) -> Score:
    got, want = shingles(predicted), shingles(expected)
    true_positives = sum((got & want).values())
    false_positives = sum(got.values()) - true_positives
    false_negatives = sum(want.values()) - true_positives
    if false_positives == 0 and false_negatives == 0:
        return Score(1.0, 1.0)
    precision = true_positives / (true_positives + false_positives) if got else 0.0
    recall = true_positives / (true_positives + false_negatives) if want else 0.0
    return Score(precision, recall)


def ours(html: str, url: str) -> str:
    return extract_article(html, url).text


def theirs(html: str, url: str) -> str:
    return trafilatura.extract(html, url=url, include_comments=False) or ""


def load(data: Path) -> list[tuple[str, str, str, str]]:
    """(page id, url, html, expected body) for every page with ground truth."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, entry in sorted(truth.items()):
        html = gzip.decompress((data / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8")
        pages.append((page_id, entry.get("url", ""), html, entry["articleBody"]))
    return pages


def timed_pass(extract: Callable[[str, str], str], pages: list[tuple[str, str, str, str]]) -> list[str]:
    return [extract(html, url) for _, url, html, _ in pages]


def measure(extract: Callable[[str, str], str], pages: list, passes: int) -> tuple[list[str], float]:
    """Outputs of the first pass and the median ms/page over `passes` passes."""
    timings, outputs = [], []
    for _ in range(passes):
        started = time.perf_counter()
        outputs = timed_pass(extract, pages)
        timings.append((time.perf_counter() - started) * 1000 / len(pages))
    return outputs, median(timings)


def averaged(scores: list[Score]) -> Score:
    return Score(
        sum(score.precision for score in scores) / len(scores),
        sum(score.recall for score in scores) / len(scores),
    )


def reason(predicted: str, expected: str, score: Score) -> str:
    """Which way a page went wrong, with the first words we added or missed."""
    got, want = TOKEN.findall(predicted), TOKEN.findall(expected)
    if not got:
        return "nothing extracted"
    if score.recall < score.precision:
        missing = [word for word in dict.fromkeys(want) if word not in set(got)][:6]
        return f"missed text, e.g. {' '.join(missing)!r}"
    extra = [word for word in dict.fromkeys(got) if word not in set(want)][:6]
    return f"extra text, e.g. {' '.join(extra)!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--worst", type=int, default=10)
    args = parser.parse_args()
    pages = load(args.data)
    results = {}
    for name, extract in (("ours", ours), ("trafilatura", theirs)):
        outputs, ms = measure(extract, pages, max(1, args.passes))
        scores = [page_score(out, page[3]) for out, page in zip(outputs, pages, strict=True)]
        results[name] = (outputs, scores, ms)
    print(f"{len(pages)} pages, ms/page = median of {args.passes} passes\n")
    print(f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'ms/page':>8}")
    for name, (_, scores, ms) in results.items():
        total = averaged(scores)
        print(f"{name:<12} {total.precision:9.3f} {total.recall:7.3f} {total.f1:6.3f} {ms:8.2f}")
    speedup = results["trafilatura"][2] / results["ours"][2]
    print(f"\nspeed-up {speedup:.1f}x (target >= {TARGET_SPEEDUP:.0f}x)")
    our_outputs, our_scores, _ = results["ours"]
    their_scores = results["trafilatura"][1]
    worst = sorted(range(len(pages)), key=lambda i: our_scores[i].f1 - their_scores[i].f1)[: args.worst]
    print(f"\nthe {args.worst} pages where we lose most F1 to trafilatura")
    print(f"{'page':<12} {'ours':>5} {'traf':>5}  reason")
    for i in worst:
        page_id, _, _, expected = pages[i]
        why = reason(our_outputs[i], expected, our_scores[i])
        print(f"{page_id[:12]:<12} {our_scores[i].f1:5.2f} {their_scores[i].f1:5.2f}  {why}")


if __name__ == "__main__":
    main()
