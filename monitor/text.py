"""Plain-text helpers shared by the claims comparison and the revision diff (pure, English and Spanish).

Sentences, folded forms (case and accents removed, so "Guaidó" meets "GUAIDO"), light stems, and the
numbers a sentence states, whether written in digits ("26,000", "80%") or in words ("eleven", "a few
dozen", "veinticinco"), with the word that follows them ("59 people", "once detenidos").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import compress
from typing import NamedTuple


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words ending in a full stop that do not end a sentence (folded, without the stop).
_ABBREVIATIONS = _wordset(
    "mr mrs ms dr prof st sr sra srta dra gen lt col maj capt cmdr sgt adm gov sen rep pres rev hon jr "
    "no nos vs approx fig jan feb mar apr jun jul aug sep sept oct nov dec ene abr ago dic "
    "e.g i.e u.s u.k u.n a.m p.m ee.uu eeuu ud uds av avda inc corp ltd co dept"
)
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«¿¡(["
_ENDINGS = ".!?…" + _CLOSERS + " \t"
_BOUNDARY = re.compile(rf"([.!?…]+[{re.escape(_CLOSERS)}]*)(\s+)")
_TYPOGRAPHY = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"', "–": "-", "—": "-"})


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, in order, each on one line. A line break ends a sentence unless the next
    line starts in lower case (text wrapped mid-sentence)."""
    sentences: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [line for line in map(str.strip, block.splitlines()) if line]
        paragraph: list[str] = []
        for line in lines:
            if paragraph and not line[0].islower():
                sentences += _split_paragraph(" ".join(paragraph))
                paragraph = []
            paragraph.append(line)
        if paragraph:
            sentences += _split_paragraph(" ".join(paragraph))
    return sentences


def _split_paragraph(paragraph: str) -> list[str]:
    if not _has_stop(paragraph.rstrip(_ENDINGS)):
        return [_single_spaced(paragraph)] if paragraph.strip() else []  # one sentence: nothing to split
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end()
        following = paragraph[end : end + 8].lstrip(_OPENERS)[:1]
        if not (following.isupper() or following.isdigit()):
            continue
        last = paragraph[start : match.start()].rsplit(None, 1)[-1:]
        if match.group(1).startswith(".") and last and _is_abbreviation(last[0]):
            continue
        pieces.append(paragraph[start : match.end(1)].strip())
        start = match.end()
    pieces.append(paragraph[start:].strip())
    return [_single_spaced(piece) for piece in pieces if piece.strip()]


def _has_stop(text: str) -> bool:
    """Whether `text` holds a full stop, "!", "?" or "…" (four substring scans cost less than a regex)."""
    return "." in text or "!" in text or "?" in text or "…" in text


