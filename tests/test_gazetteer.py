"""The curated gazetteer files, the packaged sources, and importing GeoNames dumps / CSVs of places."""

from __future__ import annotations

import csv
import json
import math

import pycountry
import pytest
from typer.testing import CliRunner

from geoinc.cli import app
from geoinc.geocoding import GazetteerGeocoder, default_geocoder
from geoinc.geocoding.importer import ImportError_, import_file, read_imported
from geoinc.geocoding.index import build_index
from geoinc.geocoding.sources import curated_path

ISSUE_SITES = [
    "geoinc:ain-al-asad-air-base", "geoinc:erbil-air-base", "geoinc:harir-air-base",
    "geoinc:baghdad-international-airport", "geoinc:victory-base-complex",
    "geoinc:baghdad-diplomatic-support-center", "geoinc:us-embassy-baghdad", "geoinc:green-zone",
    "geoinc:us-consulate-erbil", "geoinc:union-iii", "geoinc:camp-taji", "geoinc:balad-air-base",
    "geoinc:k1-air-base", "geoinc:al-tanf-garrison", "geoinc:mss-green-village", "geoinc:mss-conoco",
    "geoinc:rumalyn-landing-zone", "geoinc:shaddadi-base", "geoinc:tal-baydar-base", "geoinc:tower-22",
    "geoinc:muwaffaq-salti-air-base", "geoinc:jurf-al-sakhar", "geoinc:akashat",
    "geoinc:al-qaim-border-crossing", "geoinc:kurdistan-region",
]
FEATURE_TYPES = {"air_base", "airport", "military_site", "embassy", "neighbourhood", "town", "city", "region",
                 "oil_field", "border_crossing", "sea", "continent"}


