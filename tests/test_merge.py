"""Merging reports of one event across articles: what merges, what never does, order independence,
and that the grid/day index finds exactly the pairs a full pairwise comparison finds."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from geoinc.merge import _candidate_pairs, _match, _report, merge_incidents
from geoinc.model import GEO_PRECISION_REGION, Incident, SourceRef

AIN_AL_ASAD = (33.7856, 42.4412)
ERBIL_AIRPORT = (36.2376, 43.9632)
HARIR = (36.5430, 44.3536)  # about 45 km from Erbil air base
D = dt.date


def report(article: str, day: dt.date | None, actor: str = "Unattributed", where=AIN_AL_ASAD,
           gazetteer_id: str = "geoinc:ain-al-asad-air-base", attack: str = "drone", fatalities: int | None = None,
           notes: str = "", precision: int = 1, published: dt.date | None = None, **extra) -> Incident:
    lat, lon = where if where else (None, None)
    incident = Incident(
        event_date=day, time_precision=precision if day else 0, actor1=actor, attack_type=attack,
        latitude=lat, longitude=lon, gazetteer_id=gazetteer_id, location=gazetteer_id, country="IQ",
        geo_precision=extra.pop("geo_precision", 1), fatalities=fatalities,
        notes=notes or f"{article}: {attack} attack reported.",
        sources=[SourceRef(article, f"Title of {article}", f"https://news.example/{article}",
                           published or day or D(2024, 1, 10))],
        **extra,
    )
    incident.assign_id()
    return incident


def summary(incidents: list[Incident]) -> list[tuple]:
    return sorted((i.actor1, i.event_date, i.source_count, i.fatalities) for i in incidents)


def test_three_outlets_one_event_become_one_incident_with_every_source():
    reports = [
        report("reuters", D(2023, 11, 23), "Kataib Hezbollah", fatalities=2, attribution="claimed"),
        report("ap", D(2023, 11, 23), fatalities=4),
        report("rudaw", D(2023, 11, 24), "Iran-backed militias", where=(33.80, 42.43), gazetteer_id="",
               fatalities=3),
    ]
    [merged] = merge_incidents(reports)
    assert merged.actor1 == "Kataib Hezbollah"  # the named group wins over Unattributed and the umbrella
    assert merged.attribution == "claimed"
    assert merged.source_count == 3
    assert {s.article_id for s in merged.sources} == {"reuters", "ap", "rudaw"}
    assert all(s.url.startswith("https://news.example/") for s in merged.sources)
    assert merged.fatalities == 2  # ACLED: the lowest figure
    assert "Fatalities reported: 2 (reuters), 3 (rudaw), 4 (ap); lowest used" in merged.notes
    assert merged.event_date == D(2023, 11, 23)  # the date most sources give
    assert merged.gazetteer_id == "geoinc:ain-al-asad-air-base"


def test_two_attacks_on_the_same_base_a_week_apart_stay_two():
    reports = [report("a", D(2024, 1, 20), "Kataib Hezbollah"), report("b", D(2024, 1, 27), "Kataib Hezbollah")]
    assert len(merge_incidents(reports)) == 2


def test_same_base_same_day_different_groups_stay_apart():
    reports = [report("a", D(2024, 1, 20), "Kataib Hezbollah"), report("b", D(2024, 1, 20), "Islamic State")]
    assert summary(merge_incidents(reports)) == [
        ("Islamic State", D(2024, 1, 20), 1, None), ("Kataib Hezbollah", D(2024, 1, 20), 1, None)]


def test_unattributed_report_that_fits_two_groups_is_not_given_to_either():
    reports = [report("a", D(2024, 1, 20), "Kataib Hezbollah"), report("b", D(2024, 1, 20), "Islamic State"),
               report("c", D(2024, 1, 20))]
    assert sorted(i.source_count for i in merge_incidents(reports)) == [1, 1, 1]


def test_unattributed_never_chains_two_named_groups_through_itself():
    # c fits a (same day) and b (adjacent day) but a and b are different groups
    reports = [report("a", D(2024, 1, 20), "Kataib Hezbollah"), report("c", D(2024, 1, 21)),
               report("b", D(2024, 1, 22), "Islamic State")]
    merged = merge_incidents(reports)
    assert {i.actor1 for i in merged} >= {"Kataib Hezbollah", "Islamic State"}
    assert all(not ({"Kataib Hezbollah", "Islamic State"} <= {i.actor1}) for i in merged)


def test_distance_decides_without_a_shared_gazetteer_place():
    near = [report("a", D(2024, 1, 5), where=ERBIL_AIRPORT, gazetteer_id="g:erbil-air-base"),
            report("b", D(2024, 1, 5), where=(36.30, 44.05), gazetteer_id="g:erbil-city")]  # ~10 km
    far = [report("a", D(2024, 1, 5), where=ERBIL_AIRPORT, gazetteer_id="g:erbil-air-base"),
           report("b", D(2024, 1, 5), where=HARIR, gazetteer_id="g:harir")]
    assert len(merge_incidents(near)) == 1
    assert len(merge_incidents(far)) == 2


def test_region_level_place_merges_only_by_gazetteer_id():
    site = report("a", D(2024, 1, 5), gazetteer_id="g:ain-al-asad")
    province = report("b", D(2024, 1, 5), where=(33.80, 42.50), gazetteer_id="g:anbar",
                      geo_precision=GEO_PRECISION_REGION)
    same_province = report("c", D(2024, 1, 5), where=(33.80, 42.50), gazetteer_id="g:anbar",
                           geo_precision=GEO_PRECISION_REGION)
    assert len(merge_incidents([site, province])) == 2
    assert len(merge_incidents([province, same_province])) == 1


def test_attack_types_must_be_compatible():
    assert len(merge_incidents([report("a", D(2024, 1, 5), attack="drone"),
                                report("b", D(2024, 1, 5), attack="ied")])) == 2
    assert len(merge_incidents([report("a", D(2024, 1, 5), attack="rocket"),
                                report("b", D(2024, 1, 5), attack="ballistic_missile")])) == 1
    assert len(merge_incidents([report("a", D(2024, 1, 5), attack="unknown"),
                                report("b", D(2024, 1, 5), attack="artillery")])) == 1


def test_date_precision_widens_the_window():
    day = [report("a", D(2024, 3, 1)), report("b", D(2024, 3, 4))]
    week = [report("a", D(2024, 3, 1)), report("b", D(2024, 3, 4), precision=2)]
    assert len(merge_incidents(day)) == 2
    assert len(merge_incidents(week)) == 1
    # adjacent days are the same event (time zones, "last night")
    assert len(merge_incidents([report("a", D(2024, 3, 1)), report("b", D(2024, 3, 2))])) == 1


def test_incidents_of_one_article_are_never_merged_with_each_other():
    first = report("a", D(2024, 3, 1), notes="A drone hit the base in the morning.")
    second = report("a", D(2024, 3, 1), notes="A second drone hit the base at night.")
    assert len(merge_incidents([first, second])) == 2


def test_undated_reports_merge_only_on_strong_evidence():
    sentence = "Two drones targeted Ain al-Asad air base, the coalition said."
    same_sentence = [report("a", None, notes=sentence, published=D(2024, 2, 1)),
                     report("b", None, notes=sentence, published=D(2024, 2, 2))]
    assert len(merge_incidents(same_sentence)) == 1
    different_words = [report("a", None, published=D(2024, 2, 1)), report("b", None, published=D(2024, 2, 2))]
    assert len(merge_incidents(different_words)) == 2
    months_apart = [report("a", None, notes=sentence, published=D(2024, 2, 1)),
                    report("b", None, notes=sentence, published=D(2024, 5, 1))]
    assert len(merge_incidents(months_apart)) == 2
    dated_and_undated = [report("a", D(2024, 2, 1), notes=sentence),
                         report("b", None, notes=sentence, published=D(2024, 2, 2))]
    [merged] = merge_incidents(dated_and_undated)
    assert merged.event_date == D(2024, 2, 1)


def test_unplaced_reports_merge_by_place_name_and_country_only():
    a = report("a", D(2024, 2, 1), where=None, gazetteer_id="", place_text="Jurf al-Sakhar")
    b = report("b", D(2024, 2, 1), where=None, gazetteer_id="", place_text="jurf  al-sakhar")
    c = report("c", D(2024, 2, 1), where=None, gazetteer_id="", place_text="")
    d = report("d", D(2024, 2, 1), where=None, gazetteer_id="", place_text="")
    merged = merge_incidents([a, b, c, d])
    assert sorted(i.source_count for i in merged) == [1, 1, 2]
    assert all(i.latitude is None for i in merged)  # never given a made-up point


def test_merge_is_the_same_in_every_arrival_order():
    reports = [
        report("a", D(2024, 1, 20), "Kataib Hezbollah", fatalities=1),
        report("b", D(2024, 1, 21), fatalities=3),
        report("c", D(2024, 1, 20), "Islamic Resistance in Iraq", where=(33.79, 42.45), gazetteer_id=""),
        report("d", D(2024, 1, 22)),
        report("e", D(2024, 1, 20), attack="rocket"),
        report("f", None, notes="b: drone attack reported.", published=D(2024, 1, 22)),
    ]
    expected = [i.properties() for i in merge_incidents(reports)]
    for order in itertools.permutations(reports):
        assert [i.properties() for i in merge_incidents(list(order))] == expected


def _random_reports(seed: int, count: int) -> list[Incident]:
    rng = random.Random(seed)
    sites = [(33.78, 42.44), (33.80, 42.60), (36.24, 43.96), (36.40, 44.10), (35.0, 179.95), (35.0, -179.97)]
    out = []
    for n in range(count):
        lat, lon = rng.choice(sites)
        placed = rng.random() > 0.1
        out.append(report(
            f"art{rng.randrange(count // 2)}", D(2024, 1, 1) + dt.timedelta(days=rng.randrange(12))
            if rng.random() > 0.15 else None,
            actor=rng.choice(["Unattributed", "Kataib Hezbollah", "Islamic State", "Iran-backed militias"]),
            where=(lat + rng.uniform(-0.1, 0.1), lon + rng.uniform(-0.02, 0.02)) if placed else None,
            gazetteer_id=rng.choice(["", "g:1", "g:2"]) if placed else "",
            attack=rng.choice(["drone", "rocket", "unknown", "ied"]), precision=rng.choice([1, 1, 2, 3]),
            notes=rng.choice(["Same sentence.", "", "Other sentence."]), place_text=rng.choice(["", "Hit"]),
            geo_precision=rng.choice([1, 1, 2, 3]), fatalities=rng.choice([None, 0, 1, 5]),
        ))
        if rng.random() < 0.15:  # an incident already merged from two articles
            out[-1].sources.append(SourceRef(f"art{rng.randrange(count // 2)}", "Second report"))
    return out


def test_index_finds_exactly_the_pairs_a_full_comparison_finds():
    reports = [_report(n, incident) for n, incident in enumerate(_random_reports(7, 400))]
    indexed = {(i, j) for _, i, j in _candidate_pairs(reports)}
    brute = {(a.index, b.index) for a, b in itertools.combinations(reports, 2) if _match(a, b) is not None}
    assert len(brute) > 200
    assert indexed == brute


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), shuffle_seed=st.integers(0, 10_000))
def test_shuffled_input_gives_identical_output(seed: int, shuffle_seed: int):
    reports = _random_reports(seed, 60)
    expected = [i.properties() for i in merge_incidents(reports)]
    random.Random(shuffle_seed).shuffle(reports)
    assert [i.properties() for i in merge_incidents(reports)] == expected


def test_merged_clusters_are_consistent_with_the_rules():
    reports = _random_reports(3, 300)
    merged = merge_incidents(reports)
    assert sum(i.source_count for i in merged) <= sum(r.source_count for r in reports)
    named = {"Kataib Hezbollah", "Islamic State"}
    for incident in merged:
        assert len({s.article_id for s in incident.sources}) == incident.source_count
        assert incident.actor1 in named | {"Unattributed", "Iran-backed militias"}
    assert len(merged) < len(reports)
