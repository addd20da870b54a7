"""`monitor snapshots ...`: what is stored: latest versions, full-text search, one version, history, diffs."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from monitor.cli.app import app, context, fail, listing, open_engine, parse_since, print_json_lines

if TYPE_CHECKING:
    from monitor.store.queries import SnapshotRow

snapshots = typer.Typer(help="Query stored articles and their versions.", no_args_is_help=True)
app.add_typer(snapshots, name="snapshots")
out = Console()
# The store's libraries (sqlmodel, monitor.store.queries) are imported by the commands that use them:
# see cli.__init__.

Json = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]
Limit = Annotated[int | None, typer.Option("--limit", min=1, help="At most N rows.")]


def _table(rows: list[SnapshotRow], json: bool) -> None:
    if json:
        print_json_lines(row.to_json() for row in rows)
        return
    table = listing("id", "outlet", "v", "fetched", "published", "title")
    for row in rows:
        table.add_row(
            str(row.id),
            row.outlet,
            str(row.version),
            f"{row.fetched_at:%Y-%m-%d %H:%M}",
            f"{row.published:%Y-%m-%d}" if row.published else "",
            Text(row.title),
        )
    out.print(table)
    out.print(f"{len(rows)} article{'s' * (len(rows) != 1)}", style="dim")


@snapshots.command("list")
def list_(
    ctx: typer.Context,
    outlet: Annotated[str | None, typer.Option(help="Only this outlet (its name in the config).")] = None,
    since: Annotated[str | None, typer.Option(help="Only versions fetched since this ISO date.")] = None,
    limit: Limit = None,
    json: Json = False,
) -> None:
    """The latest version of each article, newest first."""
    from sqlmodel import Session

    from monitor.store import queries

    engine = open_engine(context(ctx).settings())
    with Session(engine) as session:
        rows = queries.latest_snapshots(session, outlet=outlet, since=parse_since(since), limit=limit)
    _table(rows, json)


@snapshots.command()
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='Words and "quoted phrases", all required.')],
    limit: Limit = 20,
    all_versions: Annotated[
        bool, typer.Option("--all-versions", help="Search earlier versions too.")
    ] = False,
    json: Json = False,
) -> None:
    """Full-text search over the latest versions, best match first."""
    from monitor.store import queries

    engine = open_engine(context(ctx).settings())
    _table(queries.search(engine, query, limit=limit, all_versions=all_versions), json)


@snapshots.command()
def show(
    ctx: typer.Context,
    which: Annotated[
        str, typer.Argument(metavar="ID|URL", help="A snapshot id, or an article URL (latest).")
    ],
    json: Json = False,
    html: Annotated[
        bool, typer.Option("--html", help="The page as the outlet served it, instead of the article.")
    ] = False,
) -> None:
    """One version in full: a snapshot by id, or the latest version of an article by URL."""
    from sqlmodel import Session

    from monitor.store import queries

    engine = open_engine(context(ctx).settings())
    with Session(engine) as session:
        if which.isdigit():
            row = queries.snapshot_by_id(session, int(which))
        else:
            versions = queries.history(session, which)
            row = versions[-1] if versions else None
        page = queries.fetched_page(session, row.id) if row is not None and html else None
    if row is None:
        fail(f"nothing stored as {which!r}")
    if html:
        if page is None:
            fail(f"the page of snapshot {row.id} was not kept")
        sys.stdout.buffer.write(page)
        return
    if json:
        print_json_lines([row.to_json()])
        return
    out.print(Text(row.title, style="bold"))
    published = f"published {row.published:%Y-%m-%d %H:%M}, " if row.published else ""
    out.print(
        f"{row.outlet} | {row.url}\n{published}version {row.version} fetched {row.fetched_at:%Y-%m-%d %H:%M}"
        f" (snapshot {row.id})",
        style="dim",
        highlight=False,
        markup=False,
    )
    out.print()
    out.print(row.text, highlight=False, markup=False)


@snapshots.command()
def history(ctx: typer.Context, url: str, json: Json = False) -> None:
    """Every version of one article, oldest first."""
    from sqlmodel import Session

    from monitor.store import queries

    engine = open_engine(context(ctx).settings())
    with Session(engine) as session:
        rows = queries.history(session, url)
    if not rows:
        fail(f"no article stored at {url}")
    _table(rows, json)


@snapshots.command()
def diff(
    ctx: typer.Context,
    url: str,
    from_: Annotated[
        int | None, typer.Option("--from", help="Older version (default: the one before --to).")
    ] = None,
    to: Annotated[int | None, typer.Option("--to", help="Newer version (default: the latest).")] = None,
    json: Json = False,
) -> None:
    """What changed between two versions of an article, sentence by sentence."""
    from sqlmodel import Session

    from monitor.revisions import diff_versions
    from monitor.store import queries

    engine = open_engine(context(ctx).settings())
    with Session(engine) as session:
        article, versions = queries.versions(session, url)
    if article is None:
        fail(f"no article stored at {url}")
    by_number = {snapshot.version: snapshot for snapshot in versions}
    to = to or article.versions
    from_ = from_ or to - 1
    missing = [v for v in (from_, to) if v not in by_number]
    if missing:
        fail(f"{url} has versions 1 to {article.versions}; no version {missing[0]}")
    old, new = by_number[from_], by_number[to]
    revision = diff_versions(old.title, old.text, new.title, new.text)
    if json:
        print_json_lines([{"url": article.url, "from": from_, "to": to, **revision.to_dict()}])
        return
    out.print(Text(f"{article.url}: version {from_} -> {to}", style="bold"))
    out.print(revision.summary(), style="dim", highlight=False, markup=False)
    out.print(revision.render(), highlight=False, markup=False)
