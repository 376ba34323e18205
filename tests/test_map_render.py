"""The map page as written by render_map: data block, escaping, determinism, layers, packing, CLI."""

from __future__ import annotations

import base64
import html as html_module
import datetime as dt
import gzip
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geoinc.actors import color_for
from geoinc.exports import export
from geoinc.mapping import render_map
from geoinc.model import Incident, SourceRef


def incident(n: int, actor: str = "Kataib Hezbollah", lat: float | None = 33.0, lon: float | None = 44.0, **extra) -> Incident:
    inc = Incident(
        event_date=extra.pop("event_date", dt.date(2024, 1, 1) + dt.timedelta(days=n)),
        time_precision=1,
        attack_type=extra.pop("attack_type", "drone"),
        actor1=actor,
        location=f"Site {n}",
        country=extra.pop("country", "IQ"),
        latitude=lat + n * 0.01 if lat is not None else None,
        longitude=lon if lon is not None else None,
        geo_precision=1 if lat is not None else None,
        sources=[SourceRef(f"a{n}", f"Article {n}", f"https://example.com/{n}")],
        notes=extra.pop("notes", f"Drones struck site {n}."),
        **extra,
    )
    inc.assign_id()
    return inc


def page_blocks(path: Path) -> dict[str, str]:
    html = path.read_text("utf-8")
    return dict(re.findall(r'<script type="[^"]+" id="([^"]+)">(.*?)</script>', html, flags=re.S))


def test_data_block_is_the_incidents_feature_collection(tmp_path: Path) -> None:
    incidents = [incident(i, actor="United States" if i % 2 else "Kataib Hezbollah") for i in range(5)]
    incidents.append(incident(9, lat=None, lon=None))
    path = render_map(incidents, tmp_path / "m.html", title="Test")
    collection = json.loads(page_blocks(path)["geoinc-incidents"])
    assert collection["type"] == "FeatureCollection"
    expected = sorted((i.to_feature() for i in incidents), key=lambda f: (f["properties"]["event_date"], f["id"]))
    assert collection["features"] == expected
    assert [f["geometry"] for f in collection["features"]].count(None) == 1
    assert path.read_text("utf-8").count('id="geoinc-incidents"') == 1


def test_same_incidents_in_any_order_give_identical_bytes(tmp_path: Path) -> None:
    incidents = [incident(i, actor=a) for i, a in enumerate(["Islamic State", "Houthis", "Iran", "Houthis"])]
    first = render_map(incidents, tmp_path / "a.html").read_bytes()
    second = render_map(list(reversed(incidents)), tmp_path / "b.html").read_bytes()
    assert first == second
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(render_map(incidents, tmp_path / "c.html").read_bytes()).hexdigest()


def test_json_cannot_break_out_of_its_script_block(tmp_path: Path) -> None:
    nasty = "</script><script>window.__xss=1</script><!-- \u2028\u2029 & >"
    path = render_map([incident(1, notes=nasty, target=nasty)], tmp_path / "m.html", title=nasty)
    html = path.read_text("utf-8")
    assert "<script>window.__xss" not in html
    assert all("\u2028" not in text and "<!--" not in text for text in page_blocks(path).values())
    assert "&lt;/script&gt;&lt;script&gt;" in html  # the title, HTML-escaped
    assert json.loads(page_blocks(path)["geoinc-incidents"])["features"][0]["properties"]["notes"] == nasty


def test_layers_follow_actor_file_colours_and_count_markers(tmp_path: Path) -> None:
    incidents = [incident(i, actor="United States") for i in range(3)]
    incidents += [incident(10 + i, actor="Islamic State") for i in range(2)]
    incidents.append(incident(20, actor="Islamic State", lat=None, lon=None))
    config = json.loads(page_blocks(render_map(incidents, tmp_path / "m.html"))["geoinc-config"])
    layers = {layer["label"]: layer for layer in config["layers"]}
    assert layers["United States"]["count"] == 3 and layers["United States"]["color"] == color_for("United States")
    assert layers["Islamic State"]["count"] == 2 and layers["Islamic State"]["total"] == 3
    assert len(config["layer_of"]) == 6


@pytest.mark.parametrize(
    ("layers_by", "labels"),
    [("year", ["2023", "2024", "Undated"]), ("attack_type", ["Drone", "Rocket"]), ("country", ["Iraq (IQ)", "Syrian Arab Republic (SY)"])],
)
def test_layers_by_other_fields(tmp_path: Path, layers_by: str, labels: list[str]) -> None:
    incidents = [
        incident(0, event_date=dt.date(2023, 5, 1), country="SY"),
        incident(1, attack_type="rocket"),
        incident(2, event_date=None),
    ]
    config = json.loads(page_blocks(render_map(incidents, tmp_path / "m.html", layers_by=layers_by))["geoinc-config"])
    assert [layer["label"] for layer in config["layers"]] == labels


