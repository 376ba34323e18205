"""Who did it, across sentences: claims and suspicions voiced after the attacks they are about."""

from __future__ import annotations

import datetime as dt

import pytest

from geoinc.extraction import extract_incidents
from geoinc.geocoding import default_geocoder
from geoinc.model import Article

PUBLISHED = dt.date(2024, 3, 14)  # a Thursday


def actors_by_place(text: str) -> dict[str, tuple[str, str]]:
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    return {i.place_text: (i.actor1, i.attribution) for i in incidents}


def test_a_suspicion_after_no_one_claimed_either_attack_covers_both() -> None:
    text = ("Three rockets struck the Victory Base complex on Saturday night, officials said. "
            "On Monday, a roadside bomb hit a supply convoy on the highway near Diwaniyah, wounding a driver.\n\n"
            "No group claimed responsibility for either attack. Iraqi officials said they suspect Iran-backed "
            "militias, which have stepped up attacks on US interests at sensitive moments.")
    assert actors_by_place(text) == {
        "Victory Base": ("Iran-backed militias", "suspected"),
        "Diwaniyah": ("Iran-backed militias", "suspected"),
    }


def test_a_claim_naming_a_place_goes_to_the_attack_there_only() -> None:
    text = ("A drone struck Harir air base on Tuesday, causing no damage. "
            "On Wednesday, two rockets landed near Erbil airport, officials said. "
            "Kataib Hezbollah claimed responsibility for the Harir attack in a statement on Telegram.")
    assert actors_by_place(text) == {
        "Harir air base": ("Kataib Hezbollah", "claimed"),
        "Erbil airport": ("Unattributed", "unattributed"),
    }


def test_a_no_claim_sentence_naming_places_scopes_the_suspicion_that_follows() -> None:
    text = ("Rockets hit the Victory Base complex on Saturday. On Sunday a small drone crashed inside Balad air base. "
            "Saraya Awliya al-Dam claimed the Balad attack. "
            "No group has claimed the barrage on Victory Base. Officials said they suspect Kataib Hezbollah.")
    assert actors_by_place(text) == {
        "Victory Base": ("Kataib Hezbollah", "suspected"),
        "Balad air base": ("Saraya Awliya al-Dam", "claimed"),
    }


def test_places_listed_after_the_first_target_are_targets_too_far_from_the_verb() -> None:
    text = ("US aircraft struck militia positions near Al Bukamal, the Syrian side of the border crossing, "
            "as well as weapons depots in and around al-Mayadin and a command post on the edge of Hajin on Friday.")
    assert actors_by_place(text) == {
        "Al Bukamal": ("United States", "attributed"),
        "al-Mayadin": ("United States", "attributed"),
        "Hajin": ("United States", "attributed"),
    }


def test_a_claim_naming_the_base_holds_despite_promises_of_more() -> None:
    text = ("Several rockets struck Harir air base on Friday evening, a US official said. "
            "In a statement on Telegram, the Islamic Resistance in Iraq said it had targeted \"the occupation base "
            "at Harir\" and promised further operations as long as the aggression on Gaza continues.")
    assert actors_by_place(text) == {"Harir air base": ("Islamic Resistance in Iraq", "claimed")}


def test_the_actors_nationalities_do_not_pull_places_toward_their_country() -> None:
    from geoinc.extraction import _where_about

    geocoder = default_geocoder()
    text = ("Rockets struck U.S. forces at a base near Shaddadi in eastern Syria on Tuesday, a U.S. official said. "
            "U.S. troops were not hurt, U.S. officials said, and U.S. aircraft later struck the launch site.")
    context = _where_about(text, geocoder.spot(text), geocoder)
    assert context.countries[0] == "SY"
    assert "US" not in context.countries


def test_a_spokesman_speaking_of_his_sides_forces_and_then_he_also_claimed() -> None:
    text = ("Houthi military spokesman Yahya Saree said in a televised statement that the group's forces had fired "
            "two missiles at a tanker off Mokha on Tuesday. He also claimed a drone attack on Eilat on Wednesday.")
    assert actors_by_place(text) == {"Mokha": ("Houthis", "claimed"), "Eilat": ("Houthis", "claimed")}


