"""Merge incidents that different articles report about the same event into one incident.

Two reports are the same event when they are close in time (same or adjacent day, wider for week or
month precision), in place (same gazetteer place, or within 25 km; region-level places only by
gazetteer id), compatible in attack type and actor ("Unattributed" fits any group, an umbrella label
fits the groups of its category) and come from different articles. Reports with no date merge only on
strong evidence (same site, same attack type and actor, the same sentence, date phrase or target).

Candidate pairs come from a grid/day index, not a pairwise scan. Clusters are grown Kruskal-style from
the closest pair up, and two clusters join only if every report in one fits every report in the other,
so "Unattributed" never chains two different groups and a week of attacks on one base never collapses
into one. Inputs are sorted by content first, so the result does not depend on arrival order.
"""

from __future__ import annotations

import bisect
import contextlib
import copy
import datetime as dt
import gc
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from operator import attrgetter

from geoinc.actors import actor as actor_info
from geoinc.model import GEO_PRECISION_REGION, UNATTRIBUTED, Incident, SourceRef

MERGE_RADIUS_KM = 25.0
SAME_SITE_KM = 2.0  # "the same place" for reports with no date
UNDATED_REPORT_WINDOW_DAYS = 7  # undated reports must be published within this of each other / the event
DATE_TOLERANCE_DAYS = {0: 1, 1: 1, 2: 7, 3: 31}  # by ACLED time_precision
_MAX_TOLERANCE = max(DATE_TOLERANCE_DAYS.values())
VAGUE_ATTACK_TYPES = frozenset({"", "unknown", "other"})
# Reporting often names one weapon differently ("rockets" / "missiles", "drone strike" / "airstrike").
ATTACK_FAMILIES = (frozenset({"rocket", "missile", "ballistic_missile"}), frozenset({"drone", "airstrike"}))
ATTRIBUTION_STRENGTH = {"claimed": 0, "attributed": 1, "suspected": 2, "unattributed": 3}
# A merged incident takes each group of fields from the one report that is best for it.
_PLACE_FIELDS = (
    "location", "admin1", "country", "place_text", "geo_precision", "gazetteer_id", "latitude", "longitude")
_DATE_FIELDS = ("event_date", "time_precision", "date_text")
_ATTACK_FIELDS = ("attack_type", "event_type", "sub_event_type")

_CELL_DEG = 0.25  # coarse grid: a 25 km radius spans at most one cell north/south
_FINE_CELL_DEG = 0.02  # fine grid for undated reports (about 2 km)
_EARTH_KM = 6371.0088
_KM_PER_DEG = math.pi * _EARTH_KM / 180


@dataclass(slots=True)
class _Report:
    """What merging compares, read once from an Incident."""

    index: int
    day: int | None
    tolerance: int
    lat: float | None
    lon: float | None
    gazetteer_id: str
    in_cells: bool  # placed below region level: found through the grid
    actor: str
    umbrella_category: str
    category: str
    attack: str
    family: str  # reports of one weapon family share it; "" for a vague attack type
    event_type: str
    country: str
    sources: frozenset[str]
    incident: Incident

    @property
    def single_source(self) -> str:
        """The one article reporting this, or "" when there are several (or none)."""
        return next(iter(self.sources)) if len(self.sources) == 1 else ""

    @property
    def place(self) -> str:
        return _norm(self.incident.place_text)

    @property
    def published(self) -> tuple[int, ...]:
        return tuple(s.published.toordinal() for s in self.incident.sources if s.published)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Build or scan many small acyclic objects (100k incidents) without the collector's repeated passes."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def merge_incidents(incidents: Iterable[Incident]) -> list[Incident]:
    """One incident per event: reports of the same event merged, others returned unchanged."""
    with gc_paused():
        ordered = _in_content_order(incidents)
        reports = [_report(n, incident) for n, incident in enumerate(ordered)]
        clusters = _cluster(reports, sorted(_drop_ambiguous(reports, _candidate_pairs(reports))))
        # a report's position in content order is its deterministic tie-breaker
        merged = [ordered[m[0]] if len(m) == 1 else _combine([(i, ordered[i]) for i in m]) for m in clusters]
        return sorted(merged, key=lambda i: (i.event_date is None, i.event_date or 0, i.id))


