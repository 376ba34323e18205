"""Exports: RFC 7946 GeoJSON, the styled GeoPackage, the ACLED-like CSV, reading them back, the
``geoinc export`` command, and what the real consumers (GDAL's ogrinfo) see."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from geoinc.actors import color_for
from geoinc.exports import export, load, read_incidents, write_csv, write_geojson, write_gpkg
from geoinc.exports.csvfile import CSV_COLUMNS
from geoinc.model import Incident, SourceRef

D = dt.date


def sample_incidents() -> list[Incident]:
    """Real-looking incidents: named and unattributed groups, an unplaced one, awkward text."""
    base = dict(event_type="Explosions/Remote violence", sub_event_type="Air/drone strike", country="IQ")
    incidents = [
        Incident(event_date=D(2023, 11, 23), time_precision=1, attack_type="drone", actor1="Kataib Hezbollah",
                 attribution="claimed", location="Ain al-Asad Air Base", admin1="Anbar", place_text="Ain al-Assad",
                 geo_precision=1, gazetteer_id="geoinc:ain-al-asad-air-base", latitude=33.7856, longitude=42.4412,
                 fatalities=0, injured=3, target="US forces at Ain al-Asad",
                 notes='Drones struck the base, "causing minor injuries", officials said;\nno deaths.',
                 sources=[SourceRef("reuters-1", "Drones hit base | Iraq", "https://example.org/r1", D(2023, 11, 24)),
                          SourceRef("ap-7", "Attack in Anbar")], **base),
        Incident(event_date=D(2023, 11, 23), time_precision=1, attack_type="airstrike", actor1="United States",
                 attribution="attributed", attributed_by="CENTCOM", location="Jurf al-Nasr", admin1="Babil",
                 geo_precision=2, latitude=32.8574, longitude=44.2476, fatalities=8,
                 notes="The US struck Kataib Hezbollah facilities.",
                 sources=[SourceRef("cnn-2", "US strikes back", "https://example.org/c2")], **base),
        Incident(event_date=None, attack_type="rocket", actor1="Unattributed", place_text="Qaim",
                 notes="Rockets were fired at an unnamed site (القائم).", needs_review=True,
                 review_reasons=["place not resolved", "no date"], sources=[SourceRef("local-3", "Rockets")], **base),
        Incident(event_date=D(2024, 1, 28), time_precision=2, attack_type="drone",
                 actor1='Saraya "Awliya" & <al-Dam>', location="Tower 22", country="JO", geo_precision=1,
                 latitude=32.4128, longitude=38.6880, fatalities=3, sources=[SourceRef("bbc-9", "Tower 22")]),
    ]
    for incident in incidents:
        incident.assign_id()
    return incidents


def test_geojson_is_rfc7946_with_flat_properties_and_feature_ids(tmp_path):
    incidents = sample_incidents()
    path = write_geojson(incidents, tmp_path / "incidents.geojson")
    data = json.loads(path.read_text("utf-8"))
    assert data["type"] == "FeatureCollection" and "crs" not in data
    first, unplaced = data["features"][0], data["features"][2]
    assert first["id"] == incidents[0].id
    assert first["geometry"] == {"type": "Point", "coordinates": [42.4412, 33.7856]}  # lon, lat
    assert first["properties"]["event_date"] == "2023-11-23"
    assert first["properties"]["source_count"] == 2
    assert first["properties"]["sources"] == "reuters-1: Drones hit base / Iraq | ap-7: Attack in Anbar"
    assert unplaced["geometry"] is None  # kept, never put at a made-up point
    for feature in data["features"]:
        assert all(not isinstance(v, (dict, list)) for v in feature["properties"].values())
    assert "القائم" in path.read_text("utf-8")  # UTF-8, not escaped


def test_every_format_reads_back_the_same_incidents(tmp_path):
    incidents = sample_incidents()
    for suffix in ("geojson", "gpkg", "csv"):
        path = tmp_path / f"incidents.{suffix}"
        export(incidents, path)
        back = read_incidents(path)
        assert [i.properties() for i in back] == [i.properties() for i in incidents], suffix
        assert back[0].sources[0].url == "https://example.org/r1" and back[0].sources[1].url == ""


def test_split_by_actor_writes_one_file_per_group(tmp_path):
    written = export(sample_incidents(), tmp_path / "incidents.geojson", split_by="actor1")
    assert sorted(p.name for p in written) == [
        "incidents.kataib-hezbollah.geojson", "incidents.saraya-awliya-al-dam.geojson",
        "incidents.unattributed.geojson", "incidents.united-states.geojson"]
    counts = {p.name: len(json.loads(p.read_text())["features"]) for p in written}
    assert sum(counts.values()) == 4
    assert {f["properties"]["actor1"] for p in written for f in json.loads(p.read_text())["features"]
            if "kataib" in p.name} == {"Kataib Hezbollah"}


def test_csv_has_acled_like_columns_and_sidecars_for_gis(tmp_path):
    path = write_csv(sample_incidents(), tmp_path / "incidents.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbfevent_id,")  # the BOM Excel needs to read UTF-8
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    assert header[:len(CSV_COLUMNS)] == list(CSV_COLUMNS)
    order = [header.index(c) for c in ("event_date", "time_precision", "event_type", "sub_event_type", "actor1",
                                       "location", "latitude", "longitude", "geo_precision", "source", "notes",
                                       "fatalities")]
    assert order == sorted(order)
    assert rows[0]["event_date"] == "2023-11-23" and rows[0]["year"] == "2023"
    assert rows[0]["latitude"] == "33.7856" and rows[0]["longitude"] == "42.4412"
    assert rows[0]["notes"].endswith("officials said;\nno deaths.")
    assert rows[2]["latitude"] == "" and rows[2]["event_date"] == ""
    types = (tmp_path / "incidents.csvt").read_text().strip().split(",")
    assert len(types) == len(header)
    assert types[header.index("event_date")] == '"Date"' and types[header.index("fatalities")] == '"Integer"'
    assert 'AUTHORITY["EPSG","4326"]' in (tmp_path / "incidents.prj").read_text()


def test_geopackage_carries_the_default_qgis_style_coloured_like_the_map(tmp_path):
    incidents = sample_incidents()
    path = write_gpkg(incidents, tmp_path / "incidents.gpkg")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    rows = conn.execute("SELECT f_table_name, f_geometry_column, useAsDefault, styleQML FROM layer_styles").fetchall()
    assert len(rows) == 1
    table, column, default, qml = rows[0]
    assert (table, column, default) == ("incidents", "geom", 1)
    assert conn.execute("SELECT count(*) FROM incidents WHERE geom IS NULL").fetchone()[0] == 1  # the unplaced one
    conn.close()
    root = ET.fromstring(qml.split("\n", 1)[1])
    renderer = root.find("renderer-v2")
    assert renderer.get("type") == "categorizedSymbol" and renderer.get("attr") == "actor1"
    assert root.get("labelsEnabled") == "0"
    categories = {c.get("value"): c.get("symbol") for c in renderer.find("categories")}
    assert set(categories) == {i.actor1 for i in incidents}
    colours = {s.get("name"): next(p.get("v") for p in s.iter("prop") if p.get("k") == "color")
               for s in renderer.find("symbols")}
    for group, symbol in categories.items():
        hex_colour = color_for(group).lstrip("#")
        assert colours[symbol] == ",".join(str(int(hex_colour[i:i + 2], 16)) for i in (0, 2, 4)) + ",255"


def test_ogrinfo_reads_all_three_formats_with_typed_fields(tmp_path):
    incidents = sample_incidents()
    for suffix in ("geojson", "gpkg", "csv"):
        path = tmp_path / f"incidents.{suffix}"
        export(incidents, path)
        options = ["-oo", "X_POSSIBLE_NAMES=longitude", "-oo", "Y_POSSIBLE_NAMES=latitude"] if suffix == "csv" else []
        out = subprocess.run([shutil.which("ogrinfo"), "-al", "-so", *options, str(path)], capture_output=True,
                             text=True, check=True).stdout
        assert "Feature Count: 4" in out, suffix
        assert "event_date: Date" in out, suffix
        assert "fatalities: Integer " in out, suffix
        assert "WGS 84" in out, suffix


def test_load_gives_a_geodataframe_in_wgs84(tmp_path):
    path = write_gpkg(sample_incidents(), tmp_path / "incidents.gpkg")
    frame = load(path)
    assert frame.crs.to_epsg() == 4326
    assert len(frame) == 4
    assert frame.geometry.isna().sum() == 1
    assert frame.geometry.iloc[0].x == pytest.approx(42.4412)
    assert str(frame["event_date"].dtype).startswith("datetime64")


def test_a_failed_export_leaves_the_previous_file_and_no_temporary_files(tmp_path):
    path = write_geojson(sample_incidents(), tmp_path / "incidents.geojson")
    before = path.read_bytes()
    broken = sample_incidents()
    broken[-1].notes = object()
    with pytest.raises(TypeError):
        write_geojson(broken, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.geojson"]


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from geoinc.cli import app; app()", *args],
                          capture_output=True, text=True)


def test_export_command_writes_each_format_and_splits(tmp_path):
    from geoinc.store import Store
    from geoinc.model import Article

    store_path = tmp_path / "store.gpkg"
    with Store.open(store_path) as store:
        for n, incident in enumerate(sample_incidents()):
            store.ingest(Article(id=f"a{n}", text=f"text {n}"), [incident])
    for name in ("out.geojson", "out.gpkg", "out.csv"):
        result = run_cli("export", str(store_path), "-o", str(tmp_path / name))
        assert result.returncode == 0, result.stderr
        assert len(read_incidents(tmp_path / name)) == 4
    result = run_cli("export", str(store_path), "-o", str(tmp_path / "by-group.gpkg"), "--split-by", "actor1")
    assert result.returncode == 0 and len(result.stdout.split()) == 4
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert run_cli("export", str(store_path), "-o", str(tmp_path / "plain.csv"), "--no-bom").returncode == 0
    assert (tmp_path / "plain.csv").read_bytes().startswith(b"event_id,")


@pytest.mark.parametrize("make, args, message", [
    (None, ["missing.gpkg", "-o", "x.csv"], "missing.gpkg: no such file"),
    (b"not json", ["bad.geojson", "-o", "x.csv"], "bad.geojson:1: not valid JSON"),
    (b"hello", ["bad.gpkg", "-o", "x.csv"], "bad.gpkg: not a GeoJSON, CSV or GeoPackage file"),
    (b"a,b\n1,2\n", ["bad.csv", "-o", "x.geojson"], "bad.csv: CSV has neither a 'text' column"),
    (None, ["missing.gpkg", "-o", "x.shp"], "x.shp: unknown export format '.shp'"),
    (None, ["missing.gpkg", "-o", "x.csv", "--split-by", "colour"], "--split-by 'colour' is not an incident field"),
])
def test_export_command_errors_are_one_line_naming_the_file(tmp_path, make, args, message):
    if make is not None:
        (tmp_path / args[0]).write_bytes(make)
    result = run_cli("export", *[str(tmp_path / a) if a.endswith((".gpkg", ".geojson", ".csv", ".shp")) else a
                                 for a in args])
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_fast_rows_match_the_model_properties():
    from geoinc.exports.schema import RowMaker, column_names

    names = list(column_names())
    rows = RowMaker(names)
    for incident in sample_incidents():
        props = incident.properties()
        props["needs_review"] = int(props["needs_review"])
        assert rows(incident) == [props[name] for name in names]


def test_gdal_geopackage_validator_accepts_the_export_and_the_store(tmp_path):
    from geoinc.model import Article
    from geoinc.store import Store

    export(sample_incidents(), tmp_path / "incidents.gpkg")
    with Store.open(tmp_path / "store.gpkg") as store:
        for n, incident in enumerate(sample_incidents()):
            store.ingest(Article(id=f"a{n}", text=f"article {n}"), [incident])
    for name in ("incidents.gpkg", "store.gpkg"):
        result = subprocess.run(["/usr/bin/python3", "-m", "osgeo_utils.samples.validate_gpkg", str(tmp_path / name)],
                                capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), (name, result.stdout, result.stderr)


# --- CSV for spreadsheets: byte-order mark, formula injection ---------------------------------------

FORMULA_PAYLOADS = ('=HYPERLINK("http://x","y")', "@SUM(1)", "+1", "-2+3", "=cmd|' /C calc'!A0",
                    "\t=1+1", "\r=1+1", "'=already quoted", "''@twice")


def payload_incidents() -> list[Incident]:
    """Untrusted article text in every kind of text column, next to negative coordinates and zero counts."""
    incidents = []
    for n, payload in enumerate(FORMULA_PAYLOADS):
        incident = Incident(
            event_date=D(2024, 3, n + 1), time_precision=1, attack_type="drone", actor1="Unattributed",
            target=payload, notes=payload, place_text=payload, actor2=payload, date_text=payload, location="Bogotá",
            latitude=-4.5 - n, longitude=-74.1 - n, launch_location="Río", launch_latitude=-4.0, launch_longitude=-75.0,
            fatalities=0, injured=n, confidence=0.5, geo_precision=1,
            sources=[SourceRef(payload, f"Title {n}", "https://example.org/a")])  # ids come from the input too
        incident.assign_id()
        incidents.append(incident)
    return incidents


def test_csv_cells_a_spreadsheet_would_run_as_formulas_are_quoted_in_text_columns_only(tmp_path):
    path = write_csv(payload_incidents(), tmp_path / "payloads.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    types = dict(zip(rows[0], (tmp_path / "payloads.csvt").read_text().strip().replace('"', "").split(",")))
    for n, (row, payload) in enumerate(zip(rows, FORMULA_PAYLOADS)):
        for column in ("target", "notes", "place_text", "actor2", "date_text"):
            assert row[column] == "'" + payload, column
        assert row["source"] == f"'{payload}: Title {n}"
        assert row["location"] == "Bogotá" and row["event_date"] == f"2024-03-0{n + 1}"
        assert row["latitude"] == str(-4.5 - n) and row["longitude"] == str(-74.1 - n)
        assert row["launch_longitude"] == "-75.0" and row["fatalities"] == "0" and row["injured"] == str(n)
        for column, kind in types.items():  # number columns are never quoted: each cell is a number or empty
            if kind in ("Real", "Integer") and row[column]:
                float(row[column])


def test_csv_formula_quoting_is_undone_on_reading_back(tmp_path):
    incidents = payload_incidents()
    for bom in (True, False):
        path = write_csv(incidents, tmp_path / f"payloads-{bom}.csv", bom=bom)
        back = read_incidents(path)
        assert [i.properties() for i in back] == [i.properties() for i in incidents], bom
        assert [i.notes for i in back] == list(FORMULA_PAYLOADS)
        assert back[0].longitude == -74.1 and back[0].fatalities == 0


def test_csv_starts_with_a_byte_order_mark_unless_asked_not_to(tmp_path):
    with_bom = write_csv(sample_incidents(), tmp_path / "bom.csv")
    plain = write_csv(sample_incidents(), tmp_path / "plain.csv", bom=False)
    assert with_bom.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    assert plain.read_bytes().startswith(b"event_id,event_date,")
    assert "القائم" in with_bom.read_bytes()[3:].decode("utf-8")


def test_gdal_reads_the_csv_header_without_the_byte_order_mark_and_coordinates_as_numbers(tmp_path):
    path = write_csv(payload_incidents(), tmp_path / "payloads.csv")
    out = subprocess.run([shutil.which("ogrinfo"), "-al", "-oo", "X_POSSIBLE_NAMES=longitude",
                          "-oo", "Y_POSSIBLE_NAMES=latitude", str(path)], capture_output=True, check=True).stdout
    text = out.decode("utf-8")
    assert "\ufeff" not in text and "\nevent_id: String" in text
    assert "longitude: Real" in text and "fatalities: Integer" in text
    assert "POINT (-74.1 -4.5)" in text
    assert """notes (String) = '=HYPERLINK("http://x","y")""" in text  # a text cell, quoted, as text


def test_reading_a_csv_back_accepts_what_a_spreadsheet_saves_and_names_the_bad_line(tmp_path):
    from geoinc.exports import ExportReadError

    incidents = payload_incidents()
    incidents[-1].event_date = D(2024, 3, 23)  # the one date that shows the day comes first
    path = write_csv(incidents, tmp_path / "incidents.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    for row in rows:  # as LibreOffice/Excel in a French locale save it
        row[1] = "/".join(reversed(row[1].split("-")))
        row[header.index("longitude")] = row[header.index("longitude")].replace(".", ",")
    resaved = tmp_path / "resaved.csv"
    with open(resaved, "w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *rows])
    back = read_incidents(resaved)  # rows with 01/03/2024 (January 3? March 1?) wait for 23/03/2024
    assert sorted(i.properties()["id"] for i in back) == sorted(i.id for i in incidents)
    assert [i.properties() for i in sorted(back, key=lambda i: i.event_date)] == [i.properties() for i in incidents]

    rows[2][header.index("fatalities")] = "-1"
    with open(resaved, "w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *rows])
    with pytest.raises(ExportReadError, match=r"resaved\.csv:4: fatalities -1\.0 is outside 0\.\.1e\+07"):
        read_incidents(resaved)
