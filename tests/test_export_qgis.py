"""What QGIS itself sees when it opens each export and the store (``tests/qgis_probe.py`` runs under the
system Python that has ``qgis.core``, offscreen)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from test_export import sample_incidents

from geoinc.actors import color_for
from geoinc.exports import export
from geoinc.model import Article
from geoinc.store import Store

PROBE = Path(__file__).with_name("qgis_probe.py")
QVARIANT_INT, QVARIANT_DATE = 2, 14


def probe(*paths: Path) -> dict[str, dict]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(paths[0].parent))
    result = subprocess.run(["/usr/bin/python3", str(PROBE), *map(str, paths)], capture_output=True, text=True,
                            env=env, timeout=300, check=True)
    return {Path(info["path"]).name: info for info in json.loads(result.stdout.strip().splitlines()[-1])}


def test_qgis_opens_every_export_and_the_store_as_the_analyst_expects(tmp_path):
    incidents = sample_incidents()
    groups = {i.actor1 for i in incidents}
    for suffix in ("geojson", "gpkg", "csv"):
        export(incidents, tmp_path / f"incidents.{suffix}")
    export(incidents, tmp_path / "group.gpkg", split_by="actor1")
    with Store.open(tmp_path / "store.gpkg") as store:
        for n, incident in enumerate(incidents):
            store.ingest(Article(id=f"a{n}", text=f"article {n}"), [incident])

    seen = probe(tmp_path / "incidents.geojson", tmp_path / "incidents.gpkg", tmp_path / "incidents.csv",
                 tmp_path / "store.gpkg", tmp_path / "group.kataib-hezbollah.gpkg")

    for name, info in seen.items():
        assert info["valid"], name
        assert info["crs"] == "EPSG:4326", name
        assert info["field_variant_types"]["event_date"] == QVARIANT_DATE, name
        assert info["field_variant_types"]["fatalities"] == QVARIANT_INT, name
        assert info["labels_enabled"] is False, name
    for name in ("incidents.geojson", "incidents.gpkg", "incidents.csv", "store.gpkg"):
        assert seen[name]["feature_count"] == len(incidents), name  # the unplaced incident included
    for name, expected_groups in (("incidents.gpkg", groups), ("store.gpkg", groups),
                                  ("group.kataib-hezbollah.gpkg", {"Kataib Hezbollah"})):
        info = seen[name]
        assert info["renderer"] == "categorizedSymbol" and info["renderer_field"] == "actor1", name
        assert info["categories"] == {g: color_for(g) for g in expected_groups}, name
        assert info["symbol_sizes"] == [3.2], name


QVARIANT_DOUBLE, QVARIANT_STRING = 6, 10


def test_qgis_reads_the_csv_header_and_numbers_with_and_without_the_byte_order_mark(tmp_path):
    from test_export import FORMULA_PAYLOADS, payload_incidents

    from geoinc.exports import write_csv

    incidents = payload_incidents()
    write_csv(incidents, tmp_path / "with_bom.csv")
    write_csv(incidents, tmp_path / "plain.csv", bom=False)

    seen = probe(tmp_path / "with_bom.csv", tmp_path / "plain.csv")

    for name, info in seen.items():
        assert info["valid"] and info["feature_count"] == len(incidents), name
        assert info["field_names"][:2] == ["event_id", "event_date"], name  # no "\ufeffevent_id"
        types = info["field_variant_types"]
        assert types["longitude"] == types["latitude"] == QVARIANT_DOUBLE, name
        assert types["fatalities"] == QVARIANT_INT and types["notes"] == QVARIANT_STRING, name
        assert info["extent"][0] == -82.1 and info["extent"][2] == -74.1, name  # negative longitudes stay numbers
        assert info["first_values"]["notes"] == "'" + FORMULA_PAYLOADS[0], name
        assert info["first_values"]["location"] == "Bogotá", name