def test_unknown_layer_field_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="layers_by"):
        render_map([incident(1)], tmp_path / "m.html", layers_by="colour")
    assert not (tmp_path / "m.html").exists()


def test_impossible_coordinates_are_unplaced_never_zero(tmp_path: Path) -> None:
    bad = [incident(1, lat=float("nan")), incident(2, lat=95.0), incident(3, lon=float("inf"))]
    features = json.loads(page_blocks(render_map(bad, tmp_path / "m.html"))["geoinc-incidents"])["features"]
    assert [f["geometry"] for f in features] == [None, None, None]
    assert "NaN" not in page_blocks(tmp_path / "m.html")["geoinc-incidents"]


def test_packed_parts_decode_to_the_same_features(tmp_path: Path) -> None:
    incidents = [incident(i) for i in range(2500)]
    blocks = page_blocks(render_map(incidents, tmp_path / "m.html", packed=True))
    header = json.loads(blocks["geoinc-incidents"])
    assert header["type"] == "FeatureCollection" and header["geoinc_packed"]["parts"] == 2
    features = []
    for part in range(header["geoinc_packed"]["parts"]):
        features += json.loads(gzip.decompress(base64.b64decode(blocks[f"geoinc-incidents-part-{part}"])))
    assert len(features) == 2500
    assert features == sorted((i.to_feature() for i in incidents), key=lambda f: (f["properties"]["event_date"], f["id"]))


def test_only_our_scripts_are_allowed_by_the_page_policy(tmp_path: Path) -> None:
    html = render_map([incident(1)], tmp_path / "m.html").read_text("utf-8")
    policy = html_module.unescape(re.search(r"http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\"", html).group(1))
    scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 3
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "connect-src 'none'" in policy
    assert "sourceMappingURL" not in html
    markup = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", markup, flags=re.I)  # nothing loaded from elsewhere


def test_vendored_supercluster_is_the_recorded_npm_build_with_its_licences(tmp_path: Path) -> None:
    static = Path(__file__).parent.parent / "geoinc" / "mapping" / "static"
    source = (static / "supercluster.js").read_bytes()
    recorded = re.search(r"the file here: sha256 `([0-9a-f]{64})`", (static / "VENDORED.md").read_text("utf-8")).group(1)
    assert hashlib.sha256(source).hexdigest() == recorded
    assert "ISC License" in (static / "supercluster.LICENSE").read_text("utf-8")
    assert "ISC License" in (static / "kdbush.LICENSE").read_text("utf-8")
    html = render_map([incident(1)], tmp_path / "m.html").read_text("utf-8")
    assert "class Supercluster" in html and "markerClusterGroup" not in html


def test_cli_map_from_a_geojson_export(tmp_path: Path) -> None:
    exported = tmp_path / "in.geojson"
    export([incident(i) for i in range(4)] + [incident(9, lat=None, lon=None)], exported)
    out = tmp_path / "maps" / "m.html"
    result = subprocess.run(
        [sys.executable, "-m", "geoinc", "map", str(exported), "-o", str(out), "--title", "CLI map", "--layers-by", "year"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "5 incidents, 4 on the map, 1 not placed" in result.stdout
    assert len(json.loads(page_blocks(out)["geoinc-incidents"])["features"]) == 5
    assert "<title>CLI map</title>" in out.read_text("utf-8")


def test_cli_map_bad_input_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.geojson"
    bad.write_text('{"type": "FeatureCollection",\n "features": [}', "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "geoinc", "map", str(bad), "-o", str(tmp_path / "m.html")], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and str(bad) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "m.html").exists()


def test_text_with_lone_surrogates_still_renders(tmp_path: Path) -> None:
    path = render_map([incident(1, notes="broken \udc80 decoding </script>")], tmp_path / "m.html")
    notes = json.loads(page_blocks(path)["geoinc-incidents"])["features"][0]["properties"]["notes"]
    assert notes.startswith("broken ") and notes.endswith(" decoding </script>")


def test_every_attack_type_has_a_symbol_the_page_can_draw() -> None:
    import json
    import re
    from importlib import resources

    from geoinc.model import ATTACK_TYPES

    mapping = resources.files("geoinc.mapping")
    symbols = json.loads(mapping.joinpath("symbols.json").read_text("utf-8"))["attack_types"]
    script = mapping.joinpath("static/geoinc-map.js").read_text("utf-8")
    drawn = set(re.findall(r"^\s+'?([\w-]+)'?: ", script.split("var SHAPES = {", 1)[1].split("};", 1)[0], re.M))
    assert set(ATTACK_TYPES) == set(symbols)
    assert {spec["shape"] for spec in symbols.values()} <= drawn
