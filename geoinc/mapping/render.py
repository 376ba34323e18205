"""Build the self-contained incident map page from a list of Incidents.

Python decides everything that needs the data files (layer of each incident, layer colours from the
actor file, symbol per attack type); the page's small renderer (``static/geoinc-map.js``) draws it all
from the embedded data block, so there is one copy of the data and no per-marker Python object.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import orjson

import geoinc
from geoinc.actors import FALLBACK_PALETTE, color_for
from geoinc.atomic import atomic_write
from geoinc.mapping import assets
from geoinc.model import UNATTRIBUTED, Incident

LAYER_FIELDS = ("actor1", "attack_type", "year", "country")
# Above this many incidents the data travels gzip-compressed in parts (see _packed_blocks); below it
# the page holds one plain GeoJSON FeatureCollection that anyone can copy out of the source.
PACK_THRESHOLD = 20_000
FIRST_PART_FEATURES = 2_000  # small first part: markers paint while the rest decodes
PART_FEATURES = 20_000
_HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")

TILE_LAYERS = (
    {
        "name": "OpenStreetMap (online)",
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "\u00a9 OpenStreetMap contributors",
        "attribution_url": "https://www.openstreetmap.org/copyright",
        "max_zoom": 19,
    },
    {
        "name": "Satellite, Esri World Imagery (online)",
        "url": "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "attribution": "Tiles \u00a9 Esri, Maxar, Earthstar Geographics and the GIS User Community",
        "attribution_url": "https://www.esri.com/",
        "max_zoom": 18,
    },
)


def render_map(
    incidents: Iterable[Incident],
    path: str | Path,
    title: str = "geoinc incidents",
    layers_by: str = "actor1",
    packed: bool | None = None,
) -> Path:
    """Write the map page for ``incidents`` to ``path`` (atomically) and return the path.

    ``layers_by`` picks the field that makes one overlay layer per value (actor1, attack_type, year,
    country). ``packed`` forces (True) or forbids (False) compressed data parts; by default only maps
    of more than ``PACK_THRESHOLD`` incidents are packed.
    """
    if layers_by not in LAYER_FIELDS:
        raise ValueError(f"layers_by must be one of {', '.join(LAYER_FIELDS)}, not {layers_by!r}")
    page = build_page(list(incidents), title=title, layers_by=layers_by, packed=packed)
    target = Path(path)
    with atomic_write(target, "wb") as handle:
        handle.write(page.encode("utf-8", "replace"))
    return target


def build_page(incidents: list[Incident], title: str, layers_by: str, packed: bool | None) -> str:
    features = sorted_features(incidents)
    layers, layer_of = assign_layers(features, layers_by)
    use_packed = len(features) > PACK_THRESHOLD if packed is None else packed
    config = {
        "title": title,
        "layers_by": layers_by,
        "layers": layers,
        "layer_of": layer_of,
        "symbols": symbols(),
        "tiles": list(TILE_LAYERS),
        "feature_count": len(features),
        "bounds": bounds(features),
        "generator": f"geoinc {geoinc.__version__}",
    }
    if use_packed:
        data_blocks, config["packed_parts"] = _packed_blocks(features)
    else:
        data_blocks, config["packed_parts"] = [_plain_block(features)], 0
    leaflet_js, cluster_js = assets.library_js()
    own_js = assets.inline_js(assets.own_asset("geoinc-map.js"))
    scripts = [leaflet_js, cluster_js, own_js]
    return _template().render(
        title=title,
        csp=content_security_policy(scripts),
        library_css=assets.library_css(),
        own_css=assets.own_asset("geoinc-map.css"),
        config_json=json_for_html(config),
        data_blocks=data_blocks,
        basemap_json=_escape_for_html(assets.countries_geojson()),
        scripts=scripts,
        generator=config["generator"],
    )


def bounds(features: list[dict[str, Any]]) -> list[list[float]] | None:
    """[[south, west], [north, east]] of the placed incidents, or None when none is placed."""
    points = [f["geometry"]["coordinates"] for f in features if f["geometry"] is not None]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def sorted_features(incidents: list[Incident]) -> list[dict[str, Any]]:
    """GeoJSON features in a stable order (date, id, then content), whatever order the input came in."""
    keyed = [(_order_key(feature), feature) for feature in map(_feature, incidents)]
    keyed.sort(key=lambda pair: pair[0])
    features, start = [], 0
    while start < len(keyed):  # equal (date, id) keys are rare: only those are ordered by content
        end = start + 1
        while end < len(keyed) and keyed[end][0] == keyed[start][0]:
            end += 1
        run = [feature for _, feature in keyed[start:end]]
        if len(run) > 1:
            run.sort(key=lambda f: orjson.dumps(f, option=orjson.OPT_SORT_KEYS))
        features.extend(run)
        start = end
    return features


def _order_key(feature: dict[str, Any]) -> tuple[str, str]:
    return (feature["properties"].get("event_date") or "~", str(feature["id"]))


def _feature(incident: Incident) -> dict[str, Any]:
    """``Incident.to_feature()``, except that a point outside WGS84 bounds is treated as not placed."""
    if incident.is_mappable and not _valid_point(incident.longitude, incident.latitude):
        feature = incident.to_feature()
        feature["geometry"] = None
        feature["properties"]["latitude"] = feature["properties"]["longitude"] = None
        return _finite(feature)
    return _finite(incident.to_feature())


def _valid_point(lon: float | None, lat: float | None) -> bool:
    try:
        return math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90
    except TypeError:
        return False


_FLOAT_PROPERTIES = ("confidence", "latitude", "longitude", "launch_latitude", "launch_longitude")


def _finite(feature: dict[str, Any]) -> dict[str, Any]:
    """JSON has no NaN/Infinity: unknown numbers become null."""
    props = feature["properties"]
    for key in _FLOAT_PROPERTIES:
        value = props.get(key)
        if isinstance(value, float) and not math.isfinite(value):
            props[key] = None
    if props.get("launch_latitude") is not None and not _valid_point(props.get("launch_longitude"), props["launch_latitude"]):
        props["launch_latitude"] = props["launch_longitude"] = None
    return feature


LayerKey = Callable[[dict[str, Any]], str]


def _layer_key(layers_by: str) -> LayerKey:
    keys: dict[str, LayerKey] = {
        "actor1": lambda p: str(p.get("actor1") or UNATTRIBUTED),
        "attack_type": lambda p: str(p.get("attack_type") or "unknown"),
        "year": lambda p: str(p.get("event_date") or "")[:4] or "Undated",
        "country": lambda p: str(p.get("country") or "").upper() or "Unknown country",
    }
    return keys[layers_by]


def assign_layers(features: list[dict[str, Any]], layers_by: str) -> tuple[list[dict[str, Any]], list[int]]:
    """One layer per value of ``layers_by``: [{label, color, count (markers), total}], and each feature's layer."""
    key_of = _layer_key(layers_by)
    keys = [key_of(f["properties"]) for f in features]
    markers = Counter(k for k, f in zip(keys, features) if f["geometry"] is not None)
    totals = Counter(keys)
    if layers_by == "actor1":
        order = sorted(totals, key=lambda k: (-markers[k], -totals[k], k))
    else:
        order = sorted(totals, key=lambda k: (k in ("Undated", "Unknown country"), k))
    index = {key: i for i, key in enumerate(order)}
    layers = [
        {
            "key": key,
            "label": _layer_label(layers_by, key),
            "color": _layer_colour(layers_by, key, i),
            "count": markers[key],
            "total": totals[key],
        }
        for i, key in enumerate(order)
    ]
    return layers, [index[k] for k in keys]


