"""Toponym-resolution accuracy on the public corpora in ../shared/eval/geoparsing/ (read in place).

Each gold place name is resolved with its whole article as context (``context_for`` once per article,
then ``best(name, context)``); the error is the great-circle distance to the gold point. Prints JSON:
Acc@161, AUC of the error curve, mean/median error, unanswered names (counted as 20,039 km) — for
GeoWebNews (toponyms with a GeoNames id, and the Literal/Literal_Modifier subset) and GeoVirus.

    python benchmarks/geocode_accuracy.py [--eval-dir DIR] [--misses FILE]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from geoinc.geocoding import default_geocoder

DEFAULT_EVAL_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval" / "geoparsing"
MAX_ERROR_KM = 20039.0
LITERAL_TYPES = {"Literal", "Literal_Modifier"}


@dataclass
class Gold:
    name: str
    lat: float
    lon: float
    kind: str = ""


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def read_gwn(path: Path) -> list[tuple[str, list[Gold]]]:
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        golds = []
        for t in article.iter("toponym"):
            geonames_id = (t.findtext("geonamesID") or "").strip()
            lat, lon = t.findtext("latitude"), t.findtext("longitude")
            if geonames_id and lat and lon:
                golds.append(Gold(t.findtext("extractedName") or "", float(lat), float(lon), t.findtext("type") or ""))
        articles.append((article.findtext("text") or "", golds))
    return articles


def read_geovirus(path: Path) -> list[tuple[str, list[Gold]]]:
    articles = []
    for article in ET.parse(path).getroot().iter("article"):
        golds = [Gold(loc.findtext("name") or "", float(loc.findtext("lat")), float(loc.findtext("lon")))
                 for loc in article.iter("location") if loc.findtext("lat") and loc.findtext("lon")]
        articles.append((article.findtext("text") or "", golds))
    return articles


def metrics(errors: list[float], unanswered: int) -> dict:
    errs = sorted(errors)
    n = len(errs)
    auc = float(np.trapezoid(np.log1p(errs)) / (math.log(MAX_ERROR_KM) * (n - 1))) if n > 1 else 0.0
    return {
        "n": n,
        "acc_161": round(100.0 * sum(e <= 161 for e in errs) / n, 2) if n else 0.0,
        "auc": round(auc, 4),
        "mean_km": round(statistics.fmean(errs), 1) if n else 0.0,
        "median_km": round(statistics.median(errs), 1) if n else 0.0,
        "unanswered": unanswered,
    }


def evaluate(articles: list[tuple[str, list[Gold]]], misses: list[dict], corpus: str,
             kinds: set[str] | None = None) -> dict:
    geocoder = default_geocoder()
    errors, unanswered = [], 0
    for text, golds in articles:
        chosen = [g for g in golds if kinds is None or g.kind in kinds]
        if not chosen:
            continue
        context = geocoder.context_for(text)
        for gold in chosen:
            best = geocoder.best(gold.name, context)
            if best is None:
                unanswered += 1
                errors.append(MAX_ERROR_KM)
                misses.append({"corpus": corpus, "name": gold.name, "kind": gold.kind, "got": None})
                continue
            err = haversine_km(gold.lat, gold.lon, best.place.latitude, best.place.longitude)
            errors.append(err)
            if err > 161:
                misses.append({"corpus": corpus, "name": gold.name, "kind": gold.kind, "err_km": round(err),
                               "got": f"{best.place.name} ({best.place.feature_type}, {best.place.country})",
                               "gold": [gold.lat, gold.lon], "score": best.score,
                               "countries": list(context.countries[:4])})
    return metrics(errors, unanswered)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--misses", type=Path, help="write the names resolved >161 km off as JSON lines")
    args = parser.parse_args()
    default_geocoder()  # build/load the index outside the timed part
    started = time.perf_counter()
    gwn = read_gwn(args.eval_dir / "GWN.xml")
    geovirus = read_geovirus(args.eval_dir / "GeoVirus.xml")
    misses: list[dict] = []
    report = {
        "gwn_geonames": {**evaluate(gwn, misses, "gwn"), "target_acc_161": 94.0},
        "gwn_literal": evaluate(gwn, [], "gwn-literal", LITERAL_TYPES),
        "geovirus": {**evaluate(geovirus, misses, "geovirus"), "target_acc_161": 85.0},
    }
    report["seconds"] = round(time.perf_counter() - started, 1)
    if args.misses:
        args.misses.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in misses), encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
