"""`monitor status`: is the monitor healthy? Feeds, error streaks, counts, pending alerts, the daemon."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from monitor.cli.app import app, context, listing, open_engine, print_json_lines

out = Console()


def _when(value) -> str:
    return f"{value:%Y-%m-%d %H:%M:%S}" if value else "never"


@app.command()
def status(
    ctx: typer.Context,
    json: Annotated[
        bool, typer.Option("--json", help="One JSON object per line (feeds, then a summary).")
    ] = False,
) -> None:
    """Per outlet and feed: last poll, next due, last status, error streak; counts; whether a daemon runs."""
    # Imported when used: the store's libraries (see cli.__init__), the daemon's (see cli.run).
    from sqlmodel import Session

    from monitor.daemon import HEARTBEAT, DatabaseLock, sqlite_file
    from monitor.models import utcnow
    from monitor.store import queries

    settings = context(ctx).settings()
    engine = open_engine(settings)
    with Session(engine) as session:
        feeds = queries.feed_status(session)
        counts = queries.outlet_counts(session)
        pending = queries.undelivered_counts(session, {c.name: c.kinds for c in settings.channels})
        daemons = queries.live_daemons(session, utcnow() - timedelta(seconds=4 * HEARTBEAT))
    database = sqlite_file(engine)
    running = bool(daemons) or bool(database and DatabaseLock(database).held_elsewhere())
    daemon_info = [{"host": d.host, "pid": d.pid, "since": d.started_at.isoformat()} for d in daemons]
    if json:
        print_json_lines({"type": "feed", **feed.to_json()} for feed in feeds)
        print_json_lines(
            {
                "type": "outlet",
                "outlet": name,
                "articles": c.articles,
                "snapshots": c.snapshots,
                "failing_articles": c.failing_articles,
            }
            for name, c in sorted(counts.items())
        )
        print_json_lines(
            [
                {
                    "type": "summary",
                    "daemon_running": running,
                    "daemons": daemon_info,
                    "pending_alerts": pending,
                }
            ]
        )
        return
    table = listing("outlet", "feed", "last poll", "next due", "status", "streak")
    for feed in feeds:
        state = Text(feed.last_status or "not polled", style="red" if feed.error_streak else "")
        if feed.last_error:
            state.append(f"\n{feed.last_error}", style="dim")
        table.add_row(
            feed.outlet,
            Text(feed.feed),
            _when(feed.last_poll),
            _when(feed.next_due),
            state,
            str(feed.error_streak),
        )
    out.print(table)
    for name, c in sorted(counts.items()):
        failing = f", {c.failing_articles} failing" if c.failing_articles else ""
        out.print(f"{name}: {c.articles} articles, {c.snapshots} versions{failing}", highlight=False)
    for channel, count in pending.items():
        out.print(f"channel {channel}: {count} alerts waiting for a digest", highlight=False)
    if running:
        where = ", ".join(f"pid {d['pid']} on {d['host']}" for d in daemon_info) or "lock held"
        out.print(f"daemon: running ({where})", highlight=False)
    else:
        out.print("daemon: not running", highlight=False)
