"""`monitor check FILE...`: read local articles against the story's claims (no store needed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from monitor.cli.app import app, err, print_json_lines
from monitor.cli.claims import Json, StoryOption, story_from

if TYPE_CHECKING:
    from monitor.claims import Comparison, Story

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


@app.command()
def check(
    ctx: typer.Context,
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Articles: HTML pages, or text files (a title line, a blank line, the text).",
            show_default=False,
        ),
    ],
    story: StoryOption = None,
    json: Json = False,
) -> None:
    """Compare articles with the story's claims: relevance, findings (corroborates, updates, contradicts)
    with evidence and reason, and new developments. A file that cannot be read is reported and skipped; the
    exit status is 1 if any was."""
    from monitor.claims import compare  # see cli.__init__

    loaded = story_from(ctx, story)
    failed = False
    for path in files:
        try:
            title, text = read_article(path)
        except OSError as exc:
            failed = True
            err.print(
                Text.assemble(("error: ", "bold red"), f"{path}: {exc.strerror or exc}"), soft_wrap=True
            )
            continue
        comparison = compare(loaded, title, text)
        if json:
            print_json_lines([{"file": str(path), **comparison.to_dict()}])
        else:
            typer.echo(_readable(path, loaded, comparison))
    if failed:
        raise typer.Exit(1)


def read_article(path: Path) -> tuple[str, str]:
    """(title, text) of a file: HTML is extracted; any other file is a title line, a blank line, the text."""
    if path.suffix.lower() in HTML_SUFFIXES:
        from monitor.extract import extract_article  # imported when used: see monitor.cli

        article = extract_article(path.read_bytes())
        return article.title, article.text
    raw = path.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff")
    title, _, text = raw.partition("\n")
    return title.strip(), text.strip()


def _readable(path: Path, story: Story, comparison: Comparison) -> str:
    lines = [f"== {path}: {'relevant' if comparison.relevant else 'not relevant'} ({comparison.relevance})"]
    for finding in comparison.findings:
        lines.append(f"  {finding.relation:<12} {finding.claim_id}: {finding.reason}")
        lines.append(f"               \u201c{finding.evidence}\u201d")
    for development in comparison.new_developments:
        lines.append(f"  {'new':<12} {development.reason}")
        lines.append(f"               \u201c{development.evidence}\u201d")
    if comparison.relevant and not comparison.findings and not comparison.new_developments:
        lines.append(f"  nothing about the {len(story.claims)} claims")
    return "\n".join(lines)
