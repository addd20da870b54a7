"""The story's words compiled once into an inverted index: stemmed phrase -> which claims want it and why.

A sentence is read in one pass: at each word, one dictionary look-up finds the phrases starting with its
stem, so a sentence only ever meets the claims it shares a word with, and 250 claims cost about as much
as 25. What each claim needs for judging (its own status words, the context of its contrast terms, the
acts it reports) is computed here too, once per story.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from monitor.claims.lexicon import ACTS, DEVELOPMENTS, FUNCTION_WORDS, STATUS_CHANGES, SYNONYMS
from monitor.text import fold, numbers, stem, stems, words

if TYPE_CHECKING:
    from monitor.claims.story import Claim, Story

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
    """Phrases (as stem tuples) by their first stem; `find` lists every phrase found in a token list, with
    what was stored for it (by `add`, or its `freeze`d form)."""

    def __init__(self) -> None:
        self._added: dict[Phrase, list[Any]] = defaultdict(list)
        self._starts: dict[str, tuple[Any, dict[str, tuple[tuple[Phrase, Any], ...]]]] = {}
        """First stem -> (what the one-word phrase holds or None, longer phrases by their second stem:
        (their stems after the second, what they hold))."""

    def add(self, phrase: Phrase, payload: object) -> None:
        if phrase:
            self._added[phrase].append(payload)

    def freeze(self, compile_payloads: Callable[[list[Any]], object]) -> None:
        """Compile each phrase's payloads into one record and lay the phrases out for `find` (done once per
        story). Phrases keep the order they were added in, so that `find` lists them in a stable order."""
        single: dict[str, Any] = {}
        longer: dict[str, dict[str, list[tuple[Phrase, Any]]]] = defaultdict(lambda: defaultdict(list))
        for phrase, payloads in self._added.items():
            compiled = compile_payloads(payloads)
            if len(phrase) == 1:
                single[phrase[0]] = compiled
            else:
                longer[phrase[0]][phrase[1]].append((phrase[2:], compiled))
        self._starts = {
            first: (single.get(first), {second: tuple(rest) for second, rest in longer[first].items()})
            for first in single.keys() | longer.keys()
        }

    def find(self, tokens: list[str]) -> list[tuple[int, int, Any]]:
        starts = self._starts
        found = []
        count = len(tokens)
        # One look-up per word (mapped in C); the phrases are looked at only where some phrase starts, and a
        # longer one only when the next word is its second.
        for i, entry in enumerate(map(starts.get, tokens)):
            if entry is None:
                continue
            payload, longer = entry
            if payload is not None:
                found.append((i, i + 1, payload))
            if longer and i + 1 < count:
                for rest, payload in longer.get(tokens[i + 1], ()):
                    end = i + 2 + len(rest)
                    if not rest or (end <= count and tuple(tokens[i + 2 : end]) == rest):
                        found.append((i, end, payload))
        return found


class Found(NamedTuple):
    """What one phrase means to the story, compiled: the term groups and entities of the claims it
    belongs to, hit templates for judging, and whether it is an anchor or a marker."""

    terms: tuple[tuple[int, int], ...]
    """(claim, bit of the term group)."""
    entities: tuple[int, ...]
    hits: dict[int, tuple[Hit, ...]]
    """Per claim, its hit templates (positions are filled in where found)."""
    anchors: tuple[str, ...]
    markers: tuple[str, ...]
    change: Phrase | None
    """The phrase as a status change ("left", "arrested"), when it is one."""
    developments: tuple[str, ...]
    """The kinds of news the phrase makes ("casualties", "arrest")."""


def _compile(payloads: list[Any]) -> Found:
    hits = tuple(p for p in payloads if isinstance(p, Hit))
    cues: dict[str, list[Any]] = defaultdict(list)
    for kind, value in (p for p in payloads if not isinstance(p, Hit)):
        cues[kind].append(value)
    bits: dict[int, int] = {}
    for hit in hits:
        if hit.role == "term":
            bits[hit.claim] = bits.get(hit.claim, 0) | 1 << hit.group
    by_claim: dict[int, list[Hit]] = defaultdict(list)
    for hit in hits:
        by_claim[hit.claim].append(hit)
    return Found(
        tuple(bits.items()),
        tuple(dict.fromkeys(h.claim for h in hits if h.role == "entity")),
        {claim: tuple(found) for claim, found in by_claim.items()},
        tuple(cues["anchor"]),
        tuple(cues["marker"]),
        cues["change"][0] if cues["change"] else None,
        tuple(dict.fromkeys(cues["development"])),
    )


def _synonym_table() -> dict[Phrase, tuple[Phrase, ...]]:
    table: dict[Phrase, set[Phrase]] = defaultdict(set)
    for group in SYNONYMS:
        phrases = {tuple(stems(word)) for word in group}
        for phrase in phrases:
            table[phrase] |= phrases
    return {phrase: tuple(sorted(members)) for phrase, members in table.items()}


_SYNONYMS = _synonym_table()


def variants(word: str) -> tuple[Phrase, ...]:
    """The stemmed forms a story word matches: itself, its synonyms, and for a name transliterated from
    Russian its Spanish spelling ("Zakharova", "Zajárova")."""
    phrase = tuple(stems(word))
    found = _SYNONYMS.get(phrase, (phrase,))
    if "kh" in fold(word):
        found = (*found, tuple(stems(fold(word).replace("kh", "j"))))
    return found


@dataclass
class ClaimIndex:
    """Every claim's phrases in one index (payload: a `Hit` template), with the story's anchors and markers
    (payload: ("anchor" or "marker", word)), so that a sentence is read once; and what each claim needs
    for judging, computed once."""

    phrases: PhraseIndex = field(default_factory=PhraseIndex)
    groups: list[int] = field(default_factory=list)
    """Per claim: the bit mask of all its term groups (a sentence holding them all is evidence)."""
    needs_entity: list[bool] = field(default_factory=list)
    named_by: list[frozenset[str]] = field(default_factory=list)
    """Per claim: the folded words of its entities ("leopoldo", "lopez")."""
    actor_words: frozenset[str] = frozenset()
    """The folded words of the story's actors (its `entities`: "maduro", "bolton")."""
    nouns: dict[int, frozenset[str]] = field(default_factory=dict)
    """Per claim with a figure: the stems its figure may be written with."""
    all_nouns: frozenset[str] = frozenset()
    totals: dict[int, float] = field(default_factory=dict)
    """Per claim whose statement counts its figure's nouns more than once ("five soldiers and two
    colonels"): their sum, which a report of the whole ("seven soldiers") gives as the same count."""
    """The nouns of every figure of the story: a number counting one of them belongs to its claims only."""
    own: list[frozenset[Phrase]] = field(default_factory=list)
    """Per claim: its term and status phrases (a status word among them changes nothing)."""
    status: list[frozenset[Phrase]] = field(default_factory=list)
    """Per claim: its status phrases ("moved" for López at the Spanish embassy): a status the story claims."""
    acts: list[frozenset[str]] = field(default_factory=list)
    """Per claim: the stems of the non-assertive act it reports ("warned", "threatened"), if any."""
    subject: list[frozenset[str] | None] = field(default_factory=list)
    """Per claim whose statement names its contrary words ("M4 rifles, not the army's AK-103"): the stems
    of the statement outside that contrast. A contrary word contradicts only beside one of them."""
    known: frozenset[str] = frozenset()
    """The folded names the story knows (anchors, markers, its and its claims' entities): others are new."""
    names: frozenset[str] = frozenset()
    """The markers written as names (capitalised: "Leopoldo López", "La Carlota"), not common words."""
    actors: frozenset[str] = frozenset()
    """The markers that name the story's actors ("Guaidó", "Padrino")."""
    places: frozenset[str] = frozenset()
    """The markers that name where or what happened rather than who: written as names (capitalised) and
    not among the story's actors ("La Carlota", "Altamira", "Operation Freedom"; not "Padrino", nor
    "uprising")."""