def test_a_military_saying_its_jets_struck_claims_the_strike() -> None:
    assert actors_by_place("The Israeli military said its jets struck a Hezbollah weapons depot near Nabatieh on Tuesday.") == {
        "Nabatieh": ("Israel", "claimed")}


def test_an_official_finding_after_no_group_claimed_it_attributes_the_attack() -> None:
    text = ("A drone struck the Rumalyn landing zone in Syria on March 4, wounding two U.S. troops. No group claimed it. "
            "On Friday, CENTCOM said it assesses that the March 4 attack was carried out by Kataib Hezbollah.")
    (incident,) = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert (incident.actor1, incident.attribution, incident.attributed_by) == ("Kataib Hezbollah", "attributed", "CENTCOM")
    assert incident.event_date == dt.date(2024, 3, 4)


def test_claimed_by_a_group_with_an_adjective_before_its_name() -> None:
    text = ("Several rockets struck Harir air base on Friday evening, a U.S. official said, in an attack claimed by the "
            "Iran-backed Islamic Resistance in Iraq.")
    assert actors_by_place(text) == {"Harir air base": ("Islamic Resistance in Iraq", "claimed")}


def test_a_long_apposition_between_the_group_and_its_claim() -> None:
    text = ("A small drone crashed inside Balad air base on Sunday, causing no damage. Saraya Awliya al-Dam, a militia "
            "group that has emerged in recent years as a front for more established factions, claimed responsibility "
            "for the attack in a statement on Telegram.")
    assert actors_by_place(text) == {"Balad air base": ("Saraya Awliya al-Dam", "claimed")}


def test_suspected_one_of_the_factions_that_have_operated_since_is_a_suspicion() -> None:
    text = ("Two rockets struck the Victory Base complex late Monday. No group claimed the attack. A senior Iraqi "
            "security official said investigators suspected one of the smaller Iran-aligned factions that have "
            "operated under new names since the larger groups announced a pause in attacks.")
    assert actors_by_place(text) == {"Victory Base": ("Iran-backed militias", "suspected")}


def test_a_military_saying_it_responded_by_shelling_claims_the_shelling() -> None:
    text = "The Israeli army said it had responded by shelling the outskirts of the Lebanese border village of Kfar Kila on Saturday."
    assert actors_by_place(text) == {"Kfar Kila": ("Israel", "claimed")}


