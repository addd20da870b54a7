"""An article read against the story's claims (pure): is it about the story, and what does it say of each
claim?

1. Relevance, on the whole article: it must name one of the story's anchors (place or principal actor),
   show the story's markers or a claim's evidence, and not be dated only outside the story's window.
2. Evidence: a sentence is evidence for a claim when it holds a word of every one of the claim's term groups
   (synonyms and both languages included) and, if the claim names entities, one of them (in the sentence
   or the one before, which a pronoun may refer to).
3. Relation, by the first cue that decides: a contrary word; a figure (same, compatible, larger or later,
   smaller); negation or denial near the claim's words; a changed status; else the sentence corroborates.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from monitor.claims.index import Hit, PhraseIndex, variants
from monitor.claims.lexicon import (
    AFTER_NEGATIONS,
    DENIALS,
    DEVELOPMENTS,
    FUNCTION_WORDS,
    HYPOTHETICAL,
    NEGATIONS,
    STATUS_CHANGES,
    UNTRUE,
    UPDATE_CUES,
)
from monitor.claims.story import Claim, Figure, Story
from monitor.text import Quantity, fold, numbers, split_sentences, stem, word_spans, words

RELATIONS = ("corroborates", "updates", "contradicts")
_STRENGTH = {relation: n for n, relation in enumerate(RELATIONS)}
NEGATION_REACH = 4
"""How many words before a claim's word a negation still applies to it ("did not condemn")."""
UNTRUE_REACH = 8
"""How far from a claim's words "false" or "fake" still calls them untrue."""
STATUS_REACH = 9
"""How far from the claim's words a status change still concerns it."""
COUNTED_REACH = 3
"""How many words after a number may name what it counts ("25 armed Guaidó supporters")."""
FIGURE_REACH = 6
"""How far from the claim's words a number that counts no known noun may still be the claim's figure."""


@dataclass(frozen=True)
class Finding:
    claim_id: str
    relation: str
    """"corroborates", "updates" or "contradicts"."""
    evidence: str
    reason: str


@dataclass(frozen=True)
class NewDevelopment:
    evidence: str
    reason: str


