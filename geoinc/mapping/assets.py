"""Third-party page assets, made safe to inline.

Leaflet comes from the ``xstatic-leaflet`` package (a pinned dependency), the country outlines from
Natural Earth's low-resolution countries that ``pyogrio`` ships as a test fixture. Supercluster (with
KDBush bundled, ISC licences) has no Python package: its unminified UMD build from the npm registry is
vendored in ``static/`` with its licences; ``static/VENDORED.md`` records where it came from.
"""

from __future__ import annotations

import base64
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

_CSS_IMAGE = re.compile(r"url\((?:'|\")?images/([A-Za-z0-9_.-]+\.png)(?:'|\")?\)")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)
_BASEMAP_DECIMALS = 2  # ~1 km: finer than the 1:110m source, so nothing is lost


@lru_cache(maxsize=1)
def leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


def inline_js(source: str) -> str:
    """JS safe to put between <script> tags: no source-map fetch, no early ``</script``."""
    source = _SOURCE_MAP.sub("", source)
    return re.sub(r"</(script)", r"<\\/\1", source, flags=re.IGNORECASE).strip()


def inline_css(source: str, image_dir: Path) -> str:
    """CSS with its ``images/*.png`` references turned into data URIs, so it loads nothing."""

    def data_uri(match: re.Match[str]) -> str:
        payload = base64.b64encode((image_dir / match.group(1)).read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{payload})"

    return re.sub(r"</(style)", r"<\\/\1", _CSS_IMAGE.sub(data_uri, source), flags=re.IGNORECASE).strip()


@lru_cache(maxsize=1)
def library_js() -> tuple[str, str]:
    """(Leaflet, Supercluster) sources, ready to inline."""
    leaflet = inline_js((leaflet_dir() / "leaflet.js").read_text("utf-8"))
    cluster = inline_js(own_asset("supercluster.js"))
    return leaflet, cluster


@lru_cache(maxsize=1)
def library_css() -> str:
    return inline_css((leaflet_dir() / "leaflet.css").read_text("utf-8"), leaflet_dir() / "images")


@lru_cache(maxsize=None)
def own_asset(name: str) -> str:
    return resources.files("geoinc.mapping").joinpath("static", name).read_text("utf-8")


def natural_earth_path() -> Path:
    import pyogrio

    return Path(pyogrio.__file__).parent / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"


@lru_cache(maxsize=1)
def countries_geojson() -> str:
    """Natural Earth 1:110m country outlines as compact GeoJSON (coordinates rounded), or '' if absent."""
    path = natural_earth_path()
    if not path.exists():
        return ""
    import shapely
    from pyogrio.raw import read

    _meta, _fids, wkb, fields = read(path, columns=["name", "iso_a3"])
    geometries = shapely.set_precision(shapely.from_wkb(wkb), 10**-_BASEMAP_DECIMALS)
    features = []
    for name, iso, geometry in sorted(zip(fields[0], fields[1], geometries), key=lambda row: (str(row[1]), str(row[0]))):
        if geometry is None or geometry.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"name": str(name), "iso_a3": str(iso)},
                "geometry": json.loads(shapely.to_geojson(geometry)),
            }
        )
    collection = {
        "type": "FeatureCollection",
        "attribution": "Natural Earth (public domain), 1:110m countries",
        "features": features,
    }
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
