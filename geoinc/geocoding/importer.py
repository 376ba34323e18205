"""Import a GeoNames dump (``IQ.txt``, ``allCountries.txt``; optionally ``alternateNamesV2.txt``) or a
user CSV of places into the gazetteer.

An import is validated line by line (a bad line is reported with its number and skipped, coordinates
outside ±90/±180 are refused) and saved as a clean TSV in ``<cache>/imports/``; the index notices the
new input and rebuilds itself on next use.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from geoinc.atomic import atomic_write
from geoinc.geocoding.sources import Entry, admin1_names, prior_for, settlement_type, split_names

GEONAMES_COLUMNS = 19
_CLEAN_COLUMNS = ("id", "name", "alternate_names", "latitude", "longitude", "feature_type", "country",
                  "admin1", "population", "precision_km", "prior")
# GeoNames feature class/code -> our feature_type (class alone when no code entry).
_FEATURE_CODES = {
    "A.ADM1": "region", "A.ADM1H": "region", "A.ADM2": "admin2", "A.ADM3": "admin3", "A.ADM4": "admin3",
    "A.PCLI": "country", "A.PCL": "country", "A.PCLD": "country", "A.PCLF": "country", "A.PCLS": "country",
    "A.PCLIX": "region", "A.TERR": "country", "S.AIRB": "air_base", "S.AIRP": "airport", "S.AIRF": "airport",
    "S.AIRH": "airport", "S.MILB": "military_site", "S.INSM": "military_site", "S.CMP": "military_site",
    "S.DIP": "embassy", "S.PSTB": "border_crossing", "L.OILF": "oil_field", "S.OILW": "oil_field",
    "P.PPLX": "neighbourhood", "S.DAM": "dam",
}
_FEATURE_CLASSES = {"H": "water", "T": "terrain", "L": "area", "V": "area", "R": "road", "U": "undersea",
                    "S": "site", "A": "admin3"}
_NON_NAME_LANGUAGES = {"link", "post", "iata", "icao", "faac", "tcid", "fr_1793", "wkdt", "unlc"}
MAX_REPORTED_ERRORS = 20


class ImportError_(ValueError):
    """A whole file cannot be imported (not a line: those are skipped and reported)."""


@dataclass
class ImportReport:
    source: Path
    target: Path | None = None
    imported: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    def error(self, line_number: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(f"{self.source}:{line_number}: {message}")


def parse_coordinates(lat_text: str, lon_text: str) -> tuple[float, float]:
    """Valid WGS84 latitude/longitude or ValueError with the reason."""
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise ValueError(f"coordinates are not numbers: {lat_text!r}, {lon_text!r}") from None
    if not (math.isfinite(lat) and math.isfinite(lon)) or not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise ValueError(f"coordinates outside ±90/±180: {lat}, {lon}")
    return lat, lon


def geonames_feature_type(feature_class: str, feature_code: str, population: int) -> str:
    if feature_class == "P" and feature_code != "PPLX":
        return settlement_type(population)
    return _FEATURE_CODES.get(f"{feature_class}.{feature_code}") or _FEATURE_CLASSES.get(feature_class, "site")


def read_alternate_names(path: Path, wanted: set[str] | None, report: ImportReport) -> dict[str, list[str]]:
    """geonameid -> alternate names from ``alternateNamesV2.txt`` (historic names and codes left out)."""
    names: dict[str, list[str]] = {}
    with path.open(encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, start=1):
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 4 or not cols[1].isdigit():
                report.error(number, f"not an alternateNames line ({len(cols)} columns)")
                continue
            if (wanted is not None and cols[1] not in wanted) or cols[2] in _NON_NAME_LANGUAGES:
                continue
            if len(cols) > 7 and cols[7] == "1":  # isHistoric
                continue
            names.setdefault(cols[1], []).append(cols[3])
    return names


def _geonames_ids(path: Path) -> set[str]:
    with path.open(encoding="utf-8", errors="replace") as f:
        return {line.split("\t", 1)[0] for line in f}


def read_geonames_dump(path: Path, report: ImportReport,
                       alternates: dict[str, list[str]] | None = None) -> Iterator[Entry]:
    provinces = {code: name for code, (name, _, _) in admin1_names().items()}
    with path.open(encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            try:
                entry = _geonames_entry(cols, alternates)
            except ValueError as exc:
                report.error(number, str(exc))
                continue
            entry.admin1 = entry.name if entry.feature_type == "region" else provinces.get(f"{cols[8]}.{cols[10]}", "")
            yield entry


def _geonames_entry(cols: list[str], alternates: dict[str, list[str]] | None) -> Entry:
    if len(cols) != GEONAMES_COLUMNS:
        raise ValueError(f"expected {GEONAMES_COLUMNS} tab-separated columns, found {len(cols)}")
    if not cols[0].isdigit():
        raise ValueError(f"geonameid is not a number: {cols[0]!r}")
    if not cols[1].strip():
        raise ValueError("empty name")
    lat, lon = parse_coordinates(cols[4], cols[5])
    population = int(cols[14]) if cols[14].strip().isdigit() else 0
    feature_type = geonames_feature_type(cols[6], cols[7], population)
    names = [cols[2], *cols[3].split(","), *(alternates or {}).get(cols[0], [])]
    return Entry(
        id=f"geonames:{cols[0]}", name=cols[1], latitude=lat, longitude=lon, feature_type=feature_type,
        country=cols[8], population=population, precision_km=_precision_for(feature_type),
        alternates=[n for n in dict.fromkeys(names) if n and n != cols[1] and not any(c.isdigit() for c in n)],
        prior=prior_for(feature_type, population),
    )


def _precision_for(feature_type: str) -> float:
    return {"country": 500.0, "region": 100.0, "admin2": 30.0, "admin3": 10.0, "water": 20.0,
            "terrain": 5.0, "area": 10.0}.get(feature_type, 2.0)


_CSV_ALIASES = {"lat": "latitude", "lng": "longitude", "lon": "longitude", "long": "longitude",
                "alternates": "alternate_names", "aliases": "alternate_names", "type": "feature_type"}


def read_places_csv(path: Path, report: ImportReport) -> Iterator[Entry]:
    """A user CSV with at least ``name``, ``latitude``, ``longitude`` (or lat/lon/lng) columns."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = [_CSV_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in next(reader, [])]
        missing = {"name", "latitude", "longitude"} - set(header)
        if missing:
            raise ImportError_(f"{path}:1: CSV header lacks column(s) {', '.join(sorted(missing))}")
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            try:
                yield _csv_entry(dict(zip(header, cells)), path, number, len(cells) == len(header))
            except ValueError as exc:
                report.error(number, str(exc))


