"""The seed story as claims, and coverage read against them (pure): `load_story`, then `compare`."""

from monitor.claims.compare import RELATIONS, Comparison, Finding, NewDevelopment, compare
from monitor.claims.story import Claim, Figure, Story, StoryError, load_story

__all__ = [
    "RELATIONS",
    "Claim",
    "Comparison",
    "Figure",
    "Finding",
    "NewDevelopment",
    "Story",
    "StoryError",
    "compare",
    "load_story",
]
