"""Store and export at scale: ingest 100,000 synthetic incident reports, merge them, export each format.

Prints JSON: wall and CPU seconds per step next to the targets of issue 6 (ingest <= 10 s, merge <= 5 s,
each export <= 3 s), the machine's load while it ran, and the process's peak memory.
Usage: python benchmarks/store_scale.py [--reports N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from geoinc.exports import export
from geoinc.merge import merge_incidents
from geoinc.model import Article, Incident
from geoinc.store import Store

GROUPS = ("Kataib Hezbollah", "Islamic Resistance in Iraq", "Harakat al-Nujaba", "Islamic State",
          "United States", "Turkey", "PKK", "Unattributed", "Iran-backed militias")
ATTACKS = ("drone", "rocket", "missile", "airstrike", "artillery", "ied", "unknown")
TARGETS = {"ain-al-asad": (33.7856, 42.4412), "erbil": (36.2373, 43.9632), "baghdad": (33.3152, 44.3661),
           "al-tanf": (33.4948, 38.6178), "deir-ez-zor": (35.3359, 40.1408), "sulaymaniyah": (35.5613, 45.4305)}


def synthetic_reports(count: int, seed: int = 6) -> list[tuple[Article, list[Incident]]]:
    """Events at ~600 sites over two years, each reported by 1-4 articles of ~10 incidents each."""
    rng = random.Random(seed)
    sites = [(f"geoinc:site-{n}", lat + rng.uniform(-2, 2), lon + rng.uniform(-2, 2))
             for n, (lat, lon) in enumerate(list(TARGETS.values()) * 100)]
    start = dt.date(2023, 1, 1)
    reports: list[tuple[str, Incident]] = []
    event = 0
    while len(reports) < count:
        event += 1
        gaz, lat, lon = rng.choice(sites)
        day = start + dt.timedelta(days=rng.randrange(730))
        group, attack = rng.choice(GROUPS), rng.choice(ATTACKS)
        for _ in range(min(rng.choice((1, 1, 2, 3, 4)), count - len(reports))):
            placed, dated = rng.random() > 0.05, rng.random() > 0.05
            reports.append((f"event {event}", Incident(
                event_date=day + dt.timedelta(days=rng.choice((0, 0, 0, 1))) if dated else None,
                time_precision=1 if dated else 0, attack_type=attack,
                actor1=group if rng.random() > 0.2 else "Unattributed",
                latitude=lat + rng.uniform(-0.01, 0.01) if placed else None,
                longitude=lon + rng.uniform(-0.01, 0.01) if placed else None,
                gazetteer_id=gaz if placed else "", location=gaz, place_text=gaz, country="IQ", geo_precision=1,
                fatalities=rng.choice((None, 0, 1, 2, 3)), notes=f"Report of event {event} at {gaz}.",
            )))
    rng.shuffle(reports)
    articles = []
    for n in range(0, len(reports), 10):
        batch = reports[n:n + 10]
        published = max((i.event_date for _, i in batch if i.event_date), default=start)
        article = Article(id=f"bench-{n // 10}", text=" ".join(t for t, _ in batch) + f" #{n}",
                          title=f"Bench article {n // 10}", url=f"https://example.org/{n // 10}", published=published)
        articles.append((article, [i for _, i in batch]))
    return articles


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed(label: str, results: dict, fn):
    """Wall-clock seconds, and CPU seconds of this process (what other jobs on the machine do not inflate)."""
    start, cpu_start = time.perf_counter(), time.process_time()
    value = fn()
    results["seconds"][label] = round(time.perf_counter() - start, 2)
    results["cpu_seconds"][label] = round(time.process_time() - cpu_start, 2)
    return value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100_000)
    args = parser.parse_args()
    articles = synthetic_reports(args.reports)
    results: dict[str, dict[str, float]] = {"seconds": {}, "cpu_seconds": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = Store.open(folder / "store.gpkg")

        def ingest_all() -> None:
            for article, incidents in articles:
                store.ingest(article, incidents)

        timed("ingest", results, ingest_all)
        timed("reingest_unchanged", results, ingest_all)
        reported = store.reported()
        merged = timed("merge", results, lambda: merge_incidents(reported))
        timed("store_refresh", results, store.refresh)
        timed("store_read", results, store.incidents)
        timed("store_close", results, store.close)
        for suffix in ("geojson", "gpkg", "csv"):  # all 100k reports, not only the merged ones
            timed(f"export_{suffix}", results, lambda s=suffix: export(reported, folder / f"incidents.{s}"))
        sizes = {p.name: p.stat().st_size for p in folder.iterdir() if p.suffix in (".gpkg", ".geojson", ".csv")}
    targets = {"ingest": 10, "merge": 5, "export_geojson": 3, "export_gpkg": 3, "export_csv": 3}
    print(json.dumps({
        "reports": len(reported), "articles": len(articles), "merged_incidents": len(merged),
        "exported_incidents": len(reported),
        **results, "targets_seconds": targets,
        "within_targets": {k: results["seconds"][k] <= v for k, v in targets.items()},
        "load_average_1min": round(os.getloadavg()[0], 2), "cores": os.cpu_count(),
        "peak_rss_mb": peak_mb(), "file_bytes": sizes,
    }, indent=1))


if __name__ == "__main__":
    main()
