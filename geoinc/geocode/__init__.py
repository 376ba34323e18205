"""Geocoding: resolve place names offline against our gazetteer, with the article as context.

    from geoinc.geocode import default_geocoder
    g = default_geocoder()                      # loaded once per process
    g.best("Ain al-Asad", g.context_for(article_text))
"""

from __future__ import annotations

from functools import lru_cache

from geoinc.geocode.base import Candidate, GeoContext, Geocoder, Mention, Place
from geoinc.geocode.gazetteer import REVIEW_THRESHOLD, GazetteerGeocoder

__all__ = [
    "Candidate", "GeoContext", "Geocoder", "GazetteerGeocoder", "Mention", "Place", "REVIEW_THRESHOLD",
    "default_geocoder",
]


def default_geocoder() -> GazetteerGeocoder:
    """The process-wide geocoder over the cached index (built on first use when missing or stale).

    One per cache folder (``GEOINC_CACHE_DIR``); ``default_geocoder.cache_clear()`` forgets them, e.g.
    after an import changed the index."""
    from geoinc.geocode.index import cache_dir

    return _geocoder_for(str(cache_dir()))


@lru_cache(maxsize=4)
def _geocoder_for(folder: str) -> GazetteerGeocoder:
    return GazetteerGeocoder()


default_geocoder.cache_clear = _geocoder_for.cache_clear  # type: ignore[attr-defined]