@dataclass(frozen=True)
class Comparison:
    relevant: bool
    findings: list[Finding] = field(default_factory=list)
    new_developments: list[NewDevelopment] = field(default_factory=list)
    relevance: str = ""
    """Why the article is or is not about the story (for people; not part of the JSON form)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "relevant": self.relevant,
            "findings": [
                {"claim": f.claim_id, "relation": f.relation, "evidence": f.evidence, "reason": f.reason}
                for f in self.findings
            ],
            "new_developments": [{"evidence": d.evidence, "reason": d.reason} for d in self.new_developments],
        }


@dataclass
class _Sentence:
    text: str
    words: list[str]
    stems: list[str]
    folded: str
    offsets: list[int]
    hits: dict[int, list[Hit]]
    """Per claim index, what of it the sentence holds."""
    groups: dict[int, int]
    """Per claim index, the bit mask of the term groups the sentence holds."""
    entities: set[int]
    """The claims one of whose entities the sentence names."""
    anchors: list[tuple[int, int, str]]
    markers: list[tuple[int, int, str]]
    numbers: list[tuple[int, Quantity]] | None = None
    evidence_of: set[int] = field(default_factory=set)
    """The claims this sentence is evidence for."""

    def said(self, hit: Hit) -> str:
        """The words of the sentence that a hit matched."""
        return " ".join(self.words[hit.start : hit.end])

    def quantities(self) -> list[tuple[int, Quantity]]:
        """(word position, quantity) of the counts and percentages stated."""
        if self.numbers is None:
            found = [q for q in numbers(self.text) if q.kind in ("count", "percent")]
            self.numbers = [(self.position(q.offset), q) for q in found]
        return self.numbers

    def position(self, offset: int) -> int:
        return next((i for i, start in enumerate(self.offsets) if start >= offset), len(self.offsets))


def compare(story: Story, title: str, text: str, sentences: list[str] | None = None) -> Comparison:
    """Read an article against the story's claims. `sentences`, when given (a new version's changed
    sentences), are the only ones that may be evidence; relevance is still judged on the whole article."""
    index = story.index
    read = [_read(story, s) for s in [title, *split_sentences(text)] if s.strip()]
    evidence_for: dict[int, list[int]] = defaultdict(list)  # claim -> sentence numbers
    for n, sentence in enumerate(read):
        previous = read[n - 1].entities if n else set()
        for claim, groups in sentence.groups.items():
            # Evidence holds every term group, and one of the claim's entities here or in the sentence
            # before (which "he" or "the minister" may refer back to).
            if groups == index.groups[claim] and (
                not index.needs_entity[claim] or claim in sentence.entities or claim in previous
            ):
                evidence_for[claim].append(n)
                sentence.evidence_of.add(claim)
    relevant, why = _relevance(story, read, len(evidence_for))
    if not relevant:
        return Comparison(False, relevance=why)
    allowed = _allowed(read, sentences)
    findings: list[Finding] = []
    used: set[int] = set()
    for claim_n in sorted(evidence_for):
        claim = story.claims[claim_n]
        best: Finding | None = None
        for n in evidence_for[claim_n]:
            if n not in allowed:
                continue
            judged = _relation(claim, claim_n, read[n], index.nouns, index.all_nouns)
            if judged is None:
                continue
            used.add(n)
            relation, reason = judged
            if best is None or _STRENGTH[relation] > _STRENGTH[best.relation]:
                best = Finding(claim.id, relation, read[n].text, reason)
        if best:
            findings.append(best)
    developments = [
        NewDevelopment(read[n].text, reason)
        for n in sorted(allowed - used)
        if (reason := _development(story, read[n])) is not None
    ]
    return Comparison(True, findings, developments, why)


def _read(story: Story, text: str) -> _Sentence:
    folded = fold(text)
    spans = word_spans(folded)
    words = [w for _, w in spans]
    stems = [stem(w) for w in words]
    hits: dict[int, list[Hit]] = defaultdict(list)
    groups: dict[int, int] = defaultdict(int)
    entities: set[int] = set()
    anchors: list[tuple[int, int, str]] = []
    markers: list[tuple[int, int, str]] = []
    for start, end, found in story.index.phrases.find(stems):
        if isinstance(found, Hit):
            claim, role = found.claim, found.role
            hits[claim].append(Hit(start, end, role, claim, found.group, found.text))
            if role == "term":
                groups[claim] |= 1 << found.group
            elif role == "entity":
                entities.add(claim)
        else:
            (anchors if found[0] == "anchor" else markers).append((start, end, found[1]))
    offsets = [o for o, _ in spans]
    return _Sentence(
        text, words, stems, folded, offsets, dict(hits), dict(groups), entities, anchors, markers
    )


def _allowed(read: list[_Sentence], sentences: list[str] | None) -> set[int]:
    if sentences is None:
        return set(range(len(read)))
    wanted = {tuple(_read_words(s)) for s in sentences}
    return {n for n, sentence in enumerate(read) if tuple(sentence.words) in wanted}


def _read_words(text: str) -> list[str]:
    return [w for _, w in word_spans(fold(text))]


# Relation ---------------------------------------------------------------------------------------------------


def _relation(
    claim: Claim, n: int, sentence: _Sentence, nouns: dict[int, frozenset[str]], all_nouns: frozenset[str]
) -> tuple[str, str] | None:
    hits = sentence.hits[n]
    terms = [h for h in hits if h.role == "term"]
    term = sentence.said(terms[0])
    contrary = [h for h in hits if h.role == "contrary"]
    if contrary and not any(h.role == "distinctive" for h in hits):
        return "contradicts", f"says {sentence.said(contrary[0])!r} where the claim says otherwise"
    negation = _negation(sentence, terms)
    if claim.negative:
        if negation:
            return "corroborates", f"negated as in the claim ({negation!r} with {term!r})"
        if claim.entities or _near(sentence, terms, HYPOTHETICAL, before=NEGATION_REACH):
            return None  # a hypothetical, or someone's denial mentioned without being refuted
        return "contradicts", f"reports {term!r} where the claim says there was none"
    if claim.figure:
        figures = _figures_of(sentence, n, terms, nouns, all_nouns)
        if figures:
            return _compare_figures(claim.figure, figures, _has_update_cue(sentence))
    if negation:
        return "contradicts", f"negation or denial {negation!r} about {term!r}"
    change = _status_change(claim, sentence, terms) if claim.status else None
    if change:
        return "updates", f"status changed: {change!r} (claim: {claim.status[0]!r})"
    if claim.figure:
        return None  # the claim is a figure and the sentence states none of it
    matched = ", ".join(dict.fromkeys(sentence.said(h) for h in hits if h.role in ("term", "entity")))
    return "corroborates", f"same fact: {matched}"


def _negation(sentence: _Sentence, terms: list[Hit]) -> str | None:
    """The word that negates or refutes the claim's words here: a denial verb anywhere, "false" or "fake"
    near them, a negation just before them ("did not condemn") or after ("deaths were avoided"). A
    negation inside a condition ("if Cuba does not end its support") negates nothing."""
    denial = next((w for w in sentence.words if w in DENIALS), None)
    if denial:
        return denial
    untrue = _near(sentence, terms, UNTRUE, before=UNTRUE_REACH, after=UNTRUE_REACH)
    if untrue:
        return untrue
    for hit in terms:
        for i in range(max(0, hit.start - NEGATION_REACH), hit.start):
            word = sentence.words[i]
            conditional = any(w in HYPOTHETICAL for w in sentence.words[max(0, i - 3) : i])
            if (word in NEGATIONS or word.endswith("n't")) and not conditional:
                return word
    return _near(sentence, terms, AFTER_NEGATIONS, before=0, after=3)


def _near(
    sentence: _Sentence, terms: list[Hit], cues: frozenset[str], before: int, after: int = 0
) -> str | None:
    for hit in terms:
        for i in range(max(0, hit.start - before), min(len(sentence.words), hit.end + after)):
            if sentence.words[i] in cues:
                return sentence.words[i]
    return None


def _has_update_cue(sentence: _Sentence) -> bool:
    return any(w in UPDATE_CUES for w in sentence.words)


def _phrase_index(groups: dict[str, tuple[str, ...]]) -> PhraseIndex:
    index = PhraseIndex()
    for kind, members in groups.items():
        for phrase in {phrase for word in members for phrase in variants(word)}:
            index.add(phrase, (kind, phrase))
    return index


_STATUS_CHANGES = _phrase_index({"status": STATUS_CHANGES})
_DEVELOPMENTS = _phrase_index(DEVELOPMENTS)


def _status_change(claim: Claim, sentence: _Sentence, terms: list[Hit]) -> str | None:
    """A status word near the claim's words that is not the claim's own status ("left", "arrested")."""
    own = {
        phrase for word in (*claim.status, *(w for g in claim.terms for w in g)) for phrase in variants(word)
    }
    for start, end, (_, phrase) in _STATUS_CHANGES.find(sentence.stems):
        if phrase in own:
            continue
        close = any(abs(start - h.start) <= STATUS_REACH for h in terms)
        negated = any(w in NEGATIONS for w in sentence.words[max(0, start - 3) : start])
        if close and not negated:
            return " ".join(sentence.words[start:end])
    return None


# Figures ----------------------------------------------------------------------------------------------------


def _figures_of(
    sentence: _Sentence, n: int, terms: list[Hit], nouns: dict[int, frozenset[str]], all_nouns: frozenset[str]
) -> list[Quantity]:
    """The numbers of the sentence that count what claim `n` counts.

    A number followed within a few words by one of the claim's nouns ("59 people", "25 armed supporters",
    "once detenidos") is the claim's when the claim's word is the closest of all claims with evidence here;
    a number followed by another claim's noun is not; any other number is the claim's only when close to
    the claim's words (or after "rose to")."""
    own = nouns.get(n, frozenset())
    mine = []
    for position, quantity in sentence.quantities():
        end = position + len(words(quantity.text))
        following = {"%"} if quantity.unit == "%" else set(sentence.stems[end : end + COUNTED_REACH])
        distance = min(_distance(position, h) for h in terms)
        if following & own:
            rivals = [
                min(_distance(position, h) for h in hits if h.role == "term")
                for other, hits in sentence.hits.items()
                if other != n and other in sentence.evidence_of and following & nouns.get(other, frozenset())
            ]
            if all(distance <= rival for rival in rivals):
                mine.append(quantity)
        elif (
            not following & all_nouns
            and (not quantity.unit or quantity.unit in FUNCTION_WORDS)
            and not _names_other_claim(sentence, n, position)
        ):
            reach = 2 * FIGURE_REACH if _has_update_cue(sentence) else FIGURE_REACH
            if distance <= reach:
                mine.append(quantity)
    return mine


