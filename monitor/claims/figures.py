"""A claim's figure found in a sentence and compared with the claimed one (same, compatible, larger or
later, smaller)."""

from __future__ import annotations

from monitor.claims.index import ClaimIndex, Hit
from monitor.claims.lexicon import (
    CHANGE_FROM,
    CLAUSE_BREAKS,
    COPULAS,
    COUNT_NOUNS,
    DETERMINERS,
    DOCUMENTS,
    FUNCTION_WORDS,
    PARTITIVE,
    PREDICATE_BOUNDS,
    RELATIVES,
    UPDATE_CUES,
)
from monitor.claims.reading import Sentence
from monitor.claims.story import Figure
from monitor.text import Quantity

COUNTED_REACH = 3
"""How many words after a number may name what it counts ("25 armed Guaidó supporters")."""
FIGURE_REACH = 6
"""How far from the claim's words a number that counts no known noun may still be the claim's figure."""
DESCRIBED_REACH = 5
"""How many words after a number a relative pronoun may open the clause describing what it counts ("25
militares de bajo rango que ...")."""
SUBJECT_REACH = 10
"""How many words before the verb saying a number of it ("... were thirty") its subject may be named."""
_FARTHER = 1000
"""Added to the distance of a claim word in that clause: farther than any word of the main clause."""


def figures_of(sentence: Sentence, n: int, terms: list[Hit], index: ClaimIndex) -> list[Quantity]:
    """The numbers of the sentence that count what claim `n` counts.

    A number followed within a few words by one of the claim's nouns ("59 people", "25 armed supporters",
    "once detenidos") is the claim's when the claim's word is the closest of all claims with evidence here
    (but for that noun, which they may share, and words of a relative clause describing what is counted:
    in "at the Brazilian embassy are 25 soldiers who defected", the embassy's, not the defection's);
    a number followed by another claim's noun is not; any other number is the claim's only when close to
    the claim's words (or after "rose to"), or later in the clause of a claim's word named as what is
    counted ("the number of people hurt ... has climbed to 130"). A count of part of a group that the
    claim's words describe ("several of the soldiers who sided with ...") counts the part, not what the
    claim counts; a count of papers ("18 arrest warrants", "18 órdenes de captura") counts no people."""
    own = index.nouns.get(n, frozenset())
    mine = []
    for position, end, quantity in sentence.quantities:
        following = {"%"} if quantity.unit == "%" else set(sentence.stems[end : end + COUNTED_REACH])
        if quantity.kind == "count" and (
            _part_of_described_group(sentence, end, terms)
            or not DOCUMENTS.isdisjoint(sentence.words[end : end + 2])
        ):
            continue
        # A unit written onto the number ("26,000ft") is no word of its own.
        if (
            following & own
            or quantity.unit in own
            or (following.isdisjoint(index.all_nouns) and _said_of(sentence, position, own))
        ):
            rivals = [
                (hits, index.nouns[other])
                for other, hits in sentence.hits.items()
                if other != n and following & index.nouns.get(other, frozenset())
            ]
            if rivals:  # most numbers count one claim's noun only
                described = _described(sentence, end)
                nearest = _nearest(sentence, position, end, terms, own, described)
                if any(_nearest(sentence, position, end, *rival, described) < nearest for rival in rivals):
                    continue
            mine.append(quantity)
        elif (
            not following & index.all_nouns
            and (not quantity.unit or quantity.unit in FUNCTION_WORDS)
            and not _names_other_claim(sentence, n, position)
        ):
            # A later figure, or one of a change ("went from 59 to 140"), may stand farther off.
            changing = sentence.update_cue or _from_a_number(sentence)
            reach = 2 * FIGURE_REACH if changing else FIGURE_REACH
            distance = min(_distance(position, h) for h in terms)
            if distance <= reach or _named_as_counted(sentence, position, terms):
                mine.append(quantity)
    if len(mine) < 2:
        return mine
    # The nearest to the claim's words is its figure; what it counts names every number's noun alike, so
    # the distance is to the others ("declared for" in "rumours of hundreds of officers, but a handful of
    # soldiers declared for him"), when there are.
    said = [h for h in terms if sentence.stems[h.end - 1] not in own] or terms
    at = {q.offset: position for position, _, q in sentence.quantities}
    return sorted(mine, key=lambda q: min(abs(at[q.offset] - h.start) for h in said))