def _single_spaced(text: str) -> str:
    """`text` stripped, with each run of whitespace made one space. Most text already is: every whitespace
    character but the space is unprintable, so two scans tell, without splitting it into words."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def _is_abbreviation(word: str) -> bool:
    word = fold(word.strip()).lstrip(_OPENERS)
    if not word:
        return False
    # A single letter ("J. Bolton") or dotted initials ("U.S") are names, not sentence ends.
    return word in _ABBREVIATIONS or len(word) == 1 or _INITIALS.fullmatch(word) is not None


_BLANK_LINE = re.compile(r"\n\s*\n")
_INITIALS = re.compile(r"(?:[a-z]\.)+[a-z]")


_COMBINING = re.compile(r"[\u0300-\u036f]")


def _latin_table() -> dict[int, str]:
    """Accented Latin letters mapped to their plain letters in one translate() pass, which is several
    times faster than decomposing every sentence (the slow path stays for anything else)."""
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        plain = _COMBINING.sub("", unicodedata.normalize("NFKD", chr(code)))
        if plain.isascii() and plain:
            table[code] = plain
    return table


_FOLD_CHARS = {chr(code): plain for code, plain in {**_latin_table(), **_TYPOGRAPHY}.items()}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def fold(text: str) -> str:
    """Case- and accent-folded text with typographic quotes and dashes made plain: the form compared.
    Sentences hold few distinct accented letters, so each is replaced throughout at once (its plain form
    is ASCII, which no later replacement touches); anything else is decomposed."""
    if text.isascii():
        return text.lower()
    plain = text
    for char in set(_NON_ASCII.findall(text)):
        if char in _FOLD_CHARS:
            plain = plain.replace(char, _FOLD_CHARS[char])
    if plain.isascii():
        return plain.lower()
    return _COMBINING.sub("", unicodedata.normalize("NFKD", plain)).casefold()


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")


def words(text: str) -> list[str]:
    """The folded words of `text` (hyphens split words; digits are words; "didn't" is one word)."""
    return _WORD.findall(fold(text))


def folded_word_spans(folded: str) -> list[tuple[int, int]]:
    """Where each of `folded_words(folded)` stands in the text."""
    return [match.span() for match in _WORD.finditer(folded)]


def folded_words(folded: str, end: int | None = None) -> list[str]:
    """The words of already folded text (up to offset `end`): one regex pass, no refolding."""
    return _WORD.findall(folded, 0, len(folded) if end is None else end)


# Longest first, so that "ations" wins over "s". Both languages share one list: a Spanish ending that
# happens to strip an English word only makes two forms of that word meet. The Spanish past tenses
# ("arrestaron", "murieron", "murió", "protestaban") meet their other forms ("arrested", "murio"); "-ara" and
# "-aran" are left alone, since present tenses end so too ("dispara" must stay "disparo"'s).
_SUFFIXES = (
    "aciones", "ieron", "iendo", "mente", "ations", "acion", "ation", "ments", "aron", "aban", "ment",
    "ando", "ings", "ing", "ies", "ied", "ios", "edly", "aba", "ed", "es", "os", "as", "io", "ly", "s", "y",
    "e", "o", "a",
)  # fmt: skip


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem of a folded word, equal for the usual inflections in English and Spanish
    ("injured", "injuries", "injury" -> "injur"; "heridos", "herida" -> "herid")."""
    word = word.removesuffix("'s")
    if word[-2:-1].isdigit() and word[-1] == "s":
        return word[:-1]  # a plural of a model or a decade ("M4s", "AK-103s", "1990s")
    if len(word) <= 3 or word[0].isdigit():
        return word
    stemmed = word
    for suffix in _SUFFIXES:
        if stemmed.endswith(suffix) and len(stemmed) - len(suffix) >= 3:
            stemmed = stemmed[: -len(suffix)]
            break
    if len(stemmed) > 3 and stemmed[-1] in "ea":
        stemmed = stemmed[:-1]
    if stemmed in _COMMON and stemmed != word:
        # "area" must not meet "are", nor "notes" "not": keep the word, without a plural "s".
        return word[:-1] if word.endswith("s") and word[:-1] not in _COMMON else word
    return stemmed


def stems(text: str) -> list[str]:
    return [stem(w) for w in words(text)]


SPANISH = _wordset(
    "el la los las de del que y en por para con una se su al lo como mas pero sus le ya segun tras"
)
ENGLISH = _wordset("the of and to in is was that for on with as by at from his her it an were are")
_COMMON = SPANISH | ENGLISH | _wordset("not one has had sin ni arm")
"""Common words a stem must not become, or another word would match them; and "arm", where "army",
"arms" and the Spanish "arma" (a weapon) would meet."""


def language(text: str) -> str:
    """ "es" or "en", by counting each language's commonest words."""
    folded = words(text[:4000])
    spanish = sum(w in SPANISH for w in folded)
    english = sum(w in ENGLISH for w in folded)
    return "es" if spanish > english else "en"


# Numbers --------------------------------------------------------------------------------------------------

_UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21,
    "veintiun": 21, "veintiuna": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24,
    "veinticinco": 25, "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80,
    "noventa": 90, "cien": 100, "ciento": 100,
}  # fmt: skip
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000, "mil": 1000,
           "millon": 1_000_000, "millones": 1_000_000, "cientos": 100, "docenas": 12}  # fmt: skip
# Vague quantities: (value, least, most they can mean). "dozens" is 24 to 99, "a dozen" about 12.
_VAGUE = {
    "a few dozen": (36, 24, 60),
    "several dozen": (36, 24, 99),
    "dozens": (36, 24, 99),
    "decenas": (36, 20, 99),
    "a dozen": (12, 10, 14),
    "una docena": (12, 10, 14),
    # Spanish collective numerals: "una veintena de oficiales" is about twenty.
    "una decena": (10, 8, 12),
    "una veintena": (20, 16, 24),
    "una treintena": (30, 25, 35),
    "un centenar": (100, 80, 120),
    "medio centenar": (50, 40, 60),
    "medio millar": (500, 400, 600),
    "un millar": (1000, 800, 1200),
    "scores": (40, 40, 99),
    "hundreds": (300, 200, 999),
    "cientos": (300, 200, 999),
    "centenares": (300, 200, 999),
    "thousands": (3000, 2000, 9999),
    "miles": (3000, 2000, 9999),
    "a handful": (5, 3, 7),
    "un punado": (5, 3, 7),
    "a few": (3, 2, 5),
    "several": (4, 3, 9),
    "varios": (4, 3, 9),
    "varias": (4, 3, 9),
    "unos pocos": (3, 2, 5),
}
_VAGUE_WORDS = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, _VAGUE), key=len, reverse=True)) + r")\b")
# Words that make an English word a Spanish-only number ("once", "una") ambiguous: read them only in Spanish.
_SPANISH_ONLY = frozenset({"once", "una", "uno", "dos", "mil", "cien"})
_MINIMUM = ("at least", "more than", "over", "upwards of", "no fewer than", "no less than", "al menos",
            "por lo menos", "mas de", "como minimo", "at minimum", "no menos de")  # fmt: skip
