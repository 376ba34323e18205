"""Open geoinc outputs with QGIS itself and print what QGIS sees, as JSON (one object per file).

Run with the system Python that has ``qgis.core``:
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis_probe.py FILE [FILE ...]
A .csv is opened the way an analyst adds a delimited-text layer (x=longitude, y=latitude, EPSG:4326).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from qgis.core import QgsApplication, QgsVectorLayer


def layer_for(path: Path) -> QgsVectorLayer:
    if path.suffix == ".csv":
        uri = (f"{path.resolve().as_uri()}?delimiter=,&xField=longitude&yField=latitude&crs=EPSG:4326"
               "&detectTypes=yes&geomType=point")
        return QgsVectorLayer(uri, path.stem, "delimitedtext")
    if path.suffix == ".gpkg":
        return QgsVectorLayer(f"{path}|layername=incidents", path.stem, "ogr")
    return QgsVectorLayer(str(path), path.stem, "ogr")


def describe(path: Path) -> dict:
    layer = layer_for(path)
    info: dict = {"path": str(path), "valid": layer.isValid()}
    if not layer.isValid():
        return info
    fields = layer.fields()
    renderer = layer.renderer()
    info.update(
        crs=layer.crs().authid(),
        feature_count=layer.featureCount(),
        field_types={f.name(): f.typeName() for f in fields},
        field_variant_types={f.name(): int(f.type()) for f in fields},
        field_names=[f.name() for f in fields],
        extent=[round(v, 6) for v in (layer.extent().xMinimum(), layer.extent().yMinimum(),
                                      layer.extent().xMaximum(), layer.extent().yMaximum())],
        first_values={f.name(): str(value) for f, value in zip(fields, next(layer.getFeatures()).attributes())}
        if layer.featureCount() else {},
        renderer=renderer.type() if renderer else None,
        labels_enabled=layer.labelsEnabled(),
    )
    if renderer and renderer.type() == "categorizedSymbol":
        info["renderer_field"] = renderer.classAttribute()
        info["categories"] = {c.value(): c.symbol().color().name() for c in renderer.categories()}
        info["symbol_sizes"] = sorted({round(c.symbol().size(), 2) for c in renderer.categories()})
    return info


def main() -> None:
    app = QgsApplication([], False)
    app.initQgis()
    print(json.dumps([describe(Path(p)) for p in sys.argv[1:]]))
    app.exitQgis()


if __name__ == "__main__":
    main()
