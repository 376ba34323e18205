"""GeoJSON per RFC 7946: WGS84 lon/lat, no ``crs`` member, flat properties, a feature ``id``."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from geoinc.atomic import atomic_write
from geoinc.model import Incident


class ExportReadError(ValueError):
    """A file that cannot be read back as incidents; the message names the file (and line)."""


def feature_collection(incidents: Iterable[Incident]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": [i.to_feature() for i in incidents]}


def write_geojson(incidents: Iterable[Incident], path: str | os.PathLike[str]) -> Path:
    """Stream the features out one by one (bounded memory for 100k incidents), atomically."""
    path = Path(path)
    with atomic_write(path, "wb") as out:
        out.write(b'{"type":"FeatureCollection","features":[\n')
        for n, incident in enumerate(incidents):
            if n:
                out.write(b",\n")
            out.write(orjson.dumps(incident.to_feature()))
        out.write(b"\n]}\n")
    return path


def read_geojson(path: Path) -> list[Incident]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except UnicodeDecodeError as exc:
        raise ExportReadError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise ExportReadError(f"{path}:{exc.lineno}: not valid JSON: {exc.msg}") from None
    features = data.get("features") if isinstance(data, dict) else None
    if data.get("type") == "Feature" if isinstance(data, dict) else False:
        features = [data]
    if not isinstance(features, list):
        raise ExportReadError(f"{path}: not a GeoJSON FeatureCollection")
    return [_incident_from_feature(path, n, feature) for n, feature in enumerate(features)]


def _incident_from_feature(path: Path, n: int, feature: Any) -> Incident:
    if not isinstance(feature, dict) or not isinstance(feature.get("properties") or {}, dict):
        raise ExportReadError(f"{path}: feature {n} is not a GeoJSON Feature with properties")
    props = dict(feature.get("properties") or {})
    if feature.get("id") is not None and not props.get("id"):
        props["id"] = str(feature["id"])
    lon = lat = None
    geometry = feature.get("geometry")
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        coords = geometry.get("coordinates") or []
        if len(coords) >= 2:
            lon, lat = coords[0], coords[1]
    try:
        return Incident.from_properties(props, lon=lon, lat=lat)
    except (TypeError, ValueError) as exc:
        raise ExportReadError(f"{path}: feature {n} ({props.get('id', '')}): {exc}") from None
