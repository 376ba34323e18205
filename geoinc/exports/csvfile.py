"""CSV with ACLED-like columns (``event_date, time_precision, event_type, …, latitude, longitude,
geo_precision, source, notes, fatalities``), plus the ``.csvt`` (column types) and ``.prj`` (EPSG:4326)
sidecars that GDAL and QGIS read. Unplaced incidents are rows with empty latitude/longitude.

Made for spreadsheets as well as GIS:
- UTF-8 with a byte-order mark by default: Excel opens a UTF-8 file without one as the system code page
  (cp1252) and garbles Arabic names; GDAL, QGIS and pandas skip the mark (tested), as LibreOffice does.
- Article text is untrusted, so a text cell that a spreadsheet would run as a formula (starting with
  ``= + - @``, tab, CR or NUL) is written with a leading apostrophe (OWASP's rule); number and date
  columns are never touched, so a negative longitude stays a number. ``unescape_formula`` undoes it.
"""

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
# First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP, ASVS 1.2.10).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
_QUOTE = "'"
# Columns only a geoinc export has (ACLED's own exports have none of them): such a file is read back exactly.
EXPORT_SIGNATURE = frozenset({"event_id", "source_urls", "source_count"})


def escape_formula(text: str) -> str:
    """``text`` with a leading apostrophe if a spreadsheet would run it as a formula. Text that already starts
    with apostrophes before such a character gets one more, so ``unescape_formula`` always gives it back."""
    if text and (text[0] in FORMULA_STARTS or text[0] == _QUOTE) and text.lstrip(_QUOTE).startswith(FORMULA_STARTS):
        return _QUOTE + text
    return text


def unescape_formula(cell: str) -> str:
    """The inverse of ``escape_formula`` (a cell that was not escaped comes back as it is)."""
    if cell.startswith(_QUOTE) and cell.lstrip(_QUOTE).startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def csv_columns() -> tuple[str, ...]:
    """ACLED order first, then any property the model gained since (so nothing is silently dropped)."""
    listed = {RENAMED.get(c, c) for c in CSV_COLUMNS}
    extra = tuple(name for name, _ in columns() if name not in listed)
    return CSV_COLUMNS + extra


def write_csv(incidents: Iterable[Incident], path: str | os.PathLike[str], bom: bool = True) -> Path:
    """Write the CSV and its sidecars; ``bom=False`` leaves out the byte-order mark (plain UTF-8)."""
    path = Path(path)
    names = csv_columns()
    text_columns = _text_columns(names)
    with atomic_write(path, encoding="utf-8-sig" if bom else "utf-8") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(names)
        values = RowMaker([RENAMED.get(name, name) for name in names])
        for incident in incidents:
            row = ["" if v is None else v for v in values(incident)]
            for n in text_columns:
                cell = row[n]
                if cell and (cell[0] in FORMULA_STARTS or cell[0] == _QUOTE):
                    row[n] = escape_formula(cell)
            writer.writerow(row)
    _write_csvt(path.with_suffix(".csvt"), names)
    with atomic_write(path.with_suffix(".prj")) as out:
        out.write(WGS84_WKT)  # GDAL reads the CRS of a CSV's point columns from here
    return path


def _column_types(names: tuple[str, ...]) -> list[str]:
    kinds = dict(columns()) | {"year": INTEGER}
    return [_CSVT.get(kinds.get(RENAMED.get(n, n), ""), "String") for n in names]


def _text_columns(names: tuple[str, ...]) -> list[int]:
    return [n for n, kind in enumerate(_column_types(names)) if kind == "String"]


def _write_csvt(path: Path, names: tuple[str, ...]) -> None:
    types = _column_types(names)
    with atomic_write(path) as out:
        out.write(",".join(f'"{t}"' for t in types) + "\n")


def read_csv(path: Path) -> list[Incident]:
    """The incidents of a geoinc CSV export (or an ACLED-like table), read as ``geoinc run`` reads it: any
    encoding, comma/semicolon/tab, a spreadsheet's own dates and decimal commas, formula quotes undone.
    The first bad row raises ``ExportReadError`` naming its line."""
    from geoinc.sources import ReadProblem, read_inputs  # lazily: the readers import more than exports need

    incidents = []
    for item in read_inputs([path]):
        if isinstance(item, ReadProblem):
            raise ExportReadError(str(item))
        if not isinstance(item, Incident):
            raise ExportReadError(f"{path}: a CSV of articles (it has a text column), not of incidents")
        incidents.append(item)
    return incidents


def is_geoinc_export(header: Iterable[str]) -> bool:
    return EXPORT_SIGNATURE <= {name.strip().lstrip("\ufeff") for name in header}


def incident_from_row(row: dict[str | None, str | None]) -> Incident:
    """One row of a geoinc CSV export back into the Incident it was written from (formula escapes undone)."""
    props = {RENAMED.get(k, k): unescape_formula(v or "") for k, v in row.items() if k is not None}
    return Incident.from_properties(props)
