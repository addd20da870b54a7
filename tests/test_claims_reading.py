"""The claims' fast word splitting gives exactly the words of `monitor.text`."""

from __future__ import annotations

import random

import pytest

from monitor.claims.reading import _words
from monitor.text import fold, folded_words


@pytest.mark.parametrize(
    "text",
    [
        "Guaidó's supporters didn't leave; 26,000 ft.",
        "'Quoted' words, a ''double'' mark and a trailing one'",
        "Zajárova — «injerencia» en Moscú",
        "ß and ﬁ ligatures, ½ and ２５",
        "",
    ],
)
def test_fast_words_are_the_words_of_monitor_text(text):
    folded = fold(text)
    assert _words(folded) == folded_words(folded)


def test_fast_words_on_random_text():
    rng = random.Random(4)
    alphabet = "ab1 '’-.,;\"\t\nÉßñ\u00a0"
    for _ in range(20_000):
        folded = fold("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16))))
        assert _words(folded) == folded_words(folded)
