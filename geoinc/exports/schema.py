"""The flat incident schema every export shares: column order and each column's type.

Columns come from ``Incident.properties()`` so a field added to the model reaches every format;
the types come from the dataclass annotations (dates, integers, reals, booleans, else text).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from functools import lru_cache
from operator import attrgetter
from typing import Any

from geoinc.model import Incident, _source_label

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


class RowMaker:
    """The values of ``names`` for one incident, as ``Incident.properties()`` gives them (booleans as 0/1,
    plus ``year``), in one C-level attribute fetch per row: exports of 100k incidents spend their time here."""

    _DERIVED = ("event_date", "sources", "source_urls", "source_count", "review_reasons", "needs_review", "year")

    def __init__(self, names: Sequence[str]) -> None:
        fields = {f.name for f in dataclasses.fields(Incident)}
        self.width = len(names)
        self.plain = [(n, name) for n, name in enumerate(names) if name in fields and name not in self._DERIVED]
        self.fetch = attrgetter(*(name for _, name in self.plain)) if self.plain else (lambda incident: ())
        self.derived = [(n, name) for n, name in enumerate(names) if name in self._DERIVED]

    def __call__(self, incident: Incident) -> list[Any]:
        row: list[Any] = [None] * self.width
        values = self.fetch(incident)
        for (n, _), value in zip(self.plain, values if len(self.plain) > 1 else (values,)):
            row[n] = value
        for n, name in self.derived:
            row[n] = _derived(incident, name)
        return row


def _derived(incident: Incident, name: str) -> Any:
    if name == "event_date":
        return incident.event_date.isoformat() if incident.event_date else None
    if name == "year":
        return incident.event_date.year if incident.event_date else None
    if name == "sources":
        return " | ".join(_source_label(s) for s in incident.sources)
    if name == "source_urls":
        return " ".join(s.url for s in incident.sources if s.url)
    if name == "source_count":
        return len(incident.sources)
    if name == "review_reasons":
        return "; ".join(incident.review_reasons)
    return int(bool(incident.needs_review))
