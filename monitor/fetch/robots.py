"""robots.txt rules for one host, and how long to trust them.

Parsed with Protego rather than the standard library's `urllib.robotparser`: Protego implements RFC 9309
as the large crawlers read it (`*` and `$` wildcards, the longest matching rule wins, Allow beside
Disallow), where robotparser ignores wildcards and takes the first matching line, so it would fetch pages
that sites mean to exclude.

What a missing or failing robots.txt means follows the usual crawler convention: 404 and other 4xx allow
everything; 401/403 forbid everything (the site is closed to us); a 5xx or an unreachable host allows for
now but is asked again a few minutes later, so that a brief outage does not fix the rules for the day.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from protego import Protego

RULES_TTL = 24 * 3600.0
"""How long fetched rules are trusted (as long as Google caches them)."""
FAILURE_TTL = 600.0
"""How long 'allow' is assumed after robots.txt could not be read, before asking again."""


@dataclass(frozen=True)
class RobotsRules:
    parser: Protego | None
    """None when there is no robots.txt to obey (then `forbid_all` decides)."""
    forbid_all: bool
    expires: float
    """time.monotonic() after which robots.txt is fetched again."""

    def allows(self, url: str, user_agent: str) -> bool:
        if self.parser is None:
            return not self.forbid_all
        return bool(self.parser.can_fetch(url, user_agent))

    def crawl_delay(self, user_agent: str) -> float | None:
        return self.parser.crawl_delay(user_agent) if self.parser else None

    @property
    def fresh(self) -> bool:
        return time.monotonic() < self.expires


def parse_rules(text: str) -> RobotsRules:
    """Rules from a robots.txt that was served (2xx)."""
    return RobotsRules(Protego.parse(text), forbid_all=False, expires=time.monotonic() + RULES_TTL)


def rules_after_failure(status: int | None) -> RobotsRules:
    """Rules when robots.txt answered `status` (4xx/5xx), or could not be reached at all (None)."""
    if status in (401, 403):
        return RobotsRules(None, forbid_all=True, expires=time.monotonic() + RULES_TTL)
    if status is not None and 400 <= status < 500 and status != 429:
        return RobotsRules(None, forbid_all=False, expires=time.monotonic() + RULES_TTL)
    return RobotsRules(None, forbid_all=False, expires=time.monotonic() + FAILURE_TTL)
