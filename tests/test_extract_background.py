"""Reading the finer points: background is no incident, a description of the dead is no count, and
lunar holidays and times of day date an attack."""

from __future__ import annotations

import datetime as dt

import pytest

from geoinc.extraction import extract_incidents
from geoinc.geocoding import default_geocoder
from geoinc.model import Article


def extract(text: str) -> list:
    return extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())


@pytest.mark.parametrize("text", [
    "The Houthis began attacking ships in the Red Sea in November.",
    "Militias first began claiming attacks on Erbil airport in October.",
    "The group has been firing rockets at Ain al-Asad for months.",
    "Each Israeli strike near Nabatieh raises the risk of a wider war.",
    "The last time Hezbollah fired at Haifa was during the 2006 war.",
    "Officials fear a repeat of the 2019 attack on K-1 air base that killed a US contractor.",
    "Police said they had foiled a plot to bomb a church in Kirkuk on Tuesday.",
    "A bomb threat forced the evacuation of Erbil airport on Tuesday; it turned out to be a hoax.",
    "Residents said they heard explosions near the airport on Tuesday night, but officials later said it was a controlled detonation.",
])
def test_the_start_of_a_campaign_is_background(text: str) -> None:
    assert extract(text) == []


def test_an_attack_told_next_to_a_campaign_that_started_is_still_read() -> None:
    (incident,) = extract("Rockets struck Erbil airport on Tuesday after militias started firing at the base again.")
    assert (incident.place_text, incident.attack_type, incident.event_date) == ("Erbil airport", "rocket", dt.date(2024, 3, 12))


@pytest.mark.parametrize("text, fatalities", [
    ("Two soldiers were shot dead at a checkpoint.", 2),
    ("A policeman was shot dead at a checkpoint.", 1),
    ("Gunmen shot dead a tribal leader and his driver.", 2),
    ("One of the officials said the dead included a drone specialist.", None),
    ("The commander and two of his companions were killed.", 3),
    ("The strike killed a senior commander and two of his aides.", 3),
])
def test_shot_dead_counts_and_the_dead_included_does_not(text: str, fatalities: int | None) -> None:
    from geoinc.extraction.casualties import read_casualties

    assert read_casualties(text).fatalities == fatalities


@pytest.mark.parametrize("text, published, day", [
    ("Rockets struck Erbil airport on the first night of Eid al-Fitr, officials said.", dt.date(2024, 4, 12), dt.date(2024, 4, 10)),
    ("A drone hit Harir air base during Eid al-Adha, officials said.", dt.date(2023, 7, 1), dt.date(2023, 6, 28)),
    ("A rocket struck Erbil airport shortly before midnight on New Year's Eve, police said.", dt.date(2024, 1, 2), dt.date(2023, 12, 31)),
])
def test_lunar_holidays_and_a_time_of_day_date_the_attack(text: str, published: dt.date, day: dt.date) -> None:
    (incident,) = extract_incidents(Article(id="t", text=text, published=published), default_geocoder())
    assert (incident.event_date, incident.time_precision) == (day, 1)


def test_and_another_wounded_counts_one() -> None:
    from geoinc.extraction.casualties import read_casualties

    toll = read_casualties("A soldier was killed and another wounded when the convoy was hit.")
    assert (toll.fatalities, toll.injured) == (1, 1)


def test_a_ground_attack_fought_off_is_an_armed_clash_and_an_intercepted_drone_is_disrupted() -> None:
    (clash,) = extract("Nigerian troops repelled an attack by ISWAP fighters on a military base in Monguno on Saturday, killing ten insurgents.")
    assert (clash.event_type, clash.sub_event_type) == ("Battles", "Armed clash")
    (drone,) = extract("Air defences at Harir air base intercepted a drone on Tuesday.")
    assert (drone.event_type, drone.sub_event_type) == ("Strategic developments", "Disrupted weapons use")


