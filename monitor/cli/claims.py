"""`monitor claims list|show|suggest`: the story's claims, and candidate claims for a new story."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from monitor.cli.app import app, context, fail, print_json_lines

if TYPE_CHECKING:
    from monitor.claims import Claim, Story

# The claims' own modules are imported by the functions that use them: see cli.__init__.

claims = typer.Typer(
    help="The story's claims: list them, show one, suggest some from a new seed.", no_args_is_help=True
)
app.add_typer(claims, name="claims")

StoryOption = Annotated[
    Path | None,
    typer.Option("--story", help="Story folder (story.toml, claims.toml); default: the config's `story`."),
]
Json = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]


def story_from(ctx: typer.Context, folder: Path | None) -> Story:
    """The story named by --story, else by the config; a clear message when neither names one."""
    from monitor.claims import StoryError, load_story

    if folder is None:
        settings = context(ctx).optional_settings()
        folder = settings.story if settings else None
    if folder is None:
        fail("no story: pass --story DIR or set `story` in the config", code=2)
    try:
        return load_story(folder)
    except StoryError as exc:
        fail(str(exc), code=2)


@claims.command("list")
def list_claims(ctx: typer.Context, story: StoryOption = None, json: Json = False) -> None:
    """Every claim of the story: id and statement."""
    loaded = story_from(ctx, story)
    if json:
        print_json_lines(claim.to_dict() for claim in loaded.claims)
        return
    typer.echo(f"{loaded.title} ({loaded.date.isoformat()}): {len(loaded.claims)} claims")
    width = max(len(claim.id) for claim in loaded.claims)
    for claim in loaded.claims:
        typer.echo(f"  {claim.id:<{width}}  {claim.statement}")


@claims.command("show")
def show(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="A claim id, as `claims list` shows it.")],
    story: StoryOption = None,
    json: Json = False,
) -> None:
    """One claim in full: statement, words it is matched by, figure, status and source sentence."""
    loaded = story_from(ctx, story)
    claim = loaded.claim(claim_id)
    if claim is None:
        fail(f"no claim {claim_id!r} in {loaded.path}; `monitor claims list` shows the ids")
    if json:
        print_json_lines([claim.to_dict()])
    else:
        typer.echo(_readable(claim))


def _readable(claim: Claim) -> str:
    rows = [
        ("id", claim.id),
        ("statement", claim.statement),
        ("subject", claim.subject),
        ("entities", ", ".join(claim.entities)),
        ("terms", " + ".join("(" + " | ".join(group) + ")" for group in claim.terms)),
        ("figure", str(claim.figure) if claim.figure else ""),
        ("status", ", ".join(claim.status)),
        ("negative", "yes" if claim.negative else ""),
        ("date", claim.date.isoformat() if claim.date else ""),
        ("source", claim.source),
    ]
    return "\n".join(f"{name + ':':<11}{value}" for name, value in rows if value)


@claims.command("suggest")
def suggest(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The new seed article: a title line, a blank line, the text.")],
    story: StoryOption = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many candidates.")] = 25,
) -> None:
    """Candidate claims from a seed article (sentences with figures, named actors, attributions), as TOML
    to paste into claims.toml. With --story (or a configured story), sentences that are already evidence
    for one of its claims are left out."""
    try:
        raw = file.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        fail(f"{file}: {exc.strerror or exc}")
    from monitor.claims import compare
    from monitor.claims.suggest import suggest_claims, to_toml

    title, _, text = raw.partition("\n")
    candidates = suggest_claims(title.strip(), text, limit)
    known = _configured_story(ctx, story)
    if known is not None:
        candidates = [c for c in candidates if not compare(known, title, c.statement).findings]
    typer.echo(to_toml(candidates), nl=False)


def _configured_story(ctx: typer.Context, folder: Path | None) -> Story | None:
    """The story given by --story or the config, or None when neither names one."""
    if folder is None:
        settings = context(ctx).optional_settings()
        if settings is None or settings.story is None:
            return None
    return story_from(ctx, folder)
