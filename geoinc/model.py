"""The records every stage shares: an Article read from a source, and the Incident read from it.

Field names follow ACLED where ACLED has the concept (see ``docs`` in the README); they are also the
GeoJSON / GeoPackage / CSV column names, so keep them stable.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

TIME_PRECISION_DAY = 1
TIME_PRECISION_WEEK = 2
TIME_PRECISION_MONTH = 3
TIME_PRECISION_UNKNOWN = 0

GEO_PRECISION_SITE = 1
GEO_PRECISION_NEAR = 2
GEO_PRECISION_REGION = 3

ATTRIBUTIONS = ("claimed", "attributed", "suspected", "unattributed")
ATTACK_TYPES = (
    "drone", "rocket", "missile", "ballistic_missile", "airstrike", "artillery",
    "ied", "gunfire", "abduction", "other", "unknown",
)
UNATTRIBUTED = "Unattributed"


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class Article:
    """One article as read from a source, before any extraction."""

    id: str
    text: str
    title: str = ""
    url: str = ""
    published: dt.date | None = None
    origin: str = ""  # file path (and line) it came from, for messages
    published_from: str = ""  # "metadata", "option", "dateline" or "" when unknown
    warnings: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return content_hash(self.title + "\n" + self.text)


@dataclass(frozen=True)
class SourceRef:
    """A pointer from an incident back to an article that reports it."""

    article_id: str
    title: str = ""
    url: str = ""
    published: dt.date | None = None


@dataclass
class Incident:
    """One attack event at one location, as read from one or more articles."""

    id: str = ""
    event_date: dt.date | None = None
    time_precision: int = TIME_PRECISION_UNKNOWN
    date_text: str = ""
    event_type: str = "Explosions/Remote violence"
    sub_event_type: str = ""
    attack_type: str = "unknown"
    actor1: str = UNATTRIBUTED
    actor1_category: str = ""
    attribution: str = "unattributed"
    attributed_by: str = ""
    actor2: str = ""
    target: str = ""
    location: str = ""
    admin1: str = ""
    country: str = ""
    place_text: str = ""
    geo_precision: int | None = None
    gazetteer_id: str = ""
    latitude: float | None = None
    longitude: float | None = None
    launch_location: str = ""
    launch_latitude: float | None = None
    launch_longitude: float | None = None
    fatalities: int | None = None
    injured: int | None = None
    sources: list[SourceRef] = field(default_factory=list)
    notes: str = ""
    confidence: float = 0.5
    needs_review: bool = False
    review_reasons: list[str] = field(default_factory=list)

    @property
    def is_mappable(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def source_count(self) -> int:
        return len(self.sources)

    def flag(self, reason: str) -> None:
        """Mark for a person's review, remembering why."""
        self.needs_review = True
        if reason not in self.review_reasons:
            self.review_reasons.append(reason)

    def assign_id(self) -> str:
        """A stable id from what identifies the event, so re-runs give the same id."""
        key = "|".join(
            str(part)
            for part in (
                ",".join(sorted(s.article_id for s in self.sources)),
                self.gazetteer_id or self.place_text.lower(),
                self.event_date.isoformat() if self.event_date else self.date_text.lower(),
                self.attack_type,
                self.actor1,
                self.notes[:200],
            )
        )
        self.id = "inc-" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        return self.id

    def properties(self) -> dict[str, Any]:
        """Flat, JSON-ready properties (lists joined, dates ISO): the export and map schema."""
        props: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            if f.name in ("latitude", "longitude"):
                continue
            value = getattr(self, f.name)
            if f.name == "sources":
                props["sources"] = " | ".join(_source_label(s) for s in value)
                props["source_urls"] = " ".join(s.url for s in value if s.url)
                props["source_count"] = len(value)
                continue
            if f.name == "review_reasons":
                value = "; ".join(value)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            props[f.name] = value
        props["latitude"] = self.latitude
        props["longitude"] = self.longitude
        return props

    def to_feature(self) -> dict[str, Any]:
        geometry = (
            {"type": "Point", "coordinates": [round(self.longitude, 6), round(self.latitude, 6)]}
            if self.is_mappable
            else None
        )
        return {"type": "Feature", "id": self.id, "geometry": geometry, "properties": self.properties()}

    @classmethod
    def from_properties(cls, props: dict[str, Any], lon: float | None = None, lat: float | None = None) -> Incident:
        """Inverse of ``properties()``: rebuild an Incident from a GeoJSON/GeoPackage/CSV row."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        for name, value in props.items():
            if name not in known or value is None or (isinstance(value, float) and value != value):
                continue
            if name in ("event_date",) and isinstance(value, str):
                value = dt.date.fromisoformat(value[:10]) if value else None
            elif name == "sources":
                value = _parse_sources(str(value), str(props.get("source_urls") or ""))
            elif name == "review_reasons":
                value = [r for r in str(value).split("; ") if r]
            elif name == "needs_review":
                value = str(value).lower() in ("1", "true", "yes")
            elif name in ("time_precision", "geo_precision", "fatalities", "injured") and value != "":
                value = int(float(value))
            elif name in ("confidence", "latitude", "longitude", "launch_latitude", "launch_longitude") and value != "":
                value = float(value)
            elif value == "" and known[name].type != "str":
                continue  # an empty cell (CSV) means "not given": keep the field's default
            values[name] = value
        incident = cls(**values)
        if lon is not None and lat is not None:
            incident.longitude, incident.latitude = float(lon), float(lat)
        return incident


def _source_label(source: SourceRef) -> str:
    label = source.article_id
    if source.title:
        label += f": {source.title}"
    return label.replace(" | ", " / ")


def _parse_sources(labels: str, urls: str) -> list[SourceRef]:
    """Sources from their joined labels and URLs. ``source_urls`` lists only the sources that have a URL,
    so URLs pair with labels by position only when every source has one; otherwise a URL goes to the
    source whose id it contains (article ids are often made from the URL) and any left over go, in
    order, to the first sources still without one (a best guess that keeps every URL)."""
    url_list = urls.split()
    parsed = [label.partition(": ") for label in labels.split(" | ") if label]
    if len(url_list) == len(parsed):
        return [SourceRef(article_id=a, title=t, url=u) for (a, _, t), u in zip(parsed, url_list)]
    unclaimed = list(url_list)
    paired: list[str] = []
    for article_id, _, _ in parsed:
        url = next((u for u in unclaimed if article_id and article_id in u), "")
        if url:
            unclaimed.remove(url)
        paired.append(url)
    for n, url in enumerate(paired):
        if not url and unclaimed:
            paired[n] = unclaimed.pop(0)
    return [SourceRef(article_id=a, title=t, url=u) for (a, _, t), u in zip(parsed, paired)]
