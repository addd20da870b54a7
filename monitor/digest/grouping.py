"""Grouping and ordering of a digest's alerts: by claim, then new developments, then revisions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from monitor.config import ALERT_KINDS
from monitor.digest.model import DigestAlert

KIND_NAMES = {
    "contradicts": ("contradiction", "contradictions"),
    "updates": ("update", "updates"),
    "new_development": ("new development", "new developments"),
    "revision": ("revision", "revisions"),
    "corroborates": ("corroboration", "corroborations"),
}
"""Singular and plural of each alert kind, as the analyst reads them in a subject line."""


def severity(kind: str) -> int:
    """0 for the most severe kind; an unknown kind ranks after every known one rather than failing."""
    return ALERT_KINDS.index(kind) if kind in ALERT_KINDS else len(ALERT_KINDS)


def kind_plural(kind: str) -> str:
    return KIND_NAMES.get(kind, (kind, kind))[1]


def kind_count(kind: str, count: int) -> str:
    """`3 contradictions`, `1 update`."""
    return f"{count} {KIND_NAMES.get(kind, (kind, kind))[0] if count == 1 else kind_plural(kind)}"


@dataclass(frozen=True)
class Group:
    """The alerts about one claim, or (claim None) the claimless alerts of one kind."""

    kind: str | None
    """None for a claim's group; else the kind every alert in it shares (new_development, revision...)."""
    claim_id: str | None
    claim_statement: str | None
    alerts: tuple[DigestAlert, ...]

    @property
    def severity(self) -> int:
        return min(severity(a.kind) for a in self.alerts)


def _most_severe_first(alerts: Iterable[DigestAlert]) -> tuple[DigestAlert, ...]:
    return tuple(sorted(alerts, key=lambda a: (severity(a.kind), a.outlet, a.id)))


def group(alerts: Iterable[DigestAlert]) -> list[Group]:
    """Claims first, ordered by their most severe alert then by claim id; then the claimless alerts by kind
    in order of severity (new developments before revisions). Inside a group, most severe first."""
    by_claim: dict[str, list[DigestAlert]] = defaultdict(list)
    by_kind: dict[str, list[DigestAlert]] = defaultdict(list)
    for alert in alerts:
        if alert.claim_id is not None:
            by_claim[alert.claim_id].append(alert)
        else:
            by_kind[alert.kind].append(alert)
    claims = [
        Group(
            None,
            claim_id,
            next((a.claim_statement for a in items if a.claim_statement), None),
            _most_severe_first(items),
        )
        for claim_id, items in by_claim.items()
    ]
    claims.sort(key=lambda g: (g.severity, g.claim_id))
    others = [Group(kind, None, None, _most_severe_first(items)) for kind, items in by_kind.items()]
    others.sort(key=lambda g: (g.severity, g.kind))
    return claims + others
