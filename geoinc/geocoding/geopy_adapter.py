"""geopy compatibility: our gazetteer as a geopy geocoder, a chain of geopy geocoders, and an opt-in,
rate-limited, disk-cached online fallback (Nominatim by default). Nothing here goes online unless the
caller builds ``online_geocoder()`` and puts it in a chain.

    from geoinc.geocoding.geopy_adapter import GazetteerGeopy, ChainedGeocoder, online_geocoder
    chain = ChainedGeocoder([GazetteerGeopy(), online_geocoder(user_agent="my-project")])
    chain.geocode("Ain al-Asad")          # -> geopy.location.Location
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from geopy.geocoders.base import Geocoder as GeopyGeocoder
from geopy.location import Location

from geoinc.geocoding.base import Candidate, GeoContext
from geoinc.geocoding.gazetteer import REVIEW_THRESHOLD, GazetteerGeocoder


def _location(candidate: Candidate) -> Location:
    p = candidate.place
    address = ", ".join(part for part in (p.name, p.admin1 if p.admin1 != p.name else "", p.country) if part)
    raw = {"gazetteer_id": p.id, "name": p.name, "feature_type": p.feature_type, "country": p.country,
           "admin1": p.admin1, "score": candidate.score, "precision_km": p.precision_km,
           "geo_precision": p.geo_precision}
    return Location(address, (p.latitude, p.longitude), raw)


class GazetteerGeopy(GeopyGeocoder):
    """The offline gazetteer behind geopy's ``geocode(query, exactly_one=True)`` signature."""

    def __init__(self, geocoder: GazetteerGeocoder | None = None, min_score: float = 0.0) -> None:
        super().__init__()
        if geocoder is None:
            from geoinc.geocoding import default_geocoder

            geocoder = default_geocoder()
        self.geocoder = geocoder
        self.min_score = min_score

    def geocode(self, query: str, exactly_one: bool = True, timeout: Any = None, *,
                context: GeoContext | str | None = None, country: str | None = None,
                limit: int = 10) -> Location | list[Location] | None:
        if isinstance(context, str):
            context = self.geocoder.context_for(context)
        if country:
            from geoinc.geocoding import prefer_country

            context = prefer_country(context or GeoContext(), country)
        found = [c for c in self.geocoder.candidates(str(query), context, limit=1 if exactly_one else limit)
                 if c.score >= self.min_score]
        if not found:
            return None
        return _location(found[0]) if exactly_one else [_location(c) for c in found]


class ChainedGeocoder(GeopyGeocoder):
    """Ask geopy geocoders in turn; the first answer wins. Each link may be any object with geopy's
    ``geocode(query, exactly_one=...)`` (ours, Nominatim, a RateLimiter-wrapped one...)."""

    def __init__(self, geocoders: Sequence[Any]) -> None:
        super().__init__()
        if not geocoders:
            raise ValueError("ChainedGeocoder needs at least one geocoder")
        self.geocoders = list(geocoders)

    def geocode(self, query: str, exactly_one: bool = True, timeout: Any = None, **kwargs: Any) -> Any:
        for geocoder in self.geocoders:
            answer = _call(geocoder, query, exactly_one, kwargs)
            if answer:
                return answer
        return None


def _call(geocoder: Any, query: str, exactly_one: bool, kwargs: dict) -> Any:
    if isinstance(geocoder, GazetteerGeopy):
        return geocoder.geocode(query, exactly_one=exactly_one, **kwargs)
    geocode = getattr(geocoder, "geocode", geocoder)  # a RateLimiter is itself the callable
    return geocode(query, exactly_one=exactly_one)


class CachedGeocoder:
    """Wrap a geopy ``geocode`` callable with an on-disk cache (SQLite), so each query is asked online
    at most once, across runs. Only answers are cached as JSON (address, lat, lon, raw)."""

    def __init__(self, geocode: Callable[..., Any], path: str | Path) -> None:
        self._geocode = geocode
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with sqlite3.connect(self.path) as db:
            db.execute("CREATE TABLE IF NOT EXISTS answers (query TEXT PRIMARY KEY, answer TEXT)")

    def geocode(self, query: str, exactly_one: bool = True, **_: Any) -> Location | None:
        key = " ".join(str(query).split()).casefold()
        with self._lock, sqlite3.connect(self.path) as db:
            row = db.execute("SELECT answer FROM answers WHERE query = ?", (key,)).fetchone()
        if row is not None:
            return _from_json(row[0])
        answer = self._geocode(query, exactly_one=True)
        if isinstance(answer, list):
            answer = answer[0] if answer else None
        with self._lock, sqlite3.connect(self.path) as db:
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?)", (key, _to_json(answer)))
        return answer

    __call__ = geocode


def _to_json(location: Location | None) -> str:
    if location is None:
        return "null"
    raw = location.raw if isinstance(location.raw, dict) else {}
    return json.dumps({"address": location.address, "lat": location.latitude, "lon": location.longitude,
                       "raw": raw}, ensure_ascii=False, default=str)


def _from_json(text: str) -> Location | None:
    data = json.loads(text)
    if data is None:
        return None
    return Location(data["address"], (data["lat"], data["lon"]), data.get("raw") or {})


def online_geocoder(user_agent: str, cache_path: str | Path | None = None, min_delay_seconds: float = 1.0,
                    geocoder: Any = None) -> CachedGeocoder:
    """Opt-in online fallback: Nominatim (or ``geocoder``) behind geopy's RateLimiter (Nominatim's usage
    policy allows one request a second) and an on-disk cache. Never used unless the caller builds it."""
    from geopy.extra.rate_limiter import RateLimiter

    if geocoder is None:
        from geopy.geocoders import Nominatim

        geocoder = Nominatim(user_agent=user_agent)
    if cache_path is None:
        from geoinc.geocoding.index import cache_dir

        cache_path = cache_dir() / "online-cache.sqlite"
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, max_retries=2,
                          swallow_exceptions=True, return_value_on_exception=None)
    return CachedGeocoder(limited, cache_path)


__all__ = ["CachedGeocoder", "ChainedGeocoder", "GazetteerGeopy", "REVIEW_THRESHOLD", "online_geocoder"]