def _layer_label(layers_by: str, key: str) -> str:
    if layers_by == "attack_type":
        return symbols()["attack_types"].get(key, {}).get("label", key)
    if layers_by == "country" and len(key) == 2:
        import pycountry

        country = pycountry.countries.get(alpha_2=key)
        return f"{country.name} ({key})" if country else key
    return key


def _layer_colour(layers_by: str, key: str, position: int) -> str:
    colour = color_for(key) if layers_by == "actor1" else FALLBACK_PALETTE[position % len(FALLBACK_PALETTE)]
    return colour if _HEX_COLOUR.match(colour) else FALLBACK_PALETTE[position % len(FALLBACK_PALETTE)]


@lru_cache(maxsize=1)
def symbols() -> dict[str, Any]:
    raw = json.loads(resources.files("geoinc.mapping").joinpath("symbols.json").read_text("utf-8"))
    return {key: raw[key] for key in ("attack_types", "time_precision", "geo_precision")}


_HTML_UNSAFE_JSON = re.compile(rb"[<>&]|\xe2\x80[\xa8\xa9]")
_HTML_SAFE_JSON = {b"<": b"\\u003c", b">": b"\\u003e", b"&": b"\\u0026", "\u2028".encode(): b"\\u2028", "\u2029".encode(): b"\\u2029"}