def _in_content_order(incidents: Iterable[Incident]) -> list[Incident]:
    """Sorted by id (made from the content), reports with the same id by their whole content."""
    ordered = sorted(incidents, key=attrgetter("id"))
    start = 0
    while start < len(ordered):
        end = start + 1
        while end < len(ordered) and ordered[end].id == ordered[start].id:
            end += 1
        if end - start > 1:
            ordered[start:end] = _sorted_by_content(ordered[start:end])
        start = end
    return ordered


def _content_key(incident: Incident) -> tuple:
    return (
        incident.id, incident.event_date.toordinal() if incident.event_date else -1, incident.gazetteer_id,
        incident.latitude if incident.latitude is not None else 999.0,
        incident.longitude if incident.longitude is not None else 999.0,
        incident.actor1, incident.attack_type, tuple(s.article_id for s in incident.sources),
        incident.fatalities if incident.fatalities is not None else -1, incident.notes, incident.place_text,
    )


def _all_fields(incident: Incident) -> tuple[tuple[str, str], ...]:
    return tuple((name, str(value)) for name, value in sorted(incident.properties().items()))


def _sorted_by_content(incidents: Sequence[Incident]) -> list[Incident]:
    """By ``_content_key``; reports equal in it (rare, and costly to compare) then by every field, so
    that one order comes out whatever the input order."""
    ordered: list[Incident] = []
    for _, tied in groupby(sorted(incidents, key=_content_key), key=_content_key):
        tied = list(tied)
        ordered += sorted(tied, key=_all_fields) if len(tied) > 1 else tied
    return ordered


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _report(n: int, incident: Incident) -> _Report:
    mappable = incident.latitude is not None and incident.longitude is not None
    umbrella_category, category = _actor_categories(incident.actor1)
    return _Report(
        n,
        incident.event_date.toordinal() if incident.event_date else None,
        DATE_TOLERANCE_DAYS.get(incident.time_precision, 1),
        incident.latitude if mappable else None,
        incident.longitude if mappable else None,
        incident.gazetteer_id,
        mappable and incident.geo_precision != GEO_PRECISION_REGION,
        incident.actor1 or UNATTRIBUTED,
        umbrella_category,
        category,
        incident.attack_type or "",
        _attack_family(incident.attack_type or ""),
        incident.event_type or "",
        incident.country,
        frozenset([incident.sources[0].article_id]) if len(incident.sources) == 1
        else frozenset(s.article_id for s in incident.sources),
        incident,
    )


@lru_cache(maxsize=None)
def _actor_categories(name: str) -> tuple[str, str]:
    """(category if the name is an umbrella label else "", category) from the actor file."""
    info = actor_info(name)
    return (info.category if info and info.umbrella else "", info.category if info else "")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


# --- compatibility -------------------------------------------------------------------------------

def _actors_fit(a: _Report, b: _Report) -> bool:
    if a.actor == b.actor or UNATTRIBUTED in (a.actor, b.actor):
        return True
    if a.umbrella_category and not b.umbrella_category:
        return a.umbrella_category == b.category
    if b.umbrella_category and not a.umbrella_category:
        return b.umbrella_category == a.category
    return False


@lru_cache(maxsize=None)
def _attack_family(attack: str) -> str:
    """"" for a vague attack type; the family's first member for a weapon family; else the type itself."""
    if attack in VAGUE_ATTACK_TYPES:
        return ""
    return next((min(family) for family in ATTACK_FAMILIES if attack in family), attack)


