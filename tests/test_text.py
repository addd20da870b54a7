"""Sentences, folding and numbers as the claims comparison and the revision diff read them."""

import pytest

from monitor.text import fold, language, numbers, split_sentences, stem


def test_sentences_survive_abbreviations_decimals_and_quotes():
    text = (
        'Mr. Bolton said "This is clearly not a coup." The U.S. Army sent 2.5 tonnes. '
        "¿Qué pasa en Caracas? EE.UU. anunció sanciones. J. Smith left."
    )
    assert split_sentences(text) == [
        'Mr. Bolton said "This is clearly not a coup."',
        "The U.S. Army sent 2.5 tonnes.",
        "¿Qué pasa en Caracas?",
        "EE.UU. anunció sanciones.",
        "J. Smith left.",
    ]


def test_a_line_wrapped_mid_sentence_is_one_sentence_and_paragraphs_split():
    text = "Crowds mobilized\nin Caracas on Tuesday\n\nNo deaths were reported\nGuaido spoke."
    assert split_sentences(text) == [
        "Crowds mobilized in Caracas on Tuesday",
        "No deaths were reported",
        "Guaido spoke.",
    ]


def test_army_arms_and_the_spanish_arma_keep_apart():
    # All would stem to "arm": soldiers would meet weapons ("herido por arma de fuego").
    assert len({stem("army"), stem("arms"), stem("arma"), stem("armed")}) == 4
    assert stem("arma") == stem("armas")


def test_folding_removes_case_and_accents():
    assert fold("Guaidó, PIÑERA y “López”") == 'guaido, pinera y "lopez"'


def test_inflections_share_a_stem_in_both_languages():
    assert len({stem(w) for w in ("injured", "injuries", "injury")}) == 1
    assert stem("heridos") == stem("herida")
    assert stem("embassies") == stem("embassy")
    assert stem("m4s") == stem("m4")


def test_no_one_is_nobody_and_an_english_mil_is_no_thousand():
    assert numbers("No one was injured in the protests.") == []
    assert [q.value for q in numbers("He owes $26 mil to the bank.")] == [26]


def test_language_is_guessed_from_common_words():
    assert language("Los manifestantes se reunieron en la plaza de Altamira") == "es"
    assert language("The protesters gathered in the square of Altamira") == "en"


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "bound"),
    [
        ("At least 59 people were injured.", 59, "people", "min"),
        ("Police arrested eleven protesters.", 11, "protesters", ""),
        ("Al menos once detenidos en Caracas.", 11, "detenidos", "min"),
        ("Veinticinco soldados pidieron refugio.", 25, "soldados", ""),
        ("A few dozen people were hurt.", 36, "people", "approx"),
        ("Unas treinta y cinco personas resultaron heridas.", 35, "personas", "approx"),
        ("Aircraft below 26,000 feet.", 26000, "feet", ""),
        ("More than 1.500 personas marcharon.", 1500, "personas", "min"),
        ("Maduro said 80 percent of the troops left.", 80, "%", ""),
        ("No more than 30 men switched sides.", 30, "men", "max"),
        ("No más de una treintena de soldados se sumaron.", 30, "soldados", "max"),
        ("Vuelos a menos de 26 mil pies.", 26000, "pies", "max"),
        ("Some 1.5 million people marched.", 1_500_000, "people", "approx"),
    ],
)
def test_numbers_in_digits_and_words_with_what_they_count(sentence, value, unit, bound):
    first = numbers(sentence)[0]
    assert (first.value, first.unit, first.bound) == (value, unit, bound)


def test_vague_counts_know_their_least_value():
    assert numbers("Dozens of people were injured.")[0].lowest == 24


def test_half_a_hundred_or_a_thousand_is_a_collective_number():
    half = numbers("La policía detuvo a casi medio centenar de estudiantes.", "es")[0]
    assert (half.value, half.unit, half.bound) == (50, "estudiantes", "approx")
    assert numbers("Más de medio millar de personas marcharon.", "es")[0].lowest == 500


def test_years_and_days_are_not_counts():
    kinds = [q.kind for q in numbers("On April 30, 2019, at least 59 people were hurt.")]
    assert kinds == ["date", "year", "count"]


def test_english_once_is_not_eleven():
    assert numbers("Once inside, the soldiers waited.", "en") == []


def test_shares_in_words_are_percents_and_folding_keeps_rare_letters():
    (share,) = numbers("Most of the soldiers went home.")
    assert (share.kind, share.unit, share.lowest, share.highest) == ("percent", "%", 51, 100)
    assert numbers("The most serious clash was at noon.") == []
    assert fold("Straße Æ Zajárova «ﬁn»") == 'strasse æ zajarova "fin"'


@pytest.mark.parametrize(
    ("sentence", "value"),
    [("Three out of four voters stayed home.", 75), ("Nueve de cada diez votantes se quedaron en casa.", 90)],
)
def test_a_share_of_two_counts_is_a_percent(sentence, value):
    (share,) = numbers(sentence)
    assert (share.value, share.kind, share.unit) == (value, "percent", "%")


def test_a_unit_written_onto_a_number_is_its_unit_but_an_ordinal_is_no_count():
    assert [(q.value, q.unit) for q in numbers("Flights below 26,000ft are banned.")] == [(26000, "ft")]
    assert numbers("The 2nd battalion and the M4 rifles.") == []
