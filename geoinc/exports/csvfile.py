"""CSV with ACLED-like columns (``event_date, time_precision, event_type, …, latitude, longitude,
geo_precision, source, notes, fatalities``), plus the ``.csvt`` (column types) and ``.prj`` (EPSG:4326)
sidecars that GDAL and QGIS read. Unplaced incidents are rows with empty latitude/longitude."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from pathlib import Path

from geoinc.atomic import atomic_write
from geoinc.exports.geojson import ExportReadError
from geoinc.exports.schema import BOOLEAN, DATE, INTEGER, REAL, WGS84_WKT, RowMaker, columns
from geoinc.model import Incident

# ACLED's column order where ACLED has the concept; geoinc's own fields follow the one they belong to.
CSV_COLUMNS = (
    "event_id", "event_date", "year", "time_precision", "date_text", "event_type", "sub_event_type",
    "attack_type", "actor1", "actor1_category", "attribution", "attributed_by", "actor2", "target",
    "country", "admin1", "location", "place_text", "latitude", "longitude", "geo_precision", "gazetteer_id",
    "launch_location", "launch_latitude", "launch_longitude", "source", "source_urls", "source_count",
    "notes", "fatalities", "injured", "confidence", "needs_review", "review_reasons",
)
# CSV column -> Incident property, where ACLED's name differs from ours.
RENAMED = {"event_id": "id", "source": "sources"}
_CSVT = {DATE: "Date", INTEGER: "Integer", REAL: "Real", BOOLEAN: "Integer"}


def csv_columns() -> tuple[str, ...]:
    """ACLED order first, then any property the model gained since (so nothing is silently dropped)."""
    listed = {RENAMED.get(c, c) for c in CSV_COLUMNS}
    extra = tuple(name for name, _ in columns() if name not in listed)
    return CSV_COLUMNS + extra


def write_csv(incidents: Iterable[Incident], path: str | os.PathLike[str]) -> Path:
    path = Path(path)
    names = csv_columns()
    with atomic_write(path) as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        values = RowMaker([RENAMED.get(name, name) for name in names])
        writer.writerows(["" if v is None else v for v in values(i)] for i in incidents)
    _write_csvt(path.with_suffix(".csvt"), names)
    with atomic_write(path.with_suffix(".prj")) as out:
        out.write(WGS84_WKT)  # GDAL reads the CRS of a CSV's point columns from here
    return path


def _write_csvt(path: Path, names: tuple[str, ...]) -> None:
    kinds = dict(columns()) | {"year": INTEGER}
    types = [_CSVT.get(kinds.get(RENAMED.get(n, n), ""), "String") for n in names]
    with atomic_write(path) as out:
        out.write(",".join(f'"{t}"' for t in types) + "\n")


def read_csv(path: Path) -> list[Incident]:
    incidents = []
    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "event_date" not in reader.fieldnames:
                raise ExportReadError(f"{path}:1: not a geoinc/ACLED-like CSV (no event_date column)")
            for row in reader:
                props = {RENAMED.get(k, k): v for k, v in row.items() if k is not None}
                try:
                    incidents.append(Incident.from_properties(props))
                except (TypeError, ValueError) as exc:
                    raise ExportReadError(f"{path}:{reader.line_num}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ExportReadError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise ExportReadError(f"{path}: malformed CSV: {exc}") from None
    return incidents
