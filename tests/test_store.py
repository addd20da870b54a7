"""The store on both backends: migrations on start, versions, full-text search, readers beside a writer."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect
from sqlmodel import Session, select

from monitor.models import Article, Outlet, Snapshot
from monitor.store import queries
from monitor.store.engine import StoreError, open_store
from monitor.versioning import compress_page

T0 = datetime(2019, 4, 30, 12, 0, tzinfo=UTC)


def add_article(session: Session, url: str, versions: list[tuple[str, str]], outlet: str = "rt") -> Article:
    if session.get(Outlet, outlet) is None:
        session.add(Outlet(name=outlet, title=outlet.upper()))
        session.flush()
    article = Article(url=url, outlet=outlet, first_seen_at=T0)
    session.add(article)
    session.flush()
    for number, (title, text) in enumerate(versions, start=1):
        session.add(
            Snapshot(
                article_id=article.id,
                version=number,
                title=title,
                text=text,
                content_hash=f"{url}-{number}",
                fetched_at=T0 + timedelta(hours=number),
            )
        )
    article.versions = len(versions)
    session.commit()
    return article


def test_migrations_create_the_schema_and_are_idempotent(database):
    engine = open_store(database)
    tables = set(inspect(engine).get_table_names())
    assert {"outlet", "feed", "article", "snapshot", "finding", "alert", "digest", "delivery"} <= tables
    open_store(database)  # a second start finds nothing to do


def test_latest_history_and_aware_datetimes(database):
    engine = open_store(database)
    with Session(engine) as session:
        add_article(session, "https://www.rt.com/news/1-a/", [("Old", "first text"), ("New", "second text")])
        add_article(session, "https://www.nytimes.com/2019/04/30/b.html", [("B", "only text")], outlet="nyt")
    with Session(engine) as session:
        latest = queries.latest_snapshots(session)
        assert [(r.title, r.version) for r in latest] == [("New", 2), ("B", 1)]
        assert latest[0].fetched_at == T0 + timedelta(hours=2)
        assert latest[0].fetched_at.tzinfo is not None
        assert [r.title for r in queries.latest_snapshots(session, outlet="nyt")] == ["B"]
        assert len(queries.latest_snapshots(session, limit=1)) == 1
        since = queries.latest_snapshots(session, since=T0 + timedelta(hours=1, minutes=30))
        assert [r.title for r in since] == ["New"]
        assert [r.version for r in queries.history(session, "https://www.rt.com/news/1-a/")] == [1, 2]
        assert queries.history(session, "https://nowhere.example/") == []


def test_full_text_search_ranks_and_folds_accents(database):
    engine = open_store(database)
    with Session(engine) as session:
        add_article(
            session, "https://a.example/1", [("Guaidó calls protests", "Crowds gathered in Caracas.")]
        )
        add_article(
            session, "https://a.example/2", [("Weather", "Rain in Caracas; Guaido was not mentioned.")]
        )
        add_article(
            session, "https://a.example/3", [("Old story", "Altamira bridge"), ("New story", "Nothing")]
        )
    titles = [r.title for r in queries.search(engine, "guaido caracas")]
    assert titles == ["Guaidó calls protests", "Weather"]  # the title match ranks first
    assert queries.search(engine, "altamira") == []  # only in an earlier version
    assert [r.version for r in queries.search(engine, "altamira", all_versions=True)] == [1]
    assert [r.title for r in queries.search(engine, '"rain in caracas"')] == ["Weather"]


@pytest.mark.parametrize(
    "hostile", ['"unbalanced', "NEAR(", "a OR", "*", "col:value", "'; DROP TABLE x; --", ""]
)
def test_search_survives_any_input(database, hostile):
    engine = open_store(database)
    assert isinstance(queries.search(engine, hostile), list)


def test_unusable_database_is_a_plain_error(tmp_path):
    with pytest.raises(StoreError, match="folder of the database file does not exist"):
        open_store(f"sqlite:///{tmp_path}/missing/monitor.db")
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("monitor.db")


def test_the_fetched_page_reads_back_also_from_rows_stored_with_zlib(database):
    engine = open_store(database)
    page = "<html><body><h1>Caracas</h1><p>Señal</p></body></html>".encode()
    with Session(engine) as session:
        article = add_article(session, "https://www.rt.com/news/2-b/", [("Old", "text"), ("New", "text 2")])
        new, old = session.exec(select(Snapshot).where(Snapshot.article_id == article.id)).all()
        new.raw_html, old.raw_html = compress_page(page), zlib.compress(page)  # zlib: before zstd was used
        session.add_all([new, old])
        session.commit()
        assert queries.fetched_page(session, new.id) == page
        assert queries.fetched_page(session, old.id) == page
        assert new.raw_html != old.raw_html
