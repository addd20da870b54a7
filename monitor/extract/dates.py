"""Dates as pages write them: ISO 8601, RFC 2822, or a visible "Tuesday, April 30, 2019 at 02:31 PM"."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "enero", "ene"),
            ("february", "feb", "febrero"),
            ("march", "mar", "marzo"),
            ("april", "apr", "abril", "abr"),
            ("may", "mayo"),
            ("june", "jun", "junio"),
            ("july", "jul", "julio"),
            ("august", "aug", "agosto", "ago"),
            ("september", "sep", "sept", "septiembre", "setiembre"),
            ("october", "oct", "octubre"),
            ("november", "nov", "noviembre"),
            ("december", "dec", "diciembre", "dic"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[a-z]{3,10})\.?"
_TIME = (
    r"(?:[\s,]+(?:at\s+|a\s+las\s+)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?)?"
)
_HUMAN = (
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME, re.I),
    re.compile(
        r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:de\s+)?" + _MONTH + r",?\s+(?:de\s+)?(?P<year>\d{4})" + _TIME,
        re.I,
    ),
)
_NUMERIC = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})" + _TIME, re.I)


def parse_date(value: str | None) -> datetime | None:
    """A timezone-aware datetime, or None. A date without a zone is taken as UTC."""
    if not value:
        return None
    value = value.strip()
    if len(value) > 300:
        return None
    parsed = _iso(value) or _rfc2822(value) or _human(value)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace(" ", "T", 1) if len(value) > 10 else value)
    except ValueError:
        return None


def _rfc2822(value: str) -> datetime | None:
    if "," not in value[:5] and not value[:2].isdigit():
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _human(value: str) -> datetime | None:
    for pattern in _HUMAN:
        for match in pattern.finditer(value):
            month = _MONTHS.get(match["month"].lower())
            if month:
                return _build(int(match["year"]), month, int(match["day"]), match)
    match = _NUMERIC.search(value)
    if match:
        return _build(int(match["year"]), int(match["month"]), int(match["day"]), match)
    return None


def _build(year: int, month: int, day: int, match: re.Match[str]) -> datetime | None:
    hour = int(match["hour"] or 0)
    minute = int(match["minute"] or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None