def test_an_attack_beside_a_controlled_detonation_stands() -> None:
    (incident,) = extract("Two rockets hit Erbil airport on Tuesday; a second blast an hour later was a controlled detonation by bomb squads.")
    assert (incident.place_text, incident.attack_type) == ("Erbil airport", "rocket")


@pytest.mark.parametrize("text", [
    "Balad air base, a frequent target of rocket attacks, hosts US contractors.",
    "Repeated rocket attacks on Balad air base forced contractors to leave.",
    "Erbil airport has become a favourite target of drone attacks.",
])
def test_a_frequent_target_is_background(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize("text", [
    "Ain al-Asad, a frequent target of Iran-backed militias, was struck by two drones on Tuesday.",
    "A rocket hit Ain al-Asad on Tuesday, the latest in repeated attacks on the base.",
])
def test_a_dated_attack_on_a_frequent_target_is_read(text: str) -> None:
    (incident,) = extract(text)
    assert (incident.place_text, incident.event_date) == ("Ain al-Asad", dt.date(2024, 3, 12))


def test_the_target_of_a_weapon_was_attacked() -> None:
    (incident,) = extract("The US Embassy in Baghdad was the intended target of an armed drone on Tuesday.")
    assert (incident.location, incident.attack_type) == ("US Embassy in Baghdad", "drone")


def test_a_date_ending_a_sentence_is_no_initial() -> None:
    from geoinc.extraction.sentences import split_sentences

    text = "Rockets hit the base on March 5. Ten days earlier a drone struck Erbil."
    assert [s.text for s in split_sentences(text)] == ["Rockets hit the base on March 5.", "Ten days earlier a drone struck Erbil."]


def test_an_attack_recalled_from_months_before_is_background_unless_asked_for() -> None:
    text = "In January, a drone struck Erbil airport, officials said. Rockets hit Ain al-Asad on Tuesday."
    assert [i.place_text for i in extract(text)] == ["Ain al-Asad"]
    recalled = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder(), background=True)
    assert sorted(i.place_text for i in recalled) == ["Ain al-Asad", "Erbil airport"]


def test_an_attack_last_month_is_news() -> None:
    (incident,) = extract("Last month, a drone struck Erbil airport, officials said.")
    assert (incident.event_date.month, incident.time_precision) == (2, 3)


@pytest.mark.parametrize("text", [
    "Kirkuk court hears confessions in bus bombing trial",
    "Relatives of the victims attended the hearing of the attack suspects in Kirkuk on Tuesday.",
])
def test_an_attack_named_as_a_court_matter_is_no_new_attack(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize("text, published, day", [
    ("A rocket hit Erbil airport last Wednesday, officials said.", dt.date(2024, 1, 3), dt.date(2023, 12, 27)),
    ("A rocket hit Erbil airport on Wednesday, officials said.", dt.date(2024, 1, 3), dt.date(2024, 1, 3)),
    ("A rocket hit Erbil airport overnight into 1 January, officials said.", dt.date(2024, 1, 3), dt.date(2024, 1, 1)),
    ("A rocket hit Erbil airport overnight on Saturday, officials said.", dt.date(2024, 1, 3), dt.date(2023, 12, 30)),
])
def test_last_weekday_and_the_night_named_after_overnight(text: str, published: dt.date, day: dt.date) -> None:
    (incident,) = extract_incidents(Article(id="t", text=text, published=published), default_geocoder())
    assert incident.event_date == day


@pytest.mark.parametrize("text", [
    "Turkish jets and drones pound the valleys of Duhok and Erbil provinces, villagers flee their orchards.",
    "Militias target US bases in Iraq with drones and rockets.",
    "An investigation found that the drone that hit Tower 22 had approached at the same time as a US drone.",
    "The attack came as Turkey pressed a weekend of strikes across the Kurdistan Region.",
])
def test_habits_told_in_the_present_and_attacks_the_reader_knows_are_not_new(text: str) -> None:
    assert extract("Opinion\n\n" + text) == []


def test_a_dated_attack_in_a_weekend_of_strikes_is_read() -> None:
    (incident,) = extract("Headline\n\nA Turkish drone struck a car near Amadiya on Saturday, the latest in a weekend of strikes in the Kurdistan Region.")
    assert (incident.place_text, incident.actor1) == ("Amadiya", "Turkey")


@pytest.mark.parametrize("text, fatalities", [
    ("The attack killed between five and seven soldiers.", 5),
    ("The blast killed 5 to 7 people, officials said.", 5),
    ("Gunmen killed 4-6 people.", 4),
    ("Local commander Ahmed Saleh was killed in the strike.", 1),
    ("The strike killed Ahmed Saleh, a local commander.", 1),
    ("The strike killed Ahmed Saleh, a local commander, and two guards.", 3),
    ("Militants beheaded a village chief.", 1),
    ("Hezbollah announced the martyrdom of two of its fighters.", 2),
    ("The militia said in a statement that two of its members were killed and four wounded in the strike.", 2),
    ("A soldier and two civilians were killed.", 3),
    ("A few soldiers were killed.", None),
    ("A dozen soldiers were killed.", 12),
    ("The group mourned the martyrdom of its commander.", 1),
    ("Iraqi Army soldiers were killed.", None),
])
def test_ranges_count_their_lowest_and_a_named_victim_counts_one(text: str, fatalities: int | None) -> None:
    from geoinc.extraction.casualties import read_casualties

    assert read_casualties(text).fatalities == fatalities


def test_a_day_earlier_and_the_same_day_count_from_the_attack_just_told() -> None:
    text = ("Headline\n\nRockets struck Erbil airport on Monday, officials said. A day earlier, a drone hit Harir air base. "
            "On the same day, a roadside bomb struck a convoy near Samawa.")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 16)), default_geocoder())
    assert [i.event_date.day for i in incidents] == [11, 10, 10]


