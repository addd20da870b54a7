"""What changed between two versions of an article, sentence by sentence (pure).

Sentences are compared by their folded words only, so re-wrapping, typographic quotes or a changed comma
are not edits. A sentence replaced by a similar one is "changed" (edited in place) rather than one removal
plus one addition, and the numbers that differ inside it are named as figure changes ("59 -> 109 people").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from monitor.text import Quantity, numbers, split_sentences, words

# How alike two sentences must be (difflib ratio of their words) to count as one sentence edited in place.
SAME_SENTENCE = 0.5


@dataclass(frozen=True)
class FigureChange:
    old: str
    new: str
    unit: str
    sentence: str
    """The new-side sentence (or headline) where the figure changed."""

    def __str__(self) -> str:
        return f"{self.old} -> {self.new} {self.unit}".rstrip()


@dataclass(frozen=True)
class Revision:
    headline: tuple[str, str] | None = None
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str]] = field(default_factory=list)
    figures: list[FigureChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.headline or self.added or self.removed or self.changed)

    def changed_sentences(self) -> list[str]:
        """The new version's sentences that are added or edited: what a new version says that the old did
        not (the headline included when it changed)."""
        headline = [self.headline[1]] if self.headline else []
        return headline + [new for _, new in self.changed] + list(self.added)

    def summary(self) -> str:
        """One line: 'headline changed; 2 sentences changed (figures: 59 -> 109 people); 1 added'."""
        parts = ["headline changed"] if self.headline else []
        if self.changed:
            part = _count(len(self.changed), "sentence") + " changed"
            parts.append(part)
        if self.figures:
            figures = f"figures: {', '.join(str(f) for f in self.figures)}"
            if self.changed:
                parts[-1] += f" ({figures})"
            else:
                parts.append(figures)
        if self.added:
            parts.append(f"{len(self.added)} added")
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        return "; ".join(parts) or "no change"

    def render(self) -> str:
        """A readable text diff: '- old' and '+ new' lines, headline first."""
        lines: list[str] = []
        if self.headline:
            lines += ["headline:", f"- {self.headline[0]}", f"+ {self.headline[1]}", ""]
        for old, new in self.changed:
            lines += ["changed:", f"- {old}", f"+ {new}", ""]
        if self.removed:
            lines += ["removed:", *(f"- {s}" for s in self.removed), ""]
        if self.added:
            lines += ["added:", *(f"+ {s}" for s in self.added), ""]
        return "\n".join(lines).rstrip() or "no change"

    def to_dict(self) -> dict[str, Any]:
        return {
            "headline": list(self.headline) if self.headline else None,
            "added": list(self.added),
            "removed": list(self.removed),
            "changed": [list(pair) for pair in self.changed],
            "figures": [
                {"old": f.old, "new": f.new, "unit": f.unit, "sentence": f.sentence} for f in self.figures
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Revision:
        headline = data.get("headline")
        return cls(
            headline=(headline[0], headline[1]) if headline else None,
            added=list(data.get("added", [])),
            removed=list(data.get("removed", [])),
            changed=[(old, new) for old, new in data.get("changed", [])],
            figures=[FigureChange(**figure) for figure in data.get("figures", [])],
        )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _key(sentence: str) -> tuple[str, ...]:
    return tuple(words(sentence))


def diff_versions(old_title: str, old_text: str, new_title: str, new_text: str) -> Revision:
    """The sentence-level diff from the old version to the new one."""
    headline = (old_title, new_title) if _key(old_title) != _key(new_title) else None
    old, new = split_sentences(old_text), split_sentences(new_text)
    added: list[str] = []
    removed: list[str] = []
    changed: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, [_key(s) for s in old], [_key(s) for s in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs, gone, came = _pair(old[i1:i2], new[j1:j2])
        changed += pairs
        removed += gone
        added += came
    figures = [change for pair in ([headline] if headline else []) + changed for change in _figures(*pair)]
    return Revision(headline, added, removed, changed, figures)


def _pair(old: list[str], new: list[str]) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """Pair the sentences of a replaced block by similarity, in order; the rest were removed or added."""
    pairs: list[tuple[str, str]] = []
    used: set[int] = set()
    gone: list[str] = []
    start = 0
    for sentence in old:
        best, best_ratio = None, SAME_SENTENCE
        for j in range(start, len(new)):
            ratio = SequenceMatcher(None, _key(sentence), _key(new[j]), autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = j, ratio
        if best is None:
            gone.append(sentence)
        else:
            pairs.append((sentence, new[best]))
            used.add(best)
            start = best + 1
    came = [s for j, s in enumerate(new) if j not in used]
    return pairs, gone, came


def _figures(old: str, new: str) -> list[FigureChange]:
    """The figures of `old` that `new` replaced, paired in order of appearance."""

    def figures(sentence: str) -> list[Quantity]:
        return [q for q in numbers(sentence) if q.kind in ("count", "percent")]

    before, after = figures(old), figures(new)
    common = Counter(q.value for q in before) & Counter(q.value for q in after)
    left, right = Counter(common), Counter(common)
    only_old = [q for q in before if not _take(left, q.value)]
    only_new = [q for q in after if not _take(right, q.value)]
    return [
        FigureChange(o.text, n.text, n.unit or o.unit, new) for o, n in zip(only_old, only_new, strict=False)
    ]


def _take(counter: Counter, value: float) -> bool:
    if counter[value] > 0:
        counter[value] -= 1
        return True
    return False