def _place_distance(a: _Report, b: _Report) -> float | None:
    """km between two reports' places (0 for the same gazetteer place); None when not the same place.
    Two sites more than the radius apart are different places even under one gazetteer id."""
    same_id = bool(a.gazetteer_id) and a.gazetteer_id == b.gazetteer_id
    if a.in_cells and b.in_cells:
        if abs(a.lat - b.lat) * _KM_PER_DEG > MERGE_RADIUS_KM:
            return None
        km = distance_km(a.lat, a.lon, b.lat, b.lon)
        return None if km > MERGE_RADIUS_KM else 0.0 if same_id else km
    if same_id:
        return 0.0
    if a.lat is None and b.lat is None and a.place and a.place == b.place and a.country == b.country:
        return 0.0
    return None


def _published_close(a: _Report, b: _Report) -> bool:
    if a.day is not None or b.day is not None:
        dated, undated = (a, b) if a.day is not None else (b, a)
        return not undated.published or any(
            0 <= p - dated.day <= UNDATED_REPORT_WINDOW_DAYS for p in undated.published)
    if not a.published or not b.published:
        return True
    return any(abs(p - q) <= UNDATED_REPORT_WINDOW_DAYS for p in a.published for q in b.published)


def _strong_evidence(a: _Report, b: _Report, km: float) -> bool:
    same_words = any(
        (x := _norm(getattr(a.incident, name))) and x == _norm(getattr(b.incident, name))
        for name in ("notes", "date_text", "target"))
    return (
        km <= SAME_SITE_KM
        and a.attack == b.attack and a.attack not in VAGUE_ATTACK_TYPES
        and a.actor == b.actor
        and same_words
        and _published_close(a, b)
    )


def _match(a: _Report, b: _Report) -> tuple | None:
    """A sort key (closest first) when the two reports can be one event, else None."""
    dated = a.day is not None and b.day is not None
    if dated and abs(a.day - b.day) > max(a.tolerance, b.tolerance):
        return None
    if not a.sources.isdisjoint(b.sources):
        return None  # one article's incidents are distinct by construction
    if a.family != b.family and a.family and b.family:
        return None
    if a.actor != b.actor and not _actors_fit(a, b):
        return None
    if a.event_type and b.event_type and a.event_type != b.event_type:
        return None
    km = _place_distance(a, b)
    if km is None:
        return None
    if not dated:
        return (1, 0, False, round(km, 3)) if _strong_evidence(a, b, km) else None
    return (0, abs(a.day - b.day), a.actor != b.actor, round(km, 3))


# --- candidate pairs from the index ----------------------------------------------------------------

def _cell(lat: float, lon: float, size: float) -> tuple[int, int]:
    return math.floor(lat / size), math.floor(lon / size) % round(360 / size)


def _candidate_pairs(reports: Sequence[_Report]) -> set[tuple[tuple, int, int]]:
    """Pairs worth comparing. Dated reports in the grid: vectorized (``_gridded_pairs``). The others
    look up place keys (gazetteer id, place name) in a day window; undated ones everything with their
    weapon and actor at the same site (fine cells) or place key. Indexes hold only keys looked up."""
    pairs = set(_gridded_pairs([r for r in reports if r.day is not None and r.in_cells]))
    dated_lookups = [r for r in reports if r.day is not None and not r.in_cells]
    undated_lookups = [r for r in reports if r.day is None and r.attack not in VAGUE_ATTACK_TYPES]
    wanted_dated = {key for r in dated_lookups for key in _neighbour_keys(r)}
    wanted_any = {(r.attack, r.actor, *key) for r in undated_lookups for key in _neighbour_keys(r, fine=True)}
    wanted_kinds = {(attack, actor) for attack, actor, *_ in wanted_any}
    dated: dict[tuple, list[int]] = defaultdict(list)
    anytime: dict[tuple, list[int]] = defaultdict(list)
    for r in reports:
        if wanted_dated and r.day is not None and (r.lat is None or r.gazetteer_id):
            for key in _place_keys(r):
                if key in wanted_dated:
                    dated[key].append(r.index)
        if (r.attack, r.actor) in wanted_kinds:
            for key in _place_keys(r, fine=True):
                if (found := (r.attack, r.actor, *key)) in wanted_any:
                    anytime[found].append(r.index)
    windows = {}
    for key, members in dated.items():
        members.sort(key=lambda i: reports[i].day)
        windows[key] = ([reports[i].day for i in members], members)

    for r in dated_lookups:
        for key in _neighbour_keys(r):
            if (window := windows.get(key)) is not None:
                days, members = window
                # place keys are searched from one side only: take the widest window
                lo = bisect.bisect_left(days, r.day - _MAX_TOLERANCE)
                hi = bisect.bisect_right(days, r.day + _MAX_TOLERANCE)
                for other in members[lo:hi]:
                    _consider(r, reports[other], pairs)
    for r in undated_lookups:
        for key in _neighbour_keys(r, fine=True):
            for other in anytime.get((r.attack, r.actor, *key), ()):
                if other != r.index:
                    _consider(r, reports[other], pairs)
    return pairs


