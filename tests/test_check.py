"""`monitor check` and `monitor claims ...` run as the analyst runs them: a real subprocess, real files."""

from __future__ import annotations

import tomllib

from tests.cli import json_lines, monitor, write_config
from tests.paths import STORY

INJURED = (
    "Venezuelan health officials said at least 59 people were injured in Caracas during Guaidó's uprising."
)
DISTRACTOR = "At least 59 people were injured and 11 arrested in Khartoum as an armored vehicle hit a crowd."


def article(tmp_path, name: str, title: str, text: str):
    path = tmp_path / name
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return path


def test_check_prints_one_json_object_per_file(tmp_path):
    story_article = article(tmp_path, "a.txt", "Clashes in Caracas", INJURED)
    other = article(tmp_path, "b.txt", "Clashes in Sudan", DISTRACTOR)
    result = monitor("check", "--story", str(STORY), "--json", str(story_article), str(other))
    assert result.returncode == 0, result.stderr
    first, second = json_lines(result.stdout)
    assert first == {
        "file": str(story_article),
        "relevant": True,
        "findings": [
            {
                "claim": "injured-count",
                "relation": "corroborates",
                "evidence": INJURED,
                "reason": first["findings"][0]["reason"],
            }
        ],
        "new_developments": [],
    }
    assert second == {"file": str(other), "relevant": False, "findings": [], "new_developments": []}


def test_check_extracts_html_and_reports_unreadable_files(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Caracas</title></head><body><article><h1>Protester killed in Caracas</h1>"
        "<p>A protester was shot dead in Caracas on Wednesday during the second day of Guaidó's uprising, "
        "a human rights group said, as the opposition kept up its marches in the capital.</p>"
        "<p>Witnesses said the shots came from a group of armed men on motorcycles near the plaza.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    result = monitor("check", "--story", str(STORY), "--json", str(tmp_path / "missing.txt"), str(page))
    assert result.returncode == 1
    assert "missing.txt" in result.stderr and "Traceback" not in result.stderr
    (row,) = json_lines(result.stdout)
    assert row["relevant"] and ("no-deaths", "contradicts") in {
        (f["claim"], f["relation"]) for f in row["findings"]
    }


def test_check_reads_the_story_from_the_config_and_says_when_there_is_none(tmp_path):
    text = article(tmp_path, "a.txt", "Clashes in Caracas", INJURED)
    config = write_config(tmp_path / "monitor.toml", {"story": str(STORY)})
    readable = monitor("check", str(text), config=config)
    assert readable.returncode == 0, readable.stderr
    assert "relevant" in readable.stdout and "injured-count" in readable.stdout and INJURED in readable.stdout
    missing = monitor("check", str(text), env={"MONITOR_CONFIG": str(tmp_path / "absent.toml")})
    assert missing.returncode == 2
    assert "no story: pass --story DIR" in missing.stderr and "Traceback" not in missing.stderr


def test_a_broken_story_is_a_clear_error(tmp_path):
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "story.toml").write_text('title = "T"\ndate = 2019-04-30\nanchors = ["Caracas"]\n')
    (folder / "claims.toml").write_text(
        '[[claims]]\nid = "x"\nstatement = "S"\nterms = [["a"]]\nfigure = 3\n'
    )
    result = monitor("claims", "list", "--story", str(folder))
    assert result.returncode == 2
    assert "claims.toml" in result.stderr and "claims[0].figure" in result.stderr
    assert "Traceback" not in result.stderr


def test_claims_list_and_show(tmp_path):
    listed = json_lines(monitor("claims", "list", "--story", str(STORY), "--json").stdout)
    assert len(listed) == 23 and listed[1]["id"] == "injured-count"
    assert listed[1]["figure"] == {"value": 59.0, "unit": "injured", "bound": "min"}
    shown = monitor("claims", "show", "pompeo-maduro-flee", "--story", str(STORY))
    assert shown.returncode == 0 and "Pompeo said Maduro was ready to flee" in shown.stdout
    unknown = monitor("claims", "show", "no-such-claim", "--story", str(STORY))
    assert unknown.returncode == 1 and "no claim 'no-such-claim'" in unknown.stderr


def test_claims_suggest_prints_toml_without_what_the_story_already_claims(tmp_path):
    seed = tmp_path / "seed.txt"
    seed.write_text(
        "Unrest in Caracas\n\n"
        "Meanwhile, at least 25 armed Guaido supporters have sought refuge in the Brazilian embassy in "
        "Caracas, Brazilian media reported.\n"
        "Interior Minister Néstor Reverol said 14 officers of the National Guard were detained on Friday.\n",
        encoding="utf-8",
    )
    fresh = monitor("claims", "suggest", str(seed), env={"MONITOR_CONFIG": str(tmp_path / "absent.toml")})
    assert fresh.returncode == 0, fresh.stderr
    claims = tomllib.loads(fresh.stdout)["claims"]
    assert len(claims) == 2 and claims[1]["figure"]["value"] == 14
    known = monitor("claims", "suggest", str(seed), "--story", str(STORY))
    (claim,) = tomllib.loads(known.stdout)["claims"]
    assert "Reverol" in claim["statement"]
