"""The `monitor` command: global options, and how commands reach the settings."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from monitor.config import ConfigError, Settings, config_path, load_settings
from monitor.store.errors import StoreError

if TYPE_CHECKING:
    from rich.table import Table
    from sqlalchemy import Engine

app = typer.Typer(
    name="monitor",
    help="Claim-aware media monitor: polls outlets, keeps every version, reads coverage against claims.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


@dataclass
class Context:
    config: str | None

    def settings(self) -> Settings:
        """The validated settings, or a clear message and exit status 2."""
        try:
            return load_settings(config_path(self.config))
        except ConfigError as exc:
            fail(str(exc), code=2)

    def optional_settings(self) -> Settings | None:
        """Settings when a config file exists (or was asked for); None for commands that need none."""
        path = config_path(self.config)
        if self.config is None and not path.exists():
            return None
        return self.settings()


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a user-facing error (no traceback) and exit."""
    err.print(Text.assemble(("error: ", "bold red"), message), soft_wrap=True)
    raise typer.Exit(code)


def context(ctx: typer.Context) -> Context:
    return ctx.find_root().obj


@app.callback()
def _root(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="Config file (default: $MONITOR_CONFIG or config/monitor.toml)."),
    ] = None,
) -> None:
    ctx.obj = Context(config=str(config) if config else None)


def open_engine(settings: Settings) -> Engine:
    """The store named by the settings, migrated; a clear message when it cannot be opened."""
    from monitor.store.engine import open_store  # SQLAlchemy: see cli.__init__

    try:
        return open_store(settings.database_url)
    except StoreError as exc:
        fail(str(exc), code=2)


def print_json_lines(rows: Iterable[dict]) -> None:
    """One JSON object per line on stdout: the `--json` form of every listing."""
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


def listing(*columns: str) -> Table:
    """The table of a readable listing: the columns' headings, no box around it."""
    from rich.table import Table  # imported when used: see monitor.cli

    return Table(*columns, box=None, show_edge=False)


def parse_since(value: str | None) -> datetime | None:
    """`--since` as an ISO date or date-time; naive values are taken as UTC."""
    if value is None:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        fail(f"--since {value!r}: expected an ISO date such as 2019-04-30 or 2019-04-30T12:00", code=2)
    return when if when.tzinfo else when.replace(tzinfo=UTC)