def _gridded_pairs(grid: Sequence[_Report]) -> list[tuple[tuple, int, int]]:
    """Matching pairs among dated reports placed below region level, vectorized: for each cell offset
    around a report, the reports of that cell within its date window come from one sorted array of
    (cell, day) keys; distance, date, actor, weapon and source rules are then applied to whole arrays."""
    import numpy as np

    n = len(grid)
    if n < 2:
        return []
    lat = np.fromiter((r.lat for r in grid), float, n)
    lon = np.fromiter((r.lon for r in grid), float, n)
    day = np.fromiter((r.day for r in grid), np.int64, n)
    tol = np.fromiter((r.tolerance for r in grid), np.int64, n)
    wrap = round(360 / _CELL_DEG)
    row = np.floor(lat / _CELL_DEG).astype(np.int64) + wrap  # non-negative
    col = np.floor(lon / _CELL_DEG).astype(np.int64) % wrap
    rel_day = day - day.min() + 2 * _MAX_TOLERANCE
    key = (row * wrap + col) << 24 | rel_day
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    box_lat = MERGE_RADIUS_KM / _KM_PER_DEG
    # as _box(): sized at the poleward edge of each report's one-degree latitude band
    edge = np.minimum(np.floor(np.abs(lat)) + 1 + box_lat, 89.9)
    box_lon = np.minimum(box_lat / np.maximum(np.cos(np.radians(edge)), 1e-6), 180.0)
    first_row, last_row = np.floor((lat - box_lat) / _CELL_DEG), np.floor((lat + box_lat) / _CELL_DEG)
    first_col, last_col = np.floor((lon - box_lon) / _CELL_DEG), np.floor((lon + box_lon) / _CELL_DEG)
    base_row, base_col = np.floor(lat / _CELL_DEG), np.floor(lon / _CELL_DEG)
    reach = int(np.ceil(box_lon.max() / _CELL_DEG)) + 1
    left, right = [], []
    for dr in (-1, 0, 1):
        for dc in range(-reach, reach + 1):
            wanted = ((base_row + dr >= first_row) & (base_row + dr <= last_row)
                      & (base_col + dc >= first_col) & (base_col + dc <= last_col))
            src = np.nonzero(wanted)[0]
            if not len(src):
                continue
            cell = (row[src] + dr) * wrap + (col[src] + dc) % wrap
            lo = np.searchsorted(sorted_key, cell << 24 | (rel_day[src] - tol[src]), "left")
            hi = np.searchsorted(sorted_key, cell << 24 | (rel_day[src] + tol[src]), "right")
            counts = hi - lo
            total = int(counts.sum())
            if not total:
                continue
            starts = np.repeat(lo - (np.cumsum(counts) - counts), counts)
            left.append(np.repeat(src, counts))
            right.append(order[starts + np.arange(total)])
    if not left:
        return []
    i, j = np.concatenate(left), np.concatenate(right)
    # each pair once, from the side whose date window is the wider (the other side may not reach it)
    once = (tol[i] > tol[j]) | ((tol[i] == tol[j]) & (i < j))
    i, j = i[once], j[once]
    dlon = np.abs(lon[i] - lon[j])
    near = (np.abs(lat[i] - lat[j]) <= box_lat) & (np.minimum(dlon, 360 - dlon) <= box_lon[i])
    i, j = i[near], j[near]
    km = _haversine_km(np, lat[i], lon[i], lat[j], lon[j])
    within = (km <= MERGE_RADIUS_KM) & (np.abs(day[i] - day[j]) <= np.maximum(tol[i], tol[j]))
    i, j = i[within], j[within]
    fits = _codes_fit(np, grid, i, j)
    i, j, km = i[fits], j[fits], km[within][fits]
    same_place = _codes(np, grid, "gazetteer_id")
    km = np.where((same_place[i] == same_place[j]) & (same_place[i] > 0), 0.0, np.round(km, 3))
    # one article's incidents are distinct by construction: reports sharing a source never pair
    source = _codes(np, grid, "single_source")  # 0 when a report has several sources: checked below
    sharing = (source[i] == source[j]) & (source[i] > 0)
    several = (source[i] == 0) | (source[j] == 0)
    keep = ~sharing & ~several
    keep[several] = [grid[x].sources.isdisjoint(grid[y].sources)
                     for x, y in zip(i[several].tolist(), j[several].tolist())]
    i, j, km = i[keep], j[keep], km[keep]
    index = np.fromiter((r.index for r in grid), np.int64, n)
    low, high = np.minimum(index[i], index[j]), np.maximum(index[i], index[j])
    actor = _codes(np, grid, "actor")
    return [((0, d, other_actor, distance), x, y) for d, other_actor, distance, x, y in zip(
        np.abs(day[i] - day[j]).tolist(), (actor[i] != actor[j]).tolist(), km.tolist(), low.tolist(), high.tolist())]