def test_a_comparison_after_a_dated_attack_is_no_habit() -> None:
    text = ("Headline\n\nAn Israeli drone strike on a motorcycle south of Tyre killed a member of Hezbollah on Tuesday "
            "afternoon, in one of the deepest strikes in the area in recent weeks.")
    (incident,) = extract(text)
    assert (incident.place_text, incident.event_date, incident.fatalities) == ("Tyre", dt.date(2024, 3, 12), 1)


def test_a_war_toll_is_no_toll_of_the_attack_before_it() -> None:
    text = ("Headline\n\nOn Tuesday, militants opened fire on a checkpoint at the entrance of Gajiram, wounding two vigilantes. "
            "The Boko Haram insurgency, which began in 2009, has killed more than 40,000 people, according to UN figures.")
    (incident,) = extract(text)
    assert (incident.injured, incident.fatalities) == (2, 0)


def test_the_weapons_a_target_used_are_not_the_attacks() -> None:
    text = ("Headline\n\nAn Israeli drone strike south of Tyre killed a member of Hezbollah on Tuesday. The Israeli military "
            "said it had struck a Hezbollah operative involved in rocket launches in the Tyre area.")
    (incident,) = extract(text)
    assert (incident.attack_type, incident.actor1) == ("drone", "Israel")


def test_thousands_are_not_split_at_the_comma() -> None:
    from geoinc.extraction.casualties import read_casualties

    assert read_casualties("The blast killed 1,200 people.").fatalities == 1200


def test_cells_that_carry_out_ambushes_are_a_habit() -> None:
    text = "Analysis\n\nIts remaining cells operate in the desert west of Samarra and carry out small ambushes rather than bombings."
    assert extract(text) == []


def test_people_neutralised_in_an_air_operation_is_an_airstrike_not_an_interception() -> None:
    (incident,) = extract("Headline\n\nIn an air operation near Amadiya on Tuesday, five PKK militants were neutralised, the ministry said.")
    assert (incident.attack_type, incident.sub_event_type) == ("airstrike", "Air/drone strike")


def test_drones_neutralised_by_air_defences_were_intercepted() -> None:
    (incident,) = extract("Headline\n\nAir defences neutralised two drones over Erbil airport on Tuesday.")
    assert incident.sub_event_type == "Disrupted weapons use"


