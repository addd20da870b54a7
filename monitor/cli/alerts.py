"""`monitor alerts list`: what the analyst has been (or will be) told."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from monitor.cli.app import app, context, fail, listing, open_engine, parse_since, print_json_lines
from monitor.config import ALERT_KINDS

if TYPE_CHECKING:
    from monitor.models import Alert

alerts = typer.Typer(help="Alerts raised from findings and revisions.", no_args_is_help=True)
app.add_typer(alerts, name="alerts")
out = Console()
# The store's libraries (sqlmodel, monitor.store.queries) are imported by the commands that use them:
# see cli.__init__.


def alert_json(alert: Alert) -> dict:
    return {
        "id": alert.id,
        "kind": alert.kind,
        "severity": alert.severity,
        "claim": alert.claim_id,
        "outlet": alert.outlet,
        "url": alert.url,
        "title": alert.title,
        "evidence": alert.evidence,
        "reason": alert.reason,
        "created_at": alert.created_at.isoformat(),
    }


@alerts.command("list")
def list_(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help=f"One of: {', '.join(ALERT_KINDS)}.")] = None,
    claim: Annotated[str | None, typer.Option(help="Only alerts about this claim id.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet.")] = None,
    since: Annotated[str | None, typer.Option(help="Only alerts raised since this ISO date.")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most N rows.")] = None,
    json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Alerts, most severe first."""
    from sqlmodel import Session

    from monitor.store import queries

    if kind is not None and kind not in ALERT_KINDS:
        fail(f"--kind {kind!r}: expected one of {', '.join(ALERT_KINDS)}", code=2)
    engine = open_engine(context(ctx).settings())
    with Session(engine) as session:
        rows = queries.alerts(
            session, kind=kind, claim=claim, outlet=outlet, since=parse_since(since), limit=limit
        )
    if json:
        print_json_lines(alert_json(a) for a in rows)
        return
    table = listing("id", "kind", "claim", "outlet", "evidence")
    for a in rows:
        where = Text(f"\n{a.title} {a.url}", style="dim")
        table.add_row(str(a.id), a.kind, a.claim_id or "", a.outlet, Text(a.evidence) + where)
    out.print(table)
    out.print(f"{len(rows)} alert{'s' * (len(rows) != 1)}", style="dim")
