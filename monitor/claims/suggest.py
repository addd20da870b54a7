"""Candidate claims from a new seed article (pure): the sentences an analyst would most likely curate.

A sentence is a candidate when it states a figure, names actors, or reports what someone said; candidates
come back in the article's order, as TOML tables to paste into a new story's claims.toml and edit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace

from monitor.text import Quantity, fold, language, numbers, split_sentences, words


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ATTRIBUTION = _words(
    "said says told announced warned claimed stated reported confirmed accused threatened insisted added "
    "dijo afirmo anuncio advirtio aseguro declaro denuncio confirmo informo acuso amenazo sostuvo"
)
_STOPWORDS = _words(
    "the a an of and or to in on at by for with from that this these those was were is are be been has have "
    "had will would could not but as its his her their they he she it who which what when where also into "
    "than then there after before about over more most some such very just only said says told "
    "el la los las de del que y en por para con una un se su al lo como mas pero sus le ya fue han ha "
    "este esta estos estas dijo meanwhile however later earlier despite although while least one two three "
    "monday tuesday wednesday thursday friday saturday sunday lunes martes miercoles jueves viernes sabado "
    "domingo"
)
_NAME = re.compile(r"\b([A-ZÁÉÍÓÚÑ][\wáéíóúñ-]+(?:\s+(?:de\s+)?[A-ZÁÉÍÓÚÑ][\wáéíóúñ-]+)*)")


@dataclass(frozen=True)
class Suggestion:
    id: str
    statement: str
    entities: tuple[str, ...]
    terms: tuple[tuple[str, ...], ...]
    figure: Quantity | None
    score: int


def suggest_claims(title: str, text: str, limit: int = 25) -> list[Suggestion]:
    """The article's most claim-like sentences (figures, named actors, attributions), at most `limit`, in
    the article's order."""
    lang = language(text)
    scored: list[tuple[int, Suggestion]] = []
    for position, sentence in enumerate(split_sentences(text)):
        folded = words(sentence)
        if len(folded) < 6:
            continue
        figure = next((q for q in numbers(sentence, lang) if _is_figure(q)), None)
        names = tuple(dict.fromkeys(n for n in _names(sentence)))[:4]
        attributed = any(w in _ATTRIBUTION for w in folded)
        score = 2 * (figure is not None) + min(len(names), 2) + attributed
        if score >= 2:
            scored.append((position, _suggestion(sentence, folded, names, figure, score)))
    best = sorted(scored, key=lambda item: (-item[1].score, item[0]))[:limit]
    return _unique_ids([s for _, s in sorted(best, key=lambda item: item[0])])


def _is_figure(quantity: Quantity) -> bool:
    """A precise figure worth a claim: not "several", not "one by one", not a year."""
    return quantity.kind in ("count", "percent") and quantity.lowest is None and quantity.value >= 2


def _names(sentence: str) -> list[str]:
    """Capitalised runs that are not a sentence's ordinary first word ("The", "Meanwhile")."""
    names = []
    for match in _NAME.finditer(sentence):
        name = match.group(1)
        first, *rest = name.split()
        if fold(first) in _STOPWORDS:
            if not rest:
                continue
            name = " ".join(rest)
        names.append(name)
    return names


def _suggestion(
    sentence: str, folded: list[str], names: tuple[str, ...], figure: Quantity | None, score: int
) -> Suggestion:
    named = {w for name in names for w in words(name)}
    figure_words = set(words(figure.text)) if figure else set()
    content = [
        w
        for w in dict.fromkeys(folded)
        if w not in _STOPWORDS and w not in _ATTRIBUTION and w not in named | figure_words and len(w) > 3
    ]
    # The longest words are the likeliest to be specific to the fact ("airspace" rather than "went").
    terms = tuple((w,) for w in sorted(content, key=len, reverse=True)[:2])
    slug_words = [fold(name).split()[-1] for name in names[:1]] + [w for (w,) in terms]
    slug = "-".join(re.sub(r"[^a-z0-9]+", "-", w).strip("-") for w in slug_words) or "claim"
    return Suggestion(slug, sentence, names, terms, figure, score)


def _unique_ids(suggestions: list[Suggestion]) -> list[Suggestion]:
    seen: dict[str, int] = {}
    unique = []
    for suggestion in suggestions:
        count = seen.get(suggestion.id, 0)
        seen[suggestion.id] = count + 1
        if count:
            suggestion = replace(suggestion, id=f"{suggestion.id}-{count + 1}")
        unique.append(suggestion)
    return unique


def to_toml(suggestions: list[Suggestion]) -> str:
    """The suggestions as [[claims]] tables in claims.toml's format."""
    blocks = []
    for s in suggestions:
        lines = [
            "[[claims]]",
            f"id = {_string(s.id)}",
            f"statement = {_string(s.statement)}",
            f"entities = [{', '.join(_string(e) for e in s.entities)}]",
            f"terms = [{', '.join('[' + ', '.join(_string(w) for w in g) + ']' for g in s.terms)}]",
        ]
        if s.figure is not None:
            bound = {"min": ", minimum = true", "max": ", maximum = true", "approx": ", approximate = true"}
            unit = _string(s.figure.unit or "count")
            lines.append(
                f"figure = {{ value = {s.figure.value:g}, unit = {unit}{bound.get(s.figure.bound, '')} }}"
            )
        lines.append(f"source = {_string(s.statement)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def _string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)