def stated_change(sentence: Sentence, figures: list[Quantity]) -> tuple[list[Quantity], bool]:
    """The figures the sentence gives as current, and whether it states a change of figure. A figure after
    "from" or "desde" ("up from the 59", "rose from 59 to 109", "subió a 109 desde 59"), or in "de 59 a
    109", is the earlier one and is left out; one right after an update word ("has risen to 109", "se
    elevó a 109") is the later one."""
    if len(figures) < 2:
        return figures, False
    words, at = sentence.words, {q.offset: (position, end) for position, end, q in sentence.quantities}
    starts = {position for position, _ in at.values()}
    current, changed = [], False
    for quantity in figures:
        position, end = at[quantity.offset]
        before = words[max(0, position - 2) : position]
        if before[-1:] and before[-1] in DETERMINERS:
            before = words[max(0, position - 3) : position - 1]  # "up from the 59"
        spanish_range = before[-1:] == ["de"] and words[end : end + 1] == ["a"] and end + 1 in starts
        earlier = (before[-1:] != [] and before[-1] in CHANGE_FROM) or spanish_range
        changed = changed or earlier or not UPDATE_CUES.isdisjoint(words[max(0, position - 2) : position])
        if not earlier:
            current.append(quantity)
    return current or figures, changed


def _from_a_number(sentence: Sentence) -> bool:
    """Whether a number follows "from" or "desde" ("up from the 59", "went from 59 to 140"): a change of
    figure; "from" elsewhere ("told supporters from a stage") states none."""
    if CHANGE_FROM.isdisjoint(sentence.word_set):
        return False
    words = sentence.words
    return any(not CHANGE_FROM.isdisjoint(words[max(0, p - 2) : p]) for p, _, _ in sentence.quantities)


def _said_of(sentence: Sentence, position: int, own: frozenset[str]) -> bool:
    """Whether the number at `position` follows a copula ("were", "fueron"; "only", "apenas" may stand
    between) whose subject, a few words before, is a noun the claim counts: "the soldiers who defected
    were only thirty" counts the soldiers."""
    words = sentence.words
    verb = position - 1
    while verb >= 0 and words[verb] in PREDICATE_BOUNDS:
        verb -= 1
    return (
        verb > 0
        and words[verb] in COPULAS
        and not own.isdisjoint(sentence.stems[max(0, verb - SUBJECT_REACH) : verb])
    )


def _named_as_counted(sentence: Sentence, position: int, terms: list[Hit]) -> bool:
    """Whether a claim's word before the number, in its clause, follows a count noun ("the number of")."""
    words = sentence.words
    return any(
        h.start < position
        and not COUNT_NOUNS.isdisjoint(words[max(0, h.start - 4) : h.start])
        and sentence.same_clause(h.start, position)
        for h in terms
    )


def _part_of_described_group(sentence: Sentence, end: int, terms: list[Hit]) -> bool:
    """Whether the number is partitive ("several of the soldiers") and claim words follow a relative
    pronoun describing that group ("... who sided with Guaidó")."""
    if end >= len(sentence.words) or sentence.words[end] not in PARTITIVE:
        return False
    relative = next(
        (i for i in range(end, min(end + 5, len(sentence.words))) if sentence.words[i] in RELATIVES), None
    )
    return relative is not None and any(h.start > relative for h in terms)


def _nearest(
    sentence: Sentence, position: int, end: int, hits: list[Hit], nouns: frozenset[str], described: range
) -> int:
    """How near the number at `position` a claim's words are, but for the noun it counts (ending before
    word `end`), which every claim counting that noun shares, unless the claim has no other word here."""
    terms = [h for h in hits if h.role == "term"]
    counted = range(end, end + COUNTED_REACH)
    said = [h for h in terms if not (h.start in counted and sentence.stems[h.end - 1] in nouns)]
    return min(_distance(position, h, described) for h in said or terms)


def _described(sentence: Sentence, end: int) -> range:
    """The relative clause describing what the number ending before word `end` counts ("25 soldiers who
    defected to Guaidó", "25 militares de bajo rango que se sumaron"), up to a clause break; or none."""
    words = sentence.words
    reach = range(end, min(end + DESCRIBED_REACH, len(words)))
    relative = next((i for i in reach if words[i] in RELATIVES), None)
    if relative is None:
        return range(0)
    stop = next((j for j in range(relative + 1, len(words)) if words[j] in CLAUSE_BREAKS), len(words))
    return range(relative, stop)