def build_index(story: Story) -> ClaimIndex:
    index = ClaimIndex()
    all_nouns: set[str] = set()
    for n, claim in enumerate(story.claims):
        index.groups.append((1 << len(claim.terms)) - 1)
        index.needs_entity.append(bool(claim.entities))
        index.named_by.append(frozenset(words(" ".join(claim.entities))))
        wanted: dict[tuple[Phrase, str, int], str] = {}
        for g, group in enumerate(claim.terms):
            for word in group:
                for phrase in variants(word):
                    wanted.setdefault((phrase, "term", g), word)
        for role, listed in (
            ("entity", claim.entities),
            ("status", claim.status),
            ("contrary", claim.contrary),
            ("distinctive", claim.distinctive),
        ):
            for word in listed:
                for phrase in variants(word):
                    wanted.setdefault((phrase, role, 0), word)
        for (phrase, role, group), word in wanted.items():
            index.phrases.add(phrase, Hit(0, 0, role, n, group, word))
        if claim.figure:
            counted = (*claim.figure.nouns, claim.figure.unit)
            # A phrase counts by its last word, unless that is a particle ("rounded up", "in custody" do
            # not make "up" a count noun: "rose to 109, up from 59").
            last = {p[-1] for word in counted for p in variants(word) if p}
            nouns = (last - _FUNCTION) | ({"%"} & set(counted))
            index.nouns[n] = frozenset(nouns)
            all_nouns |= nouns
            parts = [q.value for q in numbers(claim.statement, "en") if stem(q.unit) in nouns]
            if len(parts) > 1:
                index.totals[n] = sum(parts)
        status = frozenset(p for word in claim.status for p in variants(word))
        index.status.append(status)
        index.own.append(status | {p for g in claim.terms for word in g for p in variants(word)})
        index.acts.append(frozenset(stems(claim.statement)) & _ACTS)
        index.subject.append(_subject(claim))
    index.all_nouns = frozenset(all_nouns)
    for kind, listed in (("anchor", story.anchors), ("marker", story.markers)):
        for word in listed:
            for phrase in variants(word):
                index.phrases.add(phrase, (kind, word))
    # The general cues are read in the same pass as the story's words.
    for phrase in {phrase for word in STATUS_CHANGES for phrase in variants(word)}:
        index.phrases.add(phrase, ("change", phrase))
    for kind, members in DEVELOPMENTS.items():
        for phrase in {phrase for word in members for phrase in variants(word)}:
            index.phrases.add(phrase, ("development", kind))
    index.phrases.freeze(_compile)
    claimed = (word for claim in story.claims for word in claim.entities)
    known = (*story.anchors, *story.markers, *story.entities, *claimed)
    index.known = frozenset(fold(word) for word in known)
    index.actor_words = frozenset(words(" ".join(story.entities)))
    actors = {fold(word) for word in (*story.anchors, *story.entities)}
    index.names = frozenset(m for m in story.markers if m[:1].isupper())
    index.places = frozenset(m for m in index.names if fold(m) not in actors)
    index.actors = index.names - index.places
    return index


