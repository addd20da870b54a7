"""Opening the store: the engine, its connection settings, and the migrations applied on start."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from monitor.store.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x6D6F6E69  # "moni": the PostgreSQL advisory lock key held while migrating


def database_url(url: str) -> str:
    """Accept the URLs users write (`postgres://`, `postgresql://`) and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def open_store(url: str, *, migrate: bool = True) -> Engine:
    """An engine on `url`, with the schema brought up to date (Alembic) unless `migrate` is False."""
    try:
        parsed = make_url(database_url(url))
    except ArgumentError:
        raise StoreError(f"database_url {url!r} is not a database URL (e.g. sqlite:///monitor.db)") from None
    if parsed.get_backend_name() == "sqlite":
        engine = _sqlite_engine(parsed)
    else:
        try:
            engine = create_engine(parsed, pool_pre_ping=True, pool_size=5, max_overflow=5)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot use database_url {url!r}: {exc}") from None
    if migrate:
        upgrade(engine)
    return engine


def _sqlite_engine(url) -> Engine:
    if url.database and url.database != ":memory:":
        folder = Path(url.database).expanduser().resolve().parent
        if not folder.is_dir():
            raise StoreError(f"the folder of the database file does not exist: {folder}")
    # A long busy timeout: readers (CLI queries) and the daemon's writer share the file under WAL.
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def upgrade(engine: Engine) -> None:
    """Apply every pending migration; a no-op on an up-to-date database."""
    if _is_current(engine):
        return
    # Imported here: Alembic costs a quarter of a second at every start of every command, and is only
    # needed when there is something to migrate.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                # Daemons started together on a new database: one migrates, the others wait and find
                # it done. (On SQLite the daemon lock and the file's write lock already serialise this.)
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise StoreError(f"cannot open the database {engine.url.render_as_string()}: {exc.orig}") from None
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate the database {engine.url.render_as_string()}: {exc}") from None


_ASSIGNMENT = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+)$", re.MULTILINE)


@cache
def _head_revision() -> str | None:
    """The newest migration's revision id, read from the migration files; None when in doubt (several
    heads, a file not in the usual form), and Alembic then decides."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        fields = dict(_ASSIGNMENT.findall(path.read_text()))
        try:
            revision, down = ast.literal_eval(fields["revision"]), ast.literal_eval(fields["down_revision"])
        except (KeyError, ValueError, SyntaxError):
            return None
        revisions.add(revision)
        parents.update(down if isinstance(down, tuple | list) else [down] if down else [])
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def _is_current(engine: Engine) -> bool:
    """Whether the database is at the newest migration already (any error: no, and Alembic reports it)."""
    head = _head_revision()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return False
    return versions == [head]
