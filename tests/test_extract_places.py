"""Where an attack was: roads between two towns, people named like places, and the reporter's dateline."""

from __future__ import annotations

import datetime as dt

from geoinc.extraction import extract_incidents
from geoinc.geocoding import default_geocoder
from geoinc.model import Article


def extract(text: str) -> list:
    return extract_incidents(Article(id="t", text=text, published=dt.date(2025, 5, 13)), default_geocoder())


def test_a_road_between_two_towns_is_one_place_between_them() -> None:
    (incident,) = extract("On Monday, a military truck struck a roadside bomb on the Maiduguri–Damboa road, killing three soldiers.")
    assert incident.location == "Maiduguri–Damboa road" and incident.geo_precision == 2
    assert 11.3 < incident.latitude < 11.8 and 12.8 < incident.longitude < 13.1  # between Maiduguri (11.85, 13.16) and Damboa (11.16, 12.76)


def test_the_road_between_x_and_the_town_of_y_is_one_place() -> None:
    (incident,) = extract("A drone struck a car on the road between Konduga and the town of Bama in Borno State on Saturday, killing two.")
    assert incident.location.endswith(" road") and "Konduga" in incident.place_text and "Bama" in incident.place_text


def test_a_distance_along_the_road_places_the_attack() -> None:
    (incident,) = extract("On Monday, a truck struck a roadside bomb on the Maiduguri–Damboa road about 25 km north of Damboa.")
    assert incident.location == "25 km north of Damboa" and abs(incident.latitude - (11.16 + 0.225)) < 0.05


def test_a_headline_town_and_the_bodys_road_through_it_are_one_attack() -> None:
    text = ("Minibus bomb kills four on Mogadishu road\n\n"
            "The minibus was hit on Monday morning on the Mogadishu–Afgoye road. Four passengers were killed.")
    (incident,) = extract(text)
    assert incident.location == "Mogadishu–Afgooye road" and incident.fatalities == 4


def test_a_soldier_named_after_a_place_is_not_the_place() -> None:
    text = "Sgt. William Rivers and Spc. Kennedy Sanders were killed when a drone hit Tower 22 on Sunday."
    assert [i.location for i in extract(text)] == ["Tower 22"]


def test_a_dateline_with_the_date_in_brackets_is_not_the_event_date() -> None:
    (incident,) = extract("SULAYMANIYAH, Iraq (May 13, 2025) — A Turkish drone struck a car near Penjwen on Saturday afternoon.")
    assert incident.event_date == dt.date(2025, 5, 10)


def test_a_village_and_its_district_are_one_place() -> None:
    text = ("Headline\n\nPKK fighters attacked a Turkish military outpost on a ridge above Kani Masi, near the border "
            "in Amadiya district, late on Sunday, Turkey's defence ministry said.")
    assert [i.place_text for i in extract(text)] == ["Kani Masi"]


def test_a_headline_district_is_the_bodys_village_in_it() -> None:
    text = ("Shelling empties villages in Zakho district\n\n"
            "On Sunday, Turkish artillery shelled the hills around villages in the Batifa subdistrict of Zakho district, "
            "in Duhok province, forcing dozens of families to leave.")
    assert [(i.place_text.split()[0], i.actor1) for i in extract(text)] == [("Batifa", "Turkey")]


def test_the_country_after_a_named_base_is_not_another_site() -> None:
    (incident,) = extract("Headline\n\nRockets hit the Ali Al Salem air force base in Kuwait on Tuesday.")
    assert incident.location == "Ali Al Salem Air Base"


def test_the_airport_in_a_city_is_the_citys_airport() -> None:
    incidents = extract("Headline\n\nA drone hit Harir and the airport in Baghdad on Tuesday.")
    assert [i.location for i in incidents] == ["Harir Air Base", "Baghdad International Airport"]


def test_an_air_force_strikes_from_the_air() -> None:
    (incident,) = extract("Headline\n\nThe Nigerian Air Force struck insurgent positions near Marte on Tuesday.")
    assert (incident.attack_type, incident.actor1) == ("airstrike", "Nigerian security forces")


def test_a_site_named_to_say_where_a_town_lies_is_not_the_place() -> None:
    text = ("Headline\n\nOn Tuesday, fighters attacked a checkpoint at the entrance of Dhiban, a town on the eastern bank "
            "just south of the al-Omar oil field, killing two.")
    assert [i.place_text for i in extract(text)] == ["Dhiban"]


def test_a_distance_from_a_town_inside_a_province_places_the_attack() -> None:
    (incident,) = extract("Headline\n\nIn Kirkuk province, militants attacked shepherds near a village about 15 km south of Daquq on Monday.")
    assert incident.location.startswith("15 km south of ")


def test_rockets_fired_from_one_place_that_landed_near_another_hit_the_other() -> None:
    text = ("Headline\n\nOn Saturday, about a dozen rockets fired from southern Lebanon landed in open fields near "
            "Kiryat Shmona, Israel's largest town near the border.")
    (incident,) = extract(text)
    assert (incident.place_text, incident.country) == ("Kiryat Shmona", "IL")


def test_a_town_named_as_a_highways_end_is_not_the_place() -> None:
    text = ("Headline\n\nOn Monday morning, a roadside bomb exploded beside a convoy of fuel tankers on the international "
            "highway linking Baghdad to the Jordanian border, about 30 km east of the town of Rutba in Anbar province.")
    (incident,) = extract(text)
    assert incident.location.startswith("30 km east of ") and incident.place_text == "Rutba"


def test_rockets_intercepted_over_the_town_named_in_the_sentence_before() -> None:
    text = ("12:30 - Sirens sounded in Kiryat Shmona a short while ago. The Israeli army says air defences "
            "intercepted two rockets launched from Lebanon over the town, while a third fell in an open area.")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2024, 6, 12)), default_geocoder())
    assert [(i.place_text, i.launch_location, i.sub_event_type) for i in incidents] == [
        ("Kiryat Shmona", "Lebanon", "Disrupted weapons use")]


def test_a_town_across_the_river_from_another_is_the_place_the_other_a_reference() -> None:
    text = "Russian artillery shelled Marhanets, across the river from the Russian-occupied Enerhodar, on Tuesday, wounding two women."
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2025, 10, 8)), default_geocoder())
    assert [i.location for i in incidents] == ["Marhanets"]


def test_a_headline_naming_the_region_is_the_bodys_attack_in_it() -> None:
    text = ("Airstrike in Sagaing region kills 18\n\n"
            "A military jet bombed a village in Kanbalu township in Myanmar's Sagaing region on Saturday night, killing at least 18 people.")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2025, 10, 7)), default_geocoder())
    assert [(i.location, i.actor1, i.fatalities) for i in incidents] == [("Kanbalu", "Myanmar military", 18)]


def test_the_airport_named_in_the_launch_phrase_is_the_target() -> None:
    text = "Rockets launched from farmland south of Baghdad International Airport struck near the airport's logistics area on Sunday, officials said."
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2025, 8, 5)), default_geocoder())
    assert [(i.location, i.launch_location != "") for i in incidents] == [("Baghdad International Airport", True)]


def test_provinces_a_mountain_range_straddles_are_not_three_attacks() -> None:
    text = ("An Iraqi airstrike hit an Islamic State hideout in the Hamrin mountains, straddling Diyala, Salahuddin "
            "and Kirkuk provinces, on Sunday, killing four militants.")
    incidents = extract_incidents(Article(id="t", text=text, published=dt.date(2025, 8, 5)), default_geocoder())
    assert [(i.actor1, i.fatalities) for i in incidents] == [("Iraqi security forces", 4)]
