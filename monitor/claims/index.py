"""The story's words compiled once into an inverted index: stemmed phrase -> which claims want it and why.

A sentence is read in one pass: at each word that starts some phrase, only the phrases starting with that
stem are tried, so 250 claims cost about as much as 25.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from monitor.claims.lexicon import SYNONYMS
from monitor.text import stems

if TYPE_CHECKING:
    from monitor.claims.story import Story

Phrase = tuple[str, ...]


class Hit(NamedTuple):
    """One phrase of a claim found in a sentence (a tuple: sentences hold thousands of them)."""

    start: int
    end: int
    role: str
    """What the phrase is to its claim: "term", "entity", "noun", "status", "contrary", "distinctive"."""
    claim: int
    group: int = 0
    text: str = ""
    """The phrase as the story wrote it."""


class PhraseIndex:
    """Phrases (as stem tuples) by their first stem; `find` lists every phrase found in a token list."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[Phrase, object]]] = defaultdict(list)

    def add(self, phrase: Phrase, payload: object) -> None:
        if phrase:
            self._by_first[phrase[0]].append((phrase, payload))

    def find(self, tokens: list[str]) -> Iterable[tuple[int, int, object]]:
        by_first = self._by_first
        for i, token in enumerate(tokens):
            candidates = by_first.get(token)
            if candidates:
                for phrase, payload in candidates:
                    end = i + len(phrase)
                    if end <= len(tokens) and (len(phrase) == 1 or tuple(tokens[i:end]) == phrase):
                        yield i, end, payload


def _synonym_table() -> dict[Phrase, tuple[Phrase, ...]]:
    table: dict[Phrase, set[Phrase]] = defaultdict(set)
    for group in SYNONYMS:
        phrases = {tuple(stems(word)) for word in group}
        for phrase in phrases:
            table[phrase] |= phrases
    return {phrase: tuple(sorted(members)) for phrase, members in table.items()}


_SYNONYMS = _synonym_table()


def variants(word: str) -> tuple[Phrase, ...]:
    """The stemmed forms a story word matches: itself and its synonyms."""
    phrase = tuple(stems(word))
    return _SYNONYMS.get(phrase, (phrase,))


@dataclass
class ClaimIndex:
    """Every claim's phrases in one index (payload: a `Hit` template), with the story's anchors and markers
    (payload: ("anchor" or "marker", word)), so that a sentence is read once."""

    phrases: PhraseIndex = field(default_factory=PhraseIndex)
    groups: list[int] = field(default_factory=list)
    """Per claim: the bit mask of all its term groups (a sentence holding them all is evidence)."""
    needs_entity: list[bool] = field(default_factory=list)
    nouns: dict[int, frozenset[str]] = field(default_factory=dict)
    """Per claim with a figure: the stems its figure may be written with."""
    all_nouns: frozenset[str] = frozenset()
    """The nouns of every figure of the story: a number counting one of them belongs to its claims only."""


def build_index(story: Story) -> ClaimIndex:
    index = ClaimIndex()
    all_nouns: set[str] = set()
    for n, claim in enumerate(story.claims):
        index.groups.append((1 << len(claim.terms)) - 1)
        index.needs_entity.append(bool(claim.entities))
        wanted: dict[tuple[Phrase, str, int], str] = {}
        for g, group in enumerate(claim.terms):
            for word in group:
                for phrase in variants(word):
                    wanted.setdefault((phrase, "term", g), word)
        for role, words in (
            ("entity", claim.entities),
            ("status", claim.status),
            ("contrary", claim.contrary),
            ("distinctive", claim.distinctive),
        ):
            for word in words:
                for phrase in variants(word):
                    wanted.setdefault((phrase, role, 0), word)
        for (phrase, role, group), word in wanted.items():
            index.phrases.add(phrase, Hit(0, 0, role, n, group, word))
        if claim.figure:
            words = (*claim.figure.nouns, claim.figure.unit)
            nouns = {p[-1] for word in words for p in variants(word) if p} | ({"%"} & set(words))
            index.nouns[n] = frozenset(nouns)
            all_nouns |= nouns
    index.all_nouns = frozenset(all_nouns)
    for kind, words in (("anchor", story.anchors), ("marker", story.markers)):
        for word in words:
            for phrase in variants(word):
                index.phrases.add(phrase, (kind, word))
    return index
