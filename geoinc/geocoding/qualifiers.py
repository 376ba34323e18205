"""What the text says right after a name about where it is: "Kani, Sagaing", "Konduga, Borno State",
"Djibo in Soum province", "Makhmour, Nineveh", "Rafah, Gaza". Analysts and wire styles write the wider
place after the name; it decides between same-named places better than anything else in the article.

``find_qualifiers`` reads the phrases; the geocoder resolves them and ranks candidates inside them first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from geoinc.geocoding.base import Place

# A capitalised word of a name, with the hyphenated Arabic article ("al-Anbar") or an inner hyphen.
_NAME_WORD = r"(?:(?:al|el|ad|an|ar|as|ash|at|az)-)?[A-Z][\w'’]*(?:-[\w'’]+)*"
# "Konduga, Borno", "Djibo in Soum province", "the Jani Khel area of Bannu district".
_CONNECTOR = (r"(?:\s+(?:area|areas|village|town|city|district|sub-?district|neighbou?rhood|suburb|outskirts))?"
              r"(?:\s*,\s*|\s+in\s+(?:the\s+)?|\s+of\s+(?:the\s+)?)")
_FOLLOWER = re.compile(rf"{_CONNECTOR}(?P<words>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})(?P<feature>\s+[a-z]+)?")
# After an area qualifier: the end of the phrase (punctuation, a line end) rather than a verb ("Rafah, Israel
# said") or the next item of a list ("Aleppo, Idlib, Hama and Homs").
_PHRASE_END = re.compile(r"\s*(?:[.;:)\]\n]|$|,(?!\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*(?:,|\band\b|\bor\b)))")
AREA_TYPES = frozenset({"country", "region", "admin2"})
SETTLEMENT_REACH_KM = 50.0


@dataclass(frozen=True)
class Qualifier:
    place: Place  # the likeliest reading of the qualifier
    # Written as a qualifier beyond doubt (a province word, or an area closing the phrase): a best
    # candidate in another country then contradicts the text.
    strong: bool
    # Every province or country it may name ("Atlanta, Georgia": the US state as well as the country).
    readings: tuple[Place, ...] = ()


Resolver = Callable[[str], tuple[Place, ...]]  # a phrase's readings, likeliest first; () when none


def best_reading(resolve: Resolver, phrase: str) -> Place | None:
    readings = resolve(phrase)
    return readings[0] if readings else None


def find_qualifiers(spans: list[tuple[int, int]], text: str, resolve: Resolver, feature_words: frozenset[str],
                    demonyms: frozenset[str]) -> tuple[Qualifier, ...]:
    """The places written right after the name (at ``spans``): after a comma, or after "in"/"of" when the
    place is a province or country ("Konduga in Borno State")."""
    found: dict[str, Qualifier] = {}
    for _, end in spans:
        follower = _FOLLOWER.match(text, end)
        if follower is None:
            continue
        qualifier = _read(follower, text, resolve, feature_words, demonyms)
        if qualifier is not None and (qualifier.place.id not in found or qualifier.strong):
            found[qualifier.place.id] = qualifier
    return tuple(found.values())


def occurrences(name: str, text: str) -> list[tuple[int, int]]:
    """Where ``name`` stands as a whole word in ``text`` (a plain search: a pattern opening with a
    look-behind would scan the text letter by letter)."""
    spans = []
    size, start = len(name), text.find(name)
    while start >= 0:
        end = start + size
        if not (start and _joins(text[start - 1])) and not (end < len(text) and _joins(text[end])):
            spans.append((start, end))
        start = text.find(name, start + 1)
    return spans


def _joins(char: str) -> bool:
    return char.isalnum() or char in "_-"


def _read(follower: re.Match[str], text: str, resolve: Resolver, feature_words: frozenset[str],
          demonyms: frozenset[str]) -> Qualifier | None:
    words = follower.group("words").split()
    feature = (follower.group("feature") or "").strip()
    end = follower.end() if feature.lower() in feature_words else follower.end("words")
    if feature.lower() not in feature_words:
        feature = ""
    if len(words) > 1 and words[-1].lower() in feature_words:  # "Borno State"
        feature, words = words[-1], words[:-1]
    if any(w in demonyms for w in words):
        return None  # "Tyre, Israeli officials said": a speaker, not a place
    by_comma = "," in follower.group(0)[:follower.start("words") - follower.start()]
    for size in range(len(words), 0, -1):
        phrase = " ".join(words[:size])
        tries = [f"{phrase} {feature}", phrase] if feature and size == len(words) else [phrase]
        readings = next((r for r in map(resolve, tries) if r), ())
        if not readings:
            continue
        area = any(p.feature_type in AREA_TYPES for p in readings)
        if not (by_comma or feature or area):
            return None  # "a car bomb in Baghdad": a town after "in" says where the event was, not the name
        closes = size == len(words) and bool(_PHRASE_END.match(text, end))
        return Qualifier(readings[0], strong=bool(feature) or (area and closes), readings=readings)
    return None


_BEFORE_COMMA = re.compile(rf"(?P<words>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})\s*,\s*$")


def find_qualified(spans: list[tuple[int, int]], text: str, resolve: Resolver) -> tuple[Place, ...]:
    """The places written right before ", name" ("Buffalo, New York"): the name may be the wider place
    they lie in (the state of New York rather than its city)."""
    found: dict[str, Place] = {}
    for start, _ in spans:
        if not text[max(0, start - 3):start].rstrip().endswith(","):
            continue
        before = _BEFORE_COMMA.search(text, max(0, start - 80), start)
        if before is None:
            continue
        words = before.group("words").split()
        for size in range(len(words), 0, -1):
            place = best_reading(resolve, " ".join(words[-size:]))
            if place is not None:
                found.setdefault(place.id, place)
                break
    return tuple(found.values())


_LIST_BEFORE = re.compile(rf"(?P<words>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})(?:\s*,\s*|\s*,?\s+(?:and|or)\s+)$")
_LIST_AFTER = re.compile(rf"(?:\s*,\s*|\s*,?\s+(?:and|or)\s+)(?P<words>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})")
# The rest of a list the name opens or continues, then the word that says what its items are: "Odesa,
# Mykolaiv and Dnipropetrovsk regions".
_AND_OR_BEFORE = re.compile(r"\b(?:and|or)\s+$")
_TOWN_BEFORE = re.compile(r"\b(?:city|town|village|port|capital) of\s+(?:the\s+)?$", re.I)
_TOWN_AFTER = re.compile(r"\s+(?:city|town|village)\b", re.I)
_REST_OF_LIST = re.compile(rf"(?:(?:\s*,\s*|\s*,?\s+(?:and|or)\s+){_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})*\s+([A-Za-z]+)")


def area_readings(spans: list[tuple[int, int]], text: str, resolve: Resolver,
                  region_words: frozenset[str]) -> tuple[bool, frozenset[str]]:
    """Whether the text reads the name as a province in most of its mentions, and more often than as a town
    ("Kaduna State", "the Odesa, Mykolaiv and Dnipropetrovsk regions" against "the port city of Odesa"), and the countries of
    provinces listed with it ("Arizona, California and New York"): there it names a province too."""
    as_region = as_town = 0
    countries: set[str] = set()
    for start, end in spans:
        following = _REST_OF_LIST.match(text, end)
        before = text[max(0, start - 12):start]
        if following is not None and _region_word(following.group(1), region_words):
            as_region += 1
        elif (" of" in before and _TOWN_BEFORE.search(text, max(0, start - 30), start)) or _TOWN_AFTER.match(text, end):
            as_town += 1
        listed = before.rstrip().endswith(",") or _AND_OR_BEFORE.search(before)
        neighbours = [_LIST_AFTER.match(text, end),
                      _LIST_BEFORE.search(text, max(0, start - 80), start) if listed else None]
        for neighbour in neighbours:
            if neighbour is None:
                continue
            place = best_reading(resolve, neighbour.group("words"))
            if place is not None and place.feature_type in ("region", "admin2"):
                countries.add(place.country)
    # Most of its mentions, not one "Kirkuk province" among four "Kirkuk"s, make the name a province.
    return as_region > as_town and 2 * as_region > len(spans), frozenset(countries)


def _region_word(word: str, region_words: frozenset[str]) -> bool:
    """"regions", "regional" ("the Dnipropetrovsk regional administration"), "provincial" say province too."""
    word = word.lower()
    forms = {word, word.removesuffix("s"), word.removesuffix("al"), word.removesuffix("ial") + "e"}
    return bool(forms & region_words)


def inside(candidate: Place, qualifier: Place, distance_km: float) -> bool:
    """Whether ``candidate`` lies in the place the text qualified it with."""
    if candidate.id == qualifier.id:
        return False
    if qualifier.feature_type == "country":
        return candidate.country == qualifier.country
    if qualifier.feature_type in AREA_TYPES:
        return candidate.country == qualifier.country and (
            candidate.admin1 == qualifier.name or distance_km <= max(qualifier.precision_km, SETTLEMENT_REACH_KM))
    return distance_km <= SETTLEMENT_REACH_KM
