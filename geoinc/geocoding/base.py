"""The geocoder interface every backend implements, and the plain values it returns.

Modelled on geopy: one interface, many backends, plain values. ``Place`` is a gazetteer entry,
``Candidate`` a scored match of a name against one, ``GeoContext`` what the article tells us
about where it is (other places, countries, words around the name).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Place:
    id: str  # "geonames:98182", "geoinc:ain-al-asad-air-base", "icao:ORAA"
    name: str
    latitude: float
    longitude: float
    feature_type: str  # air_base, military_site, embassy, city, town, region, country, continent, road, ...
    country: str = ""  # ISO 3166-1 alpha-2, "" for continents and seas
    admin1: str = ""
    population: int = 0
    precision_km: float = 0.0  # how far the true site may be from the point (curated entries say)

    @property
    def geo_precision(self) -> int:
        """ACLED geo_precision: 1 site or town, 2 part of a region, 3 a region or wider."""
        if self.feature_type in ("region", "country", "continent", "sea", "admin2"):
            return 3
        if self.feature_type == "road":
            return 2  # somewhere along the road between two towns
        return 2 if self.precision_km > 25 else 1


@dataclass(frozen=True)
class Candidate:
    place: Place
    score: float  # 0..1, higher is surer
    matched_name: str = ""


@dataclass(frozen=True)
class Mention:
    """A span of text that names a place in the gazetteer."""

    text: str
    start: int
    end: int


@dataclass
class GeoContext:
    """What the surrounding article says about where things are."""

    text: str = ""  # the article (or a window of it)
    countries: tuple[str, ...] = ()  # ISO codes named in the article, most frequent first
    places: list[Place] = field(default_factory=list)  # places already resolved in the article
    feature_hint: str = ""  # "base", "airport", "embassy", "province", ... from the words around the name
    # Share of the article's place evidence per country (sums to 1); empty when only ``countries`` is known.
    country_weights: dict[str, float] = field(default_factory=dict)
    # Each place name's own part of ``country_weights`` (its country, its share): ranking a name leaves
    # out the evidence its own first reading added ("Palmyra" read as Pennsylvania is no US evidence).
    name_shares: dict[str, tuple[str, float]] = field(default_factory=dict)


class Geocoder(ABC):
    """Resolve a place name to ranked gazetteer candidates."""

    @abstractmethod
    def candidates(self, name: str, context: GeoContext | None = None, limit: int = 10) -> list[Candidate]:
        """Ranked candidates for ``name``, best first; empty when nothing matches."""

    def best(self, name: str, context: GeoContext | None = None) -> Candidate | None:
        found = self.candidates(name, context, limit=1)
        return found[0] if found else None
