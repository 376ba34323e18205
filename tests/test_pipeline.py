"""The Python API the command line is built on: extract, run, load."""

from __future__ import annotations

import datetime as dt

import geoinc

TYPED = """event_date,actor1,attack_type,location,country,fatalities,notes
2024-02-01,Kataib Hezbollah,drone,Erbil Air Base,IQ,0,typed by hand
2024-02-03,United States,airstrike,Al Qaim,IQ,5,
2024-02-05,Unattributed,rocket,Nowhereville Qqq,IQ,,
"""


def test_typed_rows_without_coordinates_are_placed_from_the_gazetteer(tmp_path):
    table = tmp_path / "typed.csv"
    table.write_text(TYPED)
    by_place = {i.location: i for i in geoinc.extract([table])}
    erbil = by_place["Erbil Air Base"]
    assert (round(erbil.latitude, 1), round(erbil.longitude, 1)) == (36.2, 44.0)
    assert erbil.gazetteer_id == "geoinc:erbil-air-base"
    qaim = by_place["Al Qaim"]
    assert abs(qaim.latitude - 34.39) < 0.1 and qaim.fatalities == 5


def test_an_unknown_typed_place_is_flagged_never_put_at_zero(tmp_path):
    table = tmp_path / "typed.csv"
    table.write_text(TYPED)
    unknown = next(i for i in geoinc.extract([table]) if i.location == "Nowhereville Qqq")
    assert unknown.latitude is None and unknown.longitude is None
    assert unknown.needs_review and "not found in the gazetteer" in unknown.review_reasons[0]


def test_run_then_load_gives_a_geodataframe_in_wgs84(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Rockets struck Erbil air base on Monday, Kurdish officials said. No one was hurt.")
    summary = geoinc.run([article], out=tmp_path / "maps", published="2024-01-17")
    assert summary.articles_read == 1 and summary.articles_new == 1
    frame = geoinc.load(tmp_path / "maps" / "incidents.gpkg")
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == len(summary.incidents) >= 1
    row = frame.iloc[0]
    assert row["attack_type"] == "rocket"
    assert str(row["event_date"])[:10] == dt.date(2024, 1, 15).isoformat()


def test_text_given_as_a_string_is_read_like_a_file_dateline_included():
    text = ("BAGHDAD, March 14, 2024 (Wire) -- Two rockets struck Ain al-Asad air base in western Iraq on "
            "Tuesday, a US official said.\n")
    (incident,) = geoinc.extract(text)
    assert incident.event_date == dt.date(2024, 3, 12)
    assert incident.sources[0].published == dt.date(2024, 3, 14)
    assert geoinc.extract("   ") == []


def test_a_long_article_string_is_text_not_a_file_name():
    # A string longer than any file name once raised "File name too long" from Path.exists().
    sentence = "Two rockets struck Ain al-Asad air base in western Iraq on Tuesday, a US official said. "
    filler = "Officials met in Baghdad to discuss the budget and the weather. " * 80
    incidents = geoinc.extract(sentence + filler, published="2024-03-14")
    assert [(i.location, i.attack_type, i.event_date) for i in incidents] == [("Ain al-Asad Air Base", "rocket", dt.date(2024, 3, 12))]
