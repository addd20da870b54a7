"""When to try a failed request again: exponential backoff with full jitter, or the server's Retry-After."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime


def is_transient(status: int) -> bool:
    """Statuses that say 'not now' rather than 'never': too many requests, and server-side errors."""
    return status == 429 or 500 <= status < 600


def backoff_delay(attempt: int, base: float, cap: float) -> float:
    """Seconds to wait after the `attempt`-th failure (1-based). Full jitter (uniform between zero and the
    exponential bound, itself capped) spreads out clients that failed together instead of having them
    return in step."""
    return random.uniform(0, min(cap, base * 2 ** (attempt - 1)))


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After header, in either form ('120' or an HTTP-date); None when
    absent or unreadable. A date in the past means 'now'."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # HTTP-dates are GMT; a date without a zone is read as such
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
