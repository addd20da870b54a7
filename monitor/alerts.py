"""From what a pass found to what the analyst is told: findings and revisions become alerts.

An alert is raised once per (kind, claim, outlet, statement): re-fetching a page, a syndicated copy at
another URL or an unchanged new version says nothing new, so it raises nothing new.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from sqlmodel import Session, select

from monitor.config import ALERT_KINDS
from monitor.models import Alert, Article, Snapshot, utcnow


@dataclass(frozen=True)
class FoundRelation:
    """A finding as the pipeline hands it over: a claim relation, or a new development (claim None)."""

    relation: str
    claim_id: str | None
    evidence: str
    reason: str


def severity(kind: str) -> int:
    """0 for the most severe kind (contradicts) up to 4 (corroborates)."""
    return ALERT_KINDS.index(kind)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def dedup_key(kind: str, outlet: str, claim_id: str | None, statement: str) -> str:
    raw = "\x1f".join((kind, outlet, claim_id or "", _fold(statement)))
    return hashlib.sha256(raw.encode()).hexdigest()


def alerts_for(
    article: Article,
    snapshot: Snapshot,
    findings: list[FoundRelation],
    revision_summary: str | None,
    revision_reason: str | None,
) -> list[Alert]:
    """The candidate alerts of one stored version, most severe first (not yet deduplicated)."""
    now = utcnow()
    alerts = []

    def make(kind: str, claim_id: str | None, evidence: str, reason: str, statement: str) -> Alert:
        return Alert(
            kind=kind,
            severity=severity(kind),
            claim_id=claim_id,
            outlet=article.outlet,
            article_id=article.id,
            snapshot_id=snapshot.id,
            url=article.url,
            title=snapshot.title,
            evidence=evidence,
            reason=reason,
            created_at=now,
            dedup_key=dedup_key(kind, article.outlet, claim_id, statement),
        )

    for finding in findings:
        alerts.append(
            make(finding.relation, finding.claim_id, finding.evidence, finding.reason, finding.evidence)
        )
    if revision_summary:
        # A revision is news once per version content: the same edit seen again raises nothing.
        statement = f"{article.url} {snapshot.content_hash}"
        alerts.append(
            make("revision", None, revision_summary, revision_reason or revision_summary, statement)
        )
    alerts.sort(key=lambda alert: alert.severity)
    return alerts


def raise_alerts(session: Session, candidates: list[Alert]) -> list[Alert]:
    """Add the candidates that are new (by dedup key) to the session; returns those added."""
    if not candidates:
        return []
    keys = {alert.dedup_key for alert in candidates}
    known = set(session.exec(select(Alert.dedup_key).where(Alert.dedup_key.in_(keys))))
    added = []
    for alert in candidates:
        if alert.dedup_key in known:
            continue
        known.add(alert.dedup_key)
        session.add(alert)
        added.append(alert)
    return added
