"""The Dockerfile (Docker cannot run here): parsed, and checked against the package's console script."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent


def instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_entry_point_is_the_monitor_script_running_the_daemon():
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    steps = dict(instructions())
    entrypoint = json.loads(steps["ENTRYPOINT"])
    assert entrypoint[0] in scripts and scripts[entrypoint[0]] == "monitor.cli:main"
    assert entrypoint[1:] + json.loads(steps["CMD"]) == ["run"]


def test_slim_image_non_root_user_and_database_volume():
    steps = instructions()
    assert steps[0][0] == "FROM" and "slim" in steps[0][1]
    users = [value for key, value in steps if key == "USER"]
    assert users and users[-1] not in ("root", "0")
    volumes = [json.loads(value) for key, value in steps if key == "VOLUME"]
    env = " ".join(value for key, value in steps if key == "ENV")
    assert ["/data"] in volumes and "sqlite:////data/" in env


def test_copied_paths_exist():
    for key, value in instructions():
        if key == "COPY":
            for source in value.split()[:-1]:
                assert (ROOT / source).exists(), source