def _distance(position: int, hit: Hit) -> int:
    """Words between a number and a claim word; a word before the number is farther ("the 59 injured" is
    nearer than "injured, and 11")."""
    if hit.start > position:
        return hit.start - position
    return position - hit.end + 3


def _names_other_claim(sentence: _Sentence, n: int, position: int) -> bool:
    """Whether the word after a number is another claim's word and not this one's ("two colonels")."""
    after = {
        (other, h.role) for other, hits in sentence.hits.items() for h in hits if h.start == position + 1
    }
    return any(role == "term" and other != n for other, role in after) and (n, "term") not in after


def _range(quantity: Quantity) -> tuple[float, float]:
    if quantity.lowest is not None:
        return quantity.lowest, quantity.highest or quantity.value
    value = quantity.value
    return {
        "min": (value, float("inf")),
        "max": (0.0, value),
        "approx": (value * 0.8, value * 1.2),
    }.get(quantity.bound, (value, value))


def _compare_figures(claim: Figure, figures: list[Quantity], update_cue: bool) -> tuple[str, str]:
    same = next((q for q in figures if q.value == claim.value), None)
    other = next((q for q in figures if q.value != claim.value), None)
    if same and not (update_cue and other):
        return "corroborates", f"same figure: {same.text!r} (claim: {claim})"
    quantity = other or figures[0]
    said = f"{quantity.text!r} (claim: {claim})"
    low, high = _range(quantity)
    value = claim.value
    if update_cue and quantity.value != value:
        return "updates", f"later figure: {said}"
    if claim.bound == "max":
        if low <= value * 1.2:
            return "corroborates", f"within the claim's ceiling: {said}"
        return "contradicts", f"more than the claim allows: {said}"
    if _compatible(quantity, value, low, high):
        return "corroborates", f"compatible figure: {said}"
    if low > value or (claim.bound == "min" and quantity.value > value):
        return "updates", f"larger figure: {said}"
    return "contradicts", f"smaller figure: {said}"