def _rows(name: str) -> list[dict[str, str]]:
    with curated_path(name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


SITES = _rows("sites.csv")


def test_curated_sites_cover_the_issue_list_with_valid_rows() -> None:
    ids = [row["id"] for row in SITES]
    assert len(ids) == len(set(ids))
    assert set(ISSUE_SITES) <= set(ids)
    for row in SITES + _rows("areas.csv"):
        assert row["name"] and row["source"], row["id"]
        assert -90 <= float(row["latitude"]) <= 90 and -180 <= float(row["longitude"]) <= 180, row["id"]
        assert float(row["precision_km"]) > 0, row["id"]
        assert row["feature_type"] in FEATURE_TYPES, row["id"]
        assert not row["country"] or pycountry.countries.get(alpha_2=row["country"]), row["id"]


@pytest.mark.parametrize("row", SITES, ids=[r["id"] for r in SITES])
def test_every_curated_site_resolves_from_at_least_three_spellings(row: dict[str, str]) -> None:
    geocoder = default_geocoder()
    spellings = [row["name"], *row["alternate_names"].split("|")]
    resolved = [s for s in spellings if (best := geocoder.best(s)) and best.place.id == row["id"]]
    assert len(resolved) >= 3, (row["id"], resolved)


def test_iraqi_and_syrian_governorates_are_regions_with_arabic_names() -> None:
    geocoder = default_geocoder()
    for code in [f"IQ.{n:02d}" for n in range(1, 20)] + [f"SY.{n:02d}" for n in range(1, 15)]:
        assert geocoder._lookup_code(code), code
    for name, expected in [("محافظة الأنبار", "Al Anbār"), ("محافظة نينوى", "Nīnawá"), ("Nineveh Governorate", "Nīnawá"),
                           ("Salahuddin province", "Şalāḩ ad Dīn"), ("Deir ez-Zor Governorate", "Dayr az Zawr"),
                           ("Hasakah province", "Al Ḩasakah"), ("Erbil Governorate", "Arbīl")]:
        best = geocoder.best(name)
        assert best is not None and best.place.feature_type == "region" and best.place.name == expected, name


def test_general_gazetteer_resolves_places_anywhere() -> None:
    ulaanbaatar = default_geocoder().best("Ulaanbaatar")  # the capital or its municipality: same place
    assert ulaanbaatar.place.country == "MN" and abs(ulaanbaatar.place.latitude - 47.9) < 0.5
    geocoder = default_geocoder()
    expected = {"Texas": ("region", "US"), "Pennsylvania": ("region", "US"), "Diyala province": ("region", "IQ"),
                "Côte d'Ivoire": ("country", "CI"), "Africa": ("continent", ""), "Lagos": ("city", "NG"),
                "Erbil International Airport": ("air_base", "IQ"), "Mediterranean": ("sea", ""),
                "Calif.": ("region", "US"), "Iraqi": ("country", "IQ")}
    for name, (feature_type, country) in expected.items():
        best = geocoder.best(name)
        assert best is not None, name
        assert (best.place.feature_type, best.place.country) == (feature_type, country), name


GEONAMES_LINES = [
    "99999901\tAl Zawiya Test\tAl Zawiya Test\tZawiya Test,Zawiyah Test\t33.1\t43.2\tP\tPPL\tIQ\t\t01\t\t\t\t1200\t\t50\tAsia/Baghdad\t2020-01-01",
    "99999902\tToo Few Columns\t33.1\t43.2",
    "99999903\tOff The Map\tOff The Map\t\t95.0\t43.2\tP\tPPL\tIQ\t\t01\t\t\t\t0\t\t50\tAsia/Baghdad\t2020-01-01",
    "99999904\tQuxbar Outpost\tQuxbar Outpost\t\t34.5\t41.5\tS\tMILB\tIQ\t\t01\t\t\t\t0\t\t50\tAsia/Baghdad\t2020-01-01",
]


def test_geonames_dump_import_skips_bad_lines_with_their_numbers(tmp_path) -> None:
    dump = tmp_path / "IQ.txt"
    dump.write_text("\n".join(GEONAMES_LINES) + "\n", encoding="utf-8")
    alternates = tmp_path / "alternateNamesV2.txt"
    alternates.write_text("1\t99999901\tar\tالزاوية تست\t\t\t\t\t\t\n2\t99999901\tlink\thttps://x\t\t\t\t\t\t\n",
                          encoding="utf-8")
    report = import_file(dump, tmp_path / "imports", alternates)
    assert report.imported == 2
    assert report.error_count == 2
    assert any(e.startswith(f"{dump}:2:") and "columns" in e for e in report.errors)
    assert any(e.startswith(f"{dump}:3:") and "±90/±180" in e for e in report.errors)
    entries = {e.name: e for e in read_imported(report.target)}
    assert entries["Quxbar Outpost"].feature_type == "military_site"
    assert "الزاوية تست" in entries["Al Zawiya Test"].alternates
    assert not any("://" in a for a in entries["Al Zawiya Test"].alternates)

    index = tmp_path / "index.sqlite"
    build_index(index, "test", read_imported(report.target))
    geocoder = GazetteerGeocoder(index)
    best = geocoder.best("Zawiyah Test")
    assert best is not None and best.place.id == "geonames:99999901"
    assert geocoder.best("Off The Map") is None


def test_user_csv_import_validates_rows(tmp_path) -> None:
    places = tmp_path / "my_sites.csv"
    places.write_text("name,lat,lon,type,country,alternates\n"
                      "Checkpoint Zulu,34.2,43.9,military_site,iq,CP Zulu|Zulu checkpoint\n"
                      "Broken Row,abc,43.9,military_site,IQ,\n"
                      "Too Far,34.2,190,military_site,IQ,\n", encoding="utf-8")
    report = import_file(places, tmp_path / "imports")
    assert report.imported == 1 and report.error_count == 2
    assert report.errors[0].startswith(f"{places}:3:") and report.errors[1].startswith(f"{places}:4:")
    (entry,) = read_imported(report.target)
    assert (entry.name, entry.country, entry.latitude, entry.alternates) == ("Checkpoint Zulu", "IQ", 34.2,
                                                                              ["CP Zulu", "Zulu checkpoint"])


def test_csv_without_coordinate_columns_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,place\nA,B\n", encoding="utf-8")
    with pytest.raises(ImportError_, match="lacks column"):
        import_file(bad, tmp_path / "imports")


def test_cli_import_rebuilds_the_cached_index(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GEOINC_CACHE_DIR", str(tmp_path / "cache"))
    places = tmp_path / "outposts.csv"
    places.write_text("name,latitude,longitude,feature_type,country\nOutpost Quillon,35.1,41.2,military_site,SY\n"
                      "Bad,1,2,3\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["gazetteer", "import", str(places)])
    assert result.exit_code == 0, result.output
    assert "imported 1 places" in result.output and f"{places}:3:" in result.output
    result = runner.invoke(app, ["geocode", "Outpost Quillon", "--json"])
    assert result.exit_code == 0, result.output
    best = json.loads(result.output)["best"]
    assert math.isclose(best["lat"], 35.1) and best["country"] == "SY" and best["gazetteer_id"].startswith("user:")
    missing = runner.invoke(app, ["gazetteer", "import", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "no such file" in missing.output
    info = runner.invoke(app, ["gazetteer", "info"])
    assert info.exit_code == 0 and "import: outposts" in info.output and "geoinc" in info.output
    assert runner.invoke(app, ["gazetteer", "remove", "outposts"]).exit_code == 0
    gone = runner.invoke(app, ["geocode", "Outpost Quillon", "--json"])
    assert "user:" not in gone.output
    assert runner.invoke(app, ["gazetteer", "remove", "outposts"]).exit_code == 2