_MAXIMUM = ("no more than", "up to", "fewer than", "less than", "at most", "under", "hasta", "menos de",
            "como maximo", "a lo sumo", "apenas", "no mas de", "no mas que")  # fmt: skip
_APPROX = ("about", "around", "some", "roughly", "nearly", "almost", "approximately", "an estimated",
           "unos", "unas", "alrededor de", "cerca de", "casi", "aproximadamente", "or so")  # fmt: skip
# A unit of length or weight may be written onto the number ("26,000ft", "5km"); other letters make it no
# count ("2nd", "M4"). The first digit opens the pattern, and the check that no word character, point or
# comma stands before it follows it (`(?<![\w.,]\d)`): a pattern opening with a digit is searched for by a
# scan for digits, one opening with a look-behind by a match tried at every character.
_DIGITS = re.compile(
    r"(\d(?<![\w.,]\d)(?:\d{0,2}(?:([.,])\d{3})(?:\2\d{3})*|\d*(?:[.,]\d+)?))"
    r"(?!(?!(?:ft|km|kg|mi|cm|m)\b)\w|[.,]\d)"
)
_PERCENT = re.compile(r"\s*(%|percent\b|per cent\b|por ciento\b)")
_FILLER = _wordset("more other additional further of de mas people's")
_MONTHS = _wordset(
    "january february march april may june july august september october november december enero febrero "
    "marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre"
)


class Quantity(NamedTuple):
    """A number stated in a sentence (a tuple: cheap to make for every number of every sentence)."""

    value: float
    text: str
    """As written ("at least 59", "once", "80 percent")."""
    unit: str = ""
    """The folded word it counts ("people", "heridos", "%"), "" when none follows."""
    bound: str = ""
    """"min" (at least, more than), "max" (up to, no more than), "approx" (about, dozens) or ""."""
    lowest: float | None = None
    """For vague words ("dozens"): the least they can mean."""
    kind: str = "count"
    """"count", "percent", "year", "date" (a day of a month) or "time" (of day, "18:55", "5 pm"): only
    counts and percents are figures."""
    highest: float | None = None
    """For vague words ("dozens"): the most they can mean."""
    offset: int = 0
    """Where it starts in the folded sentence."""


# Shares of a group said in words ("most of the troops", "la mayoría de los militares"): (value, least,
# most) in percent.
_PROPORTIONS = {
    "most of": (75, 51, 100),
    "the bulk of": (75, 51, 100),
    "the majority of": (70, 51, 100),
    "a majority of": (70, 51, 100),
    "almost all": (95, 85, 100),
    "nearly all": (95, 85, 100),
    "la mayoria de": (70, 51, 100),
    "la mayor parte de": (75, 51, 100),
    "casi todos": (95, 85, 100),
    "casi todas": (95, 85, 100),
}
_PROPORTION_WORDS = re.compile(r"\b(?:" + "|".join(map(re.escape, _PROPORTIONS)) + r")\b")
# A sentence holding none of these words (nor a digit) states no number: most sentences skip the parsing.
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_SCALES)
# One word of each vague phrase, not a common one ("all", "the").
_VAGUE_HINTS = _wordset(
    "dozen dozens docena decena veintena treintena centenar millar decenas scores hundreds cientos "
    "centenares thousands miles handful punado few several varios varias pocos most bulk majority almost "
    "nearly mayoria mayor casi"
)
_NUMBERISH = _NUMBER_WORDS | _VAGUE_HINTS