def _codes(np, grid: Sequence[_Report], attribute: str):
    """A small integer per distinct value of ``attribute`` (0 for the empty value)."""
    code_of: dict[str, int] = {"": 0}
    return np.fromiter((code_of.setdefault(getattr(r, attribute), len(code_of)) for r in grid), np.int64, len(grid))


def _haversine_km(np, lat1, lon1, lat2, lon2):
    p1, p2 = np.radians(lat1), np.radians(lat2)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon2 - lon1) / 2) ** 2
    return 2 * _EARTH_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def _codes_fit(np, grid: Sequence[_Report], i, j):
    """Actor, weapon-family and event-type rules for arrays of pairs, through small lookup tables."""
    fits = np.ones(len(i), dtype=bool)
    for attribute, compatible in (
        ("actor", lambda a, b: a.actor == b.actor or _actors_fit(a, b)),
        ("family", lambda a, b: a.family == b.family or not a.family or not b.family),
        ("event_type", lambda a, b: a.event_type == b.event_type or not a.event_type or not b.event_type),
    ):
        codes = _codes(np, grid, attribute)
        example = {code: r for code, r in zip(codes.tolist(), grid)}
        size = int(codes.max()) + 1
        table = np.zeros((size, size), dtype=bool)
        for x, a in example.items():
            for y, b in example.items():
                table[x, y] = compatible(a, b)
        fits &= table[codes[i], codes[j]]
    return fits


def _consider(a: _Report, b: _Report, pairs: set[tuple[tuple, int, int]]) -> None:
    if a.index > b.index:
        a, b = b, a
    key = _match(a, b)
    if key is not None:
        pairs.add((key, a.index, b.index))


def _place_keys(r: _Report, fine: bool = False) -> list[tuple]:
    keys: list[tuple] = []
    if r.gazetteer_id:
        keys.append(("gaz", r.gazetteer_id))
    if r.in_cells:
        size = _FINE_CELL_DEG if fine else _CELL_DEG
        keys.append(("cell", *_cell(r.lat, r.lon, size)))
    elif r.lat is None and r.place:
        keys.append(("name", r.country, r.place))
    return keys