def _compatible(quantity: Quantity, value: float, low: float, high: float) -> bool:
    """Whether a vague or bounded figure allows the claim's value: "dozens" allows 59, "more than 60" and
    "at least 50" are close enough to "at least 59"; "up to 40" is not."""
    if quantity.lowest is not None or quantity.bound == "approx":
        return low <= value <= high
    if quantity.bound == "min":
        return value * 0.8 <= quantity.value <= value * 1.1
    return quantity.bound == "max" and high >= value


# Relevance --------------------------------------------------------------------------------------------------

_MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan", "enero", "ene"), ("february", "feb", "febrero"), ("march", "mar", "marzo"),
            ("april", "apr", "abril", "abr"), ("may", "mayo"), ("june", "jun", "junio"),
            ("july", "jul", "julio"), ("august", "aug", "agosto", "ago"), ("september", "sep", "sept",
            "septiembre", "setiembre"), ("october", "oct", "octubre"), ("november", "nov", "noviembre"),
            ("december", "dec", "diciembre", "dic"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
# Month names that are also ordinary words count only with a day or a year.
_AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "dec", "sep", "ago"})
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"(?:\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:de\s+|of\s+)?)?\b({_MONTH})\b\.?"
    rf"(?:\s+(\d{{1,2}})(?:st|nd|rd|th)?\b)?(?:,?\s+(?:de\s+|of\s+)?((?:19|20)\d\d)\b)?"
)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_DATE_WORDS = frozenset(_MONTHS) | {str(year) for year in range(1900, 2100)}


