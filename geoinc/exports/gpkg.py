"""GeoPackage writing and reading with the ``sqlite3`` module: core tables, a point layer of incidents
(GPKG geometry blobs, EPSG:4326, R-tree spatial index) and the QGIS default style in ``layer_styles``.

Incidents with no place below country level stay in the same layer with a NULL geometry: QGIS lists
them in the attribute table (and counts them) but draws nothing, and no made-up point is ever written.

Written by hand rather than through GDAL because the store needs SQLite transactions around its own
tables; GDAL and QGIS read the result (tests check both).
"""

from __future__ import annotations

import os
import sqlite3
import struct
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import quote

from geoinc.atomic import atomic_path
from geoinc.exports.geojson import ExportReadError
from geoinc.exports.qgis_style import categorized_qml
from geoinc.exports.schema import BOOLEAN, DATE, INTEGER, REAL, WGS84_WKT, RowMaker, columns
from geoinc.model import Incident

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10300  # GeoPackage 1.3
SRS_ID = 4326
GEOM = "geom"
LAYER = "incidents"
STORE_META = "geoinc_meta"  # the table that marks a GeoPackage as a geoinc store

# MEDIUMINT, not INTEGER: GDAL reads INTEGER as a 64-bit field, MEDIUMINT as a plain Integer.
_SQL_TYPES = {DATE: "DATE", INTEGER: "MEDIUMINT", REAL: "REAL", BOOLEAN: "BOOLEAN"}
_HEADER = struct.pack("<2sBBi", b"GP", 0, 1, SRS_ID)  # little-endian, no envelope
_POINT = struct.Struct("<BIdd")

_CORE_TABLES = """
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE IF NOT EXISTS layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
  useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
"""

_SRS_ROWS = (
    ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", "undefined cartesian coordinate reference system"),
    ("Undefined geographic SRS", 0, "NONE", 0, "undefined", "undefined geographic coordinate reference system"),
    ("WGS 84 geodetic", SRS_ID, "EPSG", 4326, WGS84_WKT, "longitude/latitude coordinates in decimal degrees"),
)

_RTREE_TRIGGERS = """
CREATE TRIGGER "rtree_{t}_{g}_insert" AFTER INSERT ON "{t}" WHEN (new."{g}" NOT NULL AND NOT ST_IsEmpty(NEW."{g}"))
BEGIN INSERT OR REPLACE INTO "rtree_{t}_{g}" VALUES (NEW.fid, ST_MinX(NEW."{g}"), ST_MaxX(NEW."{g}"),
  ST_MinY(NEW."{g}"), ST_MaxY(NEW."{g}")); END;
CREATE TRIGGER "rtree_{t}_{g}_update1" AFTER UPDATE OF "{g}" ON "{t}"
  WHEN OLD.fid = NEW.fid AND (NEW."{g}" NOTNULL AND NOT ST_IsEmpty(NEW."{g}"))
BEGIN INSERT OR REPLACE INTO "rtree_{t}_{g}" VALUES (NEW.fid, ST_MinX(NEW."{g}"), ST_MaxX(NEW."{g}"),
  ST_MinY(NEW."{g}"), ST_MaxY(NEW."{g}")); END;
CREATE TRIGGER "rtree_{t}_{g}_update2" AFTER UPDATE OF "{g}" ON "{t}"
  WHEN OLD.fid = NEW.fid AND (NEW."{g}" ISNULL OR ST_IsEmpty(NEW."{g}"))
BEGIN DELETE FROM "rtree_{t}_{g}" WHERE id = OLD.fid; END;
CREATE TRIGGER "rtree_{t}_{g}_update3" AFTER UPDATE ON "{t}"
  WHEN OLD.fid != NEW.fid AND (NEW."{g}" NOTNULL AND NOT ST_IsEmpty(NEW."{g}"))
BEGIN DELETE FROM "rtree_{t}_{g}" WHERE id = OLD.fid; INSERT OR REPLACE INTO "rtree_{t}_{g}" VALUES (NEW.fid,
  ST_MinX(NEW."{g}"), ST_MaxX(NEW."{g}"), ST_MinY(NEW."{g}"), ST_MaxY(NEW."{g}")); END;
CREATE TRIGGER "rtree_{t}_{g}_update4" AFTER UPDATE ON "{t}"
  WHEN OLD.fid != NEW.fid AND (NEW."{g}" ISNULL OR ST_IsEmpty(NEW."{g}"))
BEGIN DELETE FROM "rtree_{t}_{g}" WHERE id IN (OLD.fid, NEW.fid); END;
CREATE TRIGGER "rtree_{t}_{g}_delete" AFTER DELETE ON "{t}" WHEN old."{g}" NOT NULL
BEGIN DELETE FROM "rtree_{t}_{g}" WHERE id = OLD.fid; END;
"""


