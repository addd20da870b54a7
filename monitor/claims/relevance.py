"""Whether an article is about the story at all: it must name one of the story's anchors (place or
principal actor), show the story's markers or a claim's evidence, and not be dated only outside the story's
window. A sentence dated only outside the window is about another time and is no evidence; a date in a
clause about someone's past ("Erdoğan, who survived a putsch in 2016, ...") dates neither. An article
whose dateline ("CARACAS, Jan 23, 2019 (Agency) -") puts it before the story, or in another year, is other
news however many of the story's markers it names: they recur in every year's coverage of the country.
An anchor named as a likeness ("in scenes that recalled Venezuela", "as in Caracas") is no anchor: another
country's protests are often compared with this story's.

A place of the story stands in for an anchor when a claim's evidence is there too: follow-ups often name
only where it happened ("an armored vehicle ran over protesters near La Carlota"). The places are the
markers written as names (capitalised) that are not among the story's actors (its anchors and entities):
"La Carlota", "Altamira", "Operation Freedom", not "Padrino" nor "uprising". An actor's name is not enough
(Bolton or Zakharova speak of every crisis, with the same words), nor is a marker that is a common word
("coup", "uprising": other countries have them, with the same numbers); the date check still applies.
Without an anchor or a place, two of the markers written as names ("Leopoldo López", "Padrino") with a
claim's evidence make the article the story's, but no number of common ones does, nor names alone (Bolton
and Pompeo on Iran name no claim). Dates are not checked when two markers other than
actors' names ("La Carlota", "uprising") show the story itself, which a backgrounder may date by earlier
events; actors' names alone do not ("On Jan. 23, Guaidó declared himself interim president, and Padrino
...").
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import pairwise

from monitor.claims.lexicon import COMPARISONS, LIKENESS, LIKENESS_PAIRS, PAST_ASIDES, RELATIVE_DAYS
from monitor.claims.reading import Sentence
from monitor.claims.story import Story
from monitor.text import fold

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
# Not a security's maturity, which names it ("the 2027 bond", "los bonos 2027"): no date of anything told.
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b(?<!bonos \d{4})(?<!bono \d{4})(?! (?:bonds?|notes|bonos?|notas)\b)")
_DATE_WORDS = frozenset(_MONTHS) | {str(year) for year in range(1900, 2100)}


def relevance(story: Story, read: list[Sentence], claims_with_evidence: int) -> tuple[bool, str]:
    anchors: set[str] = set()
    markers: set[str] = set()
    for sentence in read:
        for start, _, word in sentence.anchors:
            if word not in anchors and not _likened(sentence, start):  # one plain mention is enough
                anchors.add(word)
        if sentence.markers:
            markers |= _longest(sentence.markers)
    dated = " ".join(s.folded for s in read if not _DATE_WORDS.isdisjoint(s.word_set))
    # A dateline before the story or in another year is other news; a later one of the story's year is a
    # follow-up (a month on, the story is still news).
    dateline = _dateline(story, read, dated)
    day = dateline[0] if dateline else None
    if day and (day.year != story.date.year or day < story.date - timedelta(days=1)):
        return False, f"dated {dateline[1]}, before the story or in another year"
    # Months on, a follow-up still names the story's places or days; other news of the region, with the
    # same actors and words ("Pompeo", "coup", "interim president"), does not.
    late = day is not None and day > story.date + timedelta(days=story.window_days)
    if late and not markers & story.index.places and not _dates(story, dated, comparisons=False)[0]:
        return False, f"dated {dateline[1]}, past the story's window, naming none of its places or days"
    places = markers & story.index.places if claims_with_evidence else set()
    if not anchors and not places and (len(markers & story.index.names) < 2 or not claims_with_evidence):
        return False, "names none of the story's places or actors"
    # On the story's own day, what names its country is news of it ("BRUSSELS, April 30 - The EU urged
    # restraint in Venezuela").
    on_the_day = day is not None and anchors and story.date <= day <= story.date + timedelta(days=1)
    if not markers and not claims_with_evidence and not on_the_day:
        return False, f"names {sorted(anchors)[0]} but nothing of this story"
    # Two markers other than actors' names (places, words of the day) are this story whatever the dates;
    # actors ("Guaidó", "Padrino") are in every month's news of the country.
    if len(markers - story.index.actors) < 2:
        inside, outside = _dates(story, dated, comparisons=False)
        if outside and not inside:
            return False, f"dated outside the story ({outside[0]})"
    named = f"names {sorted(anchors or places)[0]}" if anchors or places else "names no place"
    return (
        True,
        f"{named}; markers: {', '.join(sorted(markers)[:3]) or 'none'}; {claims_with_evidence} claims",
    )


# A dateline opens the article's first sentence: place, date, an optional agency, a dash; or the date in
# parentheses after the place ("CARACAS (May 4, 2020) -").
_DATELINE = re.compile(
    r"[a-z][a-z .'/]{1,40}"
    r"(?:, ([a-z0-9 ,.]{3,24}?)\s*(?:\([^)]{1,30}\)\s*)?| \(([a-z0-9 ,.]{3,24})\)\s*)\.?-+\s"
)


def _dateline_year(story: Story, dated: str) -> int:
    """The year of a dateline written without one ("MADRID, Oct 25 -", "LA GUAIRA, 4 may -"): the story's,
    unless the article (its sentences with dates, `dated`) names later years and never the story's own
    ("weeks before the December 2020 elections", "the third plot announced in 2020"): the earliest of
    them. Only the dateline, the article's own date, is read so: a date in the text may be of a plan
    ("from June", beside "by 2021")."""
    years = {int(found) for found in _YEAR.findall(dated)}
    later = [found for found in years if found > story.date.year]
    return min(later) if later and story.date.year not in years else story.date.year


def _dateline(story: Story, read: list[Sentence], dated: str) -> tuple[date, str] | None:
    """The article's dateline (its day and as written), or None."""
    for sentence in read[:2]:
        line = _DATELINE.match(sentence.folded)
        date_match = _DATE.fullmatch((line.group(1) or line.group(2)).strip(" ,.")) if line else None
        if date_match is None:
            continue
        day_before, month_name, day_after, written = date_match.groups()
        try:
            year = int(written) if written else _dateline_year(story, dated)
            day = date(year, _MONTHS[month_name], int(day_before or day_after or 1))
        except ValueError:
            return None
        return day, date_match.group()
    return None


