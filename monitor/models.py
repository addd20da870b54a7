"""The tables: what the monitor remembers between passes and across restarts.

An article is its canonical URL; a snapshot is one version of its extracted text. Due times, validators
(ETag / Last-Modified), error streaks and delivery state all live here, so a restarted daemon resumes
where it stopped. Every datetime is timezone-aware UTC in Python, whatever the database keeps.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, Column, DateTime, Index, LargeBinary, Text, TypeDecorator, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite keeps no zone; PostgreSQL keeps timestamptz)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given to the store: use aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _when(*, index: bool = False, nullable: bool = True) -> object:
    return Field(default=None, sa_column=Column(UTCDateTime(), index=index, nullable=nullable))


class Outlet(SQLModel, table=True):
    name: str = Field(primary_key=True)
    title: str = ""


class Feed(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    outlet: str = Field(foreign_key="outlet.name", index=True)
    url: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    active: bool = True
    """False once the feed left the config: kept, with its history, but no longer polled."""
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = _when()
    next_due_at: datetime | None = _when(index=True)
    last_status: str | None = None
    """ok, not-modified, partial (a malformed feed that still yielded entries) or error."""
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    error_streak: int = 0
    entries: int = 0
    """Entries the last successful read returned."""
    lease_owner: str | None = None
    lease_until: datetime | None = _when()


class Article(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    """Canonical URL: one article is one row, whatever link led to it."""
    link: str | None = Field(default=None, sa_column=Column(Text, index=True))
    """The canonicalised link the feed gave, when the page's own canonical URL differs."""
    outlet: str = Field(foreign_key="outlet.name", index=True)
    first_seen_at: datetime | None = _when(nullable=False)
    published: datetime | None = _when()
    """When the outlet says it published the article: revisits are scheduled by the article's age."""
    last_fetched_at: datetime | None = _when()
    next_revisit_at: datetime | None = _when(index=True)
    etag: str | None = None
    last_modified: str | None = None
    entry_fingerprint: str | None = None
    """Hash of the feed entry (title, summary, updated) when last seen: a change means re-fetch."""
    last_status: str | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    error_streak: int = 0
    versions: int = 0


class Snapshot(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    version: int
    title: str = Field(sa_column=Column(Text, nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    authors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    published: datetime | None = _when()
    language: str | None = None
    method: str = "generic"
    content_hash: str = Field(index=True)
    """sha256 of the normalised title and text: not of the raw HTML, which changes on every request."""
    fetched_at: datetime | None = _when(index=True, nullable=False)
    raw_html: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    """The page as fetched, compressed by `versioning.compress_page`, for re-running a better extractor."""
    changes: dict | None = Field(default=None, sa_column=Column(JSON))
    """The sentence-level diff against the previous version (none for version 1)."""


class Finding(SQLModel, table=True):
    """What the claims comparison read in one snapshot: a claim relation or a new development."""

    id: int | None = Field(default=None, primary_key=True)
    snapshot_id: int = Field(foreign_key="snapshot.id", index=True)
    claim_id: str | None = Field(default=None, index=True)
    relation: str
    """corroborates, updates, contradicts or new_development."""
    evidence: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))


class Alert(SQLModel, table=True):
    __table_args__ = (Index("ix_alert_kind_created", "kind", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    severity: int
    """0 is the most severe (contradicts) ... 4 the least (corroborates)."""
    claim_id: str | None = Field(default=None, index=True)
    outlet: str = Field(index=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    snapshot_id: int = Field(foreign_key="snapshot.id")
    url: str = Field(sa_column=Column(Text, nullable=False))
    title: str = Field(sa_column=Column(Text, nullable=False))
    evidence: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime | None = _when(index=True, nullable=False)
    dedup_key: str = Field(sa_column=Column(Text, unique=True, nullable=False))
    """Same outlet, same kind, same claim, same statement: raised once, however often it is re-read."""


class Digest(SQLModel, table=True):
    id: str = Field(primary_key=True)
    """Stable across retries, so that receivers can drop a duplicate after a crash mid-send."""
    channel: str = Field(index=True)
    created_at: datetime | None = _when(nullable=False)
    status: str = "pending"
    """pending (built, not yet confirmed sent) or sent."""
    attempts: int = 0
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    next_attempt_at: datetime | None = _when()
    sent_at: datetime | None = _when()


class Delivery(SQLModel, table=True):
    """An alert's place in one channel's digest: at most one per (channel, alert)."""

    channel: str = Field(primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", primary_key=True)
    digest_id: str = Field(foreign_key="digest.id", index=True)


class Daemon(SQLModel, table=True):
    """A running (or recently running) daemon, for `monitor status` and for splitting work."""

    id: str = Field(primary_key=True)
    host: str
    pid: int
    started_at: datetime | None = _when(nullable=False)
    heartbeat_at: datetime | None = _when(nullable=False)
    stopped_at: datetime | None = _when()