def test_they_and_the_jets_are_the_doers_of_the_sentence_before() -> None:
    text = ("Headline\n\nThe Houthis fired two ballistic missiles at a tanker off Mokha on Tuesday. They also launched drones "
            "at a bulk carrier near Hodeidah on Wednesday.\n\nTurkish jets struck PKK positions near Amadiya on Monday. "
            "The jets also hit a village near Zakho on Tuesday.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert [i.actor1 for i in incidents] == ["Houthis", "Houthis", "Turkey", "Turkey"]


def test_a_group_that_denies_is_no_suspect_and_a_blame_for_something_else_no_attribution() -> None:
    text = ("Headline\n\nOn Sunday evening, gunmen shot dead two soldiers escorting a polio team in Kulachi tehsil of "
            "Dera Ismail Khan district, police said. The TTP denied involvement. The Pakistani military blames "
            "Afghanistan's Taliban government for allowing the TTP to operate from its territory.")
    (incident,) = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert (incident.actor1, incident.fatalities) == ("Unattributed", 2)


@pytest.mark.parametrize("claim", [
    "On Wednesday, the Islamic Resistance in Iraq claimed responsibility for a drone attack on Harir base in a statement on Telegram.",
    "The Islamic Resistance in Iraq said in a Telegram statement on Wednesday that its fighters had targeted the Harir base with a drone.",
])
def test_the_day_of_a_claim_is_not_the_day_of_the_attack(claim: str) -> None:
    text = ("Headline\n\nA drone struck the Harir air base in the Kurdistan Region on Tuesday night, causing no casualties, "
            "security officials said.\n\n" + claim)
    (incident,) = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert (incident.event_date, incident.actor1, incident.attribution) == (dt.date(2024, 3, 12), "Islamic Resistance in Iraq", "claimed")


def test_a_group_saying_its_members_were_killed_is_the_victim_not_the_doer() -> None:
    text = ("Headline\n\nUS aircraft struck a weapons depot at Jurf al-Sakhar on Tuesday. The Popular Mobilization Forces "
            "said in a statement that two of its members were killed and four wounded in the strike at Jurf al-Sakhar.")
    (incident,) = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert (incident.actor1, incident.fatalities, incident.injured) == ("United States", 2, 4)


@pytest.mark.parametrize("after", [
    "No group claimed the blast, but the officer said it bore the hallmarks of an Islamic State cell.",
    "No group claimed the blast. The officer said it bore the hallmarks of an Islamic State cell.",
])
def test_hallmarks_named_after_no_claim_make_a_suspect(after: str) -> None:
    text = "Headline\n\nOn Sunday, a roadside bomb struck an army patrol near Kirkuk, killing one soldier. " + after
    (incident,) = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert (incident.actor1, incident.attribution) == ("Islamic State", "suspected")


def test_a_groups_record_of_claims_after_no_claim_is_no_claim() -> None:
    text = ("Headline\n\nRockets struck Mission Support Site Conoco in Deir ez-Zor province on Sunday. No group has claimed "
            "the attack, but the Islamic Resistance in Iraq has claimed nearly all such attacks since October.")
    (incident,) = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert incident.attribution != "claimed"


def test_the_group_that_answered_is_the_doer_of_its_answer() -> None:
    text = ("Headline\n\nAn Israeli drone strike on a car near Nabatieh killed a Hezbollah field commander on Tuesday, and the "
            "Iran-backed group answered hours later with a rocket barrage on the northern Israeli town of Kiryat Shmona.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert [(i.place_text, i.actor1) for i in incidents] == [("Nabatieh", "Israel"), ("Kiryat Shmona", "Hezbollah")]


def test_two_sides_acting_in_one_sentence_are_two_incidents_with_their_own_doers() -> None:
    text = ("Militants fired rockets at the Tanf garrison in Syria on Tuesday and US aircraft struck back at "
            "their launch site near Albu Kamal within the hour, officials said.")
    assert actors_by_place(text) == {
        "Tanf garrison": ("Unattributed", "unattributed"),
        "Albu Kamal": ("United States", "attributed"),
    }


def test_while_opens_the_other_sides_act() -> None:
    text = ("Israeli jets struck a house in Aitaroun in southern Lebanon on Wednesday while Hezbollah fired a "
            "barrage of rockets at Kiryat Shmona, the Israeli military said.")
    assert actors_by_place(text) == {
        "Aitaroun": ("Israel", "attributed"),
        "Kiryat Shmona": ("Hezbollah", "attributed"),
    }


def test_killing_after_and_stays_with_the_one_attack() -> None:
    text = "Gunmen stormed a checkpoint near Tarmiyah, north of Baghdad, on Monday and killed three soldiers."
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert [(i.place_text, i.fatalities) for i in incidents] == [("Tarmiyah", 3)]


def test_similar_shelling_the_day_before_happened_at_the_same_place() -> None:
    text = ("Turkish artillery shelled farmland around villages near the town of Amadiya in Duhok province on "
            "Wednesday morning, according to the district administration. Local officials reported similar "
            "shelling on Tuesday night.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert sorted((i.event_date.isoformat(), i.location, i.actor1) for i in incidents) == [
        ("2024-03-12", "Amadiya", "Turkey"),
        ("2024-03-13", "Amadiya", "Turkey"),
    ]


def test_the_army_of_a_piece_filed_from_amman_is_jordans() -> None:
    text = ("AMMAN, Jordan (Reuters) - The army said border guards clashed with smugglers near the Syrian "
            "border town of Nasib early on Thursday, killing three of them.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert [(i.actor1, i.fatalities) for i in incidents] == [("Jordan", 3)]


def test_the_army_is_the_state_force_named_last_not_the_datelines() -> None:
    text = ("BEIRUT (AP) - Israeli jets struck Aitaroun in southern Lebanon on Wednesday. "
            "The army said it also struck a Hezbollah position near Khiam.")
    assert actors_by_place(text) == {"Aitaroun": ("Israel", "attributed"), "Khiam": ("Israel", "attributed")}


def test_without_a_dateline_the_army_is_the_force_of_the_country_the_article_is_about() -> None:
    text = ("The army said it had carried out drone strikes on M23 positions near Rutshuru in North Kivu "
            "province on Sunday. M23 rebels have held the town of Goma in eastern DR Congo since January.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert [(i.place_text, i.actor1) for i in incidents] == [("Rutshuru", "Congolese security forces")]


def test_security_forces_launching_a_search_operation_report_no_attack() -> None:
    text = ("Gunmen killed two shepherds near Tuz Khurmatu on Saturday. Security forces launched a search "
            "operation in the area with air support and arrested two suspects.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert [(i.place_text, i.actor1) for i in incidents] == [("Tuz Khurmatu", "Unattributed")]


def test_an_armed_group_shooting_down_a_states_drone_is_the_doer() -> None:
    text = ("The Houthis said on Wednesday that their air defences had shot down an American MQ-9 Reaper "
            "drone over Marib province on Tuesday.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert [(i.actor1, i.attribution, i.attack_type, i.event_date.isoformat()) for i in incidents] == [
        ("Houthis", "claimed", "other", "2024-03-12")]


def test_a_state_shooting_down_a_groups_drone_is_the_groups_attack_disrupted() -> None:
    text = "US forces shot down a Houthi drone over the Red Sea on Tuesday, the Pentagon said."
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert [(i.actor1, i.sub_event_type) for i in incidents] == [("Houthis", "Disrupted weapons use")]


def test_a_group_named_after_an_opening_phrase_is_the_subject() -> None:
    text = ("In a separate incident on Tuesday, a Houthi explosive-laden drone struck a position held by "
            "government forces in Hays district, killing three soldiers.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert [(i.actor1, i.fatalities) for i in incidents] == [("Houthis", 3)]


def test_hours_before_another_act_does_not_date_either_act() -> None:
    text = ("The Houthis said on Wednesday that their air defences had shot down a US drone over Marib, hours "
            "before US and British warplanes carried out strikes on Hodeidah.\n\n"
            "The drone was downed on Monday, the group said. The strikes on Hodeidah came late on Tuesday.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert sorted((i.place_text, i.actor1, i.event_date.isoformat()) for i in incidents) == [
        ("Hodeidah", "United States", "2024-03-12"), ("Marib", "Houthis", "2024-03-11")]


def test_the_group_saying_its_fighters_acted_is_the_group_named_before() -> None:
    text = ("Israeli jets hit a house in Aitaroun late on Tuesday after Hezbollah fired anti-tank missiles at an "
            "army post near Metula, the Israeli military said.\n\n"
            "In a statement on Telegram, the group says its fighters \"targeted the Metula position with guided "
            "missiles\" on Tuesday evening.")
    assert actors_by_place(text) == {"Aitaroun": ("Israel", "attributed"), "Metula": ("Hezbollah", "claimed")}


def test_a_speaker_saying_it_had_earlier_attacked_claims_the_attack() -> None:
    text = ("Hezbollah said in a statement that it had earlier attacked a group of Israeli soldiers near the "
            "northern Israeli town of Metula with guided missiles on Tuesday.")
    assert actors_by_place(text) == {"Metula": ("Hezbollah", "claimed")}


def test_two_villages_shelled_in_one_sentence_are_two_incidents() -> None:
    text = ("Israeli artillery shelled the outskirts of Kfar Kila and Odaisseh, two border villages opposite "
            "Metula, on Wednesday afternoon, the state news agency reported.")
    assert actors_by_place(text) == {"Kfar Kila": ("Israel", "attributed"), "Odaisseh": ("Israel", "attributed")}


def test_an_accusation_of_arming_the_attackers_names_a_backer_not_the_doer() -> None:
    text = ("Rockets hit Victory Base on Tuesday night. Iraqi officials accused Iran of arming the militias that "
            "carry out such attacks.")
    assert actors_by_place(text) == {"Victory Base": ("Unattributed", "unattributed")}


def test_an_accusation_of_firing_them_attributes_the_attack() -> None:
    text = "Rockets hit Victory Base on Tuesday night. Iraqi officials accused Kataib Hezbollah of firing them."
    assert actors_by_place(text) == {"Victory Base": ("Kataib Hezbollah", "attributed")}


def test_what_came_hours_later_elsewhere_is_another_attack() -> None:
    text = ("Before dawn on Tuesday, fighters loyal to Damascus attacked an SDF checkpoint at the entrance of Dhiban, "
            "a town just south of the al-Omar oil field, killing two SDF fighters.\n\n"
            "Hours later, a drone struck near the perimeter of the Green Village, the coalition base at the al-Omar field.")
    assert len(extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())) == 2


def test_artillery_returning_fire_at_the_launch_point_is_the_other_sides_act() -> None:
    text = ("Three rockets landed inside the Conoco base on Tuesday evening, and US artillery returned fire at the "
            "launch point near the village of Khasham, the coalition said.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert sorted((i.actor1, i.attack_type) for i in incidents) == [("Unattributed", "rocket"), ("United States", "artillery")]


def test_forces_repelling_an_assault_are_not_its_doers() -> None:
    text = ("Militants attacked an army post in Djibo on Monday; the army said it repelled the assault and that "
            "aircraft later struck the attackers as they fled north.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert incidents[0].place_text == "Djibo" and incidents[0].actor1 != "Burkinabe security forces"


def test_the_group_said_it_had_targeted_is_the_group_named_before() -> None:
    text = ("The Islamic Resistance in Iraq, an umbrella of militias that has targeted US forces since October, "
            "issued two statements on Thursday.\n\n"
            "In the first statement, published on its Telegram channel on Thursday morning, the group said it had "
            "targeted the American base at Ain al-Asad with a drone.")
    assert actors_by_place(text) == {"base at Ain al-Asad": ("Islamic Resistance in Iraq", "claimed")}


def test_border_guards_of_a_named_region_clashing_are_the_home_forces() -> None:
    text = ("AMMAN (Reuters) - On Sunday, the army said border guards in the Eastern Military Region had clashed with "
            "a group of armed smugglers trying to cross from Syria, killing four of them. A soldier was lightly "
            "wounded in the exchange of fire.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert [(i.actor1, i.fatalities, i.injured) for i in incidents] == [("Jordan", 4, 1)]


def test_a_meeting_to_discuss_the_attacks_reports_none() -> None:
    text = "Prime Minister Mohammed Shia al-Sudani met the US ambassador in Baghdad on Wednesday to discuss the attacks on US forces."
    assert extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder()) == []


def test_aircraft_named_after_according_to_a_states_command_are_its_own() -> None:
    text = ("According to US Central Command, F-15E aircraft hit a weapons storage facility near Mayadin and a "
            "training site near al-Bukamal on Wednesday.")
    assert {actor for actor, _ in actors_by_place(text).values()} == {"United States"}


def test_the_earlier_attack_of_a_sentence_keeps_its_own_unknown_doer() -> None:
    text = ("US warplanes struck two sites in eastern Syria used by Iran-aligned militants on Wednesday, the Pentagon "
            "said, a day after a drone attack on a base hosting American troops in the Hasakah countryside. Two "
            "one-way attack drones were launched at the base in al-Shaddadi on Tuesday evening, a US official said.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert {i.actor1 for i in incidents if "Shaddadi" in i.location} == {"Unattributed"}


def test_the_aligned_group_is_the_group_named_before_even_as_a_target() -> None:
    text = ("US fighter jets struck Houthi military targets in Hodeidah on Tuesday night, the US military said, a day "
            "after the Iran-aligned group fired anti-ship missiles at a container vessel off Yemen's coast.")
    incidents = extract_incidents(Article(id="t", text=text, published=PUBLISHED), default_geocoder())
    assert sorted(i.actor1 for i in incidents) == ["Houthis", "United States"]


def test_groups_that_claimed_the_bulk_of_such_operations_in_the_past_claim_nothing_new() -> None:
    text = ("A drone struck a logistics convoy near Ain al-Asad air base on Tuesday, causing no casualties. No group "
            "claimed the attack. Kataib Hezbollah and Harakat al-Nujaba have claimed the bulk of such operations in the past.")
    assert actors_by_place(text) == {"Ain al-Asad air base": ("Unattributed", "unattributed")}