def _escape_for_html(text: str) -> str:
    """Make JSON text inert inside <script>: no ``</script>``, ``<!--`` or line separators survive."""
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def json_bytes(value: Any) -> bytes:
    """Compact UTF-8 JSON (orjson: ~10x the stdlib encoder, which matters at 100,000 features).

    orjson writes NaN/Infinity as null, never as invalid JSON. Text with lone surrogates (broken input
    decoding) is refused by orjson; the stdlib encoder writes those as ``\\udXXX`` escapes instead.
    """
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value, separators=(",", ":")).encode("ascii")


def json_for_html(value: Any) -> str:
    escaped = _HTML_UNSAFE_JSON.sub(lambda m: _HTML_SAFE_JSON[m.group(0)], json_bytes(value))
    return escaped.decode("utf-8")


def _plain_block(features: list[dict[str, Any]]) -> dict[str, str]:
    collection = {"type": "FeatureCollection", "features": features}
    return {"id": "geoinc-incidents", "type": "application/geo+json", "text": json_for_html(collection)}


def _packed_blocks(features: list[dict[str, Any]]) -> tuple[list[dict[str, str]], int]:
    """The FeatureCollection split into gzip+base64 parts, each a JSON array of features.

    The ``#geoinc-incidents`` block still holds a valid (empty) FeatureCollection whose ``geoinc_packed``
    member says where the features are; the page's "Download GeoJSON" button rebuilds the whole file.
    """
    edges = [0, min(FIRST_PART_FEATURES, len(features))]
    while edges[-1] < len(features):
        edges.append(min(edges[-1] + PART_FEATURES, len(features)))
    blocks = []
    for part, (start, end) in enumerate(zip(edges, edges[1:])):
        packed = gzip.compress(json_bytes(features[start:end]), compresslevel=6, mtime=0)
        blocks.append(
            {"id": f"geoinc-incidents-part-{part}", "type": "application/gzip-base64", "text": base64.b64encode(packed).decode("ascii")}
        )
    header = {
        "type": "FeatureCollection",
        "features": [],
        "geoinc_packed": {
            "about": "The features are in the script blocks geoinc-incidents-part-0..N-1, each a JSON array "
            "of GeoJSON features, gzip-compressed then base64-encoded; the page's Download GeoJSON button "
            "writes them out as one FeatureCollection.",
            "parts": len(blocks),
            "feature_count": len(features),
        "bounds": bounds(features),
        },
    }
    head = {"id": "geoinc-incidents", "type": "application/geo+json", "text": json_for_html(header)}
    return [head, *blocks], len(blocks)


def content_security_policy(scripts: list[str]) -> str:
    """Only our own inline scripts (by hash) may run; nothing may be fetched except opt-in tile images."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii") + "'" for s in scripts
    )
    tile_hosts = " ".join(sorted({re.match(r"https://[^/]+", t["url"]).group(0) for t in TILE_LAYERS}))
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data: {tile_hosts}; "
        "connect-src 'none'; font-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"
    )


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("geoinc.mapping", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template("map.html.j2")