LIKENESS_REACH = 3
"""How many words before a place or actor a likeness word still makes it one ("like Maduro in Caracas")."""


def _likened(sentence: Sentence, at: int) -> bool:
    """Whether the anchor at word `at` is named as a likeness ("as in Venezuela"), not as the subject."""
    before = sentence.words[max(0, at - LIKENESS_REACH) : at]
    return not LIKENESS.isdisjoint(before) or any(pair in LIKENESS_PAIRS for pair in pairwise(before))


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


HEADER_WORDS = 3
"""The most words a section header of a briefing has ("Venezuela.", "Hong Kong.")."""


def other_sections(read: list[Sentence]) -> set[int]:
    """The sentences of a briefing's sections headed by other places: when one header names the story
    ("Venezuela.", or a dateline opening a paragraph: "CARACAS — ...") and at least two others do not
    ("France.", "COLOMBO — Sri Lanka banned ..."), those sections are other news, however alike. The
    title (sentence 0) is no header."""
    headers = []
    for n, sentence in enumerate(read[1:], start=1):
        if len(sentence.words) <= HEADER_WORDS and _is_header(sentence.text):
            headers.append((n, bool(sentence.anchors)))
        # A dateline opens with two capitals: the pattern is tried on few sentences.
        elif sentence.text[1:2].isupper() and (dateline := _SECTION_DATELINE.match(sentence.text)):
            if fold(dateline.group(1)) in _LABELS:
                continue
            length = len(dateline.group(1).split())
            headers.append((n, any(start < length for start, _, _ in sentence.anchors)))
    others = sum(not story for _, story in headers)
    if others < 2 or others == len(headers):
        return set()
    ends = [n for n, _ in headers[1:]] + [len(read)]
    sections = zip(headers, ends, strict=True)
    return {n for (start, story), end in sections if not story for n in range(start, end)}


