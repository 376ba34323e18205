"""Roads named by the towns they join: "the Damboa–Biu road", "the Kabul-Kandahar highway", "the road
between Maiduguri and Damboa". An attack "on the road" happened somewhere between the two towns: the
geocoder places it at their midpoint, with the half-distance as its precision (ACLED geo_precision 2).

``road_spans`` finds such phrases in running text (spotting reports each as one mention);
``road_ends`` splits a query into its two towns; ``road_between`` builds the place.
"""

from __future__ import annotations

import math
import re

from geoinc.geocoding.base import Place

_ROAD_WORD_LIST = ("road", "highway", "motorway", "expressway", "route", "axis")  # "supply route" holds "route"
_ROAD_WORDS = r"(?:road|highway|motorway|expressway|route|axis|supply route)"
_TOWN = r"(?:(?:al|el|ad|ar|as|ash|at|az)-)?[A-Z][\w'’]*(?:[ ](?:(?:al|el|ad|ar|as|ash|at|az)-)?[A-Z][\w'’]*){0,2}"
_DASH = r"\s*[-–—]\s*"
_TOWN_WORDS = r"(?:the\s+)?(?:(?:border|provincial|nearby|northern|southern|eastern|western)\s+)?(?:(?:town|city|village|capital)\s+of\s+)?"  # "and the border town of Penjwen"
# "Damboa–Biu road"; "road between Maiduguri and Damboa"; "highway from Kabul to Kandahar".
_ROAD_IN_TEXT = re.compile(
    rf"(?P<a>{_TOWN}){_DASH}(?P<b>{_TOWN})\s+{_ROAD_WORDS}\b"
    rf"|\b{_ROAD_WORDS}\s+(?:between|linking|connecting|joining)\s+{_TOWN_WORDS}(?P<c>{_TOWN})\s+(?:and|with)\s+{_TOWN_WORDS}(?P<d>{_TOWN})\b"
    rf"|\b{_ROAD_WORDS}\s+from\s+{_TOWN_WORDS}(?P<e>{_TOWN})\s+to\s+{_TOWN_WORDS}(?P<f>{_TOWN})\b")
_ROAD_QUERY = re.compile(
    rf"^(?:the\s+)?(?:(?P<a>.+?){_DASH}(?P<b>.+?)\s+{_ROAD_WORDS}"
    rf"|{_ROAD_WORDS}\s+(?:between|linking|connecting|joining)\s+{_TOWN_WORDS}(?P<c>.+?)\s+(?:and|with)\s+{_TOWN_WORDS}(?P<d>.+?)"
    rf"|{_ROAD_WORDS}\s+from\s+{_TOWN_WORDS}(?P<e>.+?)\s+to\s+{_TOWN_WORDS}(?P<f>.+?))$", re.I)
_HAS_ROAD_WORD = re.compile(rf"\b{_ROAD_WORDS}\b")
ROAD_ID_PREFIX = "road:"  # a road's id: "road:<id of one town>|<id of the other>"
# Longer than this, "the road" is no place an analyst would map at a midpoint (a cross-country highway).
MAX_ROAD_KM = 400.0


def road_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, first town, second town) of every road the text names by its two towns."""
    if not any(word in text for word in _ROAD_WORD_LIST) or not _HAS_ROAD_WORD.search(text):
        return []  # (a plain search first: the pattern, opening with \b, is tried at every letter)
    spans = []
    for match in _ROAD_IN_TEXT.finditer(text):
        a, b = _ends(match)
        start = match.start()
        if match.group("a") and a.startswith("The "):  # "The Kabul-Kandahar highway"
            a, start = a[4:], start + 4
        spans.append((start, match.end(), a, b))
    return spans


def road_ends(query: str) -> tuple[str, str] | None:
    """The two towns of a road query ("Damboa–Biu road" -> ("Damboa", "Biu")), None for other queries."""
    match = _ROAD_QUERY.match(query.strip())
    return _ends(match) if match else None


def _ends(match: re.Match[str]) -> tuple[str, str]:
    for first, second in (("a", "b"), ("c", "d"), ("e", "f")):
        if match.group(first):
            return match.group(first), match.group(second)
    raise ValueError(match.group(0))


def road_between(one: Place, other: Place) -> Place | None:
    """The road joining two places, at their midpoint; None when they are the same place or too far apart."""
    distance = distance_km(one, other)
    if one.id == other.id or distance > MAX_ROAD_KM:
        return None
    same_country = one.country == other.country
    return Place(
        id=f"{ROAD_ID_PREFIX}{one.id}|{other.id}",
        name=f"{one.name}–{other.name} road",
        latitude=round((one.latitude + other.latitude) / 2, 5),
        longitude=round((one.longitude + other.longitude) / 2, 5),
        feature_type="road",
        country=one.country if same_country else "",
        admin1=one.admin1 if same_country and one.admin1 == other.admin1 else "",
        precision_km=round(distance / 2, 1),
    )


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(
        math.radians(b.longitude - a.longitude) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))
