"""Geocoder speed, printed as JSON next to the issue's targets.

- names_per_second: gold place names of the public corpora resolved with their article's context
  (contexts built first, then ``best(name, context)`` for every name), on one core; reported cold (fresh
  geocoder, empty caches) and warm (second pass);
- contexts_per_second: ``context_for(article)`` (spotting + resolving every place name in the article);
- article_geocoding_per_second: what a pipeline does per article with one spotting pass: ``spot(article)``,
  ``context_for(article, mentions=...)``, then ``best`` for every mention (CPU time, one core, second pass);
- per_article: microseconds per 2-5 KB article of extract_speed's corpus (our eval articles and the user's
  seeds) for ``spot``, ``context_for(mentions=...)`` and ``best(mention, context)`` for every mention, on
  one core (CPU time): "unseen" with the caches warmed on the public corpora only (as a worker meets new
  articles), "repeat" on a second pass; also scaled to a 3 KB article (target: 250 us for the three);
- cold_cli_seconds: wall time of ``geoinc geocode Erbil`` in a new process with the index built (median of 5);
- index_build_seconds: building the index from the packaged gazetteers into an empty cache folder.

    python benchmarks/geocode_speed.py [--eval-dir DIR] [--skip-build] [--per-article-only]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extract_speed import sample_texts  # noqa: E402
from geocode_accuracy import DEFAULT_EVAL_DIR, read_geovirus, read_gwn  # noqa: E402

from geoinc.geocoding import GazetteerGeocoder  # noqa: E402
from geoinc.geocoding.index import build_index, ensure_index, fingerprint  # noqa: E402


def resolve_speed(articles: list) -> dict:
    geocoder = GazetteerGeocoder(ensure_index())
    started = time.perf_counter()
    contexts = [(geocoder.context_for(text), golds) for text, golds in articles if golds]
    context_seconds = time.perf_counter() - started
    names = [(g.name, context) for context, golds in contexts for g in golds]
    rates = []
    for _ in range(2):
        started = time.perf_counter()
        for name, context in names:
            geocoder.best(name, context)
        rates.append(len(names) / (time.perf_counter() - started))
    return {"names": len(names), "names_per_second_cold": round(rates[0]), "names_per_second_warm": round(rates[1]),
            "articles": len(contexts), "contexts_per_second": round(len(contexts) / context_seconds, 1)}


def article_geocoding_speed(texts: list[str]) -> float:
    geocoder = GazetteerGeocoder(ensure_index())
    rate = 0.0
    for _ in range(2):  # the second pass: the name caches are warm, as in a long-running worker
        started = time.process_time()
        for text in texts:
            mentions = geocoder.spot(text)
            context = geocoder.context_for(text, mentions=mentions)
            for mention in mentions:
                geocoder.best(mention.text, context)
        rate = len(texts) / (time.process_time() - started)
    return round(rate, 1)


def per_article_micros(texts: list[str], warmup: list[str]) -> dict:
    geocoder = GazetteerGeocoder(ensure_index())
    for text in warmup:
        geocoder.context_for(text)
    mean_bytes = sum(len(t.encode()) for t in texts) / len(texts)
    report = {"articles": len(texts), "mean_bytes": round(mean_bytes), "target_us_per_3kb": 250}
    for label in ("unseen", "repeat"):
        spent = {"spot": 0.0, "context": 0.0, "best": 0.0}
        for text in texts:
            started = time.process_time()
            mentions = geocoder.spot(text)
            spotted = time.process_time()
            context = geocoder.context_for(text, mentions=mentions)
            contexted = time.process_time()
            for mention in mentions:
                geocoder.best(mention.text, context)
            spent["spot"] += spotted - started
            spent["context"] += contexted - spotted
            spent["best"] += time.process_time() - contexted
        micros = {part: round(1e6 * seconds / len(texts)) for part, seconds in spent.items()}
        total = sum(spent.values()) * 1e6 / len(texts)
        report[label] = {**micros, "total_us": round(total), "total_us_per_3kb": round(total * 3072 / mean_bytes)}
    return report


def cold_cli_seconds(runs: int = 5) -> float:
    ensure_index()
    geoinc = shutil.which("geoinc") or "geoinc"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([geoinc, "geocode", "Erbil"], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def index_build_seconds() -> float:
    with tempfile.TemporaryDirectory() as folder:
        os.environ["GEOINC_CACHE_DIR"] = folder
        try:
            started = time.perf_counter()
            build_index(Path(folder) / "gazetteer.sqlite", fingerprint())
            return round(time.perf_counter() - started, 1)
        finally:
            del os.environ["GEOINC_CACHE_DIR"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--skip-build", action="store_true", help="do not time an index build")
    parser.add_argument("--per-article-only", action="store_true", help="only the per-article figures")
    args = parser.parse_args()
    articles = read_gwn(args.eval_dir / "GWN.xml") + read_geovirus(args.eval_dir / "GeoVirus.xml")
    if args.per_article_only:
        print(json.dumps(per_article_micros(sample_texts(), [text for text, _ in articles]), indent=2))
        return
    report = {**resolve_speed(articles), "target_names_per_second": 50_000,
              "article_geocoding_per_second": article_geocoding_speed([text for text, _ in articles]),
              "per_article": per_article_micros(sample_texts(), [text for text, _ in articles]),
              "cold_cli_seconds": cold_cli_seconds(), "target_cold_cli_seconds": 1.0}
    if not args.skip_build:
        report["index_build_seconds"] = index_build_seconds()
        report["target_index_build_seconds"] = 30.0
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
