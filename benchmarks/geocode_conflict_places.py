"""Coverage of the places conflict reporting names outside Iraq, Syria and Lebanon (and a few Iraqi towns
whose names fold onto bigger foreign cities).

``conflict_places.csv`` (beside this file) lists 450 towns, districts and villages that reports from
Yemen, Somalia, the Sahel, north-east Nigeria, Pakistan, Afghanistan, Myanmar, eastern DR Congo, Cabo
Delgado, Sudan and Ukraine's front line commonly name, spelling variants included ("Ceel Buur"/"El Bur",
"Kharkov", "Artemovsk"), with their approximate true point (written from encyclopaedia knowledge,
rounded to 0.01°: truth to a few km, well inside the 25 km tolerance).

Each name is put in a one-sentence article that names its country ("... in Somalia ..."), spotted, and
resolved with that article as context, as the pipeline does. A name counts as found when the best
candidate lies within 25 km of the true point; spotted when ``spot`` finds it in the sentence. Prints
JSON: overall and per-country figures, and the misses.

    python benchmarks/geocode_conflict_places.py [--places FILE] [--misses]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import time
from collections import defaultdict
from pathlib import Path

import pycountry

from geoinc.geocoding import default_geocoder

PLACES = Path(__file__).resolve().parent / "conflict_places.csv"
TOLERANCE_KM = 25.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def sentence_for(name: str, country: str) -> str:
    record = pycountry.countries.get(alpha_2=country)
    # "Congo, The Democratic Republic of the" would name the other Congo cut at its comma.
    country_name = getattr(record, "common_name", None) or getattr(record, "official_name", None) or record.name
    return f"Fighters attacked positions in {name} on Monday, officials in {country_name} said."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=Path, default=PLACES)
    parser.add_argument("--misses", action="store_true", help="list every miss with what it resolved to")
    args = parser.parse_args()
    with args.places.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    geocoder = default_geocoder()
    started = time.perf_counter()
    by_country: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    misses = []
    found = spotted = 0
    for row in rows:
        text = sentence_for(row["name"], row["country"])
        mentions = geocoder.spot(text)
        is_spotted = any(m.text.strip().lower() == row["name"].lower() for m in mentions)
        best = geocoder.best(row["name"], geocoder.context_for(text, mentions=mentions))
        error = (haversine_km(float(row["latitude"]), float(row["longitude"]), best.place.latitude,
                              best.place.longitude) if best else None)
        hit = error is not None and error <= TOLERANCE_KM
        found += hit
        spotted += is_spotted
        tally = by_country[row["country"]]
        tally[0] += 1
        tally[1] += hit
        tally[2] += is_spotted
        if not hit or not is_spotted:
            misses.append({"name": row["name"], "country": row["country"], "spotted": is_spotted,
                           "got": f"{best.place.name} ({best.place.country}, {best.place.feature_type})" if best else None,
                           "error_km": round(error) if error is not None else None})
    report = {
        "places": len(rows), "found_within_25km": found, "accuracy": round(found / len(rows), 3),
        "spotted": round(spotted / len(rows), 3), "seconds": round(time.perf_counter() - started, 2),
        "by_country": {c: {"places": t[0], "accuracy": round(t[1] / t[0], 3), "spotted": round(t[2] / t[0], 3)}
                       for c, t in sorted(by_country.items())},
    }
    if args.misses:
        report["misses"] = misses
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
