"""Incident extraction mechanisms, each on short text written for the test, with the real geocoder."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoinc.extraction import extract_incidents
from geoinc.extraction.casualties import read_casualties
from geoinc.extraction.dates import find_dates, resolve
from geoinc.extraction.lexicon import canonical_actor, weapon_type
from geoinc.extraction.sentences import split_sentences
from geoinc.geocoding import default_geocoder
from geoinc.model import Article

PUBLISHED = dt.date(2024, 3, 14)  # a Thursday


def extract(text: str, published: dt.date | None = PUBLISHED, title: str = "") -> list:
    article = Article(id="t", text=text, title=title, published=published)
    return extract_incidents(article, default_geocoder())


# --- pieces -----------------------------------------------------------------------------------------

def test_sentences_respect_abbreviations() -> None:
    text = "The U.S. Central Command said Gen. Smith was briefed. Rockets hit Erbil.\nA new paragraph"
    assert [s.text for s in split_sentences(text)] == [
        "The U.S. Central Command said Gen. Smith was briefed.", "Rockets hit Erbil.", "A new paragraph",
    ]


def test_hard_wrapped_lines_are_joined_but_headlines_kept() -> None:
    text = ("Rockets hit Ain al-Asad as militias up tension\n"
            "Two rockets struck Ain al-Asad air base in western Iraq on\nTuesday, wounding three US service members.")
    assert [s.text for s in split_sentences(text)] == [
        "Rockets hit Ain al-Asad as militias up tension",
        "Two rockets struck Ain al-Asad air base in western Iraq on Tuesday, wounding three US service members.",
    ]
    (incident,) = extract(text)
    assert incident.event_date == dt.date(2024, 3, 12) and incident.injured == 3


@pytest.mark.parametrize(
    "phrase, expected",
    [
        ("one-way attack drones", "drone"), ("a multi-rocket attack", "rocket"), ("short-range ballistic missiles", "ballistic_missile"),
        ("a cruise missile", "missile"), ("mortar rounds", "artillery"), ("a roadside bomb", "ied"), ("US warplanes", "airstrike"),
        ("gunmen opened fire", "gunfire"), ("a statement", ""),
    ],
)
def test_weapon_words(phrase: str, expected: str) -> None:
    assert weapon_type(phrase) == expected


@pytest.mark.parametrize(
    "alias, canonical",
    [("Kata'ib Hizballah", "Kataib Hezbollah"), ("KH", "Kataib Hezbollah"), ("Daesh", "Islamic State"), ("CENTCOM", "United States"),
     ("Ansar Allah", "Houthis"), ("Iranian-backed militias", "Iran-backed militias"), ("Hashd al-Shaabi", "Popular Mobilization Forces"), ("nobody", "")],
)
def test_actor_aliases(alias: str, canonical: str) -> None:
    assert canonical_actor(alias) == canonical


@pytest.mark.parametrize(
    "sentence, fatalities, injured",
    [
        ("In the attack, the US killed “three Iraqi army soldiers, two policemen and a civilian worker”.", 6, None),
        ("The attack left no casualties.", 0, 0),
        ("Rockets hit the base, killing a contractor and injuring five U.S. service members.", 1, 5),
        ("Two civilians and a policeman were killed when a roadside bomb exploded.", 3, None),
        ("A drone attack killed three U.S. troops and wounded at least 34 on Sunday.", 3, 34),
        ("The blast killed at least 5 people and wounded 20 others.", 5, 20),
    ],
)
def test_casualty_figures(sentence: str, fatalities: int | None, injured: int | None) -> None:
    found = read_casualties(sentence)
    assert (found.fatalities, found.injured) == (fatalities, injured)


def test_lowest_reported_toll_and_acled_zero() -> None:
    text = ("A guided bomb hit an apartment block in Kharkiv on Tuesday evening, killing two people, police said. "
            "The mayor later said the strike had killed three people.")
    (incident,) = extract(text)
    assert incident.fatalities == 2
    (wounded_only,) = extract("A drone struck Erbil air base on Monday, wounding two contractors.")
    assert (wounded_only.fatalities, wounded_only.injured) == (0, 2)


def test_injuries_without_a_count_are_noted() -> None:
    found = read_casualties("The assault resulted in minor injuries to US personnel.")
    assert found.injured is None and found.notes == ["injured: count unknown (at least 1)"]


@pytest.mark.parametrize(
    "text, expected, precision",
    [
        ("on Tuesday", dt.date(2024, 3, 12), 1), ("on Thursday", dt.date(2024, 3, 14), 1), ("yesterday", dt.date(2024, 3, 13), 1),
        ("last week", dt.date(2024, 3, 7), 2), ("the night of March 6", dt.date(2024, 3, 6), 1), ("on Christmas Day", dt.date(2023, 12, 25), 1),
        ("on Thanksgiving Day", dt.date(2023, 11, 23), 1), ("in January", dt.date(2024, 1, 15), 3), ("on 28 June 2021", dt.date(2021, 6, 28), 1),
    ],
)
def test_date_expressions(text: str, expected: dt.date, precision: int) -> None:
    (expr,) = find_dates(text)
    assert resolve(expr, PUBLISHED) == (expected, precision)


def test_relative_dates_need_an_anchor() -> None:
    (expr,) = find_dates("on Tuesday")
    assert resolve(expr, None) == (None, 1)
    (hours,) = find_dates("Just hours before")
    assert resolve(hours, PUBLISHED, (dt.date(2024, 3, 10), 1)) == (dt.date(2024, 3, 10), 1)


# --- whole texts --------------------------------------------------------------------------------------

def test_one_incident_per_attacked_place() -> None:
    incidents = extract("On Tuesday, one-way attack drones were launched against troops at Al-Asad Airbase and Erbil Airbase in Iraq.")
    assert sorted(i.gazetteer_id for i in incidents) == ["geoinc:ain-al-asad-air-base", "geoinc:erbil-air-base"]
    assert {i.attack_type for i in incidents} == {"drone"} and {i.event_date for i in incidents} == {dt.date(2024, 3, 12)}


def test_same_attack_mentioned_twice_is_one() -> None:
    text = ("Three rockets struck Ain al-Asad air base in Anbar province on Tuesday. "
            "The attack on Ain al-Asad caused no casualties, a US official said.")
    (incident,) = extract(text)
    assert incident.attack_type == "rocket" and incident.fatalities == 0 and incident.injured == 0
    assert incident.notes.count("Ain al-Asad") == 2


def test_perpetrator_and_target_kept_apart() -> None:
    (incident,) = extract("On Monday, the US attacked a base of Kataib Hezbollah in Iraq.")
    assert incident.actor1 == "United States" and incident.actor2 == "Kataib Hezbollah"
    assert incident.attack_type == "airstrike" and "inferred" in " ".join(incident.review_reasons)
    assert incident.latitude is None and incident.country == "IQ" and incident.needs_review


def test_attribution_by_an_official() -> None:
    text = ("A missile attack on Al Asad airbase in western Iraq on Sunday injured several US personnel. "
            "CENTCOM attributed the attack to the Islamic Resistance in Iraq.")
    (incident,) = extract(text)
    assert (incident.actor1, incident.attribution, incident.attributed_by) == ("Islamic Resistance in Iraq", "attributed", "CENTCOM")


def test_claim_covers_both_attacks() -> None:
    text = ("A drone struck Erbil air base on Saturday. Another drone was shot down near Harir air base the same night.\n"
            "The Islamic Resistance in Iraq claimed both operations on Telegram.")
    incidents = extract(text)
    assert len(incidents) == 2
    assert {(i.actor1, i.attribution) for i in incidents} == {("Islamic Resistance in Iraq", "claimed")}
    harir = next(i for i in incidents if "harir" in i.gazetteer_id)
    assert harir.sub_event_type == "Disrupted weapons use"


def test_umbrella_label_only_without_a_named_group() -> None:
    (umbrella,) = extract("Iran-backed militias fired rockets at Harir air base on Monday.")
    assert umbrella.actor1 == "Iran-backed militias"
    (named,) = extract("Iran-backed militias fired rockets at Harir air base on Monday; Kataib Hezbollah claimed the attack.")
    assert named.actor1 == "Kataib Hezbollah" and named.attribution == "claimed"


def test_unnamed_perpetrator_is_unattributed() -> None:
    (incident,) = extract("A roadside bomb exploded near a convoy on the highway near Nasiriyah on Wednesday, wounding two drivers.")
    assert incident.actor1 == "Unattributed" and incident.attribution == "unattributed"
    assert incident.attack_type == "ied" and incident.sub_event_type == "Remote explosive/landmine/IED" and incident.injured == 2
    assert incident.geo_precision == 2


def test_suicide_bombing_is_its_own_acled_kind() -> None:
    (incident,) = extract("A suicide bomber blew himself up at a checkpoint in Mosul on Monday, killing four soldiers.")
    assert (incident.attack_type, incident.sub_event_type, incident.fatalities) == ("ied", "Suicide bomb", 4)
    assert incident.event_date == dt.date(2024, 3, 11)


@pytest.mark.parametrize(
    "text",
    [
        "Attacks on US forces in Iraq and Syria have increased sharply since October.",
        "Iranian-backed groups have regularly rocketed and shelled bases in Iraq that host US forces.",
        "About 2,500 US troops remain in Iraq as part of the coalition.",
        "A strike on Erbil could ignite a broader conflict in the region.",
        "There is no likelihood that Iran will attack US forces at Ain al-Asad.",
        "Officials fear future drone attacks on Erbil airport.",
    ],
)
def test_background_habit_and_hypotheses_are_not_incidents(text: str) -> None:
    assert extract(text) == []


def test_intercepted_drone_and_launch_site() -> None:
    text = ("A drone targeting the US Embassy in Baghdad was shot down by the C-RAM system on Tuesday night. "
            "The drone was launched from a residential area near the airport in Baghdad.")
    (incident,) = extract(text)
    assert incident.event_type == "Strategic developments" and incident.sub_event_type == "Disrupted weapons use"
    assert incident.gazetteer_id == "geoinc:us-embassy-baghdad" and "airport" in incident.launch_location
    assert incident.launch_latitude is not None and abs(incident.launch_latitude - 33.26) < 0.1


def test_yearless_dates_stay_unknown_without_publication_date() -> None:
    (incident,) = extract("Rockets hit Harir air base on Sunday.", published=None)
    assert incident.event_date is None and incident.date_text == "on Sunday" and incident.needs_review


def test_incidents_carry_source_notes_and_stable_ids() -> None:
    text = "Rockets hit Harir air base on Sunday, officials said."
    first, second = extract(text, title="Rockets at Harir"), extract(text, title="Rockets at Harir")
    assert [i.id for i in first] == [i.id for i in second] and first[0].id.startswith("inc-")
    assert first[0].sources[0].article_id == "t" and first[0].sources[0].title == "Rockets at Harir"
    assert first[0].notes == text and first[0].latitude is not None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_arbitrary_text_never_raises(text: str) -> None:
    extract(text)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.sampled_from([
    "Rockets", "hit", "struck", "Erbil", "Ain al-Asad", "the", "attack", "on Tuesday", "killing", "three", "and", "a", ",", ".",
    "claimed", "Kataib Hezbollah", "was shot down", "from", "near", "Baghdad", "no casualties", "after", "last week", "\n", "—", "“", "KH",
]), max_size=60))
def test_attack_like_word_salad_never_raises(words: list[str]) -> None:
    for incident in extract(" ".join(words)):
        assert incident.id.startswith("inc-")
        assert incident.latitude is None or -90 <= incident.latitude <= 90


def test_arabic_report_read_from_cp1256(tmp_path) -> None:
    from geoinc.sources import read_inputs

    text = ("بغداد - الثلاثاء 12 آذار 2024\n\n"
            "سقطت ثلاثة صواريخ مساء الاثنين داخل قاعدة عين الأسد الجوية في محافظة الأنبار، "
            "ولم يسفر الهجوم عن وقوع إصابات.\n\n"
            "وعثرت القوات الأمنية على منصة الإطلاق قرب مدينة هيت.")
    path = tmp_path / "ar.txt"
    path.write_bytes(text.encode("cp1256"))
    (article,) = read_inputs([path])
    assert article.published == dt.date(2024, 3, 12) and article.published_from == "dateline"
    (incident,) = extract_incidents(article, default_geocoder())
    assert incident.gazetteer_id == "geoinc:ain-al-asad-air-base" and incident.attack_type == "rocket"
    assert incident.event_date == dt.date(2024, 3, 11) and (incident.fatalities, incident.injured) == (0, 0)
    assert incident.launch_latitude is not None


def test_headline_reporting_two_events() -> None:
    headline = "Turkish drone kills two in Sinjar as artillery pounds villages near Amadiya"
    incidents = extract(headline + "\n\nNo further details were given.", title=headline)
    assert sorted(i.attack_type for i in incidents) == ["artillery", "drone"]
    drone = next(i for i in incidents if i.attack_type == "drone")
    assert (drone.actor1, drone.fatalities) == ("Turkey", 2) and "Sinj" in drone.location


def test_an_earlier_attack_dated_from_the_one_just_told() -> None:
    text = ("On Saturday, the Islamic Resistance in Iraq claimed a rocket attack on Ain al-Asad air base. "
            "It came a day after the same group said it had launched a drone at US forces at al-Shaddadi in Syria.")
    by_place = {i.gazetteer_id: i for i in extract(text)}
    shaddadi = next(i for key, i in by_place.items() if "shaddadi" in key)
    assert shaddadi.attack_type == "drone" and shaddadi.event_date == dt.date(2024, 3, 8)
    assert (shaddadi.actor1, shaddadi.attribution) == ("Islamic Resistance in Iraq", "claimed")


# --- held-out error kinds: reactions, recalled attacks, attribution across sentences, casualty lists ---


def test_a_speaker_clause_ends_a_casualty_list() -> None:
    (incident,) = extract("Two rockets struck Ain al-Asad air base in western Iraq on Tuesday, wounding three US service members, a US official said.")
    assert incident.injured == 3
    assert read_casualties("killing two soldiers, a police officer and a civilian, officials said").fatalities == 4


@pytest.mark.parametrize(
    "text",
    [
        "The Iraqi government condemned any attack that endangers diplomatic missions in Baghdad.",
        "Iraq's prime minister called the strike on Jurf al-Sakhar an unacceptable attack on Iraqi sovereignty.",
        "Depending on whom you believe, the United States killed one man or three in Jurf al-Sakhar.",
        "Washington urged Baghdad to rein in militias that attacked US troops at Ain al-Asad.",
        'The Islamic Resistance in Iraq issued a statement on Monday praising "the heroes who struck the enemy" at Tower 22.',
        "Protesters in Baghdad denounced the US airstrike that killed a Kataib Hezbollah commander.",
        "Warships shoot down a lot of drones and missiles over the Red Sea, and that matters.",
        "Militia leaders vowed revenge for the strike on Jurf al-Sakhar.",
        "Thousands attended the funeral in Baghdad of the commander killed in the US strike.",
    ],
)
def test_reactions_appeals_and_opinions_are_not_attacks(text: str) -> None:
    assert extract(text) == []


def test_a_reaction_does_not_hide_the_attack_it_follows() -> None:
    text = ("A drone struck the Harir base in Erbil province on Sunday. "
            "Baghdad condemned the attack and called for restraint.")
    (incident,) = extract(text)
    assert incident.location == "Harir Air Base" and incident.event_date == dt.date(2024, 3, 10)


def test_a_recalled_attack_takes_its_date_from_the_span() -> None:
    text = ("A drone struck the Harir base in Erbil province on Sunday. "
            "The attack came ten days after a rocket attack on Ain al-Asad air base that wounded two contractors.")
    by_place = {i.location: i for i in extract(text)}
    assert by_place["Harir Air Base"].event_date == dt.date(2024, 3, 10)
    assert by_place["Ain al-Asad Air Base"].event_date == dt.date(2024, 2, 29)
    assert by_place["Ain al-Asad Air Base"].injured == 2


def test_an_attribution_goes_to_the_attack_of_its_kind() -> None:
    text = ("Rockets hit the Victory Base near Baghdad airport on Monday night. Hours later, a drone struck Ain al-Asad air base in Anbar. "
            "Iraqi security officials blamed Kataib Hezbollah for the rocket attack.")
    by_place = {i.location: i for i in extract(text)}
    assert by_place["Victory Base Complex"].actor1 == "Kataib Hezbollah"
    assert by_place["Ain al-Asad Air Base"].actor1 == "Unattributed"


def test_a_paragraph_heading_naming_a_group_makes_it_the_suspect() -> None:
    text = ("Kataib Hezbollah\n\nThe Iran-backed group has stepped up attacks in recent weeks. "
            "On Tuesday a drone hit the Conoco gas field in Deir ez-Zor, a US official said.")
    (incident,) = extract(text)
    assert incident.actor1 == "Kataib Hezbollah" and incident.attribution == "suspected"


def test_a_headline_claim_is_a_claim() -> None:
    text = ("Islamic Resistance in Iraq claims drone attack on Erbil\n\n"
            "A drone attack targeted Erbil airport late on Thursday, Kurdish counter-terrorism officials said, without causing casualties.")
    (incident,) = extract(text)
    assert incident.actor1 == "Islamic Resistance in Iraq" and incident.attribution == "claimed"


def test_a_reaction_to_a_dated_attack_still_reports_it() -> None:
    (incident,) = extract("The Iraqi government condemned Sunday's drone attack on Erbil airport.")
    assert incident.event_date == dt.date(2024, 3, 10) and incident.attack_type == "drone"


def test_a_group_statement_about_what_the_group_did_is_a_claim() -> None:
    text = ("A drone struck the Harir base in Erbil province on Sunday, officials said. No one was hurt.\n"
            "A statement by Kataib Hezbollah said the group fired a drone at the base.")
    (incident,) = extract(text)
    assert incident.actor1 == "Kataib Hezbollah" and incident.attribution == "claimed"


def test_a_buried_bomb_is_not_a_burial() -> None:
    (incident,) = extract("On Thursday, a minibus on the road outside Maiduguri struck a buried explosive device, killing three passengers.")
    assert incident.attack_type == "ied" and incident.fatalities == 3


def test_every_casualty_word_passes_the_casualty_gate() -> None:
    """The cheap substring gate before the casualty reading must not hide any word the reading knows."""
    import json
    import re
    from importlib import resources

    cues = json.loads(resources.files("geoinc").joinpath("data/extract_cues.json").read_text("utf-8"))
    stems = cues["casualty_stems"].split("|")
    words = {w for key in ("kill", "injure", "no_deaths", "no_injuries") for w in re.findall(r"[a-z]{4,}", cues[key])}
    words -= {"body", "nobody", "were", "toll"} | {"personnel", "troops", "soldiers", "people", "civilians", "immediate", "reported"}
    assert words and all(any(stem in w for stem in stems) for w in words), sorted(w for w in words if not any(s in w for s in stems))
    assert read_casualties("The attack left no casualities.").fatalities == 0


def test_unknown_doer_stays_unattributed_despite_a_habit_named_next_to_it() -> None:
    text = ("A drone struck Tower 22 on Sunday, killing three US soldiers. It was not immediately clear who was behind the attack, "
            "but Iran-backed militias have repeatedly targeted US forces.")
    (incident,) = extract(text)
    assert incident.actor1 == "Unattributed" and incident.fatalities == 3


def test_a_record_of_claims_is_not_a_claim_of_this_attack() -> None:
    text = ("A drone hit Erbil airport on Monday night. "
            "The Islamic Resistance in Iraq has claimed dozens of similar attacks since October.")
    (incident,) = extract(text)
    assert incident.attribution != "claimed"


@pytest.mark.parametrize(
    "text",
    [
        "The base in Erbil hosts about 900 US troops and was struck by Iranian missiles in 2022.",
        "The strike on Jurf al-Sakhar was the third US strike in Iraq this year.",
    ],
)
def test_background_and_evaluations_are_not_new_incidents(text: str) -> None:
    assert extract(text) == []


def test_shot_dead_counts_its_victims_and_another_killing_named_in_passing_is_not_a_toll() -> None:
    assert read_casualties("Unidentified gunmen shot dead a prominent tribal figure and his driver in Basra late on Monday.").fatalities == 2
    text = ("Gunmen shot dead a tribal figure in Basra on Monday. "
            "The killing came a day after a bomb exploded near a liquor store in Baquba, wounding three passers-by.")
    by_place = {i.place_text: i for i in extract(text)}
    assert by_place["Baquba"].fatalities == 0 and by_place["Baquba"].injured == 3


@pytest.mark.parametrize(
    "text, fatalities, injured",
    [
        ("killing two soldiers and wounding five others, the army said", 2, 5),
        ("Three soldiers were killed and a fourth was wounded, a spokesman said.", 3, 1),
        ("killing four civilians, the Syrian Observatory for Human Rights said", 4, None),
        ("killing two soldiers, a policeman and a civilian, officials said", 4, None),
        ("killing three Iraqi army soldiers, two policemen and a civilian worker, the military said", 6, None),
        ("killing a soldier, the army said", 1, None),
        ("wounding a US contractor, Iraqi officials and the coalition said", None, 1),
        ("wounding four people, including two children, according to local officials", None, 4),
    ],
)
def test_casualty_lists_end_at_their_source(text: str, fatalities: int | None, injured: int | None) -> None:
    found = read_casualties(text)
    assert (found.fatalities, found.injured) == (fatalities, injured)


def test_days_and_weeks_earlier_count_from_the_event_told_ago_from_publication() -> None:
    (ago,) = find_dates("Two weeks ago, a drone struck the base.")
    assert resolve(ago, PUBLISHED) == (dt.date(2024, 2, 29), 2)
    (earlier,) = find_dates("Ten days earlier, a drone struck the base.")
    assert resolve(earlier, PUBLISHED, (dt.date(2024, 3, 5), 1)) == (dt.date(2024, 2, 24), 1)


def test_the_day_of_a_press_conference_is_not_the_attacks() -> None:
    text = ("Two Katyusha rockets landed inside the K-1 military base north-west of Kirkuk on Tuesday night. "
            "The police chief said in a press conference on Wednesday that the attack on K-1 aimed to destabilise the city.")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert [(i.place_text, i.event_date.isoformat()) for i in incidents] == [("K-1", "2024-03-12")]


def test_weekday_headings_date_the_paragraphs_under_them() -> None:
    text = ("Weekly security roundup\n\n**Monday**\n\nGunmen attacked a checkpoint near Tarmiyah, killing two soldiers.\n\n"
            "**Tuesday**\n\nA roadside bomb hit an army patrol near Baiji in the evening, wounding three soldiers.\n")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 10)), default_geocoder())
    assert sorted((i.place_text, i.event_date.isoformat()) for i in incidents) == [("Baiji", "2024-03-05"), ("Tarmiyah", "2024-03-04")]


def test_relative_dates_under_a_dated_statement_count_from_the_statement() -> None:
    text = ("Security Media Cell statements, translated\n\n**Statement 2 (5 March 2024)**\n\n"
            "This morning, a drone struck a Popular Mobilization Forces position near Baiji, wounding two fighters.\n")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 10)), default_geocoder())
    assert [(i.place_text, i.event_date.isoformat()) for i in incidents] == [("Baiji", "2024-03-05")]


@pytest.mark.parametrize(("phrase", "day"), [
    ("on the eve of Ashura", "2025-07-05"),
    ("on Ashura", "2025-07-06"),
    ("the night before Nowruz", "2025-03-20"),
    ("the day after Eid al-Adha", "2025-06-07"),
    ("during Arbaeen", "2025-08-14"),
])
def test_holidays_and_their_eves(phrase: str, day: str) -> None:
    (expr,) = find_dates(phrase)
    assert resolve(expr, dt.date(2025, 9, 10)) == (dt.date.fromisoformat(day), 1)


@pytest.mark.parametrize(("sentence", "killed", "injured"), [
    ("The strike killed a man and his two sons, aged 12 and 14.", 3, None),
    ("A boy aged 12 was wounded.", None, 1),
    ("The blast killed a farmer, his mother and sister.", 3, None),
    ("The shelling wounded a 9-year-old girl.", None, 1),
])
def test_ages_are_not_counts_and_kin_are_people(sentence: str, killed: int | None, injured: int | None) -> None:
    toll = read_casualties(sentence)
    assert (toll.fatalities, toll.injured) == (killed, injured)


def test_a_toll_reported_that_counts_the_victims_not_the_sources() -> None:
    toll = read_casualties("Two security sources told us that 11 soldiers and several volunteer fighters (VDP) were killed at the post.")
    assert toll.fatalities == 11 and toll.notes == ["fatalities: count partly unknown"]


@pytest.mark.parametrize(("text", "attack_type", "injured", "killed"), [
    ("Someone threw a hand grenade at a wedding gathering in Baqubah on Saturday night, wounding five people, police said.", "other", 5, None),
    ("A motorcycle packed with explosives blew up outside a police station in Bannu on Sunday, killing two policemen.", "ied", None, 2),
])
def test_a_thrown_grenade_and_a_motorcycle_bomb_are_attacks(text: str, attack_type: str, injured: int | None, killed: int | None) -> None:
    (incident,) = extract_incidents(Article(id="t", text=text, published=dt.date(2025, 8, 5)), default_geocoder())
    assert (incident.attack_type, incident.injured or None, incident.fatalities or None) == (attack_type, injured, killed)


def test_one_relative_wounded_counts_one() -> None:
    assert read_casualties("His son was wounded.").injured == 1


@pytest.mark.parametrize("dateline", ["QUETTA: Nov 4 - ", "PESHAWAR, Nov 4: ", "PESHAWAR: "])
def test_a_datelines_day_is_not_the_attacks(dateline: str) -> None:
    text = dateline + "Militants attacked a police post in Lakki Marwat late on Sunday night, killing two policemen, officials said."
    (incident,) = extract_incidents(Article(id="t", text=text, published=dt.date(2025, 11, 4)), default_geocoder())
    assert incident.event_date == dt.date(2025, 11, 2)