def _distance(position: int, hit: Hit, described: range = range(0)) -> int:
    """Words between a number and a claim word; a word before the number is farther ("the 59 injured" is
    nearer than "injured, and 11"), and one `described` (in the relative clause describing what it counts:
    "at the embassy are 25 soldiers who defected") farther than any word of the main clause."""
    if hit.start in described:
        return _FARTHER + hit.start - position  # after the number: the clause follows it
    if hit.start > position:
        return hit.start - position
    return position - hit.end + 3


def _names_other_claim(sentence: Sentence, n: int, position: int) -> bool:
    """Whether the word after a number is another claim's word and not this one's ("two colonels")."""
    claims = sentence.term_starts(position + 1)
    return bool(claims - {n}) and n not in claims


def _range(quantity: Quantity) -> tuple[float, float]:
    if quantity.lowest is not None:
        return quantity.lowest, quantity.highest or quantity.value
    value = quantity.value
    return {
        "min": (value, float("inf")),
        "max": (0.0, value),
        "approx": (value * 0.8, value * 1.2),
    }.get(quantity.bound, (value, value))


def compare_figures(
    claim: Figure,
    figures: list[Quantity],
    update_cue: bool,
    changed: bool,
    refuted: set[int],
    whole: bool,
    total: float | None = None,
) -> tuple[str, str] | None:
    """The relation of the stated figures to the claimed one. When the claimed figure is stated beside
    another, the other updates it only if the sentence states a change (`changed`: "rose from 59 to
    109"); an update word elsewhere ("two colonels and five soldiers, some now in intensive care") does
    not make the other figure a later one. `refuted` are the offsets of figures that a
    denial in the sentence disputes ("disputed the figure of 59 injured"): the claimed figure disputed
    contradicts it. A smaller figure contradicts only when given as the whole count (`whole`: "in total",
    "only", a ceiling such as "up to 40"); else it is a part ("one person was badly hurt in Altamira",
    "two more were arrested"), which neither confirms nor refutes the claim: None. `total`, the sum of the
    claim's counted parts ("five soldiers and two colonels"), is the claimed figure as a whole count."""
    claimed = (claim.value, total)
    same = next((q for q in figures if q.value == claim.value), None) or next(
        (q for q in figures if q.value == total), None
    )
    if same and same.offset in refuted:
        return "contradicts", f"disputes the figure {same.text!r} (claim: {claim})"
    other = next((q for q in figures if q.value not in claimed and q.offset not in refuted), None)
    if same and not (changed and other):
        summed = ", its parts summed" if same.value != claim.value else ""
        return "corroborates", f"same figure: {same.text!r} (claim: {claim}{summed})"
    quantity = other or figures[0]
    said = f"{quantity.text!r} (claim: {claim})"
    low, high = _range(quantity)
    value = claim.value
    if (update_cue or changed) and quantity.value != value:
        return "updates", f"later figure: {said}"
    if claim.bound == "max":
        if low <= value * 1.2:
            return "corroborates", f"within the claim's ceiling: {said}"
        return "contradicts", f"more than the claim allows: {said}"
    if _compatible(quantity, value, low, high):
        if quantity.offset in refuted:  # the claim's figure in other words ("most of"), disputed
            return "contradicts", f"disputes the figure {said}"
        return "corroborates", f"compatible figure: {said}"
    if low > value or (claim.bound == "min" and quantity.value > value):
        return "updates", f"larger figure: {said}"
    if not (whole or quantity.bound == "max"):
        return None
    return "contradicts", f"smaller figure: {said}"


def _compatible(quantity: Quantity, value: float, low: float, high: float) -> bool:
    """Whether a vague or bounded figure allows the claim's value: "dozens" allows 59, "more than 60" and
    "at least 50" are close enough to "at least 59"; "up to 40" is not."""
    if quantity.lowest is not None or quantity.bound == "approx":
        return low <= value <= high
    if quantity.bound == "min":
        return value * 0.8 <= quantity.value <= value * 1.1
    return quantity.bound == "max" and high >= value
