"""Claims comparison benchmark: quality on the evaluation splits, and speed against 23 and 250 claims.

    python benchmarks/claims.py                    # every split, speed figures
    python benchmarks/claims.py --errors dev       # also list the development split's mistakes

Quality: precision, recall and F1 over (article, claim, relation) triples, and relevance accuracy, for the
development split (rules were tuned reading its errors), the held-out split (written with dev; its misses
were read once, on 2026-11-25, so it is no longer untouched) and the blind splits (written by people who
never saw the method nor the other splits; their errors were read and the method tuned on them on
2026-11-25 and 2026-12-01, so they are no longer blind either: only a split nobody has measured is).
Speed: median milliseconds per compare() of a ~1,500-word relevant article, against the story's claims and
against 250 claims (the story's plus generated ones, varied in words, entities and figures); the index is
built once beforehand, as the crawl pipeline does.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tomllib
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from monitor.claims import Claim, Figure, Story, compare, load_story  # noqa: E402
from monitor.claims.lexicon import SYNONYMS  # noqa: E402

STORY = ROOT / "seeds" / "venezuela-2019-04-30"
EVAL = Path(__file__).resolve().parent / "claims_eval"
SPLITS = (
    "dev", "heldout", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9",
    "blind10",
)  # fmt: skip
SPEED_SPLITS = ("dev", "heldout")
"""The long article of the speed figure is made of these splits' articles (as it was before blind.toml)."""


def articles(split: str) -> list[dict]:
    return tomllib.loads((EVAL / f"{split}.toml").read_text(encoding="utf-8"))["articles"]


def quality(story: Story, split: str, show_errors: bool) -> dict[str, float]:
    tp = fp = fn = right = 0
    items = articles(split)
    for article in items:
        result = compare(story, article["title"], article["text"])
        expected = {tuple(e.split()) for e in article["expect"]}
        found = {(f.claim_id, f.relation) for f in result.findings}
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
        right += result.relevant == article["relevant"]
        if show_errors and (found != expected or result.relevant != article["relevant"]):
            print(
                f"  {article['id']}: relevant {result.relevant} "
                f"(expected {article['relevant']}: {result.relevance})"
            )
            for claim, relation in sorted(found - expected):
                finding = next(f for f in result.findings if f.claim_id == claim)
                print(f"    extra   {claim} {relation}: {finding.reason} | {finding.evidence[:90]}")
            for claim, relation in sorted(expected - found):
                print(f"    missing {claim} {relation}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(items),
        "triples": tp + fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "relevance": right / len(items),
    }


def long_article(words: int = 1500) -> tuple[str, str]:
    """A relevant article of about `words` words, made of the evaluation set's relevant articles."""
    paragraphs: list[str] = []
    count = 0
    for article in (a for split in SPEED_SPLITS for a in articles(split) if a["relevant"]):
        for paragraph in article["text"].strip().split("\n\n"):
            paragraphs.append(paragraph)
            count += len(paragraph.split())
            if count >= words:
                return "Venezuela uprising: the day in Caracas", "\n\n".join(paragraphs)
    raise SystemExit("the evaluation set is too small to make a long article")


def synthetic_claims(story: Story, total: int, seed: int = 7) -> Story:
    """The story with generated claims added up to `total`: each draws its term groups from the synonym
    lexicon, an entity from a pool of names, and sometimes a figure, so that the index grows as it would
    with a larger real story (not copies of the same claim)."""
    rng = random.Random(seed)
    names = [
        "Arreaza", "Cabello", "Rodríguez", "Saab", "Vecchio", "Borges", "Rubio", "Abrams", "Lavrov",
        "Guterres", "Bachelet", "Almagro", "Ortega", "Morales", "Díaz-Canel", "Maduro", "Guaidó", "López",
        "Tintori", "Ampuero", "Bolsonaro", "Duque", "Piñera", "Macri", "Vizcarra", "Trudeau", "Merkel",
        "Macron", "Sánchez", "Borrell", "Mogherini", "Putin", "Xi", "Erdoğan", "Lima Group", "OAS",
    ]  # fmt: skip
    nouns = ["people", "soldiers", "protesters", "officers", "troops", "civilians", "members"]
    claims = list(story.claims)
    for n in range(total - len(claims)):
        groups = rng.sample(SYNONYMS, rng.choice((1, 2, 2, 3)))
        terms = tuple(tuple(rng.sample(group, min(len(group), rng.randint(1, 3)))) for group in groups)
        entities = tuple(rng.sample(names, rng.randint(0, 2)))
        figure = None
        if rng.random() < 0.4:
            noun = rng.choice(nouns)
            figure = Figure(float(rng.randint(2, 5000)), noun, rng.choice(("", "min", "approx")), (noun,))
        claims.append(
            Claim(
                id=f"synthetic-{n}",
                statement=f"Generated claim {n}",
                entities=entities,
                terms=terms,
                figure=figure,
                negative=rng.random() < 0.1,
            )
        )
    return replace(story, claims=tuple(claims))


def median_ms(story: Story, title: str, text: str, runs: int) -> float:
    compare(story, title, text)  # builds the index once, as the pipeline's first comparison does
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        compare(story, title, text)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=SPLITS, help="list this split's mistakes")
    parser.add_argument(
        "--splits", nargs="+", choices=SPLITS, default=SPLITS, help="measure only these splits (default: all)"
    )
    parser.add_argument("--runs", type=int, default=50, help="timed comparisons per figure (median taken)")
    args = parser.parse_args()
    story = load_story(STORY)
    for split in args.splits:
        figures = quality(story, split, show_errors=args.errors == split)
        print(
            f"{split:8} articles {figures['articles']:3}  triples {figures['triples']:3}  "
            f"precision {figures['precision']:.3f}  recall {figures['recall']:.3f}  F1 {figures['f1']:.3f}  "
            f"relevance accuracy {figures['relevance']:.3f}"
        )
    title, text = long_article()
    print(f"speed: article of {len(text.split())} words, median of {args.runs} runs")
    for total in (len(story.claims), 250):
        bigger = story if total == len(story.claims) else synthetic_claims(story, total)
        print(f"  {len(bigger.claims):4} claims: {median_ms(bigger, title, text, args.runs):6.2f} ms")


if __name__ == "__main__":
    main()