def test_an_explainer_in_the_present_tells_no_attack() -> None:
    text = ("Explainer\n\nIt fires anti-tank missiles, rockets and drones at Israeli army positions and border towns; "
            "Israel responds with airstrikes and artillery, and has increasingly struck Hezbollah commanders in cars "
            "and homes deep inside Lebanon.")
    assert extract(text) == []


def test_dozens_wounded_is_an_unknown_count_of_the_attack_before() -> None:
    text = "Headline\n\nA car bomb exploded in a market in Sadr City on Tuesday. Dozens of people were wounded, police said."
    (incident,) = extract(text)
    assert (incident.fatalities, incident.injured) == (0, None)


def test_a_year_ago_today_is_dated_a_year_back_and_is_background() -> None:
    text = "Anniversary\n\nA year ago today, a drone hit Tower 22 in Jordan, killing three US soldiers."
    assert extract_incidents(Article(id="t", text=text, published=dt.date(2025, 1, 28)), default_geocoder()) == []
    (recalled,) = extract_incidents(Article(id="t", text=text, published=dt.date(2025, 1, 28)), default_geocoder(), background=True)
    assert (recalled.event_date, recalled.time_precision) == (dt.date(2024, 1, 28), 1)


def test_days_before_a_named_event_do_not_move_the_named_day() -> None:
    text = ("Headline\n\nThe court sat last year. On Sunday, two days before the hearing, a roadside bomb struck an army "
            "patrol near Kirkuk, killing one soldier.")
    (incident,) = extract(text)
    assert incident.event_date == dt.date(2024, 3, 10)


def test_an_anniversary_piece_keeps_only_the_new_strike_dated_from_the_ceremony() -> None:
    text = ("A year after the drone strike that killed six members of a family in Jurf al-Sakhar, residents "
            "gathered on Tuesday to remember them. Hours after the ceremony, a drone struck a car on the edge of "
            "the town, killing two men, local officials said.")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert [(i.place_text, i.event_date.isoformat(), i.fatalities) for i in incidents] == [("Jurf al-Sakhar", "2024-03-12", 2)]


def test_a_court_report_and_an_opinion_column_report_no_new_attack() -> None:
    court = ("Baghdad court sentences three men to death over Karrada market bombing\n\n"
             "A criminal court in Baghdad on Tuesday sentenced three men to death for their role in the car bombing "
             "of a crowded market in the Karrada district that killed 14 people, the Supreme Judicial Council said.")
    column = ("Every summer the same pattern repeats. A drone hits an oil field in the Kurdistan Region, Baghdad "
              "promises an investigation, and nothing happens. When drones struck the Khor Mor gas field, the lights "
              "went out across Sulaimani for days.")
    for text in (court, column):
        assert extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder()) == []


def test_a_live_blog_entry_in_the_present_is_news() -> None:
    text = "10:25 - An Israeli drone strikes a car near Tyre, killing two people, the state news agency says."
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert [(i.place_text, i.actor1, i.fatalities) for i in incidents] == [("Tyre", "Israel", 2)]


@pytest.mark.parametrize("text", [
    "In September, junta airstrikes killed at least 120 civilians across Sagaing region, according to a local monitoring group.",
    "Last week alone, Russian drones killed 14 civilians in the Kharkiv region.",
    "So far this year, the army has carried out 45 airstrikes on villages in Magway, killing 210 people.",
])
def test_a_tally_of_many_attacks_is_not_an_incident(text: str) -> None:
    assert extract_incidents(Article(id="t", text=text, published=dt.date(2025, 10, 8)), default_geocoder()) == []


def test_a_junta_airstrike_is_the_home_forces_attack() -> None:
    text = "Junta airstrikes hit a village in Kanbalu township in Sagaing region on Saturday, killing 18 people, residents said."
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2025, 10, 8)), default_geocoder())
    assert [(i.location, i.actor1, i.fatalities) for i in incidents] == [("Kanbalu", "Myanmar military", 18)]
