"""geoinc: news articles in, geocoded incidents, self-contained maps and QGIS-ready files out.

The Python API the ``geoinc`` command is a thin layer over::

    import geoinc
    incidents = geoinc.extract("Drones struck Erbil air base on Thursday ...", published="2024-01-20")
    geoinc.render_map(incidents, "maps/erbil.html")
    summary = geoinc.run(["articles/"], out="maps")        # store + map + exports
    gdf = geoinc.load("maps/incidents.gpkg")                # a GeoDataFrame in EPSG:4326

Heavy dependencies (geopandas, the gazetteer index) load on first use, not on import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from geoinc.model import Article, Incident, SourceRef

if TYPE_CHECKING:
    import geopandas

    from geoinc.geocoding.base import Candidate
    from geoinc.pipeline import RunSummary

__all__ = ["Article", "Incident", "SourceRef", "extract", "geocode", "load", "render_map", "run", "export"]
__version__ = "0.1.0"


def _as_date(value: dt.date | str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def extract(
    text_or_paths: str | Path | Iterable[str | Path],
    published: dt.date | str | None = None,
    background: bool = False,
) -> list[Incident]:
    """Incidents from an article's text, or from files/folders of articles (not stored).

    A ``str`` that names no existing file is taken as the article text itself. ``background`` also
    returns the attacks an article recalls from more than a month before it was published.
    """
    from geoinc.extraction import extract_incidents
    from geoinc.geocoding import default_geocoder
    from geoinc.pipeline import extract_stream
    from geoinc.sources import article_from_text

    date = _as_date(published)
    if isinstance(text_or_paths, str) and not _names_a_file(text_or_paths):
        article = article_from_text(text_or_paths, published=date)
        return extract_incidents(article, default_geocoder(), background) if isinstance(article, Article) else []
    paths = [text_or_paths] if isinstance(text_or_paths, (str, Path)) else list(text_or_paths)
    return [incident for _, found in extract_stream(paths, date, background=background) for incident in found]


def _names_a_file(text: str) -> bool:
    """Whether a string is a path to an existing file or folder (an article's text is too long or
    has characters no file name has)."""
    if "\n" in text or len(text) > 4096:
        return False
    try:
        return Path(text).exists()
    except (OSError, ValueError):
        return False


def geocode(name: str, context: str = "", country: str = "", limit: int = 10) -> list[Candidate]:
    """Ranked gazetteer candidates for a place name, using the article text as context."""
    from geoinc.geocoding import resolve as resolve_name

    return resolve_name(name, context_text=context, country=country, limit=limit)


def run(inputs: Iterable[str | Path], out: str | Path = "maps", published: dt.date | str | None = None,
        **options) -> RunSummary:
    """The main job: read, extract, geocode, store, then write the map and the exports to ``out``."""
    from geoinc.pipeline import run as run_pipeline

    return run_pipeline(inputs, out=out, published=_as_date(published), **options)


def render_map(incidents: Iterable[Incident], path: str | Path, **options) -> Path:
    """Write a self-contained HTML map of the incidents (one layer per group)."""
    from geoinc.mapping import render_map as render

    return render(list(incidents), path, **options)


def export(incidents: Iterable[Incident], path: str | Path, **options) -> None:
    """Write incidents as GeoJSON, GeoPackage (styled for QGIS) or CSV, chosen by the file suffix."""
    from geoinc.exports import export as write

    write(list(incidents), path, **options)


def load(path: str | Path) -> geopandas.GeoDataFrame:
    """A store or an export (GeoJSON, GeoPackage, CSV) as a GeoDataFrame in EPSG:4326."""
    from geoinc.exports import load as load_file

    return load_file(path)