# Words in capitals before a dash or a colon that label a live blog's entries, a fact check's parts or a
# transcript's speakers, not a place's section.
_LABELS = frozenset(
    {"update", "breaking", "correction", "analysis", "opinion", "live", "urgent", "urgente", "actualizacion",
     "ultima hora", "ultimo momento", "flash", "claim", "verdict", "rating", "context", "background", "note",
     "editor's note", "fact check", "veredicto", "conclusion", "contexto", "nota", "anchor", "host",
     "correspondent", "reporter", "analyst", "presenter", "presentador", "presentadora", "corresponsal",
     "periodista", "reportero", "reportera", "analista"}
)  # fmt: skip
# A dateline or a newsletter's label in capitals before a dash or a colon: "COLOMBO —", "SAN JUAN, Puerto
# Rico -", "SUDAN: ...".
_SECTION_DATELINE = re.compile(r"([A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ.' ]*[A-ZÁÉÍÓÚÑ])(?:(?:,[^-—–]{1,40})? [-—–]+ |: )")


def _is_header(text: str) -> bool:
    """A line of a few capitalised words and no verb-like punctuation: "Venezuela.", "Hong Kong:"."""
    words = text.strip().rstrip(".:").split()
    return bool(words) and all(word[:1].isupper() for word in words)


def dated_elsewhere(story: Story, sentence: Sentence) -> bool:
    """Whether the sentence is about another time: it names dates, all outside the story's window, or an
    earlier year relative to the article's ("last year's May Day", "hace un año"); and no day relative to
    the article's own ("Tuesday", "ayer")."""
    if not RELATIVE_DAYS.isdisjoint(sentence.word_set):
        return False
    if not _YEAR_WORDS.isdisjoint(sentence.word_set) and _EARLIER_YEAR.search(sentence.folded):
        return True
    if _DATE_WORDS.isdisjoint(sentence.word_set):
        return False
    inside, outside = _dates(story, sentence.folded, comparisons=True)
    return bool(outside) and not inside


# Not "six years ago": a clause about someone's past ("Maduro, who took power six years ago, ...").
_YEAR_WORDS = frozenset({"year", "year's", "ano"})
_EARLIER_YEAR = re.compile(
    r"\b(?:last|previous) year\b|\ba year (?:ago|earlier)\b|\bel ano (?:pasado|anterior)\b|\bhace un ano\b"
)


def _dates(story: Story, folded: str, comparisons: bool) -> tuple[list[str], list[str]]:
    """The date mentions, split into those inside the story's window and those outside. A date in a clause
    about someone's past ("Erdogan, who survived a putsch in 2016, ...") is left out, and unless
    `comparisons`, one its clause compares with ("unlike the protests of 2017"): it is another time
    mentioned, not the article's or the sentence's date."""
    openers = PAST_ASIDES if comparisons else PAST_ASIDES | COMPARISONS
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
        covered.append(match.span())
        if not _aside(folded, match.start(), openers):
            (inside if start <= last and end >= first else outside).append(match.group().strip())
    for match in _YEAR.finditer(folded):
        start = match.start()
        if not any(s <= start < e for s, e in covered) and not _aside(folded, start, openers):
            (inside if int(match.group()) == story.date.year else outside).append(match.group())
    return inside, outside


_CLAUSE_END = re.compile(r"[,;:.!?]")
# Relatives only just after a comma ("el Gobierno, que reconoció a Guaidó en febrero,"); elsewhere they join
# speech or a noun ("dijo que", "the day on which").
_RELATIVES_AFTER_COMMA = frozenset({"que", "which"})


def _aside(folded: str, at: int, openers: frozenset[str]) -> bool:
    """Whether the clause before offset `at` opens with one of `openers`: a comparison ("in contrast with
    ..."), or a relative pronoun telling someone's past ("who survived a putsch in 2016", ", que reconoció
    a Guaidó en febrero")."""
    start = max((m.end() for m in _CLAUSE_END.finditer(folded, 0, at)), default=0)
    clause = folded[start:at].split()
    if not openers.isdisjoint(clause):
        return True
    return bool(clause) and clause[0] in _RELATIVES_AFTER_COMMA and folded[start - 1 : start] == ","
