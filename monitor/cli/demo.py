"""`monitor demo`: the monitor's whole flow, offline, in well under a minute.

A local replay of the four outlets (monitor.demo) is crawled, switched to a later state (a new article, a
stealth headline and figure edit), crawled again; then the stored versions, the diff, the alerts and the
digest a files channel received are printed. Everything goes to a fresh folder, kept for a look afterwards.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from monitor.cli.app import app, context, open_engine
from monitor.cli.run import labels_of, print_report, story_of
from monitor.config import Settings, settings_from_dict

if TYPE_CHECKING:
    from monitor.demo import DemoSite

out = Console()
# The store's and the crawl's libraries are imported by the functions that use them: see cli.__init__.
REPO_STORY = Path(__file__).resolve().parents[2] / "seeds" / "venezuela-2019-04-30"


def demo_settings(site: DemoSite, folder: Path, story: Path | None) -> Settings:
    """Settings for the replay: its outlets on loopback (so private addresses are allowed there only),
    brisk politeness, a files channel in the demo folder."""
    raw = {
        "database_url": f"sqlite:///{folder / 'monitor.db'}",
        "network": {"allow_private_addresses": True, "per_host_delay": 0.05, "retries": 1, "backoff": 0.1},
        "outlets": site.outlets,
        "channels": [{"name": "demo-files", "kind": "files", "directory": str(folder / "digests")}],
    }
    if story is not None:
        raw["story"] = str(story)
    return settings_from_dict(raw)


async def _crawl(settings: Settings, engine, story) -> None:
    from monitor.fetch import Fetcher
    from monitor.pipeline import Crawler
    from monitor.store.client import LocalStore

    async with Fetcher(settings.network) as fetcher:
        crawler = Crawler(settings, LocalStore(settings, engine, story), fetcher)
        print_report(await crawler.crawl(revisit=True))


@app.command()
def demo(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--folder", help="Where the demo's database and digests go (default: a new temp folder)."
        ),
    ] = None,
) -> None:
    """Crawl a local replay of the four outlets, change it, crawl again, and show what the monitor saw."""
    # Imported here: the replay site, the digests and Markdown rendering are the demo's alone, and each
    # command's start-up pays for what the command modules import (see cli.run.run_daemon).
    from rich.markdown import Markdown

    from monitor import delivery
    from monitor.demo import DemoSite

    configured = context(ctx).optional_settings()
    story_dir = configured.story if configured and configured.story else REPO_STORY
    folder = folder or Path(tempfile.mkdtemp(prefix="monitor-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    with DemoSite() as site:
        settings = demo_settings(site, folder, story_dir if story_dir.is_dir() else None)
        engine = open_engine(settings)
        story = story_of(settings)
        if story is None:
            out.print(f"no story at {story_dir}: crawling without claims", style="yellow")

        out.print(Rule("1. first crawl of the four outlets"))
        asyncio.run(_crawl(settings, engine, story))
        _print_stored(engine)

        out.print(Rule("2. the outlets move on: a new article, a stealth edit"))
        site.advance()
        asyncio.run(_crawl(settings, engine, story))
        _print_changes(engine)
        _print_alerts(engine)

    out.print(Rule("3. the digest a files channel received"))
    channel = settings.channels[0]
    for outcome in asyncio.run(delivery.send(engine, channel, labels_of(story))):
        out.print(outcome.describe(), highlight=False, markup=False)
        if outcome.sent:
            digest_file = Path(channel.directory) / f"{outcome.digest_id}.md"
            out.print(f"{digest_file} (and .html), as Markdown renders it:", highlight=False, markup=False)
            out.print(Markdown(digest_file.read_text(encoding="utf-8"), hyperlinks=False))
    out.print(Rule())
    out.print(
        f"Everything is in {folder}. Query it with:\n"
        f"  monitor --config {_write_config(settings, folder)} snapshots list\n"
        f"  monitor --config {folder / 'monitor.toml'} alerts list",
        highlight=False,
        markup=False,
    )


def _print_stored(engine) -> None:
    from sqlmodel import Session

    from monitor.store import queries

    with Session(engine) as session:
        rows = queries.latest_snapshots(session)
    for row in rows:
        out.print(Text.assemble((f"{row.outlet:>15} ", "cyan"), (f"v{row.version} ", "dim"), row.title))


def _print_changes(engine) -> None:
    from sqlmodel import Session

    from monitor.revisions import Revision
    from monitor.store import queries

    with Session(engine) as session:
        edited = [row for row in queries.latest_snapshots(session) if row.version > 1]
        for row in edited:
            _, versions = queries.versions(session, row.url)
            revision = Revision.from_dict(versions[-1].changes)
            out.print(Text(f"{row.outlet}: {row.url} changed (version {row.version})", style="bold"))
            out.print(revision.summary(), highlight=False, markup=False)
            out.print(revision.render(), highlight=False, markup=False)


def _print_alerts(engine) -> None:
    from sqlmodel import Session

    from monitor.store import queries

    with Session(engine) as session:
        alerts = queries.alerts(session)
    out.print(Text(f"{len(alerts)} alerts", style="bold"))
    for alert in alerts:
        claim = f" [{alert.claim_id}]" if alert.claim_id else ""
        out.print(
            Text.assemble(
                (f"{alert.kind:>15}", "red" if alert.severity < 2 else "yellow"), f"{claim} {alert.outlet}: "
            ),
            end="",
        )
        out.print(alert.evidence, highlight=False, markup=False)


def _write_config(settings: Settings, folder: Path) -> Path:
    """A config file for querying the demo's store afterwards (the replay itself is gone by then)."""
    path = folder / "monitor.toml"
    lines = [f"database_url = {json.dumps(settings.database_url)}"]
    if settings.story:
        lines.append(f"story = {json.dumps(str(settings.story))}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
