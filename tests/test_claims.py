"""The story folder and the comparison of articles with its claims, as the analyst sees them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from monitor.claims import StoryError, compare, load_story
from monitor.claims.suggest import suggest_claims, to_toml
from tests.paths import STORY

CONTRACT = {
    "armored-vehicle-ramming", "injured-count", "arrests-count", "no-deaths", "faa-airspace",
    "defense-minister-warning", "latam-leaders-back-guaido", "bolton-not-a-coup", "cuba-embargo-threat",
    "lopez-chilean-embassy", "lopez-spanish-embassy", "troops-brazil-embassy", "guaido-calls-protests",
    "troops-abandoned-guaido", "special-prosecutors", "soldiers-wounded", "pompeo-maduro-flee",
    "zakharova-warning", "erdogan-condemns", "dc-embassy-standoff", "m4-rifles", "small-area-altamira",
    "few-defectors",
}  # fmt: skip


@pytest.fixture(scope="module")
def story():
    return load_story(STORY)


def relations(story, title: str, text: str) -> set[tuple[str, str]]:
    return {(f.claim_id, f.relation) for f in compare(story, title, text).findings}


def test_the_seed_story_has_every_contracted_claim(story):
    assert {claim.id for claim in story.claims} == CONTRACT
    assert (STORY / "seed.txt").read_text(encoding="utf-8").startswith("An armored vehicle")
    injured = story.claim("injured-count")
    assert (injured.figure.value, injured.figure.bound) == (59, "min")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Health officials in Caracas said more than 60 people were hurt in the clashes.", "corroborates"),
        ("The number of people injured in Caracas since Tuesday has risen to 109.", "updates"),
        ("Guaidó's failed uprising left dozens of people injured in Caracas.", "corroborates"),
        (
            "Only a dozen people were hurt in the clashes in Caracas, the Venezuelan government said.",
            "contradicts",
        ),
    ],
)
def test_an_injury_figure_is_read_against_at_least_59(story, text, expected):
    assert relations(story, "Venezuela uprising", text) == {("injured-count", expected)}


def test_a_smaller_figure_contradicts_only_as_the_whole_count(story):
    part = "In Altamira, two people were injured by rubber bullets during Guaidó's uprising in Caracas."
    assert ("injured-count", "contradicts") not in relations(story, "Venezuela uprising", part)
    whole = "In total, twenty people were injured during Guaidó's uprising in Caracas, the government said."
    assert ("injured-count", "contradicts") in relations(story, "Venezuela uprising", whole)


def test_being_ready_to_die_is_no_death(story):
    text = "Guaidó told the crowd in Caracas he was willing to die for Venezuela's freedom."
    assert relations(story, "Venezuela uprising", text) == set()


def test_a_death_contradicts_no_deaths_and_no_deaths_corroborates(story):
    killed = "One protester was killed in Caracas during the uprising, a rights group said."
    assert ("no-deaths", "contradicts") in relations(story, "Venezuela", killed)
    calm = "Nobody was killed in Caracas during Guaidó's uprising; fatalities were avoided."
    assert ("no-deaths", "corroborates") in relations(story, "Venezuela", calm)
    threat = "Padrino blamed Guaidó in advance for any death in Caracas."
    assert ("no-deaths", "contradicts") not in relations(story, "Venezuela", threat)


def test_spanish_numbers_in_words_count(story):
    text = (
        "Las autoridades de Caracas informaron de once detenidos tras el alzamiento de Guaidó. "
        "Veinticinco militares pidieron refugio en la embajada de Brasil."
    )
    assert relations(story, "Venezuela", text) == {
        ("arrests-count", "corroborates"),
        ("troops-brazil-embassy", "corroborates"),
    }


def test_a_spanish_figure_with_thousands_dots_and_a_spanish_unit_counts(story):
    text = (
        "Tras el levantamiento de Guaidó en Caracas, la FAA vetó a las aerolíneas de Estados Unidos "
        "el espacio aéreo venezolano por debajo de 26.000 pies."
    )
    assert ("faa-airspace", "corroborates") in relations(story, "Venezuela", text)
    higher = text.replace("26.000", "35.000")
    assert ("faa-airspace", "corroborates") not in relations(story, "Venezuela", higher)


def test_a_denial_contradicts_and_reported_speech_corroborates(story):
    denial = "Maduro said he never planned to leave the country, mocking Pompeo after the failed uprising."
    assert relations(story, "Venezuela", denial) == {("pompeo-maduro-flee", "contradicts")}
    reported = "Maduro said 80 percent of the troops on the overpass had abandoned Guaidó within hours."
    assert relations(story, "Venezuela", reported) == {("troops-abandoned-guaido", "corroborates")}


def test_a_changed_status_updates_the_claim(story):
    text = "Security forces arrested Leopoldo López as he left the Spanish ambassador's residence in Caracas."
    assert relations(story, "Venezuela uprising", text) == {("lopez-spanish-embassy", "updates")}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Protests in Santiago",
            "At least 59 people were injured and 11 arrested in Santiago when an armored vehicle hit them.",
        ),
        (
            "Venezuela protests",
            "In May 2017, a National Guard armored vehicle ran over a protester in Caracas; 59 were injured.",
        ),
        (
            "Crisis in La Paz",
            "Morales denounced a coup after a police mutiny and an uprising; 11 people were arrested.",
        ),
        (
            "Managua",
            "In scenes that recalled Venezuela, police in Managua arrested 11 people and 59 were injured.",
        ),
        ("Quito", "As in Caracas, an armored vehicle ran over protesters in Quito and 11 were detained."),
    ],
)
def test_other_countries_and_other_years_are_not_relevant(story, title, text):
    comparison = compare(story, title, text)
    assert not comparison.relevant
    assert comparison.findings == [] and comparison.new_developments == []


def test_every_finding_carries_evidence_and_reason_in_the_json_shape(story):
    text = "Venezuelan health officials said at least 59 people were injured in Caracas on Tuesday."
    result = compare(story, "Guaidó uprising", text).to_dict()
    assert set(result) == {"relevant", "findings", "new_developments"}
    (finding,) = result["findings"]
    assert set(finding) == {"claim", "relation", "evidence", "reason"}
    assert finding["claim"] == "injured-count" and finding["relation"] == "corroborates"
    assert finding["evidence"] == text and "59" in finding["reason"]


def test_only_the_given_sentences_can_be_evidence_but_relevance_reads_all(story):
    text = (
        "Guaidó's uprising in Caracas failed. At least 59 people were injured. "
        "The number of people detained has climbed to 205."
    )
    comparison = compare(story, "Venezuela", text, ["The number of people detained has climbed to 205."])
    assert comparison.relevant
    assert {(f.claim_id, f.relation) for f in comparison.findings} == {("arrests-count", "updates")}


def test_an_unclaimed_arrest_is_a_new_development(story):
    text = (
        "After Guaidó's uprising in Caracas, intelligence agents detained opposition lawmaker Edgar Zambrano."
    )
    comparison = compare(story, "Venezuela", text)
    assert comparison.findings == []
    (development,) = comparison.new_developments
    assert development.evidence == text and development.reason.startswith("arrest")


def copy_story(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(STORY, folder)
    return folder


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('id = "injured-count"', "", "claims[1].id: expected a non-empty string (missing)"),
        ("value = 59,", 'value = "many",', "claims[1].figure.value: expected a number"),
        ('subject = "deaths"', 'subjekt = "deaths"', "claims[3].subjekt: expected no such key"),
        ('terms = [["death"]]', 'terms = "death"', "claims[3].terms: expected a list of word groups"),
        ('id = "arrests-count"', 'id = "injured-count"', "claims[2].id: duplicate id 'injured-count'"),
        ("[[claims]]", "[[claims]", "not valid TOML"),
    ],
)
def test_a_broken_claims_file_names_file_and_key(tmp_path, old, new, message):
    folder = copy_story(tmp_path)
    claims = folder / "claims.toml"
    claims.write_text(claims.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(StoryError) as error:
        load_story(folder)
    assert str(claims) in str(error.value) and message in str(error.value)


def test_a_broken_or_missing_story_file_is_named(tmp_path):
    folder = copy_story(tmp_path)
    (folder / "story.toml").write_text('title = "T"\ndate = "yesterday"\nanchors = ["Caracas"]\n')
    with pytest.raises(StoryError, match=r"story\.toml: date: expected a date like 2019-04-30"):
        load_story(folder)
    (folder / "story.toml").unlink()
    with pytest.raises(StoryError, match=r"story\.toml: file missing"):
        load_story(folder)
    with pytest.raises(StoryError, match="no story folder"):
        load_story(tmp_path / "absent")


def test_suggested_claims_load_as_a_new_story(tmp_path, story):
    seed = (STORY / "seed.txt").read_text(encoding="utf-8")
    suggestions = suggest_claims("Seed", seed, limit=12)
    assert len(suggestions) == 12
    assert any(s.figure is not None and s.figure.value == 26000 for s in suggestions)
    folder = tmp_path / "new"
    folder.mkdir()
    (folder / "story.toml").write_text('title = "New"\ndate = 2019-04-30\nanchors = ["Caracas"]\n')
    (folder / "claims.toml").write_text(to_toml(suggestions), encoding="utf-8")
    loaded = load_story(folder)
    assert [c.statement for c in loaded.claims] == [s.statement for s in suggestions]


def test_restating_the_claims_own_contrast_is_not_a_contradiction(story):
    army = "The Venezuelan military's standard-issue rifle is the Kalashnikov AK-103, a Russian design."
    assert relations(story, "Guaidó uprising", army) == set()
    rebels = "Video shows that the rebel soldiers backing Guaidó were carrying AK-103 rifles."
    assert relations(story, "Guaidó uprising", rebels) == {("m4-rifles", "contradicts")}


def test_rejecting_an_act_confirms_it_and_a_denial_covers_its_own_clause(story):
    rejected = "Havana rejected the US president's threat of an embargo over Cuba's role in Caracas."
    assert relations(story, "Venezuela", rejected) == {("cuba-embargo-threat", "corroborates")}
    guest = (
        "Madrid denied reports that Leopoldo López had left the embassy, saying he remained a guest at the "
        "Spanish ambassador's residence in Caracas."
    )
    assert relations(story, "Venezuela", guest) == {("lopez-spanish-embassy", "corroborates")}
    other_fact = "Defense Minister Padrino denied that troops had used weapons against civilians in Caracas."
    assert relations(story, "Venezuela", other_fact) == set()


def test_a_disputed_figure_contradicts_and_a_lifted_notice_updates(story):
    disputed = (
        "The government disputed the figure of 59 injured in Caracas, saying only 20 people were treated."
    )
    assert relations(story, "Venezuela uprising", disputed) == {("injured-count", "contradicts")}
    lifted = "The FAA lifted its notice barring US airlines from Venezuelan airspace below 26,000 feet."
    assert relations(story, "Venezuela uprising", lifted) == {("faa-airspace", "updates")}


def test_a_sentence_about_another_year_is_no_evidence(story):
    text = (
        "Guaidó's uprising in Caracas left no one dead on Tuesday. That is unlike the 2014 protests, "
        "in which 43 people were killed."
    )
    comparison = compare(story, "Venezuela uprising", text)
    assert comparison.relevant
    assert {(f.claim_id, f.relation) for f in comparison.findings} == {("no-deaths", "corroborates")}


def test_spanish_spellings_and_shares_in_words(story):
    zajarova = "La portavoz María Zajárova advirtió que la injerencia de Washington puede llevar al colapso."
    assert relations(story, "Venezuela", zajarova) == {("zakharova-warning", "corroborates")}
    bulk = "Maduro said the bulk of the troops at the overpass abandoned Guaidó within hours."
    assert relations(story, "Venezuela", bulk) == {("troops-abandoned-guaido", "corroborates")}


def test_a_few_of_a_group_the_claim_describes_is_not_its_count(story):
    text = "Several of the soldiers who switched sides to Guaidó were later seen without their rifles."
    assert ("few-defectors", "corroborates") not in relations(story, "Venezuela uprising", text)


def test_a_spanish_update_with_the_count_after_the_number(story):
    text = "Fuentes médicas elevaron a 109 la cifra de heridos en Caracas tras el alzamiento de Guaidó."
    assert relations(story, "Venezuela", text) == {("injured-count", "updates")}


def test_a_status_change_in_another_clause_does_not_update_a_figure_claim(story):
    found = relations(
        story,
        "Venezuela: embassies take in Guaidó's allies",
        "Leopoldo López and his family took refuge in the Chilean Embassy in Caracas and later moved to the "
        "Spanish ambassador's residence, and 25 soldiers sought asylum at the Brazilian Embassy.",
    )
    assert ("troops-brazil-embassy", "corroborates") in found  # "moved" is López's, not the soldiers'
    # The move to the Spanish residence is the story's own claim, so it is no news for the Chilean one.
    assert ("lopez-chilean-embassy", "corroborates") in found


def test_a_status_the_story_does_not_claim_still_updates_and_a_former_one_does_not(story):
    arrested = "Leopoldo López left the Chilean embassy in Caracas and was arrested by intelligence agents."
    assert ("lopez-chilean-embassy", "updates") in relations(story, "Venezuela", arrested)
    freed = "Leopoldo López, freed from house arrest at dawn, took refuge in the Chilean embassy in Caracas."
    assert relations(story, "Venezuela", freed) == {("lopez-chilean-embassy", "corroborates")}


@pytest.mark.parametrize(
    "text",
    [
        "Hospital officials in Caracas said that not a single protester had died.",
        "En Caracas no murió ni un solo manifestante durante la jornada.",
        "The Red Cross in Caracas reported not a single death among the marchers.",
    ],
)
def test_not_a_single_is_one_negation(story, text):
    assert relations(story, "Venezuela", text) == {("no-deaths", "corroborates")}


def test_a_life_lost_is_a_death(story):
    text = "Two protesters in Caracas lost their life on Tuesday."
    assert relations(story, "Venezuela", text) == {("no-deaths", "contradicts")}


def test_an_escaped_or_ordered_status_is_no_change(story):
    escaped = "López, who broke out of house arrest at dawn, is sheltering at the Chilean embassy in Caracas."
    assert relations(story, "Venezuela", escaped) == {("lopez-chilean-embassy", "corroborates")}
    fled = "López, que se fugó del arresto domiciliario, sigue refugiado en la embajada de Chile en Caracas."
    assert relations(story, "Venezuela", fled) == {("lopez-chilean-embassy", "corroborates")}
    ordered = "A judge ordered the arrest of López, still a guest at the Spanish embassy in Caracas."
    assert relations(story, "Venezuela", ordered) == {("lopez-spanish-embassy", "corroborates")}


def test_a_place_of_the_story_with_a_claims_evidence_makes_an_article_relevant(story):
    place = compare(story, "Clashes at the base", "A military vehicle ran over protesters near La Carlota.")
    assert place.relevant
    assert {(f.claim_id, f.relation) for f in place.findings} == {("armored-vehicle-ramming", "corroborates")}
    # Without a claim's evidence a place is not enough, and an actor or a common word never is.
    assert not compare(story, "La Carlota", "The La Carlota air base reopened to civilian flights.").relevant
    actor = "Zakharova warned that Western interference in Bolivia could lead to a collapse."
    assert not compare(story, "Moscow warns", actor).relevant
    coup = "At least 59 people were injured in Khartoum after the failed coup."
    assert not compare(story, "Sudan", coup).relevant


def test_an_untrue_word_after_a_copula_refutes_its_whole_clause(story):
    text = (
        "Claims that an armored vehicle drove into a crowd of opposition supporters near the Altamira square "
        "on Tuesday morning were a lie, the minister said."
    )
    assert relations(story, "Venezuela", text) == {("armored-vehicle-ramming", "contradicts")}
    near_but_not_said_of_it = (
        "An armored vehicle drove into a crowd of opposition supporters near the Altamira square on "
        "Tuesday, and the minister's version is a lie."
    )
    assert relations(story, "Venezuela", near_but_not_said_of_it) == {
        ("armored-vehicle-ramming", "corroborates")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Footage shows an armored vehicle slamming into marchers in Caracas.", "armored-vehicle-ramming"),
        ("Colombia's president Iván Duque said his country stood with Guaidó.", "latam-leaders-back-guaido"),
        ("Officials said fewer than two dozen soldiers went over to Guaidó that day.", "few-defectors"),
        ("Una treintena de militares se pasaron al bando de Guaidó en el distribuidor.", "few-defectors"),
        (
            "Maduro dijo que el ochenta por ciento de los soldados se retiraron antes del mediodía.",
            "troops-abandoned-guaido",
        ),
        ("US officials said Maduro had a plane ready to take him to Cuba.", "pompeo-maduro-flee"),
        ("Police in Caracas took eleven people into custody during the unrest.", "arrests-count"),
        ("Erdogan blasted the attempted coup against Maduro.", "erdogan-condemns"),
        ("Pompeo insisted Maduro had an aircraft waiting at the airport in Caracas.", "pompeo-maduro-flee"),
        ("Según Pompeo, Maduro tenía un avión con destino a Cuba en la pista.", "pompeo-maduro-flee"),
        (
            "Maduro aseguró que el 80% de los militares alzados se habían desmarcado del intento.",
            "troops-abandoned-guaido",
        ),
        ("Sólo unos veinte soldados se les sumaron en el puente.", "few-defectors"),
    ],
)
def test_paraphrases_and_collective_numbers_corroborate(story, text, expected):
    assert relations(story, "Venezuela uprising", text) == {(expected, "corroborates")}


def test_a_suspension_updates_and_a_count_named_before_its_number_is_read_far_off(story):
    suspended = "The US suspended all flights to Venezuela after the FAA barred US airlines below 26,000 ft."
    assert relations(story, "Venezuela uprising", suspended) == {("faa-airspace", "updates")}
    far = (
        "The number of people wounded in Tuesday's clashes between protesters and the National Guard in "
        "eastern Caracas stood at 140 on Wednesday."
    )
    assert relations(story, "Venezuela uprising", far) == {("injured-count", "updates")}


def test_actors_names_alone_do_not_outweigh_an_earlier_date(story):
    text = "On Feb. 2, Guaidó, the interim president, met Leopoldo López's allies; Padrino stayed away."
    assert not compare(story, "Venezuela", text).relevant
    text = "Guaidó, who became interim president on Jan. 23, led Tuesday's uprising at La Carlota."
    assert compare(story, "Venezuela", text).relevant


def test_a_date_in_a_relative_clause_after_a_comma_dates_nothing(story):
    # "que" and "which" just after a comma tell someone's past, as "who" does; elsewhere they join speech.
    for text in (
        "Leopoldo López habló desde la residencia del embajador de España en Caracas. El Gobierno español, "
        "que reconoció a Guaidó en febrero, pidió prudencia.",
        "Leopoldo López spoke from the Spanish ambassador's residence in Caracas. Spain's government, which "
        "recognised Guaidó in February, urged restraint.",
    ):
        assert compare(story, "Venezuela", text).relevant
    text = (
        "Leopoldo López habló desde la residencia del embajador de España en Caracas. El Gobierno dijo que "
        "reconoció a Guaidó en febrero."
    )
    assert not compare(story, "Venezuela", text).relevant


def test_an_article_dated_before_the_story_or_in_another_year_is_not_relevant(story):
    text = (
        "Guaidó, the interim president, called for an uprising and met Padrino's generals in Caracas, "
        "where at least 59 people were injured."
    )
    for dateline in (
        "CARACAS, Feb 2, 2019 (Agency) - ",
        "CARACAS, 30 de abril de 2020 - ",
        "Caracas, 2 feb (EFE).- ",
        "MARACAIBO (Feb. 9, 2019) – ",
        "CARACAS (12 de marzo de 2021) - ",
    ):
        assert not compare(story, "Venezuela", dateline + text).relevant
    assert compare(story, "Venezuela", "CARACAS, May 2 (Agency) - " + text).relevant
    # The date in parentheses after the place is the dateline too.
    assert compare(story, "Venezuela", "CARACAS (May 2, 2019) – " + text).relevant


def test_negating_the_claims_contrary_words_agrees_with_it(story):
    text = "The rebels around Guaidó carried M4 assault rifles, not the army's Kalashnikovs."
    assert relations(story, "Venezuela uprising", text) == {("m4-rifles", "corroborates")}


def test_a_pronoun_carries_the_claims_subject_from_the_sentence_before(story):
    seed_like = "The soldiers backing Guaidó carried M4 rifles. The army's standard rifle is the Kalashnikov."
    assert relations(story, "Venezuela uprising", seed_like) == {("m4-rifles", "corroborates")}
    refuted = "Posts said the soldiers backing Guaidó carried M4 rifles. Photos show them with Kalashnikovs."
    assert relations(story, "Venezuela uprising", refuted) == {("m4-rifles", "contradicts")}


def test_a_negation_in_another_clause_or_before_a_risk_negates_nothing(story):
    clause = "Havana denied having troops in Caracas, saying it will not abandon Maduro."
    assert ("troops-abandoned-guaido", "contradicts") not in relations(story, "Venezuela uprising", clause)
    risk = "Leopoldo López stays at the Spanish embassy in Caracas, unable to go out without risking arrest."
    assert relations(story, "Venezuela uprising", risk) == {("lopez-spanish-embassy", "corroborates")}


def test_a_sentence_about_last_year_is_no_evidence(story):
    text = (
        "The government said eleven people were arrested in Caracas during Guaidó's uprising. "
        "Police in Paris arrested more than 200 people at last year's May Day march."
    )
    assert relations(story, "Venezuela uprising", text) == {("arrests-count", "corroborates")}


@pytest.mark.parametrize(
    "after", ["That is simply false.", "Eso no es cierto.", "Verdict: misleading.", "The ministry denied it."]
)
def test_a_short_sentence_calling_the_one_before_untrue_contradicts_it(story, after):
    said = "Some say an armored vehicle ran over protesters in Caracas."
    ramming = "armored-vehicle-ramming"
    assert relations(story, "Venezuela", f"{said} {after}") == {(ramming, "contradicts")}
    assert relations(story, "Venezuela", f"{said} Witnesses were shocked.") == {(ramming, "corroborates")}


def test_rejecting_a_reported_act_right_after_confirms_it(story):
    text = "Trump threatened Cuba with a full embargo over its support for Maduro. Havana rejected it."
    assert relations(story, "Venezuela", text) == {("cuba-embargo-threat", "corroborates")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Las fuerzas de seguridad arrestaron a once manifestantes en Caracas.",
            ("arrests-count", "corroborates"),
        ),
        (
            "Dos manifestantes fallecieron en Caracas durante el alzamiento de Guaidó.",
            ("no-deaths", "contradicts"),
        ),
        (
            "Venezuela's Defence Minister warned that force would be used.",
            ("defense-minister-warning", "corroborates"),
        ),
        (
            "El Grupo de Lima respaldó a Guaidó tras el alzamiento en Caracas.",
            ("latam-leaders-back-guaido", "corroborates"),
        ),
        ("La cifra de heridos en Caracas subió a 112 este jueves.", ("injured-count", "updates")),
        ("Dos docenas de personas fueron detenidas en Caracas.", ("arrests-count", "updates")),
        (
            "El gobierno desmintió que una tanqueta haya arrollado a manifestantes.",
            ("armored-vehicle-ramming", "contradicts"),
        ),
        (
            "Maduro said 80 percent of the soldiers who rose with Guaidó had returned to their barracks.",
            ("troops-abandoned-guaido", "corroborates"),
        ),
    ],
)
def test_spanish_past_tenses_and_more_paraphrases_match(story, text, expected):
    assert relations(story, "Venezuela", text) == {expected}


def test_a_vague_number_with_a_bound_is_bounded(story):
    more = "Officials in Caracas said more than a dozen people had been arrested on Tuesday."
    assert relations(story, "Venezuela uprising", more) == {("arrests-count", "updates")}
    about = "Officials in Caracas said about a dozen people had been arrested on Tuesday."
    assert relations(story, "Venezuela uprising", about) == {("arrests-count", "corroborates")}


def test_a_figure_called_untrue_contradicts(story):
    text = "Reports that at least 59 people were injured in Caracas are false, the government said."
    assert relations(story, "Venezuela uprising", text) == {("injured-count", "contradicts")}


def test_a_claim_word_never_stems_to_a_common_word(story):
    # "area" must not become "are": a sentence naming Altamira is not about a small area for that.
    assert relations(story, "Venezuela", "Protesters in Altamira are tired after Guaidó's uprising.") == set()


def test_a_briefing_section_headed_by_another_place_is_no_evidence(story):
    text = (
        "Good evening.\nVenezuela.\nGuaidó urged supporters to march again; 11 were arrested in Caracas."
        "\nFrance.\nIn Paris, police arrested more than 200 people during May Day clashes."
        "\nAlgeria.\nHundreds of thousands marched in Algiers; no deaths were reported."
    )
    assert relations(story, "The day's news", text) == {
        ("arrests-count", "corroborates"),
        ("guaido-calls-protests", "corroborates"),
    }


def test_a_denial_in_the_gerund_refutes_and_a_rejected_act_stands_beside_it(story):
    flee = "Maduro spoke to supporters in Caracas, denying that he had ever planned to flee the country."
    assert relations(story, "Venezuela", flee) == {("pompeo-maduro-flee", "contradicts")}
    threat = "Havana rejected Trump's threat of an embargo, denying that Cuban agents were in Caracas."
    assert relations(story, "Venezuela", threat) == {("cuba-embargo-threat", "corroborates")}


@pytest.mark.parametrize(
    "text",
    [
        "Leopoldo López is no longer at the Spanish ambassador's residence in Caracas.",
        "Leopoldo López ya no está en la residencia del embajador de España en Caracas.",
    ],
)
def test_no_longer_is_a_change_of_status_not_a_negation(story, text):
    assert relations(story, "Venezuela", text) == {("lopez-spanish-embassy", "updates")}


def test_a_yes_or_no_question_asserts_nothing_but_a_why_question_presupposes(story):
    body = "Photos from Tuesday show soldiers beside Guaidó in Caracas."
    asked = relations(story, "Fact check: were Guaidó's soldiers carrying M4 rifles?", body)
    assert asked == set()
    assert relations(story, "¿Llevaban fusiles M4 los soldados de Guaidó?", body) == set()
    for why in (
        "Why did an armored vehicle ram protesters in Caracas?",
        "¿Por qué una tanqueta arrolló a manifestantes en Caracas?",
    ):
        assert relations(story, "Venezuela", why) == {("armored-vehicle-ramming", "corroborates")}


def test_an_entity_that_receives_support_did_not_give_it(story):
    given = "Guaidó won the backing of Bolsonaro and Duque within hours of the uprising."
    assert relations(story, "Venezuela", given) == {("latam-leaders-back-guaido", "corroborates")}
    received = "Bolsonaro's pension reform won the backing of a committee, as Guaidó's uprising faltered."
    assert ("latam-leaders-back-guaido", "corroborates") not in relations(story, "Venezuela", received)


def test_a_live_blogs_time_of_day_is_no_count(story):
    text = "11:00 Police in Caracas arrested dozens of protesters near La Carlota."
    assert relations(story, "Live: Venezuela", text) == {("arrests-count", "updates")}


@pytest.mark.parametrize(
    "text",
    [
        "Hospitals in Caracas say the number of people hurt has climbed to 140, up from the 59 reported.",
        "The count of people wounded in Caracas went from 59 to 140 on Wednesday.",
        "En Caracas, la cifra de heridos pasó de 59 a 140 durante la noche.",
        "En Caracas, la cifra de heridos subió a 140 desde 59.",
    ],
)
def test_a_change_of_figure_updates_with_the_later_figure(story, text):
    comparison = compare(story, "Venezuela uprising", text)
    assert [(f.claim_id, f.relation) for f in comparison.findings] == [("injured-count", "updates")]
    assert "140" in comparison.findings[0].reason


def test_an_update_word_elsewhere_does_not_make_another_figure_a_later_one(story):
    text = "Maduro said two colonels and at least five other soldiers were shot, some now in hospital."
    assert relations(story, "Venezuela uprising", text) == {("soldiers-wounded", "corroborates")}


def test_a_sentence_holding_a_claims_evidence_is_no_new_development(story):
    # A figure of casualties that no relation can be read from still concerns the injured-count claim.
    text = "Doctors in Caracas treated 12 injured protesters and 3 injured policemen on Tuesday."
    comparison = compare(story, "Venezuela uprising", text)
    assert comparison.findings == [] and comparison.new_developments == []
    # Nor do the names of a claim's entities and words make a sentence news.
    known = "Leopoldo López has taken refuge at the Spanish embassy, Spanish officials said."
    assert compare(story, "Venezuela uprising", known).new_developments == []


def test_a_roundups_section_under_another_places_dateline_is_no_evidence(story):
    text = (
        "KABUL — A suicide bomber killed 12 people outside a ministry on Tuesday.\n\n"
        "CARACAS — Guaidó urged supporters to march again after 11 were arrested in the capital.\n\n"
        "PARIS — Police detained more than 200 people during May Day clashes, and two died."
    )
    assert relations(story, "The world today", text) == {
        ("arrests-count", "corroborates"),
        ("guaido-calls-protests", "corroborates"),
    }
    # A live blog's labelled entries are no sections of other places.
    blog = (
        "CARACAS — Guaidó urged supporters to take to the streets on Wednesday.\n\n"
        "UPDATE — Police said 11 people were arrested in the capital.\n\n"
        "UPDATE — At least 59 people were injured, hospitals said."
    )
    assert ("arrests-count", "corroborates") in relations(story, "Live: Venezuela", blog)


def test_a_negation_that_limits_the_claims_words_affirms_them(story):
    limited = "The mutiny never got beyond a small area around the Altamira overpass."
    assert relations(story, "Venezuela uprising", limited) == {("small-area-altamira", "corroborates")}
    negated = "The mutiny was not confined to a small area around the Altamira overpass."
    assert relations(story, "Venezuela uprising", negated) == {("small-area-altamira", "contradicts")}


def test_a_call_for_something_else_is_not_the_claims_call(story):
    other = "Marches in Caracas went on for days after opposition leader Guaidó's call for a revolt."
    assert relations(story, "Venezuela", other) == set()
    spanish = "Las marchas en Caracas siguieron tras el llamado a la rebelión del líder opositor Guaidó."
    assert relations(story, "Venezuela", spanish) == set()
    own = "In Caracas, opposition leader Guaidó renewed his call for marches on Wednesday."
    assert relations(story, "Venezuela", own) == {("guaido-calls-protests", "corroborates")}


@pytest.mark.parametrize(
    "text",
    [
        "The Kremlin flatly denied that Maduro had been planning to leave Venezuela on Tuesday.",
        "Moscú negó que Maduro hubiera pensado salir del país el martes.",
    ],
)
def test_denying_a_claimed_departure_contradicts_it(story, text):
    # The claim's own words may be a status word ("leave"): a denial of them is no denied change.
    assert relations(story, "Venezuela", text) == {("pompeo-maduro-flee", "contradicts")}


@pytest.mark.parametrize(
    "text",
    [
        "The minister said clips of an armored truck ploughing into marchers in Caracas were cut to mislead.",
        "El ministro calificó de engañoso el video de una tanqueta que arrolló a manifestantes en Caracas.",
    ],
)
def test_misleading_calls_a_report_untrue(story, text):
    assert relations(story, "Venezuela", text) == {("armored-vehicle-ramming", "contradicts")}


def test_an_untrue_word_does_not_reach_across_a_comma_and_may_follow_a_modifier(story):
    title = "Caracas police say the protest photos were fake, put arrests at eleven"
    assert relations(story, title, "Guaidó's uprising in Caracas.") == {("arrests-count", "corroborates")}
    text = "Officials said the footage of a military vehicle running over protesters was a crude fabrication."
    assert relations(story, "Venezuela uprising", text) == {("armored-vehicle-ramming", "contradicts")}
    agreed = "The footage of a military vehicle running over protesters is not false, the agency said."
    assert relations(story, "Venezuela uprising", agreed) == {("armored-vehicle-ramming", "corroborates")}


def test_arriving_at_the_claims_own_place_is_no_change_of_its_status(story):
    arrived = "The 25 soldiers seeking refuge at Brazil's embassy in Caracas arrived at the embassy by bus."
    assert relations(story, "Venezuela uprising", arrived) == {("troops-brazil-embassy", "corroborates")}
    elsewhere = "López, a guest at the Chilean residence in Caracas, arrived at the Spanish embassy."
    assert ("lopez-chilean-embassy", "updates") in relations(story, "Venezuela uprising", elsewhere)


def test_a_rebuttal_opening_the_next_sentence_contradicts_the_one_before(story):
    text = (
        "John Bolton insisted the events in Caracas were clearly not a coup. "
        "He is wrong, whatever the White House says about Guaidó's uprising."
    )
    assert relations(story, "Opinion: Venezuela", text) == {("bolton-not-a-coup", "contradicts")}
    # A denial opening a longer sentence denies something else ("denied bail"), not the sentence before.
    arrests = "Police in Caracas arrested eleven people on Tuesday. Judges denied bail to all, citing flight."
    assert relations(story, "Venezuela", arrests) == {("arrests-count", "corroborates")}


@pytest.mark.parametrize(
    "text",
    [
        "The FAA on Friday widened the ban on US airlines flying in Venezuelan airspace.",
        "La Administración Federal de Aviación endureció la prohibición de vuelos sobre Venezuela.",
    ],
)
def test_tightened_restrictions_update_the_claimed_ones(story, text):
    assert relations(story, "Venezuela", text) == {("faa-airspace", "updates")}


def test_tightened_security_around_a_claimed_place_changes_no_status(story):
    text = "Police tightened security around the Spanish embassy in Caracas, where López is a guest."
    assert relations(story, "Venezuela", text) == {("lopez-spanish-embassy", "corroborates")}


def test_the_claims_figure_in_other_words_disputed_contradicts(story):
    said = "Maduro said most of the soldiers went back to their units after Guaidó's call."
    assert relations(story, "Venezuela", said) == {("troops-abandoned-guaido", "corroborates")}
    denied = "Guaidó's aides denied that most of the troops who joined him had deserted."
    assert relations(story, "Venezuela", denied) == {("troops-abandoned-guaido", "contradicts")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rumours told of hundreds of officers, but a handful of soldiers declared for him.", "corroborates"),
        ("Despite rumours of a handful of officers, hundreds of soldiers declared for him.", "contradicts"),
    ],
)
def test_of_several_figures_the_one_nearest_the_claims_words_is_its(story, text, expected):
    assert relations(story, "Guaidó's uprising", text) == {("few-defectors", expected)}


def test_a_share_said_as_two_counts_is_the_claims_percent(story):
    text = "Four out of five troops in the mutiny deserted Guaidó within hours, Maduro said."
    assert relations(story, "Venezuela", text) == {("troops-abandoned-guaido", "corroborates")}


def test_a_fact_checks_verdict_contradicts_the_claim_it_checks(story):
    text = (
        "A post shared thousands of times says Guaidó's soldiers in Caracas carried M4 rifles.\n\n"
        "We compared the photos of Tuesday with army inventories and consulted two experts.\n\n"
        "Guaidó spoke to supporters in Altamira in the afternoon.\n\nVerdict: false."
    )
    assert relations(story, "Fact check: the uprising's weapons", text) == {("m4-rifles", "contradicts")}
    rated = text.replace("Verdict: false.", "Verdict: true.")
    assert relations(story, "Fact check: the uprising's weapons", rated) == {("m4-rifles", "corroborates")}


def test_a_sentence_naming_neither_side_of_the_claims_contrast_says_nothing_of_it(story):
    vague = "Guaidó's soldiers stood on the overpass in Caracas holding rifles."
    assert relations(story, "Venezuela uprising", vague) == set()
    named = "Guaidó's soldiers stood on the overpass in Caracas holding M4 rifles."
    assert relations(story, "Venezuela uprising", named) == {("m4-rifles", "corroborates")}


def test_two_actors_names_without_a_claims_evidence_are_other_news(story):
    text = (
        "WASHINGTON — Pompeo and Bolton warned North Korea against further missile tests on Monday.\n\n"
        "Bolton said the United States was ready to respond to any provocation."
    )
    assert compare(story, "US warns Pyongyang", text).relevant is False
    claimed = "Pompeo and Bolton said on Tuesday that Leopoldo López had moved to the Spanish embassy."
    assert compare(story, "US officials on the uprising", claimed).relevant is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Not a single battalion joined the rebels in Caracas.", {("few-defectors", "corroborates")}),
        ("Ningún batallón se sumó a los alzados en Caracas.", {("few-defectors", "corroborates")}),
        ("The rebel troops in Caracas never meant to join Guaidó, Maduro said.", set()),
    ],
)
def test_none_joining_is_within_a_claimed_ceiling_but_a_negated_verb_counts_nobody(story, text, expected):
    assert relations(story, "Venezuela uprising", text) == expected


def test_a_ceiling_written_onto_its_unit_is_the_claims_figure(story):
    text = "The FAA barred US airlines from Venezuelan airspace below 26,000ft on Tuesday."
    assert relations(story, "FAA notice on Venezuela", text) == {("faa-airspace", "corroborates")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No other unit came over to Guaidó in Caracas on Tuesday.", {("few-defectors", "corroborates")}),
        (
            "Según la oposición, centenares de efectivos se habían sumado a Guaidó en Caracas.",
            {("few-defectors", "contradicts")},
        ),
    ],
)
def test_units_coming_over_and_troops_who_had_joined_are_defections(story, text, expected):
    assert relations(story, "Venezuela uprising", text) == expected


def test_a_rebuttal_continuing_the_sentences_own_denial_does_not_rebut_the_claim(story):
    text = (
        "CARACAS – El ministro de Defensa, Vladimir Padrino, dijo que el blindado no arrolló a nadie y que "
        "fue atacado por una turba violenta. Calificó el video de montaje."
    )
    assert ("defense-minister-warning", "corroborates") in relations(story, "Padrino habla", text)
    said = "Padrino warned that violence at Miraflores would be met with violence. That is false."
    assert relations(story, "Padrino", said) == {("defense-minister-warning", "contradicts")}


def test_scoffing_at_a_claim_denies_it(story):
    title = "Maduro scoffs at claims he planned to flee to Cuba"
    assert relations(story, title, "CARACAS, May 1 – He spoke on state TV.") == {
        ("pompeo-maduro-flee", "contradicts")
    }


@pytest.mark.parametrize(
    "title",
    [
        "Fact check: a viral post says four protesters were shot dead in Caracas on Tuesday",
        "Fact check: no, four protesters were not shot dead in Caracas on Tuesday",
    ],
)
def test_a_false_verdict_on_a_reported_death_agrees_with_no_deaths(story, title):
    text = "The photo attached to the post was taken years ago in another state.\n\nVerdict: false."
    assert relations(story, title, text) == {("no-deaths", "corroborates")}


@pytest.mark.parametrize(
    "text",
    [
        "Prosecutors in Caracas sought 18 arrest warrants over Guaidó's uprising on Tuesday.",
        "La fiscalía pidió 18 órdenes de captura por el alzamiento de Guaidó en Caracas.",
    ],
)
def test_a_count_of_arrest_warrants_is_no_count_of_arrests(story, text):
    assert ("arrests-count", "updates") not in relations(story, "Venezuela uprising", text)
    assert relations(story, "Venezuela uprising", "Police in Caracas arrested 18 people on Tuesday.") == {
        ("arrests-count", "updates")
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CARACAS – Los alzados solo controlaban un grupito de cuadras en Altamira.", "corroborates"),
        ("CARACAS – No fue un grupito en Altamira, es un movimiento nacional, dijo.", "contradicts"),
    ],
)
def test_a_grupito_in_altamira_is_a_small_area(story, text, expected):
    assert relations(story, "Venezuela", text) == {("small-area-altamira", expected)}


def test_a_year_in_a_clause_about_someones_past_dates_neither_the_article_nor_the_sentence(story):
    text = (
        "Opinion: Erdoğan, who survived a putsch of his own in 2016, condemned the attempt to topple Maduro "
        "in Caracas.\n\nHe called it a coup."
    )
    assert compare(story, "Call it a coup", text).relevant is True
    assert ("erdogan-condemns", "corroborates") in relations(story, "Call it a coup", text)
    other = "Erdoğan survived a putsch in 2016. He condemned the coup plotters in Ankara and Caracas."
    assert compare(story, "Turkey", other).relevant is False


@pytest.mark.parametrize(
    ("after", "expected"),
    [("It was.", "contradicts"), ("Sí lo fue.", "contradicts"), ("Was it?", "corroborates")],
)
def test_a_bare_reassertion_after_a_negation_contradicts_it(story, after, expected):
    said = 'Bolton said the uprising in Caracas was "clearly not a coup".'
    assert relations(story, "Opinion", f"{said} {after}") == {("bolton-not-a-coup", expected)}
    plain = "Guaidó called for more protests in Caracas on Wednesday. He did."
    assert relations(story, "Opinion", plain) == {("guaido-calls-protests", "corroborates")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seven servicemen were shot in Caracas, two of them colonels, officials said.", "corroborates"),
        ("Siete soldados resultaron heridos de bala en Caracas, según el ministro.", "corroborates"),
        ("Ten soldiers were shot in Caracas, among them two colonels, the army said.", "updates"),
    ],
)
def test_the_total_of_the_claims_counted_parts_is_its_figure(story, text, expected):
    # "At least five soldiers and two colonels" wounded: seven in all is the same count, not a larger one.
    assert relations(story, "Venezuela uprising", text) == {("soldiers-wounded", expected)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Neither the Red Cross nor the city's main hospitals recorded deaths in Caracas.", "corroborates"),
        ("Ni la Cruz Roja ni los hospitales de la ciudad contaron fallecidos en Caracas.", "corroborates"),
        ("Ni el gobierno ni la oposición hablaron, pero Caracas reportó dos fallecidos.", "contradicts"),
    ],
)
def test_a_negated_list_negates_the_verb_of_its_clause(story, text, expected):
    assert relations(story, "Venezuela uprising", text) == {("no-deaths", expected)}


def test_a_newsletters_sections_labelled_by_other_places_are_no_evidence(story):
    text = (
        "CHILE: Riot police detained eleven students in Santiago, and 59 people were hurt.\n\n"
        "VENEZUELA: Guaidó urged supporters in Caracas to keep marching.\n\n"
        "NEPAL: Flooding closed the airport."
    )
    assert relations(story, "Around the world", text) == {("guaido-calls-protests", "corroborates")}
    # A transcript's speakers label no places.
    transcript = (
        "CARACAS — Health officials now say 59 people were injured.\n\n"
        "ANCHOR: And the arrests?\n\n"
        "CORRESPONDENT: Eleven people were arrested, and Guaidó urged supporters to keep marching."
    )
    assert relations(story, "Venezuela tonight", transcript) == {
        ("injured-count", "corroborates"),
        ("arrests-count", "corroborates"),
        ("guaido-calls-protests", "corroborates"),
    }


def test_a_status_change_after_a_semicolon_is_another_statement(story):
    text = "Leopoldo López is a guest at the Chilean embassy in Caracas; police arrested eleven protesters."
    assert relations(story, "Venezuela", text) == {
        ("lopez-chilean-embassy", "corroborates"),
        ("arrests-count", "corroborates"),
    }
    same = "Leopoldo López, a guest at the Chilean embassy in Caracas, was arrested."
    assert ("lopez-chilean-embassy", "updates") in relations(story, "Venezuela", same)


def test_a_verdict_rules_on_the_fact_checks_lead_not_on_the_sentence_before_it(story):
    text = (
        "A viral post claims that twelve protesters were killed in Caracas on Tuesday.\n\n"
        "Hospitals in the city reported 59 injured people on Tuesday night.\n\nVerdict: false."
    )
    assert relations(story, "Fact check", text) == {
        ("no-deaths", "corroborates"),
        ("injured-count", "corroborates"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Maduro said 80 percent of the soldiers in the revolt walked away from Guaidó.",
            "troops-abandoned-guaido",
        ),
        (
            "Maduro dijo que el 80 % de los militares le dieron la espalda a Guaidó.",
            "troops-abandoned-guaido",
        ),
        ("Some thirty soldiers changed sides at the overpass.", "few-defectors"),
        ("Unos treinta militares cambiaron de bando en el distribuidor.", "few-defectors"),
        ("Pompeo said Maduro had been about to board a plane to Havana.", "pompeo-maduro-flee"),
        ("Clinics in Caracas treated 59 people after the clashes.", "injured-count"),
        ("En Caracas fueron atendidas 59 personas tras los choques.", "injured-count"),
    ],
)
def test_more_paraphrases_of_desertion_defection_flight_and_treatment(story, text, expected):
    assert relations(story, "Venezuela uprising", text) == {(expected, "corroborates")}


@pytest.mark.parametrize(
    "dateline",
    ["BOGOTÁ, Sept 8 – ", "CARACAS, 3 may – "],
)
def test_a_dateline_without_a_year_is_in_the_later_year_the_article_names(story, dateline):
    text = (
        "Guaidó met Padrino's former aides, and troops were arrested in Caracas, the third such plot the "
        "government has announced in 2021."
    )
    assert not compare(story, "Venezuela", dateline + text).relevant
    # Naming the story's year too, the undated dateline stays in it.
    assert compare(story, "Venezuela", dateline + text + " It recalled the uprising of 2019.").relevant


def test_from_before_no_number_states_no_change_of_figure(story):
    # A number standing off the claim's words is its only when a change is stated ("went from 12 to 30").
    text = "Soldiers joined Guaidó, aides said from Caracas, as thousands had gathered."
    assert relations(story, "Venezuela", text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Traders in London sold Venezuela's 2032 bonds as Guaidó's uprising in Caracas lost steam.",
        "Cayeron los bonos 2031 de Venezuela mientras se diluía el alzamiento de Guaidó en Caracas.",
    ],
)
def test_a_securitys_maturity_is_no_year_of_the_article(story, text):
    assert compare(story, "Venezuela", "LONDON, May 1 – " + text).relevant


def test_on_the_storys_day_an_article_naming_its_country_is_about_it(story):
    text = (
        "The UN refugee agency said the number of Venezuelans abroad had passed 3.7 million, and its chief "
        "urged calm in Caracas."
    )
    assert compare(story, "UN urges calm", "GENEVA, April 30 – " + text).relevant
    assert not compare(story, "UN urges calm", "GENEVA, June 14 – " + text).relevant
    assert not compare(story, "UN urges calm", text).relevant


def test_a_firearm_is_no_soldier(story):
    text = "En Caracas, Salud Chacao elevó a 80 los heridos, varios de ellos por arma de fuego."
    assert relations(story, "Venezuela", text) == {("injured-count", "updates")}


@pytest.mark.parametrize(
    "text",
    [
        "In Caracas an armored truck drove straight into the crowd.",
        "Video from Caracas shows a military vehicle that drives straight into a group of marchers.",
    ],
)
def test_driving_straight_into_a_crowd_is_ramming(story, text):
    assert relations(story, "Venezuela", text) == {("armored-vehicle-ramming", "corroborates")}


@pytest.mark.parametrize(
    "text",
    [
        "Brazil denied that any Venezuelan soldiers had sought refuge at its embassy in Caracas.",
        "Brasil negó que algún militar venezolano se hubiera refugiado en su embajada en Caracas.",
    ],
)
def test_denying_that_any_were_counted_contradicts_a_count(story, text):
    assert ("troops-brazil-embassy", "contradicts") in relations(story, "Venezuela uprising", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bolton acknowledged it was a coup in Caracas.", {("bolton-not-a-coup", "contradicts")}),
        ("Bolton admitió que lo ocurrido en Caracas fue un golpe.", {("bolton-not-a-coup", "contradicts")}),
        ("Bolton spoke of the coup in Caracas.", set()),
    ],
)
def test_someone_granting_what_they_denied_contradicts_the_denial(story, text, expected):
    assert relations(story, "Venezuela uprising", text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Clinics say the tally of wounded in Caracas has now climbed to 140 across the city.", "updates"),
        ("By Thursday the number of injured in Caracas stood at 59 throughout the east.", "corroborates"),
    ],
)
def test_a_preposition_after_a_figure_names_nothing_it_counts(story, text, expected):
    assert relations(story, "Venezuela", text) == {("injured-count", expected)}


def test_fleeing_to_the_claims_own_place_is_no_change_of_its_status(story):
    to = "In Caracas, 25 soldiers who escaped to the Brazilian embassy were still waiting there on Friday."
    assert relations(story, "Venezuela", to) == {("troops-brazil-embassy", "corroborates")}
    away = "In Caracas, 25 soldiers fled the Brazilian embassy on Friday."
    assert relations(story, "Venezuela", away) == {("troops-brazil-embassy", "updates")}


@pytest.mark.parametrize(
    ("lead", "verdict"),
    [
        ("WHAT IS CLAIMED: A video says Guaidó's rebels in Caracas held M4 rifles.", "OUR VERDICT: False."),
        (
            "LO QUE SE DICE.\n\nUn video asegura que los rebeldes de Guaidó en Caracas llevaban fusiles M4.",
            "VEREDICTO.\n\nEngañoso.",
        ),
    ],
)
def test_a_verdict_may_follow_a_possessive_or_its_own_label_and_the_lead_its_label(story, lead, verdict):
    text = f"{lead}\n\nWe compared the photos with two arms experts.\n\n{verdict}"
    assert relations(story, "Fact check", text) == {("m4-rifles", "contradicts")}


@pytest.mark.parametrize(
    ("question", "answer", "expected"),
    [
        ("Q: Is that so?", "A: That is false.", "contradicts"),
        ("—¿Fue así?", "—Es mentira.", "contradicts"),
        ("Q: Is that so?", "A: We saw it happen.", "corroborates"),
    ],
)
def test_a_rebuttal_answering_a_short_question_rules_on_the_report_asked_about(
    story, question, answer, expected
):
    report = "Maduro says 80 percent of the soldiers in the uprising deserted Guaidó."
    text = f"{report}\n\n{question}\n\n{answer}"
    assert relations(story, "Interview", text) == {("troops-abandoned-guaido", expected)}


def test_a_status_change_called_untrue_leaves_the_claimed_status_standing(story):
    report = "A report said Leopoldo López had been detained at the Spanish embassy in Caracas."
    assert relations(story, "Venezuela", report) == {("lopez-spanish-embassy", "updates")}
    rebutted = f"{report}\n\nThat report was wrong."
    assert relations(story, "Venezuela", rebutted) == {("lopez-spanish-embassy", "corroborates")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In Caracas, Guaidó's chief of staff has not been detained, his lawyer said on Wednesday.", set()),
        ("Nadie fue detenido en Caracas, dijo la policía.", {("arrests-count", "contradicts")}),
    ],
)
def test_a_negation_without_a_figure_contradicts_a_count_only_when_it_says_none(story, text, expected):
    assert relations(story, "Venezuela", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Trump threatened Cuba with a total embargo over Venezuela, a threat Havana called a lie.",
        "Trump amenazó a Cuba con un embargo total por Venezuela, advertencia que La Habana llamó mentira.",
    ],
)
def test_calling_a_reported_acts_words_untrue_confirms_the_act(story, text):
    assert relations(story, "Venezuela", text) == {("cuba-embargo-threat", "corroborates")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Defence minister Padrino said that at Miraflores nobody will enter by force and that "
            "violence will meet violence.",
            "corroborates",
        ),
        (
            "El ministro de Defensa, Padrino, advirtió que en Miraflores no entraría nadie por la fuerza.",
            "corroborates",
        ),
        ("Defence minister Padrino never warned that force would meet force.", "contradicts"),
        ("Defence minister Padrino said that the army will not use weapons on anyone.", "contradicts"),
    ],
)
def test_a_negation_inside_what_a_claimed_act_said_does_not_negate_the_act(story, text, expected):
    assert relations(story, "Venezuela", text) == {("defense-minister-warning", expected)}


def test_a_dateline_past_the_storys_window_needs_its_places_or_days(story):
    text = (
        "Pompeo said the army's move against the interim president was no coup; clashes left "
        "four people dead in the capital."
    )
    assert not compare(story, "Unrest", "QUITO, Oct 9, 2019 – Venezuela's allies protested. " + text).relevant
    later = "CARACAS, Oct 9, 2019 – Guaidó's allies recalled April 30. " + text
    assert compare(story, "Unrest", later).relevant
    at_the_base = "CARACAS, Oct 9, 2019 – Guaidó's allies marched to La Carlota. " + text
    assert compare(story, "Unrest", at_the_base).relevant


@pytest.mark.parametrize(
    "text",
    [
        "Sheltering at the Brazilian embassy in Caracas on Friday were 25 soldiers who defected to Guaidó.",
        "En la embajada de Brasil en Caracas seguían 25 militares que se sumaron a Guaidó.",
    ],
)
def test_a_relative_clause_describing_the_counted_group_does_not_claim_its_count(story, text):
    assert relations(story, "Venezuela", text) == {("troops-brazil-embassy", "corroborates")}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Q: How many troops defected to Guaidó at the overpass?", {("few-defectors", "corroborates")}),
        ("How many troops defected to Guaidó at the overpass?", set()),  # no interview: a rhetorical one
    ],
)
def test_an_interviews_answer_is_read_with_the_words_of_its_question(story, question, expected):
    text = f"Caracas.\n\n{question}\n\nA: Hardly any. On the videos I count some 20 or 30 men in uniform."
    assert relations(story, "Venezuela", text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Erdoğan condemned without reservation the coup against Maduro in Caracas.",
        "Erdoğan condenó sin rodeos el golpe contra Maduro en Caracas.",
        "Turkey's Erdoğan condemned the attempt against Maduro in Caracas.",
    ],
)
def test_saying_it_outright_is_no_negation_and_an_attempt_is_the_coup(story, text):
    assert relations(story, "Venezuela uprising", text) == {("erdogan-condemns", "corroborates")}


def test_a_number_after_a_copula_counts_the_noun_named_before_it(story):
    # "the soldiers ... were only thirty": the number is said of the subject, however far the claim's words.
    for text in (
        "In Caracas, the soldiers who went over to Guaidó at the overpass were barely thirty.",
        "En Caracas, los militares que se pasaron al bando de Guaidó fueron apenas una treintena.",
    ):
        assert relations(story, "Venezuela uprising", text) == {("few-defectors", "corroborates")}
    text = "In Caracas, the soldiers who went over to Guaidó at the overpass were nearly two hundred."
    assert relations(story, "Venezuela uprising", text) == {("few-defectors", "contradicts")}
    # "los únicos" gives the whole count, as "only" does: a smaller one contradicts.
    text = "En el cuartel de Caracas, los únicos soldados heridos por disparos fueron tres reclutas."
    assert ("soldiers-wounded", "contradicts") in relations(story, "Venezuela uprising", text)


def test_a_rebuttal_opening_the_next_sentence_before_a_colon_calls_it_untrue(story):
    # The clause before a colon, as before a comma, may only call the sentence before untrue.
    for text in (
        "Padrino said in Caracas that 80 % of the troops abandoned Guaidó. That is false: the men who came "
        "to the overpass at dawn never went back to their barracks.",
        "Maduro dijo en Caracas que el 80 % de los militares abandonó a Guaidó. Es mentira: los hombres que "
        "llegaron al puente de madrugada siguen con él.",
    ):
        assert relations(story, "Venezuela uprising", text) == {("troops-abandoned-guaido", "contradicts")}


def test_an_untrue_word_naming_a_report_is_said_of_what_it_tells(story):
    # The report's description may run past the untrue word's reach ("called fake the footage ... in which").
    for text in (
        "In Caracas the minister called fake the footage circulated by private channels in which an armored "
        "vehicle apparently runs over protesters.",
        "En Caracas, el ministro tildó de falso el video difundido por canales privados en el que "
        "supuestamente una tanqueta arrolla a manifestantes.",
    ):
        assert relations(story, "Venezuela uprising", text) == {("armored-vehicle-ramming", "contradicts")}
