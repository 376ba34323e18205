"""The flat incident schema every export shares: column order and each column's type.

Columns come from ``Incident.properties()`` so a field added to the model reaches every format;
the types come from the dataclass annotations (dates, integers, reals, booleans, else text).
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from geoinc.model import Incident

DATE, INTEGER, REAL, BOOLEAN, TEXT = "date", "integer", "real", "boolean", "text"

WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
    'AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,'
    'AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]'
)

_EXTRA_TYPES = {"source_count": INTEGER, "source_urls": TEXT, "latitude": REAL, "longitude": REAL}


def _kind(annotation: str) -> str:
    base = annotation.replace(" ", "").replace("|None", "")
    if base in ("dt.date", "date"):
        return DATE
    if base == "int":
        return INTEGER
    if base == "float":
        return REAL
    if base == "bool":
        return BOOLEAN
    return TEXT


@lru_cache(maxsize=1)
def columns() -> tuple[tuple[str, str], ...]:
    """(name, kind) for every flat property, in ``Incident.properties()`` order."""
    annotations = {f.name: str(f.type) for f in dataclasses.fields(Incident)}
    names = Incident().properties().keys()
    return tuple((name, _EXTRA_TYPES.get(name) or _kind(annotations.get(name, "str"))) for name in names)


def column_names() -> tuple[str, ...]:
    return tuple(name for name, _ in columns())
