"""A headline, a region and the body's account of the same attack are one incident, placed and dated by the body."""

from __future__ import annotations

import datetime as dt

import pytest

from geoinc.extraction import extract_incidents
from geoinc.geocoding import default_geocoder
from geoinc.model import Article


def test_a_headline_stamped_with_the_filing_day_merges_with_the_body_account() -> None:
    text = ("Drone downed over Harir base as rockets land near Erbil airport, 14 MAR\n\n"
            "Air defences at Harir air base shot down a drone on Tuesday night, a US official said. "
            "On Wednesday, two rockets landed near Erbil airport, causing no damage, police said.")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert sorted((i.location, i.attack_type, i.event_date) for i in incidents) == [
        ("Erbil Air Base", "rocket", dt.date(2024, 3, 13)),
        ("Harir Air Base", "drone", dt.date(2024, 3, 12)),
    ]


def test_a_headline_naming_another_place_for_the_body_attack_is_not_a_second_incident() -> None:
    text = ("Kataib Hezbollah rockets hit Baghdad airport\n\n"
            "Kataib Hezbollah fired two rockets at the Victory Base complex on Tuesday night, causing no casualties, "
            "Iraqi officials said.")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert [(i.place_text, i.actor1, i.event_date) for i in incidents] == [("Victory Base", "Kataib Hezbollah", dt.date(2024, 3, 12))]


def test_an_attack_told_first_in_a_region_then_at_its_town_is_one_incident_at_the_town() -> None:
    text = ("A Turkish drone struck a vehicle in the Kurdistan Region on Tuesday, killing two people, local officials said. "
            "The drone hit the car on a road near Amadiya, the officials said.")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert [(i.place_text, i.actor1, i.fatalities) for i in incidents] == [("Amadiya", "Turkey", 2)]


def test_a_distance_and_direction_from_a_place_moves_the_point_there() -> None:
    text = "Islamic State militants ambushed a Syrian army bus 60 km east of Palmyra in Syria on Tuesday, killing nine soldiers."
    (incident,) = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert incident.location.startswith("60 km east of ") and incident.place_text == "Palmyra"
    assert incident.geo_precision == 2
    # Palmyra's point is about 34.55 N, 38.3 E: 60 km due east keeps the latitude and adds about 0.65 degrees of longitude
    assert abs(incident.latitude - 34.55) < 0.05 and 38.85 < incident.longitude < 39.05


def test_a_clock_time_is_not_a_place() -> None:
    text = "At about 11 p.m. (Baghdad time) on Tuesday, two rockets struck near Al Qaim, police said."
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert [i.place_text for i in incidents] == ["Al Qaim"]


def test_a_weapon_named_like_a_place_is_not_a_place() -> None:
    text = "Russian forces fired Grad rockets at Nikopol on Tuesday, wounding two civilians, the regional governor said."
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert [(i.place_text, i.attack_type) for i in incidents] == [("Nikopol", "rocket")]


def test_a_headline_lends_its_actor_only_to_the_places_of_its_own_clause() -> None:
    text = ("Mortars hit Mogadishu airport as US strikes al-Shabaab near Jilib\n\n"
            "Several mortar rounds landed inside the Halane compound at Mogadishu airport on Tuesday, police said. "
            "Separately, US Africa Command said it struck al-Shabaab fighters near Jilib on Monday.")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert sorted((i.place_text, i.actor1) for i in incidents) == [("Jilib", "United States"), ("Mogadishu airport", "Unattributed")]


@pytest.mark.parametrize("headline", [
    "Rockets target US troops at Ain al-Asad",
    "Three US soldiers wounded in drone attack on Erbil base",
])
def test_the_victims_named_in_a_headline_are_not_its_doers(headline: str) -> None:
    text = headline + "\n\nThe attack happened on Monday, officials said."
    (incident,) = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert (incident.actor1, incident.attribution) == ("Unattributed", "unattributed")


def test_a_headline_near_a_city_is_the_bodys_attack_close_to_it() -> None:
    text = ("Soldiers killed north of Baghdad as attacks flare\n\n"
            "Suspected Islamic State militants attacked an army checkpoint on the outskirts of Tarmiyah late on Sunday, "
            "killing three soldiers, officials said.")
    (incident,) = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 14)), default_geocoder())
    assert (incident.place_text, incident.fatalities) == ("Tarmiyah", 3)


def test_a_recap_bullet_heading_and_its_paragraph_are_one_incident_dated_by_the_heading() -> None:
    text = ("## Deir ez-Zor\n\n"
            "- **Night raid in al-Busayrah (Friday 8 March).** US forces, in what Central Command called a partnered "
            "operation, raided a house in al-Busayrah overnight, killing an Islamic State official.\n")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 3, 12)), default_geocoder())
    assert [(i.actor1, i.event_date.isoformat()) for i in incidents] == [("United States", "2024-03-08")]


def test_a_base_targeted_twice_is_the_two_attacks_told_below() -> None:
    text = ("Ain al-Asad base targeted twice in 24 hours\n\n"
            "Ain al-Asad air base in western Anbar province was targeted twice in less than 24 hours, security sources said on Tuesday.\n\n"
            "On Monday evening, at least four Katyusha rockets were launched towards the base, a source said.\n\n"
            "Early on Tuesday, the base's air defence systems intercepted a drone that approached from the northeast.")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 8, 6)), default_geocoder())
    assert sorted((i.event_date.isoformat(), i.attack_type, i.location) for i in incidents) == [
        ("2024-08-05", "rocket", "Ain al-Asad Air Base"), ("2024-08-06", "drone", "Ain al-Asad Air Base")]