def numbers(
    sentence: str, lang: str | None = None, read: tuple[str, list[str]] | None = None
) -> list[Quantity]:
    """The numbers `sentence` states, in order: digits, words ("eleven", "veinticinco", "a few dozen"),
    with their bound ("at least") and the word they count. Years and days of months are marked as such;
    shares said in words ("most of the troops") are percents. `read`: the sentence's folded text and its
    words, when the caller has them already."""
    folded, tokens = read or (fold(sentence), [])
    tokens = tokens or _WORD.findall(folded)
    has_digit = _has_digit(folded)
    if not has_digit and _NUMBERISH.isdisjoint(tokens):
        return []
    lang = lang or language(sentence)
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    vague = ((_VAGUE_WORDS, _VAGUE, "count"), (_PROPORTION_WORDS, _PROPORTIONS, "percent"))
    for pattern, table, kind in vague if not _VAGUE_HINTS.isdisjoint(tokens) else ():
        if not any(map(folded.__contains__, table)):
            continue  # none of its phrases is in the text: substring scans cost far less than the pattern
        for match in pattern.finditer(folded):
            value, lowest, highest = table[match.group()]
            found.append((match.start(), match.end(), float(value), (lowest, highest), "approx", kind))
            taken.append(match.span())
    if has_digit:
        # A live blog's "18:55" or "at 5 pm" is a time of day, not a count.
        hint = ":" in folded or not _CLOCK_WORDS.isdisjoint(tokens)
        clocks = [m.span() for m in _CLOCK.finditer(folded)] if hint else []
        scaled = not _SCALE_HINTS.isdisjoint(tokens)
        for match in _DIGITS.finditer(folded):
            at, end, value = match.start(), match.end(), _digit_value(match.group(1))
            kind = "time" if clocks and any(s <= at < e for s, e in clocks) else "count"
            # "26 mil pies", "1.5 million": the scale word multiplies the digits ("mil" only in Spanish,
            # where an English "$26 mil" would be millions).
            scale = _SCALE_AFTER.match(folded, end) if scaled else None
            if scale and (lang == "es" or scale.group(1) != "mil"):
                value, end = value * _SCALES[scale.group(1)], scale.end()
            found.append((at, end, value, None, "", kind))
            taken.append((at, end))
    if not _NUMBER_WORDS.isdisjoint(tokens):
        for start, end, value in _word_numbers(folded, lang):
            if not any(s < end and start < e for s, e in taken):
                found.append((start, end, value, None, "", "count"))
    if len(found) > 1 and not _FRACTION_WORDS.isdisjoint(tokens):
        found = _fractions(folded, sorted(found))
    return [_quantity(sentence, folded, *item) for item in sorted(found)]


_SCALE_HINTS = frozenset({"thousand", "million", "mil", "millon", "millones"})
_SCALE_AFTER = re.compile(r"\s+(thousand|million|mil|millon|millones)\b")
_FRACTION_WORDS = frozenset({"out", "every", "cada"})
_FRACTION = re.compile(r"\s+(?:out of|of every|in every|de cada)\s+")


def _fractions(folded: str, found: list[_Found]) -> list[_Found]:
    """Two counts joined as a share ("four out of five", "cuatro de cada cinco") made one percent."""
    merged: list[_Found] = []
    i = 0
    while i < len(found):
        first = found[i]
        second = found[i + 1] if i + 1 < len(found) else None
        if (
            second
            and second[2]
            and first[5] == second[5] == "count"
            and _FRACTION.fullmatch(folded, first[1], second[0])
        ):
            merged.append((first[0], second[1], 100 * first[2] / second[2], None, "", "percent"))
            i += 2
        else:
            merged.append(first)
            i += 1
    return merged


_Found = tuple[int, int, float, tuple[float, float] | None, str, str]
"""A number found: (start, end, value, range, bound, kind)."""
_ANY_DIGIT = re.compile(r"\d")


def _has_digit(text: str) -> bool:
    """Whether `text` holds a digit (`\\d`): in ASCII text, ten substring scans cost less than the pattern."""
    if text.isascii():
        return any(map(text.__contains__, "0123456789"))
    return _ANY_DIGIT.search(text) is not None

_CLOCK_WORDS = frozenset({"am", "pm", "m"})
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}(?::\d{2})?\s?[ap]\.?m\b\.?")


def _digit_value(text: str) -> float:
    if _GROUPED.fullmatch(text):
        return float(_GROUP_MARKS.sub("", text))
    return float(text.replace(",", "."))


_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
"""Thousands grouped by one mark ("26,000", "1.500.000"), as opposed to a decimal ("2,5")."""
_GROUP_MARKS = re.compile(r"[.,]")