def point_blob(lon: float, lat: float) -> bytes:
    return _HEADER + _POINT.pack(1, 1, lon, lat)


def blob_point(blob: bytes | None) -> tuple[float, float] | None:
    """(lon, lat) of a GPKG point blob; None for a null or empty geometry."""
    if not blob or len(blob) < 8 or blob[:2] != b"GP":
        return None
    flags = blob[3]
    if flags & 0x10:
        return None
    envelope_bytes = (0, 32, 48, 48, 64)[(flags >> 1) & 0x07]
    wkb = blob[8 + envelope_bytes:]
    order = "<" if wkb[0] == 1 else ">"
    geom_type = struct.unpack_from(order + "I", wkb, 1)[0]
    if geom_type % 1000 != 1:
        return None
    lon, lat = struct.unpack_from(order + "dd", wkb, 5)
    if lon != lon or lat != lat:
        return None
    return lon, lat


def init_geopackage(conn: sqlite3.Connection) -> None:
    """Make an empty SQLite database a GeoPackage (idempotent)."""
    conn.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
    conn.executescript(_CORE_TABLES)
    conn.executemany("INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", _SRS_ROWS)
    conn.execute("INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, description) "
                 "VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles')")


def drop_layer(conn: sqlite3.Connection, table: str = LAYER) -> None:
    conn.execute(f'DROP TABLE IF EXISTS "rtree_{table}_{GEOM}"')
    conn.execute(f'DROP TABLE IF EXISTS "{table}"')
    for meta in ("gpkg_geometry_columns", "gpkg_extensions", "gpkg_contents"):
        conn.execute(f"DELETE FROM {meta} WHERE table_name = ?", (table,))
    conn.execute("DELETE FROM layer_styles WHERE f_table_name = ?", (table,))


def write_layer(conn: sqlite3.Connection, incidents: Sequence[Incident], table: str = LAYER,
                description: str = "geoinc incidents") -> None:
    """(Re)create the point layer ``table`` with these incidents, its spatial index and default style."""
    drop_layer(conn, table)
    cols = columns()
    col_sql = ", ".join(f'"{name}" {_SQL_TYPES.get(kind, "TEXT")}' for name, kind in cols)
    conn.execute(f'CREATE TABLE "{table}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, "{GEOM}" POINT, {col_sql})')
    placeholders = ", ".join("?" * (len(cols) + 1))
    names = ", ".join(f'"{name}"' for name, _ in cols)
    values = RowMaker([name for name, _ in cols])
    conn.executemany(f'INSERT INTO "{table}" ("{GEOM}", {names}) VALUES ({placeholders})',
                     ([point_blob(i.longitude, i.latitude) if i.is_mappable else None, *values(i)]
                      for i in incidents))
    extent = conn.execute(f'SELECT min(longitude), min(latitude), max(longitude), max(latitude) FROM "{table}" '
                          f'WHERE "{GEOM}" IS NOT NULL').fetchone()
    conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, "
                 "max_x, max_y, srs_id) VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?)",
                 (table, table, description, *extent, SRS_ID))
    conn.execute("INSERT INTO gpkg_geometry_columns VALUES (?, ?, 'POINT', ?, 0, 0)", (table, GEOM, SRS_ID))
    _spatial_index(conn, table)
    _default_style(conn, table, (i.actor1 for i in incidents))


