"""One sentence read once against the story's index: its words and stems, the claims it shares words with,
and (computed on first use) its numbers and the cue words the relation is judged by."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, Generic, TypeVar

from monitor.claims.index import ClaimIndex, Found, Hit
from monitor.claims.lexicon import (
    AFTER_NEGATIONS,
    CLAUSE_BREAKS,
    COORDINATORS,
    DENIALS,
    ENDED,
    HYPOTHETICAL,
    INTERROGATIVES,
    MODALS,
    NEGATIONS,
    PASSIVE,
    QUESTION_OPENERS,
    REBUTTALS,
    TRUE,
    UNTRUE,
    UPDATE_CUES,
)
from monitor.text import Quantity, fold, folded_word_spans, folded_words, numbers, stem, words

T = TypeVar("T")
_new_tuple = tuple.__new__
_NEGATING = NEGATIONS | AFTER_NEGATIONS | DENIALS | UNTRUE
_CONDITIONAL = HYPOTHETICAL - MODALS
_COUNTS = ("count", "percent")
_ENDED_CUES = frozenset(word for pair in ENDED for word in pair) - NEGATIONS
_CALLED_UNTRUE = REBUTTALS - DENIALS
REBUTTAL_LENGTH = 6
_OPENING_CLAUSE_END = re.compile(r"(?<=.)[,:]")
"""The most words a sentence, or the clause opening it, calling the one before untrue has ("That is simply
wrong.")."""


class cached_property(Generic[T]):
    """functools.cached_property without its lock (Python 3.11 takes one on every first access, which
    costs more than most of these values): the value is stored on the instance, which then shadows this."""

    def __init__(self, compute: Callable[[Any], T]) -> None:
        self.compute, self.name = compute, compute.__name__

    def __get__(self, sentence: Any, owner: type | None = None) -> T:
        value = sentence.__dict__[self.name] = self.compute(sentence)
        return value


@dataclass(eq=False)
class Sentence:
    text: str
    folded: str
    words: list[str]
    stems: list[str]
    word_set: frozenset[str]
    lang: str
    matches: list[tuple[int, int, Found]]
    """Every phrase of the index found here: (start, end, what the index compiled for the phrase)."""
    groups: dict[int, int]
    """Per claim index, the bit mask of the term groups the sentence holds."""
    entities: set[int]
    """The claims one of whose entities the sentence names."""
    anchors: list[tuple[int, int, str]]
    markers: list[tuple[int, int, str]]
    evidence_of: set[int] = field(default_factory=set)
    """The claims this sentence is evidence for."""
    hits: dict[int, list[Hit]] = field(default_factory=dict)
    """Per claim it is evidence for, what of the claim it holds (filled by `collect_hits`)."""

    def said(self, hit: Hit) -> str:
        """The words of the sentence that a hit matched."""
        return " ".join(self.words[hit.start : hit.end])

    def collect_hits(self) -> None:
        evidence, hits = self.evidence_of, self.hits
        for start, end, found in self.matches:
            for claim in evidence:
                for hit in found.hits.get(claim, ()):
                    # The template placed where it was found; `tuple.__new__` makes the Hit in C, without
                    # the Python call of NamedTuple's own `__new__`.
                    hits.setdefault(claim, []).append(_new_tuple(Hit, (start, end, *hit[2:])))

    def term_starts(self, position: int) -> set[int]:
        """The claims one of whose terms starts at word `position`."""
        return {claim for start, _, found in self.matches if start == position for claim, _ in found.terms}

    @cached_property
    def quantities(self) -> list[tuple[int, int, Quantity]]:
        """(first word, word after it, quantity) of the counts and percentages stated."""
        stated = [q for q in numbers(self.text, self.lang, (self.folded, self.words)) if q.kind in _COUNTS]
        if not stated:
            return []
        folded, spaced = self.folded, _spaced(self.folded)

        def words_before(offset: int) -> int:
            if spaced is None:
                return len(folded_words(folded, offset))
            return len(spaced[:offset].split())  # a word started before the offset is before it

        return [(words_before(q.offset), words_before(q.offset + len(q.text)), q) for q in stated]

    @cached_property
    def plain(self) -> bool:
        """Whether the sentence has no word that negates, denies or calls untrue (most sentences): then
        none of those cues need looking for, and they are set at once."""
        plain = _NEGATING.isdisjoint(self.word_set) and "n't" not in self.folded
        if plain:  # stored as the cached properties below would store them
            self.__dict__.update(negations=[], denials=[], untrue=[], after_negations=[])
        return plain

    @cached_property
    def rebuttal(self) -> str | None:
        """The word by which the sentence, or the clause opening it, only calls the one before untrue or
        denies it (a few words, none of a claim's: "That is simply wrong.", "Moscow denied it.", "He is
        wrong, and ..."), or None."""
        if REBUTTALS.isdisjoint(self.word_set) and TRUE.isdisjoint(self.word_set):
            return None
        length, rebuttals = len(self.words), REBUTTALS
        if length > REBUTTAL_LENGTH:
            # The opening clause ends at a comma or a colon ("Es falso: ninguno regresó ...").
            comma = _OPENING_CLAUSE_END.search(self.folded)
            length = len(folded_words(self.folded, comma.start())) if comma else length
            rebuttals = _CALLED_UNTRUE  # "Police denied entry to reporters, ..." denies nothing said before
        if length > REBUTTAL_LENGTH or any(found.terms for start, _, found in self.matches if start < length):
            return None
        words = frozenset(self.words[:length])
        said = rebuttals & words or (TRUE & words if not NEGATIONS.isdisjoint(words) else None)
        return min(said) if said else None

    @cached_property
    def asks(self) -> bool:
        """Whether the sentence is a yes-or-no question ("Fact check: were the rebels carrying M4s?",
        "¿Planeaba Maduro huir?"), which asserts nothing."""
        text = self.text.rstrip()
        if not text.endswith("?"):
            return False
        if "¿" in text:
            return INTERROGATIVES.isdisjoint(words(text.rsplit("¿", 1)[-1])[:1])
        return not QUESTION_OPENERS.isdisjoint(words(text.rsplit(":", 1)[-1])[:1])

    @cached_property
    def update_cue(self) -> bool:
        return not self.word_set.isdisjoint(UPDATE_CUES)

    @cached_property
    def negations(self) -> list[int]:
        """Positions of the negations that are not inside a condition ("if Cuba does not end ...") nor say
        that a status ended ("no longer", "ya no": a change of status, read as one)."""
        words = self.words
        if NEGATIONS.isdisjoint(self.word_set) and "n't" not in self.folded:
            return []
        ended: set[int] = set()
        if not _ENDED_CUES.isdisjoint(self.word_set):
            ended = {j for i, pair in enumerate(pairwise(words)) if pair in ENDED for j in (i, i + 1)}
        return [
            i
            for i, word in enumerate(words)
            if (word in NEGATIONS or word.endswith("n't"))
            and i not in ended
            and not any(w in _CONDITIONAL for w in words[max(0, i - 3) : i])
        ]

    @cached_property
    def denials(self) -> list[tuple[int, int, int]]:
        """Each denial verb's position and the span of words it refutes: its clause after it (up to
        "saying", "but" ...), or, when passive ("claims ... were denied"), its clause before it."""
        words = self.words
        if DENIALS.isdisjoint(self.word_set):
            return []
        spans = []
        for i, word in enumerate(words):
            if word not in DENIALS:
                continue
            if i and words[i - 1] in PASSIVE:
                start = max((j + 1 for j in range(i) if words[j] in CLAUSE_BREAKS), default=0)
                spans.append((i, start, i))
            else:
                end = next((j for j in range(i + 1, len(words)) if words[j] in CLAUSE_BREAKS), len(words))
                spans.append((i, i + 1, end))
        return spans

    @cached_property
    def clause_starts(self) -> list[int]:
        """Word positions that open a new clause: after ";", or after a comma and a coordinator."""
        if "," not in self.folded and ";" not in self.folded:
            return []
        spans = self.spans
        if len(spans) != len(self.words):
            return []
        starts = []
        for i in range(1, len(spans)):
            gap = self.folded[spans[i - 1][1] : spans[i][0]]
            if ";" in gap or ("," in gap and self.words[i] in COORDINATORS):
                starts.append(i)
        return starts

    @cached_property
    def spans(self) -> list[tuple[int, int]]:
        """Where each word stands in the folded text."""
        return folded_word_spans(self.folded)

    def punctuated(self, a: int, b: int, marks: str = ",;") -> bool:
        """Whether a comma or semicolon (one of `marks`) stands between words `a` and `b`."""
        low, high = min(a, b), max(a, b)
        if high >= len(self.spans):
            return False
        gap = self.folded[self.spans[low][1] : self.spans[high][0]]
        return any(mark in gap for mark in marks)

    def same_clause(self, a: int, b: int) -> bool:
        low, high = min(a, b), max(a, b)
        return not any(low < start <= high for start in self.clause_starts)

    def positions_of(self, cues: frozenset[str]) -> list[int]:
        if self.word_set.isdisjoint(cues):
            return []
        return [i for i, word in enumerate(self.words) if word in cues]

    @cached_property
    def untrue(self) -> list[int]:
        """Positions of the words calling something untrue, but for a negated one ("is not false")."""
        return [i for i in self.positions_of(UNTRUE) if not (i and self.words[i - 1] in NEGATIONS)]

    @cached_property
    def after_negations(self) -> list[int]:
        return self.positions_of(AFTER_NEGATIONS)

    @cached_property
    def hypothetical(self) -> list[int]:
        return self.positions_of(HYPOTHETICAL)


def read_sentence(index: ClaimIndex, text: str, lang: str = "en") -> Sentence:
    """`text` tokenised, stemmed and matched against every claim once."""
    folded = fold(text)
    words = _words(folded)
    stems = _stems(words)
    matches = index.phrases.find(stems)
    groups: dict[int, int] = {}
    entities: set[int] = set()
    anchors: list[tuple[int, int, str]] = []
    markers: list[tuple[int, int, str]] = []
    for start, end, found in matches:
        for claim, bit in found.terms:
            groups[claim] = groups.get(claim, 0) | bit
        if found.entities:
            entities.update(found.entities)
        # Plain loops: a comprehension would be a function call for what is nearly always one word.
        for word in found.anchors:
            anchors.append((start, end, word))
        for word in found.markers:
            markers.append((start, end, word))
    return Sentence(
        text, folded, words, stems, frozenset(words), lang, matches, groups, entities, anchors, markers
    )


_SEPARATORS = bytes(c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789'" else ord(" ") for c in range(256))


def _words(folded: str) -> list[str]:
    """`folded_words(folded)`, several times faster for nearly every sentence (see `_spaced`)."""
    spaced = _spaced(folded)
    return folded_words(folded) if spaced is None else spaced.split()


def _spaced(folded: str) -> str | None:
    """`folded` with every character but letters, digits and apostrophes made a space (one byte translate),
    when its words are then the runs between spaces: ASCII text whose apostrophes all stand inside words
    ("didn't", "guaido's"), as nearly every folded sentence is. None for any other text."""
    if not folded.isascii():
        return None
    spaced = folded.encode("ascii").translate(_SEPARATORS).decode("ascii")  # same length, same offsets
    if "'" in spaced:
        padded = f" {spaced} "
        if " '" in padded or "' " in padded or "''" in spaced:
            return None  # an apostrophe as a quote mark: not part of a word
    return spaced


_STEMS: dict[str, str] = {}
"""The stems of the words met so far: word types repeat (in an article and across articles), and a dict
look-up costs less than a call to the cached `stem`."""
_STEMS_KEPT = 65_536


def _stems(words: list[str]) -> list[str]:
    try:
        return list(map(_STEMS.__getitem__, words))
    except KeyError:
        if len(_STEMS) > _STEMS_KEPT:
            _STEMS.clear()  # a long-running daemon meets ever new words: keep the memo bounded
        return [_STEMS.get(word) or _STEMS.setdefault(word, stem(word)) for word in words]
