"""Settings: one TOML file, validated once at start into typed, frozen objects.

Every error names the file, the key and what was expected, so a user can fix a typo without reading code.
Unknown keys are errors: a misspelt `intervall` silently ignored would poll at the default for weeks.
Secrets never live here: channels name the environment variable that holds them (`password_env`, ...).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from monitor.tomlfile import read_toml

if TYPE_CHECKING:
    from apscheduler.triggers.cron import CronTrigger

DEFAULT_CONFIG = Path("config/monitor.toml")
ALERT_KINDS = ("contradicts", "updates", "new_development", "revision", "corroborates")
"""Alert kinds, most severe first (`min_severity` admits a kind and every kind before it)."""

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d)?\s*$")
_UNIT_SECONDS = {None: 1, "s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


class ConfigError(Exception):
    """A configuration problem, phrased for the user (file, key, expectation)."""


def parse_duration(value: str | float | int) -> float:
    """Seconds from `90`, `"15m"`, `"6h"`, `"3d"`."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 900, '15m', '6h' or '3d'")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(value)
        if not match:
            raise ValueError(f"expected a duration such as 900, '15m', '6h' or '3d', got {value!r}")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    return seconds


Duration = Annotated[float, Field(gt=0)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NetworkSettings(_Section):
    allow_private_addresses: bool = False
    user_agent: str = "claim-monitor/0.1 (+https://github.com/claim-monitor)"
    per_host_concurrency: int = Field(default=2, ge=1, le=16)
    per_host_delay: float = Field(default=1.0, ge=0)
    connect_timeout: float = Field(default=10.0, gt=0)
    read_timeout: float = Field(default=20.0, gt=0)
    total_timeout: float = Field(default=60.0, gt=0)
    max_body_bytes: int = Field(default=10_000_000, ge=1024)
    max_redirects: int = Field(default=10, ge=0, le=30)
    retries: int = Field(default=3, ge=0, le=10)
    backoff: float = Field(default=1.0, ge=0, description="base of the exponential backoff, seconds")
    max_retry_after: float = Field(default=120.0, ge=0, description="longest Retry-After honoured, seconds")


class Selectors(_Section):
    """CSS selectors for one outlet's article pages; each is optional."""

    title: str | None = None
    body: str | None = None
    published: str | None = None
    author: str | None = None
    exclude: tuple[str, ...] = ()

    @field_validator("exclude", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return (value,) if isinstance(value, str) else value


class OutletSettings(_Section):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = ""
    feeds: tuple[str, ...] = Field(min_length=1)
    interval: float = 900.0
    selectors: Selectors = Selectors()

    @field_validator("interval", mode="before")
    @classmethod
    def _duration(cls, value: object) -> float:
        seconds = parse_duration(value)  # type: ignore[arg-type]
        if seconds < 60:
            raise ValueError("expected at least 60 seconds between polls of an outlet")
        return seconds

    @field_validator("feeds")
    @classmethod
    def _http_urls(cls, feeds: tuple[str, ...]) -> tuple[str, ...]:
        for url in feeds:
            if not re.match(r"^https?://[^/\s]+", url):
                raise ValueError(f"expected http(s) URLs, got {url!r}")
        return feeds

    @property
    def display_name(self) -> str:
        return self.title or self.name


class RevisitSettings(_Section):
    """After how long (since first seen) an article is fetched again to catch silent edits."""

    schedule: tuple[float, ...] = (900.0, 3600.0, 21600.0, 86400.0, 259200.0)

    @field_validator("schedule", mode="before")
    @classmethod
    def _durations(cls, value: object) -> object:
        if not isinstance(value, list | tuple):
            raise ValueError("expected a list of durations such as ['15m', '1h', '6h', '24h', '3d']")
        return tuple(sorted(parse_duration(v) for v in value))


class ChannelSettings(_Section):
    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    kind: Literal["email", "webhook", "files", "apprise"]
    schedule: str = "0 * * * *"
    min_severity: Literal["contradicts", "updates", "new_development", "revision", "corroborates"] = (
        "corroborates"
    )
    outlets: tuple[str, ...] = ()
    # email
    smtp_host: str | None = None
    smtp_port: int | None = Field(default=None, ge=1, le=65535)
    security: Literal["none", "starttls", "tls"] = "starttls"
    username: str | None = None
    password_env: str | None = None
    sender: str | None = None
    to: tuple[str, ...] = ()
    # webhook
    url: str | None = None
    secret_env: str | None = None
    # files
    directory: str | None = None
    # apprise
    urls_env: str | None = None

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        try:
            cron_trigger(value)
        except ValueError as exc:
            raise ValueError(f"expected a cron expression such as '0 8 * * *' ({exc})") from None
        return value

    @model_validator(mode="after")
    def _kind_needs(self) -> ChannelSettings:
        needs = {
            "email": ("smtp_host", "sender", "to"),
            "webhook": ("url",),
            "files": ("directory",),
            "apprise": ("urls_env",),
        }[self.kind]
        missing = [key for key in needs if not getattr(self, key)]
        if missing:
            raise ValueError(f"a {self.kind} channel needs {', '.join(missing)}")
        return self

    @property
    def kinds(self) -> tuple[str, ...]:
        """The alert kinds this channel delivers (its `min_severity` and every more severe kind)."""
        return ALERT_KINDS[: ALERT_KINDS.index(self.min_severity) + 1]


class Settings(_Section):
    database_url: str = "sqlite:///monitor.db"
    story: Path | None = None
    network: NetworkSettings = NetworkSettings()
    revisits: RevisitSettings = RevisitSettings()
    outlets: tuple[OutletSettings, ...] = ()
    channels: tuple[ChannelSettings, ...] = ()
    source: Path | None = Field(default=None, exclude=True)
    """The file these settings came from (None when built in code)."""

    @model_validator(mode="after")
    def _unique_names(self) -> Settings:
        for table, items in (("outlets", self.outlets), ("channels", self.channels)):
            names = [item.name for item in items]
            dupes = sorted({n for n in names if names.count(n) > 1})
            if dupes:
                raise ValueError(f"{table}: names must be unique, repeated: {', '.join(dupes)}")
        return self

    def outlet(self, name: str) -> OutletSettings:
        for outlet in self.outlets:
            if outlet.name == name:
                return outlet
        raise KeyError(name)


def cron_trigger(expression: str) -> CronTrigger:
    """A trigger from a cron expression in UTC: five fields (minute hour day month weekday), or six with
    the seconds first, for schedules finer than a minute."""
    # Imported here: only configs with a cron schedule need it, and every command's start-up would pay.
    from apscheduler.triggers.cron import CronTrigger

    fields = expression.split()
    if len(fields) not in (5, 6):
        raise ValueError(f"a cron expression has 5 fields (or 6 with seconds first), got {len(fields)}")
    second = fields.pop(0) if len(fields) == 6 else "0"
    minute, hour, day, month, day_of_week = fields
    return CronTrigger(
        second=second, minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week, timezone="UTC"
    )


def config_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The config file to read: the one given, else $MONITOR_CONFIG, else config/monitor.toml."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get("MONITOR_CONFIG") or DEFAULT_CONFIG)


def load_settings(path: str | os.PathLike[str]) -> Settings:
    """Read and validate a config file. Relative paths inside it are relative to the file's folder,
    so the same file works from any working directory; `$MONITOR_DATABASE_URL` overrides the database."""
    path = Path(path)
    raw = read_toml(path, ConfigError, "no such config file (give one with --config FILE)")
    return settings_from_dict(raw, source=path)


def settings_from_dict(raw: dict, *, source: Path | None = None) -> Settings:
    raw = dict(raw)
    if os.environ.get("MONITOR_DATABASE_URL"):
        raw["database_url"] = os.environ["MONITOR_DATABASE_URL"]
    base = source.parent if source else Path.cwd()
    if isinstance(raw.get("story"), str):
        raw["story"] = base / raw["story"]
    for channel in raw.get("channels") or []:
        if isinstance(channel, dict) and isinstance(channel.get("directory"), str):
            channel["directory"] = str(base / channel["directory"])
    try:
        return Settings.model_validate({**raw, "source": source})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source, raw)) from None


def _describe(exc: ValidationError, source: Path | None, raw: dict) -> str:
    where = str(source) if source else "config"
    lines = []
    for error in exc.errors():
        key = _key_path(error["loc"], raw)
        if error["type"] == "extra_forbidden":
            lines.append(f"{where}: unknown key '{key}'")
        elif error["type"] == "missing":
            lines.append(f"{where}: '{key}' is required")
        else:
            message = error["msg"].removeprefix("Value error, ")
            lines.append(f"{where}: '{key}': {message} (got {error.get('input')!r})")
    return "\n".join(lines)


def _key_path(loc: tuple, raw: dict) -> str:
    """`outlets[1].selectors.body`, naming an outlet or channel by its `name` where it has one."""
    parts: list[str] = []
    node: object = raw
    for part in loc:
        if isinstance(part, int):
            name = node[part].get("name") if isinstance(node, list) and part < len(node) else None
            name = name if isinstance(name, str) else None
            parts[-1] += f"[{name!r}]" if name else f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts)