def _relevance(story: Story, read: list[_Sentence], claims_with_evidence: int) -> tuple[bool, str]:
    anchors: set[str] = set()
    markers: set[str] = set()
    for sentence in read:
        anchors |= {word for _, _, word in sentence.anchors}
        markers |= _longest(sentence.markers)
    if not anchors and len(markers) < 2:
        return False, "names none of the story's places or actors"
    if not markers and not claims_with_evidence:
        return False, f"names {sorted(anchors)[0]} but nothing of this story"
    inside, outside = _dates(story, " ".join(s.folded for s in read if _DATE_WORDS.intersection(s.words)))
    if outside and not inside and len(markers) < 3:
        return False, f"dated outside the story ({outside[0]})"
    named = f"names {sorted(anchors)[0]}" if anchors else "names no place"
    return (
        True,
        f"{named}; markers: {', '.join(sorted(markers)[:3]) or 'none'}; {claims_with_evidence} claims",
    )


def _longest(found: list[tuple[int, int, str]]) -> set[str]:
    """The phrases found, without those inside a longer one ("coup" in "attempted coup")."""
    spans = sorted(found, key=lambda item: (item[0], -item[1]))
    kept: set[str] = set()
    reach = -1
    for _, end, word in spans:
        if end > reach:
            kept.add(word)
            reach = end
    return kept


def _dates(story: Story, folded: str) -> tuple[list[str], list[str]]:
    """The article's date mentions, split into those inside the story's window and those outside."""
    first = story.date - timedelta(days=1)
    last = story.date + timedelta(days=story.window_days)
    inside: list[str] = []
    outside: list[str] = []
    covered: list[tuple[int, int]] = []
    for match in _DATE.finditer(folded):
        day_before, month_name, day_after, year = match.groups()
        day = day_before or day_after
        if month_name in _AMBIGUOUS_MONTHS and not (day or year):
            continue
        month = _MONTHS[month_name]
        y = int(year) if year else story.date.year
        try:
            start = date(y, month, int(day)) if day else date(y, month, 1)
            end = start if day else (date(y + month // 12, month % 12 + 1, 1) - timedelta(days=1))
        except ValueError:
            continue
        (inside if start <= last and end >= first else outside).append(match.group().strip())
        covered.append(match.span())
    for match in _YEAR.finditer(folded):
        if not any(s <= match.start() < e for s, e in covered):
            (inside if int(match.group()) == story.date.year else outside).append(match.group())
    return inside, outside


# New developments -------------------------------------------------------------------------------------------


def _development(story: Story, sentence: _Sentence) -> str | None:
    """Why an unclaimed sentence is news (a death, an arrest, a refuge, sanctions, defections), or None."""
    for start, end, (kind, _) in _DEVELOPMENTS.find(sentence.stems):
        if any(w in NEGATIONS for w in sentence.words[max(0, start - NEGATION_REACH) : start]):
            continue
        quantity = next((q for _, q in sentence.quantities()), None)
        name = _new_name(story, sentence.text)
        if quantity or name:
            detail = f"figure {quantity.text!r}" if quantity else f"names {name}"
            return f"{kind}: {' '.join(sentence.words[start:end])!r}, {detail}"
    return None


_NAME = re.compile(r"(?<=[a-z,;:] )([A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?: [A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)*)")


def _new_name(story: Story, text: str) -> str | None:
    """A capitalised name inside the sentence that the story does not already know."""
    known = {fold(word) for word in (*story.anchors, *story.markers, *story.entities)}
    for match in _NAME.finditer(text):
        name = match.group(1)
        if not any(part in known for part in fold(name).split()) and fold(name) not in known:
            return name
    return None