def _spatial_index(conn: sqlite3.Connection, table: str) -> None:
    rtree = f"rtree_{table}_{GEOM}"
    conn.execute(f'CREATE VIRTUAL TABLE "{rtree}" USING rtree(id, minx, maxx, miny, maxy)')
    conn.execute(f'INSERT INTO "{rtree}" SELECT fid, longitude, longitude, latitude, latitude FROM "{table}" '
                 f'WHERE "{GEOM}" IS NOT NULL')
    conn.execute("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
                 "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')", (table, GEOM))
    # The triggers keep the index right when QGIS/GDAL edit the layer (they supply the ST_ functions).
    for statement in _RTREE_TRIGGERS.format(t=table, g=GEOM).split("END;"):
        if statement.strip():
            conn.execute(statement + "END;")


def _default_style(conn: sqlite3.Connection, table: str, groups: Iterable[str]) -> None:
    conn.execute(
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
        "styleQML, styleSLD, useAsDefault, description, owner, ui) VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', '')",
        (table, GEOM, f"{table} by group", categorized_qml(groups),
         "Incidents coloured by attributed group, as on the geoinc HTML map"),
    )


def read_layer(conn: sqlite3.Connection, table: str = LAYER) -> list[Incident]:
    known = {name for name, _ in columns()}
    cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY fid')
    names = [d[0] for d in cursor.description]
    incidents = []
    for values in cursor:
        record = dict(zip(names, values))
        lon_lat = blob_point(record.get(GEOM))
        props = {k: v for k, v in record.items() if k in known}
        incident = Incident.from_properties(props)
        if lon_lat:
            incident.longitude, incident.latitude = lon_lat
        incidents.append(incident)
    return incidents


def write_gpkg(incidents: Iterable[Incident], path: str | os.PathLike[str], table: str = LAYER) -> Path:
    """A fresh GeoPackage with the incidents layer and its QGIS default style, written atomically."""
    path = Path(path)
    incidents = list(incidents)
    with atomic_path(path) as tmp:
        tmp.unlink()  # mkstemp made an empty file; SQLite must create its own
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # a private temporary file: nothing to roll back to
            with conn:
                init_geopackage(conn)
                write_layer(conn, incidents, table)
        finally:
            conn.close()
    return path


def is_geopackage(path: Path) -> bool:
    with open(path, "rb") as handle:
        header = handle.read(72)
    return header[:16] == b"SQLite format 3\x00" and header[68:72] == struct.pack(">I", GPKG_APPLICATION_ID)


def sqlite_uri(path: Path, mode: str) -> str:
    """An SQLite URI for ``path`` (quoted: names with ?, # or % are fine) opened in ``mode`` (ro, rw)."""
    return f"file:{quote(str(path.absolute()))}?mode={mode}"


def is_store_file(path: Path) -> bool:
    """A GeoPackage that is a geoinc store (it has the store's metadata table)."""
    conn = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
    try:
        return conn.execute(f"SELECT 1 FROM sqlite_master WHERE name = '{STORE_META}'").fetchone() is not None
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def read_gpkg(path: Path, table: str = LAYER) -> list[Incident]:
    if not is_geopackage(path):
        raise ExportReadError(f"{path}: not a GeoPackage")
    conn = sqlite3.connect(sqlite_uri(path, "ro"), uri=True)
    try:
        found = conn.execute("SELECT 1 FROM gpkg_contents WHERE table_name = ?", (table,)).fetchone()
        if not found:
            raise ExportReadError(f"{path}: GeoPackage has no '{table}' layer")
        return read_layer(conn, table)
    except sqlite3.DatabaseError as exc:
        raise ExportReadError(f"{path}: unreadable GeoPackage: {exc}") from None
    finally:
        conn.close()
