"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "daemon",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("host", sa.String(), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "digest",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("digest", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_digest_channel"), ["channel"], unique=False)

    op.create_table(
        "outlet",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("outlet", sa.String(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_fetched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_revisit_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("last_modified", sa.String(), nullable=True),
        sa.Column("entry_fingerprint", sa.String(), nullable=True),
        sa.Column("last_status", sa.String(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("error_streak", sa.Integer(), nullable=False),
        sa.Column("versions", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["outlet"],
            ["outlet.name"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_link"), ["link"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_next_revisit_at"), ["next_revisit_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_outlet"), ["outlet"], unique=False)

    op.create_table(
        "feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outlet", sa.String(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("etag", sa.String(), nullable=True),
        sa.Column("last_modified", sa.String(), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status", sa.String(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("error_streak", sa.Integer(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("lease_owner", sa.String(), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["outlet"],
            ["outlet.name"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("url"),
    )
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_next_due_at"), ["next_due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_feed_outlet"), ["outlet"], unique=False)

    op.create_table(
        "snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published", sa.DateTime(timezone=True), nullable=True),
        sa.Column("language", sa.String(), nullable=True),
        sa.Column("method", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("raw_html", sa.LargeBinary(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("article_id", "version"),
    )
    with op.batch_alter_table("snapshot", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_snapshot_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_snapshot_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_snapshot_fetched_at"), ["fetched_at"], unique=False)

    op.create_table(
        "alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("severity", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(), nullable=True),
        sa.Column("outlet", sa.String(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("dedup_key", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshot.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("dedup_key"),
    )
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_alert_kind_created", ["kind", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_outlet"), ["outlet"], unique=False)

    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.String(), nullable=True),
        sa.Column("relation", sa.String(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["snapshot.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finding_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_finding_snapshot_id"), ["snapshot_id"], unique=False)

    op.create_table(
        "delivery",
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("digest_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alert.id"],
        ),
        sa.ForeignKeyConstraint(
            ["digest_id"],
            ["digest.id"],
        ),
        sa.PrimaryKeyConstraint("channel", "alert_id"),
    )
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_delivery_digest_id"), ["digest_id"], unique=False)
    _create_search()


def downgrade() -> None:
    _drop_search()
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_delivery_digest_id"))

    op.drop_table("delivery")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_snapshot_id"))
        batch_op.drop_index(batch_op.f("ix_finding_claim_id"))

    op.drop_table("finding")
    with op.batch_alter_table("alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_outlet"))
        batch_op.drop_index("ix_alert_kind_created")
        batch_op.drop_index(batch_op.f("ix_alert_created_at"))
        batch_op.drop_index(batch_op.f("ix_alert_claim_id"))
        batch_op.drop_index(batch_op.f("ix_alert_article_id"))

    op.drop_table("alert")
    with op.batch_alter_table("snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_snapshot_fetched_at"))
        batch_op.drop_index(batch_op.f("ix_snapshot_content_hash"))
        batch_op.drop_index(batch_op.f("ix_snapshot_article_id"))

    op.drop_table("snapshot")
    with op.batch_alter_table("feed", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_outlet"))
        batch_op.drop_index(batch_op.f("ix_feed_next_due_at"))

    op.drop_table("feed")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_outlet"))
        batch_op.drop_index(batch_op.f("ix_article_next_revisit_at"))
        batch_op.drop_index(batch_op.f("ix_article_link"))

    op.drop_table("article")
    op.drop_table("outlet")
    with op.batch_alter_table("digest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_digest_channel"))

    op.drop_table("digest")
    op.drop_table("daemon")


# Full-text search over snapshots. The 'simple' configuration / unicode61 tokenizer, not an English
# stemmer: coverage is English and Spanish, and accents fold the same way on both backends.
_SQLITE_SEARCH = [
    """CREATE VIRTUAL TABLE snapshot_search USING fts5(
        title, text, content='snapshot', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER snapshot_search_insert AFTER INSERT ON snapshot BEGIN
        INSERT INTO snapshot_search(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
    """CREATE TRIGGER snapshot_search_delete AFTER DELETE ON snapshot BEGIN
        INSERT INTO snapshot_search(snapshot_search, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text); END""",
    """CREATE TRIGGER snapshot_search_update AFTER UPDATE OF title, text ON snapshot BEGIN
        INSERT INTO snapshot_search(snapshot_search, rowid, title, text)
        VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO snapshot_search(rowid, title, text) VALUES (new.id, new.title, new.text); END""",
]
_POSTGRES_SEARCH = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # unaccent() is not IMMUTABLE, so a generated column needs this wrapper (the usual idiom).
    """CREATE OR REPLACE FUNCTION monitor_search_vector(title text, body text) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('simple', public.unaccent('public.unaccent', coalesce(title, ''))), 'A')
            || setweight(to_tsvector('simple', public.unaccent('public.unaccent', coalesce(body, ''))), 'B')
        $$""",
    """ALTER TABLE snapshot ADD COLUMN search tsvector
        GENERATED ALWAYS AS (monitor_search_vector(title, text)) STORED""",
    "CREATE INDEX ix_snapshot_search ON snapshot USING gin (search)",
]


def _create_search() -> None:
    dialect = op.get_bind().dialect.name
    for statement in _SQLITE_SEARCH if dialect == "sqlite" else _POSTGRES_SEARCH:
        op.execute(statement)


def _drop_search() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS snapshot_search")
    else:
        op.execute("DROP INDEX IF EXISTS ix_snapshot_search")
        op.execute("ALTER TABLE snapshot DROP COLUMN IF EXISTS search")
        op.execute("DROP FUNCTION IF EXISTS monitor_search_vector(text, text)")
