"""Journalists' paraphrases of each seed claim (tests/fixtures/claim_paraphrases.toml), one sentence each.

The sentences were written from the seed alone, so they measure how far the matcher follows real
wording: each must yield its claim with the expected relation, and a near miss must not yield it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from monitor.claims import Story, compare, load_story
from tests.paths import STORY

PARAPHRASES = Path(__file__).parent / "fixtures" / "claim_paraphrases.toml"
TITLE = "Venezuela: Guaidó's uprising in Caracas"
RELATIONS = ("corroborates", "updates", "contradicts")


def cases() -> list[pytest.param]:
    table = tomllib.loads(PARAPHRASES.read_text(encoding="utf-8"))
    return [
        pytest.param(claim_id, kind, text, id=f"{claim_id}-{kind}-{number}")
        for claim_id, kinds in table.items()
        for kind, texts in kinds.items()
        for number, text in enumerate(texts, 1)
    ]


@pytest.fixture(scope="module")
def story() -> Story:
    return load_story(STORY)


def test_every_claim_has_paraphrases_and_every_kind_is_known(story: Story) -> None:
    table = tomllib.loads(PARAPHRASES.read_text(encoding="utf-8"))
    assert set(table) == {claim.id for claim in story.claims}
    assert {kind for kinds in table.values() for kind in kinds} <= {*RELATIONS, "unrelated"}


@pytest.mark.parametrize(("claim_id", "kind", "text"), cases())
def test_a_paraphrase_yields_its_claim_and_a_near_miss_does_not(
    story: Story, claim_id: str, kind: str, text: str
) -> None:
    found = {(f.claim_id, f.relation) for f in compare(story, TITLE, text).findings}
    if kind == "unrelated":
        assert claim_id not in {found_id for found_id, _ in found}, found
    else:
        assert (claim_id, kind) in found, found
