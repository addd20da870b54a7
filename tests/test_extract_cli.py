"""`monitor extract FILE...` as a user runs it: no config, JSON lines or readable text, bad files reported."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli import json_lines, monitor

PAGES = Path(__file__).parent / "fixtures" / "extract"


def test_json_lines_for_many_files_in_one_call(tmp_path: Path) -> None:
    for copy in range(150):
        shutil.copy(PAGES / "moa.html", tmp_path / f"moa-{copy:03}.html")
    files = sorted(str(path) for path in tmp_path.iterdir())

    result = monitor("extract", "--json", str(PAGES / "nyt.html"), *files)

    assert result.returncode == 0, result.stderr
    rows = json_lines(result.stdout)
    assert len(rows) == 151
    assert rows[0]["file"].endswith("nyt.html")
    assert rows[0]["title"] == "Drought Forces Farmers in the Valley to Sell Their Herds"
    assert rows[0]["published"] == "2019-04-30T09:00:07+00:00"
    assert rows[0]["authors"] == ["Marta Quiroga", "Daniel Hesketh"]
    assert rows[0]["text"].startswith("SAN ISIDRO DEL VALLE")
    assert {row["title"] for row in rows[1:]} == {"The Convoy That Was Not There"}
    assert all("Thanks b" not in row["text"] for row in rows)


def test_unreadable_files_are_reported_and_the_rest_still_extracted(tmp_path: Path) -> None:
    missing = tmp_path / "gone.html"
    result = monitor("extract", "--json", str(missing), str(tmp_path), str(PAGES / "rt.html"))

    assert result.returncode == 1
    assert [row["title"] for row in json_lines(result.stdout)] == [
        "Harbour city votes to rebuild old ferry line"
    ]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("error: ") and "gone.html" in errors[0] and "No such file" in errors[0]
    assert str(tmp_path) in errors[1]
    assert "Traceback" not in result.stderr


def test_readable_output_shows_title_date_authors_then_the_text() -> None:
    result = monitor("extract", str(PAGES / "checkpointasia.html"), "--url", "https://checkpointasia.net/x/")

    assert result.returncode == 0, result.stderr
    assert "Title:     Mountain Pass Reopens to Trade After Two Years" in result.stdout
    assert "Published: 2019-04-30T18:05:12+00:00" in result.stdout
    assert "Authors:   Rustam Karimov" in result.stdout
    assert "\n\nThe high pass between the two valleys" in result.stdout
    assert "Share this" not in result.stdout
