"""`monitor digest`: preview the pending digest of each channel, or send it now."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console

from monitor.cli.app import app, context, err, fail, open_engine
from monitor.cli.run import labels_of, story_of

out = Console()


@app.command()
def digest(
    ctx: typer.Context,
    preview: Annotated[
        bool, typer.Option("--preview", help="Render the pending digest; record nothing.")
    ] = False,
    send: Annotated[bool, typer.Option("--send", help="Send the pending digest now and record it.")] = False,
    channel: Annotated[str | None, typer.Option(help="Only this channel (default: every channel).")] = None,
    format: Annotated[str, typer.Option(help="With --preview: text, markdown or html.")] = "text",
) -> None:
    """Show (--preview) or send (--send) what each channel's next digest holds."""
    if preview == send:
        fail("say --preview or --send", code=2)
    if format not in ("text", "markdown", "html"):
        fail(f"--format {format!r}: expected text, markdown or html", code=2)
    from monitor import delivery  # imported when used: see cli.run.run_daemon

    settings = context(ctx).settings()
    if not settings.channels:
        fail(f"{settings.source}: no [[channels]] configured", code=2)
    try:
        channels = delivery.channels_named(settings, channel)
    except KeyError:
        fail(
            f"no channel named {channel!r}; configured: {', '.join(c.name for c in settings.channels)}",
            code=2,
        )
    engine = open_engine(settings)
    labels = labels_of(story_of(settings))
    failed = False
    for chosen in channels:
        if preview:
            rendered = delivery.preview(engine, chosen, labels)
            if rendered is None:
                err.print(f"{chosen.name}: nothing new to send", highlight=False)
                continue
            err.print(f"{chosen.name}: {rendered.subject}", highlight=False, markup=False)
            out.print(getattr(rendered, format), highlight=False, markup=False)
        else:
            for outcome in asyncio.run(delivery.send(engine, chosen, labels)):
                failed |= outcome.digest_id is not None and not outcome.sent
                err.print(outcome.describe(), highlight=False, markup=False)
    if failed:
        raise typer.Exit(1)
