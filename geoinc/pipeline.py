"""The main job, stage by stage: sources -> extract (+ geocode) -> store -> map / export.

``run()`` is what ``geoinc run`` calls; notebooks can call it too. It streams articles (bounded
memory), reports each bad item without stopping, and ends with a ``RunSummary``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from geoinc.model import Article, Incident

if TYPE_CHECKING:
    from geoinc.geocoding.base import Geocoder

OUTPUT_NAMES = ("incidents.html", "incidents.geojson", "incidents.gpkg", "incidents.csv")
STORE_NAME = "geoinc-store.gpkg"


@dataclass
class RunSummary:
    articles_read: int = 0
    articles_new: int = 0
    articles_unchanged: int = 0
    articles_replaced: int = 0
    manual_incidents: int = 0
    incidents_found: int = 0
    problems: list[str] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    store: Path | None = None

    @property
    def by_group(self) -> Counter[str]:
        return Counter(i.actor1 for i in self.incidents)

    @property
    def unplaced(self) -> list[Incident]:
        return [i for i in self.incidents if not i.is_mappable]

    @property
    def unresolved_places(self) -> Counter[str]:
        """Place names the text gives but the gazetteer could not resolve."""
        return Counter(i.place_text for i in self.unplaced if i.place_text)

    @property
    def needs_review(self) -> int:
        return sum(1 for i in self.incidents if i.needs_review)


def extract_stream(
    inputs: Iterable[str | Path],
    published: dt.date | None = None,
    on_problem: Callable[[str], None] | None = None,
    background: bool = False,
) -> Iterator[tuple[Article | None, list[Incident]]]:
    """Read and extract, one article at a time: (article, its incidents); (None, rows) for a typed CSV."""
    from geoinc.extraction import extract_incidents
    from geoinc.geocoding import default_geocoder
    from geoinc.sources import ReadProblem, read_inputs

    geocoder = default_geocoder()
    for item in read_inputs([str(p) for p in inputs], published=published):
        if isinstance(item, ReadProblem):
            if on_problem:
                on_problem(f"{item.origin}: {item.message}")
            continue
        if isinstance(item, Incident):
            yield None, [place_typed_incident(item, geocoder)]
            continue
        try:
            yield item, extract_incidents(item, geocoder, background)
        except Exception as exc:  # one bad article never sinks a batch; say which one and why
            if on_problem:
                on_problem(f"{item.origin or item.id}: extraction failed: {type(exc).__name__}: {exc}")


def place_typed_incident(incident: Incident, geocoder: Geocoder) -> Incident:
    """A row an analyst typed with a place name but no coordinates gets them from the gazetteer."""
    from geoinc.geocoding import REVIEW_THRESHOLD, GeoContext

    if incident.is_mappable or not incident.location:
        return incident
    context = GeoContext(countries=(incident.country,)) if incident.country else None
    found = geocoder.best(incident.location, context)
    if found is None:
        incident.flag(f"place {incident.location!r} not found in the gazetteer")
        return incident
    place = found.place
    incident.latitude, incident.longitude = place.latitude, place.longitude
    incident.gazetteer_id, incident.country = place.id, incident.country or place.country
    incident.admin1 = incident.admin1 or place.admin1
    incident.geo_precision = incident.geo_precision or place.geo_precision
    if found.score < REVIEW_THRESHOLD:
        incident.flag(f"unsure match of {incident.location!r} to {place.name}")
    return incident


def run(
    inputs: Iterable[str | Path],
    out: str | Path = "maps",
    published: dt.date | None = None,
    store_path: str | Path | None = None,
    title: str = "geoinc incidents",
    layers_by: str = "actor1",
    progress: Callable[[Article | None], None] | None = None,
    on_problem: Callable[[str], None] | None = None,
    background: bool = False,
) -> RunSummary:
    """Ingest articles into the store, then write the map and the exports from the whole store.
    ``background`` also keeps the attacks articles recall from more than a month before publication."""
    from geoinc.exports import export
    from geoinc.mapping import render_map
    from geoinc.store import Store

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    summary = RunSummary(store=Path(store_path) if store_path else out / STORE_NAME)

    def problem(message: str) -> None:
        summary.problems.append(message)
        if on_problem:
            on_problem(message)

    with Store.open(summary.store) as store:
        for article, incidents in extract_stream(inputs, published, problem, background):
            if progress:
                progress(article)
            if article is None:
                store.add_manual(incidents, origin=incidents[0].sources[0].article_id if incidents[0].sources else "csv")
                summary.manual_incidents += len(incidents)
                continue
            summary.articles_read += 1
            summary.incidents_found += len(incidents)
            status = store.ingest(article, incidents).status
            if status == "unchanged":
                summary.articles_unchanged += 1
            elif status == "replaced":
                summary.articles_replaced += 1
            else:
                summary.articles_new += 1
        summary.incidents = store.incidents()

    summary.outputs.append(render_map(summary.incidents, out / OUTPUT_NAMES[0], title=title, layers_by=layers_by))
    for name in OUTPUT_NAMES[1:]:
        export(summary.incidents, out / name)
        summary.outputs.append(out / name)
    return summary
