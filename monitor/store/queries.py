"""Reading the store: what the query commands (and the HTTP or digest layers) ask of it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy import Engine, func, text
from sqlmodel import Session, col, or_, select

from monitor.models import Alert, Article, Daemon, Delivery, Feed, Snapshot
from monitor.versioning import decompress_page


@dataclass(frozen=True)
class SnapshotRow:
    """One version of one article, as the query commands print it."""

    id: int
    url: str
    outlet: str
    title: str
    published: datetime | None
    fetched_at: datetime
    version: int
    text: str

    def to_json(self) -> dict:
        row = asdict(self)
        for key in ("published", "fetched_at"):
            row[key] = row[key].isoformat() if row[key] else None
        return row


def _row(article: Article, snapshot: Snapshot) -> SnapshotRow:
    return SnapshotRow(
        id=snapshot.id,
        url=article.url,
        outlet=article.outlet,
        title=snapshot.title,
        published=snapshot.published,
        fetched_at=snapshot.fetched_at,
        version=snapshot.version,
        text=snapshot.text,
    )


def find_article(session: Session, url: str) -> Article | None:
    """The article stored under `url`: its canonical URL or the feed link that led to it."""
    return session.exec(select(Article).where(or_(Article.url == url, Article.link == url))).first()


def latest_snapshots(
    session: Session, *, outlet: str | None = None, since: datetime | None = None, limit: int | None = None
) -> list[SnapshotRow]:
    """The latest version of each article, newest fetch first; `since` filters on that fetch time."""
    query = select(Article, Snapshot).join(
        Snapshot, (Snapshot.article_id == Article.id) & (Snapshot.version == Article.versions)
    )
    if outlet:
        query = query.where(Article.outlet == outlet)
    if since:
        query = query.where(Snapshot.fetched_at >= since)
    query = query.order_by(col(Snapshot.fetched_at).desc(), col(Snapshot.id).desc()).limit(limit)
    return [_row(article, snapshot) for article, snapshot in session.exec(query)]


def snapshot_by_id(session: Session, snapshot_id: int) -> SnapshotRow | None:
    found = session.exec(
        select(Article, Snapshot)
        .join(Snapshot, Snapshot.article_id == Article.id)
        .where(Snapshot.id == snapshot_id)
    ).first()
    return _row(*found) if found else None


def history(session: Session, url: str) -> list[SnapshotRow]:
    """Every version of the article at `url`, oldest first (empty when the URL is unknown)."""
    article = find_article(session, url)
    if article is None:
        return []
    snapshots = session.exec(
        select(Snapshot).where(Snapshot.article_id == article.id).order_by(col(Snapshot.version))
    )
    return [_row(article, snapshot) for snapshot in snapshots]


def versions(session: Session, url: str) -> tuple[Article | None, list[Snapshot]]:
    """The article and its full snapshots (with stored diffs), oldest first."""
    article = find_article(session, url)
    if article is None:
        return None, []
    snapshots = session.exec(
        select(Snapshot).where(Snapshot.article_id == article.id).order_by(col(Snapshot.version))
    )
    return article, list(snapshots)


def fetched_page(session: Session, snapshot_id: int) -> bytes | None:
    """The page as fetched for this snapshot (None if it was not kept)."""
    stored = session.exec(select(Snapshot.raw_html).where(Snapshot.id == snapshot_id)).first()
    return decompress_page(stored) if stored else None


_PHRASE_OR_WORD = re.compile(r'"([^"]+)"|(\w+)', re.UNICODE)


def _fts5_query(query: str) -> str:
    """A safe FTS5 expression from what a user types: words and "quoted phrases", all required.
    Every term is quoted, so FTS5 operators and stray punctuation in the input cannot break the query."""
    terms = []
    for phrase, word in _PHRASE_OR_WORD.findall(query):
        words = re.findall(r"\w+", phrase or word)
        if words:
            terms.append('"' + " ".join(words) + '"')
    return " ".join(terms)


def search(
    engine: Engine, query: str, *, limit: int | None = 20, all_versions: bool = False
) -> list[SnapshotRow]:
    """Full-text search over the latest versions (or every version), best match first."""
    latest = "" if all_versions else "AND s.version = a.versions"
    if engine.dialect.name == "sqlite":
        match = _fts5_query(query)
        if not match:
            return []
        sql = f"""
            SELECT s.id FROM snapshot_search f
            JOIN snapshot s ON s.id = f.rowid JOIN article a ON a.id = s.article_id
            WHERE snapshot_search MATCH :q {latest}
            ORDER BY bm25(snapshot_search, 4.0, 1.0), s.id DESC LIMIT :limit"""
        params = {"q": match, "limit": -1 if limit is None else limit}
    else:
        sql = f"""
            SELECT s.id FROM snapshot s JOIN article a ON a.id = s.article_id,
                websearch_to_tsquery('simple', public.unaccent('public.unaccent', :q)) AS q
            WHERE s.search @@ q {latest}
            ORDER BY ts_rank(s.search, q) DESC, s.id DESC LIMIT :limit"""
        params = {"q": query, "limit": limit}
    with Session(engine) as session:
        ids = [row[0] for row in session.connection().execute(text(sql), params)]
        return _rows_in_order(session, ids)


def _rows_in_order(session: Session, ids: Sequence[int]) -> list[SnapshotRow]:
    if not ids:
        return []
    found = session.exec(
        select(Article, Snapshot)
        .join(Snapshot, Snapshot.article_id == Article.id)
        .where(col(Snapshot.id).in_(ids))
    )
    by_id = {snapshot.id: _row(article, snapshot) for article, snapshot in found}
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class FeedStatus:
    outlet: str
    feed: str
    active: bool
    last_poll: datetime | None
    next_due: datetime | None
    last_status: str | None
    last_error: str | None
    error_streak: int
    entries: int

    def to_json(self) -> dict:
        row = asdict(self)
        for key in ("last_poll", "next_due"):
            row[key] = row[key].isoformat() if row[key] else None
        return row


@dataclass(frozen=True)
class OutletCounts:
    articles: int
    snapshots: int
    failing_articles: int


def feed_status(session: Session) -> list[FeedStatus]:
    feeds = session.exec(select(Feed).order_by(col(Feed.outlet), col(Feed.id)))
    return [
        FeedStatus(
            f.outlet,
            f.url,
            f.active,
            f.last_polled_at,
            f.next_due_at,
            f.last_status,
            f.last_error,
            f.error_streak,
            f.entries,
        )
        for f in feeds
    ]


def outlet_counts(session: Session) -> dict[str, OutletCounts]:
    articles = dict(
        session.exec(
            select(Article.outlet, func.count()).where(Article.versions > 0).group_by(Article.outlet)
        ).all()
    )
    failing = dict(
        session.exec(
            select(Article.outlet, func.count()).where(Article.error_streak > 0).group_by(Article.outlet)
        ).all()
    )
    snapshots = dict(
        session.exec(
            select(Article.outlet, func.count())
            .join(Snapshot, Snapshot.article_id == Article.id)
            .group_by(Article.outlet)
        ).all()
    )
    names = set(articles) | set(failing) | set(snapshots)
    return {n: OutletCounts(articles.get(n, 0), snapshots.get(n, 0), failing.get(n, 0)) for n in names}


def undelivered_counts(session: Session, channels: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Per channel (name -> alert kinds it takes), how many alerts await a digest."""
    counts = {}
    for name, kinds in channels.items():
        delivered = select(Delivery.alert_id).where(Delivery.channel == name)
        counts[name] = session.exec(
            select(func.count())
            .select_from(Alert)
            .where(col(Alert.kind).in_(kinds), col(Alert.id).not_in(delivered))
        ).one()
    return counts


def live_daemons(session: Session, since: datetime) -> list[Daemon]:
    """Daemons that have not stopped and beat since `since`."""
    return list(
        session.exec(
            select(Daemon).where(col(Daemon.stopped_at).is_(None), col(Daemon.heartbeat_at) >= since)
        )
    )


def alerts(
    session: Session,
    *,
    kind: str | None = None,
    claim: str | None = None,
    outlet: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
) -> list[Alert]:
    """Alerts, most severe first, then newest first."""
    query = select(Alert)
    for column, value in ((Alert.kind, kind), (Alert.claim_id, claim), (Alert.outlet, outlet)):
        if value is not None:
            query = query.where(column == value)
    if since is not None:
        query = query.where(Alert.created_at >= since)
    return list(
        session.exec(
            query.order_by(col(Alert.severity), col(Alert.created_at).desc(), col(Alert.id).desc()).limit(
                limit
            )
        )
    )
