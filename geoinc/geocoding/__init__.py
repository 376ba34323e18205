"""Geocoding: resolve place names offline against our gazetteer, with the article as context.

    from geoinc.geocoding import default_geocoder
    g = default_geocoder()                      # loaded once per process
    g.best("Ain al-Asad", g.context_for(article_text))
"""

from __future__ import annotations

from functools import lru_cache

from geoinc.geocoding.base import Candidate, GeoContext, Geocoder, Mention, Place
from geoinc.geocoding.gazetteer import REVIEW_THRESHOLD, GazetteerGeocoder

__all__ = [
    "Candidate", "GeoContext", "Geocoder", "GazetteerGeocoder", "Mention", "Place", "REVIEW_THRESHOLD",
    "default_geocoder", "prefer_country", "resolve",
]


def default_geocoder() -> GazetteerGeocoder:
    """The process-wide geocoder over the cached index (built on first use when missing or stale).

    One per cache folder (``GEOINC_CACHE_DIR``); ``default_geocoder.cache_clear()`` forgets them, e.g.
    after an import changed the index."""
    from geoinc.geocoding.index import cache_dir

    return _geocoder_for(str(cache_dir()))


@lru_cache(maxsize=4)
def _geocoder_for(folder: str) -> GazetteerGeocoder:
    return GazetteerGeocoder()


default_geocoder.cache_clear = _geocoder_for.cache_clear  # type: ignore[attr-defined]


def prefer_country(context: GeoContext, country: str) -> GeoContext:
    """The context with ``country`` (ISO alpha-2) put first: the user says where the article is."""
    code = country.strip().upper()
    weights = dict(context.country_weights)
    if weights:
        weights[code] = weights.get(code, 0.0) + 1.0
        total = sum(weights.values())
        weights = {c: w / total for c, w in weights.items()}
    return GeoContext(text=context.text, countries=(code, *[c for c in context.countries if c != code]),
                      places=context.places, feature_hint=context.feature_hint, country_weights=weights)


def resolve(name: str, context_text: str = "", country: str = "", limit: int = 10) -> list[Candidate]:
    """Ranked candidates for ``name``, best first, with the article it comes from as context."""
    geocoder = default_geocoder()
    context = geocoder.context_for(context_text) if context_text else GeoContext()
    if country:
        context = prefer_country(context, country)
    return geocoder.candidates(name, context, limit=limit)
