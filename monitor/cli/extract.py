"""`monitor extract FILE...`: what the extractor makes of local HTML files (no config needed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from monitor.cli.app import app, err, print_json_lines

if TYPE_CHECKING:
    from monitor.extract import Article


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="HTML files, in any encoding.", show_default=False)],
    url: Annotated[
        str, typer.Option("--url", help="The pages' URL, to resolve relative canonical links.")
    ] = "",
    json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Extract title, date, authors and body text from HTML files. A file that cannot be read is reported
    and skipped; the exit status is 1 if any was."""
    from monitor.extract import extract_article  # imported when used: see monitor.cli

    failed = False
    for path in files:
        try:
            page = path.read_bytes()
        except OSError as exc:
            failed = True
            err.print(
                Text.assemble(("error: ", "bold red"), f"{path}: {exc.strerror or exc}"), soft_wrap=True
            )
            continue
        article = extract_article(page, url)
        if json:
            print_json_lines([_row(path, article)])
        else:
            typer.echo(_readable(path, article))
    if failed:
        raise typer.Exit(1)


def _row(path: Path, article: Article) -> dict:
    return {
        "file": str(path),
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "authors": list(article.authors),
        "text": article.text,
    }


def _readable(path: Path, article: Article) -> str:
    published = article.published.isoformat() if article.published else "unknown"
    lines = [
        f"== {path}",
        f"Title:     {article.title or '(none)'}",
        f"Published: {published}",
        f"Authors:   {', '.join(article.authors) or '(none)'}",
        "",
        article.text or "(no text found)",
        "",
    ]
    return "\n".join(lines)
