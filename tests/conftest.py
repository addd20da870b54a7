"""Shared fixtures: real databases (SQLite always; PostgreSQL when MONITOR_TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from monitor.store.engine import database_url

POSTGRES_URL = os.environ.get("MONITOR_TEST_DATABASE_URL")


def reset_postgres(url: str) -> None:
    """An empty database for each test: the schema is dropped and the monitor migrates it again."""
    engine = create_engine(database_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:
    """A database URL for an empty store, on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'monitor.db'}"
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL tests need MONITOR_TEST_DATABASE_URL (e.g. postgresql://root@127.0.0.1/test)")
    reset_postgres(POSTGRES_URL)
    return POSTGRES_URL
