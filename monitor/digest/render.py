"""Render a digest as a subject line, plain text, Markdown, HTML and a JSON payload (pure)."""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from monitor.digest.grouping import Group, group, kind_count, kind_plural, severity
from monitor.digest.model import Digest, DigestAlert, RenderedDigest, utc
from monitor.digest.safety import clean, markdown_text, markdown_url, web_url

TEXT_WIDTH = 100
SUBJECT_STORY_CHARS = 60
SHORT_ID_CHARS = 8


@dataclass(frozen=True)
class Item:
    """An alert's fields made safe to show: one line each, and a link only for an http(s) URL."""

    kind: str
    label: str
    outlet: str
    title: str
    url: str
    link: str | None
    evidence: str
    reason: str

    @classmethod
    def of(cls, alert: DigestAlert) -> Item:
        return cls(
            kind=alert.kind,
            label=clean(alert.kind.replace("_", " ")).capitalize(),
            outlet=clean(alert.outlet_title) or clean(alert.outlet),
            title=clean(alert.title) or "(untitled)",
            url=clean(alert.url),
            link=web_url(alert.url),
            evidence=clean(alert.evidence),
            reason=clean(alert.reason),
        )


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple[Item, ...]

    @classmethod
    def of(cls, group: Group) -> Section:
        if group.claim_id is not None:
            statement = clean(group.claim_statement)
            heading = f"Claim {clean(group.claim_id)}" + (f": {statement}" if statement else "")
        else:
            heading = clean(kind_plural(group.kind or "")).capitalize()
        return cls(heading, tuple(Item.of(a) for a in group.alerts))


def render(digest: Digest) -> RenderedDigest:
    """Every format of one digest; alerts grouped by claim, then new developments, then revisions."""
    groups = group(digest.alerts)
    ordered = [alert for g in groups for alert in g.alerts]
    context = {
        "story": clean(digest.story_title),
        "digest_id": clean(digest.id),
        "channel": clean(digest.channel),
        "created_at": _when(digest.created_at),
        "summary": _summary(digest.alerts),
        "sections": [Section.of(g) for g in groups],
    }
    environment = _environment()
    return RenderedDigest(
        subject=subject(digest),
        text=environment.get_template("digest.txt.j2").render(context),
        markdown=environment.get_template("digest.md.j2").render(context),
        html=environment.get_template("digest.html.j2").render(context),
        payload=_payload(digest, ordered),
    )


def subject(digest: Digest) -> str:
    """`[monitor] 3 contradictions, 2 updates in 'Venezuela uprising' (digest 2f1c9a3b…)`"""
    story = clean(digest.story_title)
    if len(story) > SUBJECT_STORY_CHARS:
        story = story[: SUBJECT_STORY_CHARS - 1].rstrip() + "…"
    digest_id = clean(digest.id)
    short_id = digest_id if len(digest_id) <= SHORT_ID_CHARS else digest_id[:SHORT_ID_CHARS] + "…"
    about = f" in '{story}'" if story else ""
    return f"[monitor] {_summary(digest.alerts)}{about} (digest {short_id})"


def _summary(alerts: tuple[DigestAlert, ...]) -> str:
    counts = Counter(a.kind for a in alerts)
    return ", ".join(kind_count(kind, counts[kind]) for kind in sorted(counts, key=severity)) or "no alerts"


def _payload(digest: Digest, alerts: list[DigestAlert]) -> dict[str, Any]:
    """The digest as data, alerts in reading order; text is kept as the outlet wrote it (JSON is inert)."""
    return {
        "id": digest.id,
        "channel": digest.channel,
        "created_at": utc(digest.created_at).isoformat(),
        "story": digest.story_title,
        "subject": subject(digest),
        "alerts": [
            {
                "id": a.id,
                "kind": a.kind,
                "severity": severity(a.kind),
                "claim": a.claim_id,
                "claim_statement": a.claim_statement,
                "outlet": a.outlet,
                "outlet_title": a.outlet_title,
                "url": a.url,
                "title": a.title,
                "evidence": a.evidence,
                "reason": a.reason,
                "created_at": utc(a.created_at).isoformat(),
            }
            for a in alerts
        ],
    }


def _when(moment: datetime) -> str:
    return utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def _wrap(text: str, indent: int = 0) -> str:
    """Text wrapped for the plain-text digest; words longer than a line (URLs in evidence) are broken."""
    pad = " " * indent
    return textwrap.fill(text, TEXT_WIDTH, initial_indent=pad, subsequent_indent=pad, break_on_hyphens=False)


@cache
def _environment() -> Environment:
    """Autoescape is on for the HTML template only; the Markdown template escapes with `md` instead, and
    plain text needs no escaping. StrictUndefined turns a template typo into an error, not a blank."""
    environment = Environment(
        loader=PackageLoader("monitor.digest", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["wrap"] = _wrap
    environment.filters["md"] = markdown_text
    environment.filters["md_url"] = markdown_url
    return environment