def _neighbour_keys(r: _Report, fine: bool = False) -> list[tuple]:
    """Index keys that can hold a report of the same place as ``r``: its place keys and the grid cells
    that the bounding box of the radius around it touches."""
    # dated reports of one gazetteer place within the radius share cells: only others look the id up
    keys = [k for k in _place_keys(r, fine) if k[0] != "cell" and (fine or not r.in_cells)]
    if r.in_cells:
        size, radius = (_FINE_CELL_DEG, SAME_SITE_KM) if fine else (_CELL_DEG, MERGE_RADIUS_KM)
        box_lat, box_lon = _box(r.lat, radius)
        rows = range(math.floor((r.lat - box_lat) / size), math.floor((r.lat + box_lat) / size) + 1)
        cols = range(math.floor((r.lon - box_lon) / size), math.floor((r.lon + box_lon) / size) + 1)
        wrap = round(360 / size)  # across the antimeridian, 179.9 E and 179.9 W are neighbours
        keys.extend(("cell", row, col % wrap) for row in rows for col in dict.fromkeys(cols))
    return keys


def _box(lat: float, radius_km: float) -> tuple[float, float]:
    """Half-height and half-width in degrees of a box around a point that holds the radius."""
    return _box_for_band(math.floor(abs(lat)), radius_km)


@lru_cache(maxsize=None)
def _box_for_band(degrees: int, radius_km: float) -> tuple[float, float]:
    """The box for every latitude in [degrees, degrees + 1): sized at the band's poleward edge."""
    box_lat = radius_km / _KM_PER_DEG
    edge = min(degrees + 1 + box_lat, 89.9)
    return box_lat, min(box_lat / max(math.cos(math.radians(edge)), 1e-6), 180.0)


def _drop_ambiguous(reports: Sequence[_Report], pairs: set[tuple[tuple, int, int]]) -> set[tuple[tuple, int, int]]:
    """An unattributed (or umbrella) report that fits incidents of two different named groups could be
    either: it stays on its own rather than being given to one of them by chance."""
    named: dict[int, set[str]] = defaultdict(set)
    for _, i, j in pairs:
        a, b = reports[i], reports[j]
        if a.actor != b.actor:
            vague, other = (a, b) if _is_vague_actor(a) and not _is_vague_actor(b) else (b, a)
            if _is_vague_actor(vague) and not _is_vague_actor(other):
                named[vague.index].add(other.actor)
    ambiguous = {i for i, actors in named.items() if len(actors) > 1}
    if not ambiguous:
        return pairs
    return {p for p in pairs if not (
        (p[1] in ambiguous and not _is_vague_actor(reports[p[2]]))
        or (p[2] in ambiguous and not _is_vague_actor(reports[p[1]])))}


def _is_vague_actor(r: _Report) -> bool:
    return r.actor == UNATTRIBUTED or bool(r.umbrella_category)


# --- clustering ------------------------------------------------------------------------------------

def _cluster(reports: Sequence[_Report], pairs: Sequence[tuple[tuple, int, int]]) -> list[list[int]]:
    parent = list(range(len(reports)))
    members: dict[int, list[int]] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in pairs:
        ri, rj = root(i), root(j)
        if ri == rj:
            continue
        a, b = members.get(ri, [ri]), members.get(rj, [rj])
        # two single reports: the pair itself is the whole test, and it matched
        if (len(a) == 1 and len(b) == 1) or all(_match(reports[x], reports[y]) is not None for x in a for y in b):
            low, high = min(ri, rj), max(ri, rj)
            parent[high] = low
            members[low] = a + b
            members.pop(high, None)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(reports)):
        clusters[root(i)].append(i)
    return list(clusters.values())


# --- combining one cluster -------------------------------------------------------------------------

def combine(reports: Sequence[Incident]) -> Incident:
    """One incident from several reports of the same event (ACLED rules: lowest fatality figure)."""
    return _combine(list(enumerate(_sorted_by_content(reports))))


