"""The config file: what a user writes, and the messages a mistake gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config import ConfigError, load_settings

SHIPPED = Path(__file__).parent.parent / "config" / "monitor.toml"


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_shipped_config_names_the_four_seed_outlets_and_the_story():
    settings = load_settings(SHIPPED)
    assert [o.name for o in settings.outlets] == ["rt", "nyt", "moa", "checkpointasia"]
    assert settings.story.resolve() == (SHIPPED.parent.parent / "seeds" / "venezuela-2019-04-30").resolve()
    assert all(o.selectors.body for o in settings.outlets)
    assert settings.network.allow_private_addresses is False


def test_defaults_when_keys_are_left_out(tmp_path):
    settings = load_settings(write(tmp_path, ""))
    assert settings.database_url == "sqlite:///monitor.db"
    assert settings.network.per_host_concurrency == 2
    assert settings.network.per_host_delay == 1.0
    assert settings.revisits.schedule == (900, 3600, 21600, 86400, 259200)


def test_durations_and_relative_story_path(tmp_path):
    path = write(
        tmp_path,
        'story = "stories/x"\n[[outlets]]\nname = "a"\nfeeds = ["https://a.example/feed"]\ninterval = "15m"\n'
        '[revisits]\nschedule = ["1h", "15m"]\n',
    )
    settings = load_settings(path)
    assert settings.outlets[0].interval == 900
    assert settings.revisits.schedule == (900, 3600)
    assert settings.story == tmp_path / "stories" / "x"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("databse_url = 'x'", "unknown key 'databse_url'"),
        ("[network]\nper_host_delay = 'slow'", "'network.per_host_delay'"),
        (
            "[[outlets]]\nname = 'rt'\nfeeds = ['https://x/feed']\nintervall = 60",
            "unknown key 'outlets['rt'].intervall'",
        ),
        ("[[outlets]]\nname = 'rt'\nfeeds = ['ftp://x/feed']", "expected http(s) URLs"),
        ("[[outlets]]\nname = 'rt'", "'outlets['rt'].feeds' is required"),
        ("[[outlets]]\nname = 'rt'\nfeeds = ['https://x/f']\ninterval = 5", "at least 60 seconds"),
        (
            "[[outlets]]\nname = 'a'\nfeeds = ['https://x/f']\n[[outlets]]\nname = 'a'\nfeeds = ['https://y/f']",
            "names must be unique, repeated: a",
        ),
        ("[[channels]]\nname = 'mail'\nkind = 'email'", "a email channel needs smtp_host, sender, to"),
        ("[[channels]]\nname = 'f'\nkind = 'files'\ndirectory = 'd'\nschedule = 'often'", "cron expression"),
        ("[[channels]]\nname = 'f'\nkind = 'pigeon'", "'channels['f'].kind'"),
        ("story = ", "not valid TOML"),
    ],
)
def test_mistakes_name_file_key_and_expectation(tmp_path, body, message):
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    assert str(path) in str(raised.value)
    assert message in str(raised.value)


def test_missing_file_is_a_plain_message(tmp_path):
    with pytest.raises(ConfigError, match="no such config file"):
        load_settings(tmp_path / "nope.toml")


def test_database_url_from_environment_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("MONITOR_DATABASE_URL", "sqlite:////srv/monitor.db")
    assert (
        load_settings(write(tmp_path, "database_url = 'sqlite:///x.db'")).database_url
        == "sqlite:////srv/monitor.db"
    )
