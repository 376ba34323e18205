"""Exports for QGIS and spreadsheets, chosen by file suffix, and reading them back.

    export(incidents, "out/incidents.gpkg")               # .geojson/.json, .gpkg, .csv
    export(incidents, "out/incidents.geojson", split_by="actor1")   # one file per group
    read_incidents("out/incidents.csv")                   # a store, GeoJSON, GeoPackage or CSV
    load("out/incidents.gpkg")                            # GeoDataFrame, EPSG:4326
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from geoinc.exports.csvfile import read_csv, write_csv
from geoinc.exports.geojson import ExportReadError, feature_collection, read_geojson, write_geojson
from geoinc.exports.gpkg import is_geopackage, is_store_file, read_gpkg, write_gpkg
from geoinc.model import Incident

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "ExportReadError", "export", "feature_collection", "load", "read_incidents",
    "write_csv", "write_geojson", "write_gpkg",
]

WRITERS: dict[str, Callable[[Iterable[Incident], str | os.PathLike[str]], Path]] = {
    ".geojson": write_geojson, ".json": write_geojson, ".gpkg": write_gpkg, ".csv": write_csv,
}


def export(incidents: Iterable[Incident], path: str | os.PathLike[str], split_by: str | None = None, bom: bool = True) -> list[Path]:
    """Write by suffix; with ``split_by`` (e.g. "actor1") one file per value: ``name.<value-slug>.suffix``.
    ``bom``: start a CSV with the UTF-8 byte order mark (what spreadsheets need to read it as UTF-8)."""
    path = Path(path)
    writer = WRITERS.get(path.suffix.lower())
    if writer is None:
        raise ValueError(f"{path}: unknown export format {path.suffix!r} (use .geojson, .json, .gpkg or .csv)")
    if writer is write_csv and not bom:
        writer = partial(write_csv, bom=False)
    incidents = list(incidents)
    if not split_by:
        return [writer(incidents, path)]
    return [writer(group, path.with_name(f"{path.stem}.{slug}{path.suffix}"))
            for slug, group in split(incidents, split_by).items()]


def split(incidents: Iterable[Incident], field: str) -> dict[str, list[Incident]]:
    """Incidents grouped by a property's value, keyed by a file-name-safe slug of that value."""
    groups: dict[str, list[Incident]] = defaultdict(list)
    for incident in incidents:
        value = incident.properties().get(field)
        groups[slug(str(value) if value not in (None, "") else "none")].append(incident)
    return dict(sorted(groups.items()))


def slug(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def read_incidents(path: str | os.PathLike[str]) -> list[Incident]:
    """Incidents from a geoinc store, a GeoJSON, a GeoPackage export or a CSV export."""
    path = Path(path)
    if not path.is_file():
        raise ExportReadError(f"{path}: no such file")
    suffix = path.suffix.lower()
    if suffix in (".geojson", ".json"):
        return read_geojson(path)
    if suffix == ".csv":
        return read_csv(path)
    if is_geopackage(path):
        if is_store_file(path):
            from geoinc.store import Store

            with Store.open(path, readonly=True) as store:
                return store.incidents()
        return read_gpkg(path)
    raise ExportReadError(f"{path}: not a GeoJSON, CSV or GeoPackage file")


def load(path: str | os.PathLike[str]) -> geopandas.GeoDataFrame:
    """A store or an export as a GeoDataFrame in EPSG:4326 (unplaced incidents have no geometry)."""
    import geopandas
    from shapely import points

    incidents = read_incidents(path)
    records = [i.properties() for i in incidents]
    geometry = [points(i.longitude, i.latitude) if i.is_mappable else None for i in incidents]
    frame = geopandas.GeoDataFrame(records, geometry=geometry, crs="EPSG:4326")
    if "event_date" in frame:
        import pandas

        frame["event_date"] = pandas.to_datetime(frame["event_date"], errors="coerce")
    return frame