def _combine(keyed: Sequence[tuple[int, Incident]]) -> Incident:
    keys = {id(i): key for key, i in keyed}
    reports = sorted((i for _, i in keyed), key=lambda i: _report_order(i, keys[id(i)]))
    by_place = min(reports, key=lambda i: (i.geo_precision or 9, not i.gazetteer_id, keys[id(i)]))
    by_date = _best_dated(reports, keys)
    by_actor = min(reports, key=lambda i: _actor_rank(i, keys[id(i)]))
    by_attack = _best_attack(reports, keys)
    merged = copy.copy(by_actor)
    merged.id = min((i.id for i in reports if i.id), default=by_actor.id)
    for source, names in ((by_place, _PLACE_FIELDS), (by_date, _DATE_FIELDS), (by_attack, _ATTACK_FIELDS)):
        for name in names:
            setattr(merged, name, getattr(source, name))
    merged.sources = _union_sources(reports)
    merged.confidence = max(i.confidence for i in reports)
    merged.needs_review = any(i.needs_review for i in reports)
    merged.review_reasons = list(dict.fromkeys(r for i in reports for r in i.review_reasons))
    for name in ("actor2", "target", "attributed_by", "launch_location", "actor1_category"):
        if not getattr(merged, name):
            setattr(merged, name, next((getattr(i, name) for i in reports if getattr(i, name)), ""))
    if merged.launch_latitude is None:
        launch = next((i for i in reports if i.launch_latitude is not None), None)
        if launch:
            merged.launch_latitude, merged.launch_longitude = launch.launch_latitude, launch.launch_longitude
    merged.fatalities, fatality_note = _lowest(reports, "fatalities")
    merged.injured, injured_note = _lowest(reports, "injured")
    notes = list(dict.fromkeys(i.notes.strip() for i in reports if i.notes.strip()))
    merged.notes = " | ".join(notes + [n for n in (fatality_note, injured_note) if n])
    return merged


def _report_order(incident: Incident, key: int) -> tuple:
    """Earliest-published source first, so notes read in the order the news came out."""
    published = [s.published for s in incident.sources if s.published]
    return (min(published) if published else dt.date.max, key)


def _actor_rank(incident: Incident, key: int) -> tuple:
    info = actor_info(incident.actor1)
    return (
        incident.actor1 == UNATTRIBUTED, bool(info and info.umbrella),
        ATTRIBUTION_STRENGTH.get(incident.attribution, 9), -incident.confidence, key,
    )


def _best_dated(reports: Sequence[Incident], keys: dict[int, int]) -> Incident:
    dated = [i for i in reports if i.event_date]
    if not dated:
        return min(reports, key=lambda i: keys[id(i)])
    best_precision = min(i.time_precision or 9 for i in dated)
    precise = [i for i in dated if (i.time_precision or 9) == best_precision]
    counts = Counter(i.event_date for i in precise)
    return min(precise, key=lambda i: (-counts[i.event_date], i.event_date, keys[id(i)]))


def _best_attack(reports: Sequence[Incident], keys: dict[int, int]) -> Incident:
    specific = [i for i in reports if i.attack_type not in VAGUE_ATTACK_TYPES]
    if not specific:
        return min(reports, key=lambda i: keys[id(i)])
    counts = Counter(i.attack_type for i in specific)
    return min(specific, key=lambda i: (-counts[i.attack_type], i.attack_type, keys[id(i)]))


def _union_sources(reports: Sequence[Incident]) -> list[SourceRef]:
    seen: dict[str, SourceRef] = {}
    for incident in reports:
        for source in incident.sources:
            known = seen.get(source.article_id)
            if known is None or (not known.url and source.url):
                seen[source.article_id] = source
    return sorted(seen.values(), key=lambda s: (s.published is None, s.published or 0, s.article_id))


def _lowest(reports: Sequence[Incident], field: str) -> tuple[int | None, str]:
    """The lowest reported figure and, when reports disagree, a note listing the alternatives."""
    figures = {}
    for incident in reports:
        value = getattr(incident, field)
        if value is not None:
            for source in incident.sources or [SourceRef(article_id=incident.id)]:
                figures.setdefault(source.article_id, value)
    if not figures:
        return None, ""
    lowest = min(figures.values())
    if len(set(figures.values())) == 1:
        return lowest, ""
    by_figure = sorted(figures.items(), key=lambda kv: (kv[1], kv[0]))
    listed = ", ".join(f"{value} ({article})" for article, value in by_figure)
    return lowest, f"{field.capitalize()} reported: {listed}; lowest used"