_ACTS = frozenset(stems(" ".join(ACTS)))
_FUNCTION = frozenset(stems(" ".join((*FUNCTION_WORDS, "the a an of not no"))))
_CLAUSE = re.compile(r"[,;:]|\b(?:but|rather than|instead of|unlike|sino|en lugar de|en vez de)\b")


def _subject(claim: Claim) -> frozenset[str] | None:
    """The claim's own stems outside the clause that names its contrary words, with their synonyms; None
    when the statement does not name them (then a contrary word always says something else happened)."""
    statement = fold(claim.statement)
    contrary = [fold(word) for word in claim.contrary if fold(word) in statement]
    if not contrary:
        return None
    at = min(statement.index(word) for word in contrary)
    start = max((m.start() for m in _CLAUSE.finditer(statement, 0, at)), default=0)
    negation = statement.rfind(" not ", start, at)
    start = negation if negation >= 0 else start
    ends = [m.start() for m in _CLAUSE.finditer(statement, at)]
    end = min(ends, default=len(statement))
    contrast = _expand(words(statement[start:end]))
    claimed = _expand((*claim.contrary, *claim.distinctive, *(w for g in claim.terms for w in g)))
    outside = _expand(words(statement[:start] + " " + statement[end:]))
    return frozenset(outside - contrast - claimed - _FUNCTION)


def _expand(listed: Iterable[str]) -> set[str]:
    """One-word stems of the words `listed` and of their synonyms."""
    return {phrase[0] for word in listed for phrase in variants(word) if len(phrase) == 1}