def _csv_entry(row: dict[str, str], path: Path, number: int, complete: bool) -> Entry:
    if not complete:
        raise ValueError("wrong number of columns")
    name = row["name"].strip()
    if not name:
        raise ValueError("empty name")
    lat, lon = parse_coordinates(row["latitude"], row["longitude"])
    population_text = (row.get("population") or "0").strip()
    if not population_text.isdigit():
        raise ValueError(f"population is not a whole number: {population_text!r}")
    population = int(population_text)
    feature_type = (row.get("feature_type") or "").strip() or settlement_type(population)
    precision = row.get("precision_km", "").strip()
    return Entry(
        id=row.get("id", "").strip() or f"user:{path.stem}:{number}", name=name, latitude=lat, longitude=lon,
        feature_type=feature_type, country=(row.get("country") or "").strip().upper(),
        admin1=(row.get("admin1") or "").strip(), population=population,
        precision_km=float(precision) if precision else _precision_for(feature_type),
        alternates=split_names(row.get("alternate_names", "")),
        prior=max(prior_for(feature_type, population), 0.6),  # the user added it on purpose
    )


def looks_like_geonames(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as f:
        first = next((line for line in f if line.strip() and not line.startswith("#")), "")
    return first.count("\t") == GEONAMES_COLUMNS - 1


def import_file(source: Path, target_dir: Path, alternate_names: Path | None = None) -> ImportReport:
    """Validate ``source`` and store it, cleaned, as ``target_dir/<stem>.tsv``."""
    if not source.is_file():
        raise ImportError_(f"{source}: no such file")
    report = ImportReport(source)
    if looks_like_geonames(source):
        wanted = _geonames_ids(source) if alternate_names else None
        alternates = read_alternate_names(alternate_names, wanted, report) if alternate_names else None
        entries = read_geonames_dump(source, report, alternates)
    else:
        entries = read_places_csv(source, report)
    report.target = target_dir / f"{source.stem}.tsv"
    with atomic_write(report.target) as out:
        out.write("\t".join(_CLEAN_COLUMNS) + "\n")
        for e in entries:
            out.write(_clean_line(e))
            report.imported += 1
    if report.imported == 0:
        report.target.unlink()
        raise ImportError_(f"{source}: no valid place in the file ({report.error_count} bad lines)")
    return report


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("|", " ")


def _clean_line(e: Entry) -> str:
    cells = (e.id, e.name, "|".join(_clean(a) for a in e.alternates), repr(e.latitude), repr(e.longitude),
             e.feature_type, e.country, e.admin1, str(e.population), repr(e.precision_km), repr(e.prior))
    return "\t".join(_clean(c) if i != 2 else c for i, c in enumerate(cells)) + "\n"


def read_imported(path: Path) -> Iterator[Entry]:
    """Entries from a clean TSV written by ``import_file``."""
    with path.open(encoding="utf-8") as f:
        next(f, None)
        for line in f:
            c = line.rstrip("\n").split("\t")
            population = int(c[8])
            yield Entry(
                id=c[0], name=c[1], alternates=split_names(c[2]), latitude=float(c[3]), longitude=float(c[4]),
                feature_type=c[5], country=c[6], admin1=c[7], population=population, precision_km=float(c[9]),
                prior=float(c[10]),
            )
