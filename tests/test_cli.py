"""The command line as a user drives it: the main job on the bundled samples, re-runs, bad input."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SEED_ARTICLE = """BAGHDAD, March 14, 2024 (Wire) -- Two rockets struck Ain al-Asad air base in western Iraq on
Tuesday, wounding three US service members, a US official said. No group claimed the attack.
"""


def geoinc(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "geoinc", *args], cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, examples_dir) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("maps")
    return out, geoinc("run", str(examples_dir), "--out", str(out), "--quiet")


def store_counts(store: Path) -> tuple[int, int]:
    with sqlite3.connect(store) as conn:
        incidents = conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0]
        sources = conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0]
    return incidents, sources


def test_run_writes_map_and_three_exports_with_the_same_incidents(demo_run):
    out, result = demo_run
    assert result.returncode == 0, result.stderr
    for name in ("incidents.html", "incidents.geojson", "incidents.gpkg", "incidents.csv"):
        assert (out / name).stat().st_size > 0, name
    features = json.loads((out / "incidents.geojson").read_text())["features"]
    assert len(features) >= 12
    csv_rows = (out / "incidents.csv").read_text().strip().splitlines()
    assert len(csv_rows) - 1 == len(features)
    html = (out / "incidents.html").read_text()
    assert 'id="geoinc-incidents"' in html
    embedded = html.split('id="geoinc-incidents">', 1)[1].split("</script>", 1)[0]
    assert len(json.loads(embedded)["features"]) == len(features)


def test_run_prints_a_summary_with_articles_incidents_and_groups(demo_run):
    _, result = demo_run
    assert "articles read" in result.stderr
    assert "by group:" in result.stderr
    assert "United States" in result.stderr


def test_no_incident_is_put_at_null_island(demo_run):
    out, _ = demo_run
    for feature in json.loads((out / "incidents.geojson").read_text())["features"]:
        if feature["geometry"] is not None:
            lon, lat = feature["geometry"]["coordinates"]
            assert abs(lon) + abs(lat) > 1.0, feature["properties"]["place_text"]


def test_rerunning_the_same_articles_adds_nothing(demo_run, examples_dir):
    out, _ = demo_run
    store = out / "geoinc-store.gpkg"
    before = store_counts(store)
    again = geoinc("run", str(examples_dir), "--out", str(out), "--quiet")
    assert again.returncode == 0, again.stderr
    assert store_counts(store) == before
    assert "0 new" in again.stderr


def test_extract_prints_geojson_and_keeps_unplaced_incidents(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(SEED_ARTICLE + "\nOn Wednesday the US struck a Kataib Hezbollah facility in Iraq.\n")
    result = geoinc("extract", str(article))
    assert result.returncode == 0, result.stderr
    collection = json.loads(result.stdout)
    assert collection["type"] == "FeatureCollection"
    by_actor = {f["properties"]["actor1"]: f for f in collection["features"]}
    ain = next(f for f in collection["features"] if f["geometry"])
    lon, lat = ain["geometry"]["coordinates"]
    assert abs(lat - 33.80) < 0.2 and abs(lon - 42.44) < 0.2
    assert ain["properties"]["event_date"] == "2024-03-12"
    assert by_actor["United States"]["geometry"] is None


def test_extract_reads_stdin_with_a_published_date():
    text = "Drones struck Erbil air base on Thursday, officials said. No one was hurt."
    result = geoinc("extract", "-", "--published", "2024-01-20", stdin=text)
    assert result.returncode == 0, result.stderr
    (feature,) = json.loads(result.stdout)["features"]
    assert feature["properties"]["event_date"] == "2024-01-18"
    assert feature["properties"]["attack_type"] == "drone"


def test_extract_keeps_recalled_attacks_only_with_background():
    text = "In January, a drone struck Erbil airport. Rockets hit Ain al-Asad on Tuesday."
    places = {}
    for flag in ([], ["--background"]):
        result = geoinc("extract", "-", "--published", "2024-03-14", *flag, stdin=text)
        assert result.returncode == 0, result.stderr
        places[bool(flag)] = [f["properties"]["place_text"] for f in json.loads(result.stdout)["features"]]
    assert places == {False: ["Ain al-Asad"], True: ["Erbil airport", "Ain al-Asad"]}


def test_bad_published_date_is_one_line_and_exit_2(tmp_path):
    result = geoinc("extract", "-", "--published", "20/01/2024", stdin="text")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "--published" in result.stderr and "Traceback" not in result.stderr


def test_missing_input_names_the_file(tmp_path):
    result = geoinc("run", str(tmp_path / "nope"), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert "nope" in result.stderr and "Traceback" not in result.stderr


def test_a_bad_file_is_reported_and_the_rest_still_processed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(SEED_ARTICLE)
    (folder / "feed.jsonl").write_text('{"id": "x1", "text": "Rockets hit Erbil airport on Monday."}\n{not json\n')
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 50)
    result = geoinc("run", str(folder), "--out", str(tmp_path / "o"), "--quiet")
    assert result.returncode == 1
    assert "feed.jsonl" in result.stderr and ":2" in result.stderr
    assert "Traceback" not in result.stderr
    features = json.loads((tmp_path / "o" / "incidents.geojson").read_text())["features"]
    assert {f["properties"]["location"] for f in features if f["geometry"]} >= {"Ain al-Asad Air Base"}


def test_store_from_another_program_is_refused(tmp_path):
    bogus = tmp_path / "store.gpkg"
    bogus.write_text("not a geopackage")
    result = geoinc("run", "-", "--store", str(bogus), "--out", str(tmp_path / "o"), stdin=SEED_ARTICLE)
    assert result.returncode == 2
    assert "store.gpkg" in result.stderr and "Traceback" not in result.stderr


def test_the_first_run_says_it_builds_the_gazetteer_index(tmp_path):
    env = {**os.environ, "GEOINC_CACHE_DIR": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-m", "geoinc", "extract", "-"], input=SEED_ARTICLE, env=env,
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "building the gazetteer index" in first.stderr
    second = subprocess.run([sys.executable, "-m", "geoinc", "extract", "-"], input=SEED_ARTICLE, env=env,
                            capture_output=True, text=True, timeout=300)
    assert "building the gazetteer index" not in second.stderr
    assert json.loads(second.stdout) == json.loads(first.stdout)