_NUMBER_WORD = re.compile(r"\b[a-z]+\b")


def _word_numbers(folded: str, lang: str) -> list[tuple[int, int, float]]:
    """Runs of number words ("twenty-five", "treinta y cinco", "two hundred") as (start, end, value)."""
    results = []
    tokens = list(_NUMBER_WORD.finditer(folded))  # a hyphen bounds words: "twenty-five" is two
    words = list(map(re.Match.group, tokens))
    count, read = len(words), 0  # the words before `read` are in a run already
    # Only a unit word opens a run: those are picked out in C, and no other word is visited but in a run.
    for i in compress(range(count), map(_UNITS.__contains__, words)):
        word = words[i]
        if i < read or (lang != "es" and word in _SPANISH_ONLY):
            continue
        if word == "one" and i and words[i - 1] == "no":
            continue  # "no one" is nobody, not a count of one
        total, current, start, end = 0, _UNITS[word], tokens[i].start(), tokens[i].end()
        j = i + 1
        while j < count:
            nxt = words[j]
            if nxt in ("y", "and") and j + 1 < count and words[j + 1] in _UNITS:
                j += 1
                continue
            if nxt in _UNITS and _UNITS[nxt] < 10 and current % 10 == 0 and current >= 20:
                current += _UNITS[nxt]
            elif nxt in _SCALES:
                current *= _SCALES[nxt]
                if _SCALES[nxt] >= 1000:
                    total, current = total + current, 0
            else:
                break
            end = tokens[j].end()
            j += 1
        results.append((start, end, float(total + current)))
        read = j
    return results


def _quantity(
    sentence: str,
    folded: str,
    start: int,
    end: int,
    value: float,
    span: tuple[float, float] | None,
    bound: str,
    kind: str,
) -> Quantity:
    # What follows the number is matched where it stands (`pattern.match(folded, after)`), not copied out.
    before, after = folded[max(0, start - 30) : start].rstrip(), end
    percent = _PERCENT.match(folded, after)
    if kind == "percent":
        unit = "%"
    elif percent:
        kind, unit = "percent", "%"
        end = percent.end()
    elif folded[after : after + 1] in _PHRASE_ENDS:
        unit = ""  # "rose to 109, officials said": the number ends its phrase
    else:
        # The scan stops at the first word that is no filler, nearly always the next one (a plain loop: two
        # generators cost more than the scan).
        unit = ""
        for match in _WORD.finditer(folded, after, after + 40):
            if match.group() not in _FILLER:
                unit = match.group()
                break
    previous = before.split()[-1:]
    year = value.is_integer() and 1900 <= value <= 2100 and kind == "count"
    if year and not _DECIMALS.match(folded, after):
        kind = "year"
    elif value <= 31 and (unit in _MONTHS or (previous and previous[0] in _MONTHS)):
        kind = "date"
    if not bound:
        bound = _bound(before) or ("approx" if _OR_SO.match(folded, after) else "")
    elif span is not None and (qualifier := _bound(before)) in ("min", "max"):
        # "more than a dozen" is more than twelve, not about twelve; "up to dozens" at most 36.
        bound, span = qualifier, ((value, float("inf")) if qualifier == "min" else (0.0, value))
    # Folding keeps offsets except for rare expanding characters ("ß"); then quote the folded form.
    source = sentence if len(sentence) == len(folded) else folded
    text = source[start:end].strip()
    lowest, highest = span or (None, None)
    return Quantity(value, text, unit, bound, lowest, kind, highest, start)


def _bound(before: str) -> str:
    """The qualifier right before a number; the longest wins ("no more than" is not "more than")."""
    if before[-1:].isalnum():
        last = _WORD.findall(before)[-3:]
        if last[-1:] and last[-1] not in _QUALIFIER_ENDS:
            return ""  # no qualifier ends in the word before the number (nearly always): none to join
        for size in range(len(last), 0, -1):
            bound = _QUALIFIERS.get(" ".join(last[-size:]))
            if bound:
                return bound
    return ""


_PHRASE_ENDS = frozenset(",.;:)!?")
_DECIMALS = re.compile(r"\s*[.,]\d")
_OR_SO = re.compile(r"\s*(or so|o mas)\b")


_QUALIFIERS = {
    phrase: bound
    for bound, phrases in (("min", _MINIMUM), ("max", _MAXIMUM), ("approx", _APPROX))
    for phrase in phrases
}
_QUALIFIER_ENDS = frozenset(phrase.split()[-1] for phrase in _QUALIFIERS)
