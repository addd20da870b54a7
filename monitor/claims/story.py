"""A story folder read into typed claims: story.toml (what the story is) and claims.toml (what it claims).

Every mistake in these files is a `StoryError` naming the file and the key, so that an analyst editing
them by hand sees what to fix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from monitor.claims.index import ClaimIndex, build_index
from monitor.tomlfile import read_toml


class StoryError(Exception):
    """A story folder that cannot be read; the message names the file and the key."""


@dataclass(frozen=True)
class Figure:
    value: float
    unit: str
    bound: str = ""
    """"min" for "at least", "max" for "no more than", "approx" for "about", "" for an exact figure."""
    nouns: tuple[str, ...] = ()
    """Words the figure may be written with ("59 people", "59 injured")."""

    def __str__(self) -> str:
        prefix = {"min": "at least ", "max": "no more than ", "approx": "about "}.get(self.bound, "")
        return f"{prefix}{self.value:g} {self.unit}".rstrip()


@dataclass(frozen=True)
class Claim:
    id: str
    statement: str
    subject: str = ""
    entities: tuple[str, ...] = ()
    terms: tuple[tuple[str, ...], ...] = ()
    figure: Figure | None = None
    status: tuple[str, ...] = ()
    negative: bool = False
    contrary: tuple[str, ...] = ()
    distinctive: tuple[str, ...] = ()
    date: dt.date | None = None
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "statement": self.statement,
            "subject": self.subject,
            "entities": list(self.entities),
            "terms": [list(group) for group in self.terms],
            "figure": (
                {"value": self.figure.value, "unit": self.figure.unit, "bound": self.figure.bound}
                if self.figure
                else None
            ),
            "status": list(self.status),
            "negative": self.negative,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
        }


@dataclass(frozen=True)
class Story:
    title: str
    date: dt.date
    claims: tuple[Claim, ...]
    anchors: tuple[str, ...] = ()
    """Places and principal actors: an article naming none of them is not about the story."""
    markers: tuple[str, ...] = ()
    """What marks this event rather than other news of the same place."""
    entities: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    window_days: int = 30
    path: Path | None = field(default=None, compare=False)

    @cached_property
    def index(self) -> ClaimIndex:
        """The claims compiled for matching, built on first use and kept with the story."""
        return build_index(self)

    def claim(self, claim_id: str) -> Claim | None:
        return next((claim for claim in self.claims if claim.id == claim_id), None)


def load_story(path: Path) -> Story:
    """Read the story folder at `path` (story.toml and claims.toml)."""
    path = Path(path)
    if not path.is_dir():
        raise StoryError(f"{path}: no story folder there")
    story_file, claims_file = path / "story.toml", path / "claims.toml"
    meta = _Table(read_toml(story_file, StoryError, "file missing"), story_file, "")
    claims_table = read_toml(claims_file, StoryError, "file missing")
    unknown = set(claims_table) - {"claims"}
    if unknown:
        raise StoryError(f"{claims_file}: unknown key {sorted(unknown)[0]!r} (expected [[claims]] tables)")
    raw_claims = claims_table.get("claims")
    if not isinstance(raw_claims, list) or not raw_claims:
        raise StoryError(f"{claims_file}: no [[claims]] tables")
    claims = tuple(_claim(_Table(raw, claims_file, f"claims[{i}]")) for i, raw in enumerate(raw_claims))
    seen: set[str] = set()
    for i, claim in enumerate(claims):
        if claim.id in seen:
            raise StoryError(f"{claims_file}: claims[{i}].id: duplicate id {claim.id!r}")
        seen.add(claim.id)
    story = Story(
        title=meta.text("title"),
        date=meta.date("date"),
        claims=claims,
        anchors=meta.words("anchors"),
        markers=meta.words("markers", required=False),
        entities=meta.words("entities", required=False),
        languages=meta.words("languages", required=False) or ("en",),
        window_days=meta.integer("window_days", 30),
        path=path,
    )
    meta.no_other_keys()
    return story


def _claim(table: _Table) -> Claim:
    claim = Claim(
        id=table.text("id"),
        statement=table.text("statement"),
        subject=table.text("subject", required=False),
        entities=table.words("entities", required=False),
        terms=table.groups("terms"),
        figure=_figure(table),
        status=table.words("status", required=False),
        negative=table.flag("negative"),
        contrary=table.words("contrary", required=False),
        distinctive=table.words("distinctive", required=False),
        date=table.date("date", required=False),
        source=table.text("source", required=False),
    )
    table.no_other_keys()
    return claim


def _figure(table: _Table) -> Figure | None:
    raw = table.take("figure")
    if raw is None:
        return None
    figure = _Table(raw, table.file, f"{table.where}figure", kind="a table like {value = 59, unit = ...}")
    value = figure.take("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise StoryError(f"{figure.file}: {figure.where}value: expected a number")
    bounds = [
        b
        for b, key in (("min", "minimum"), ("max", "maximum"), ("approx", "approximate"))
        if figure.flag(key)
    ]
    if len(bounds) > 1:
        raise StoryError(f"{figure.file}: {figure.where}: at most one of minimum, maximum, approximate")
    unit = figure.text("unit")
    result = Figure(
        float(value), unit, bounds[0] if bounds else "", figure.words("nouns", required=False) or (unit,)
    )
    figure.no_other_keys()
    return result


class _Table:
    """One TOML table being read key by key, so that errors name file and key and leftovers are caught."""

    def __init__(self, raw: Any, file: Path, where: str, kind: str = "a table") -> None:
        if not isinstance(raw, dict):
            raise StoryError(f"{file}: {where or 'top level'}: expected {kind}")
        self.raw, self.file, self.where = dict(raw), file, f"{where}." if where else ""

    def _error(self, key: str, expected: str) -> StoryError:
        return StoryError(f"{self.file}: {self.where}{key}: expected {expected}")

    def take(self, key: str) -> Any:
        return self.raw.pop(key, None)

    def text(self, key: str, required: bool = True) -> str:
        value = self.take(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self._error(key, "a non-empty string" + ("" if value is not None else " (missing)"))
        return value.strip()

    def words(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self.take(key)
        if value is None and not required:
            return ()
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            raise self._error(
                key, "a non-empty list of strings" + ("" if value is not None else " (missing)")
            )
        return tuple(v.strip() for v in value)

    def groups(self, key: str) -> tuple[tuple[str, ...], ...]:
        value = self.take(key)
        ok = isinstance(value, list) and value and all(isinstance(g, list) and g for g in value)
        if not ok or not all(isinstance(w, str) and w.strip() for g in value for w in g):
            raise self._error(key, 'a list of word groups, like [["injured"], ["Caracas"]]')
        return tuple(tuple(w.strip() for w in group) for group in value)

    def flag(self, key: str) -> bool:
        value = self.take(key)
        if value is not None and not isinstance(value, bool):
            raise self._error(key, "true or false")
        return bool(value)

    def integer(self, key: str, default: int) -> int:
        value = self.take(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self._error(key, "a whole number of days")
        return value

    def date(self, key: str, required: bool = True) -> dt.date | None:
        value = self.take(key)
        if value is None and not required:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        raise self._error(key, "a date like 2019-04-30" + ("" if value is not None else " (missing)"))

    def no_other_keys(self) -> None:
        if self.raw:
            raise self._error(sorted(self.raw)[0], "no such key (unknown key)")
