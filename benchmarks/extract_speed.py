"""Extraction speed and streaming memory (issue 4). Prints JSON.

    python benchmarks/extract_speed.py                  # speed + memory for 10k and 100k articles
    python benchmarks/extract_speed.py --sizes 10000    # memory for 10k only

Speed: articles per second on one core for 2-5 KB conflict articles, extraction plus geocoding
(a first pass over the articles, timed apart as the warm-up, loads the geocoder index and builds
the lazily compiled patterns, as a long-running worker would have). A second pass times the geocoder's
calls apart: ``extraction_only_ms_per_article`` is the rest (the extractor's aim: <= 1.5 ms). The
articles are our evaluation set and the user's seeds (read from ../shared/seeds), cut or repeated
to 2-5 KB; the rounds repeat them, so per-word caches are warm. ``unseen`` is the honest stream
figure: articles the process has never read (our held-out set 2 and the samples), after the same
warm-up, in ``--unseen-runs`` fresh processes (a process reads them once; the machine is shared, so
the median of the runs is the figure), with the geocoder's share timed apart.
Memory: a JSON-lines file of N generated articles is streamed through ``read_inputs`` and
``extract_incidents`` in a fresh process; its peak RSS is reported (flat memory = the 100k peak is
close to the 10k peak). Target: >= 1,000 articles/s per core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # measure this checkout, whichever geoinc is installed
SOURCES = [REPO / "tests" / "eval" / "articles", REPO.parent / "shared" / "seeds"]
TARGET_PER_SECOND = 1000


def sample_texts() -> list[str]:
    from geoinc.model import Article
    from geoinc.sources import read_inputs

    texts = [item.text for item in read_inputs([p for p in SOURCES if p.exists()]) if isinstance(item, Article)]
    sized = []
    for text in texts:
        while len(text.encode()) < 2048:
            text = text + "\n" + text
        sized.append(text.encode()[:5120].decode("utf-8", "ignore"))
    return sized


class TimedGeocoder:
    """The geocoder, with the CPU time spent inside its calls added up: extraction's own share is
    the rest."""

    TIMED = ("spot", "context_for", "best", "candidates")

    def __init__(self, geocoder) -> None:
        self.geocoder, self.cpu = geocoder, 0.0

    def __getattr__(self, name: str):
        inner = getattr(self.geocoder, name)
        if name not in self.TIMED:
            return inner

        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self.cpu += time.process_time() - start

        return timed


UNSEEN = [REPO / "tests" / "eval" / "holdout2", REPO / "examples" / "articles"]


def unseen_run() -> dict:
    """Child process: warm up as ``measure_speed`` does, then read articles this process has never
    read: no cache of any sentence, clause or name helps, as with a real stream. They are our
    held-out set and samples, as written (1-5 KB, not padded)."""
    import datetime as dt

    from geoinc.extraction import extract_incidents
    from geoinc.geocoding import default_geocoder
    from geoinc.model import Article
    from geoinc.sources import read_inputs

    geocoder = default_geocoder()
    for i, text in enumerate(sample_texts()):
        extract_incidents(Article(id=f"a{i}", text=text, published=dt.date(2024, 3, 10)), geocoder)
    articles = [item for item in read_inputs([p for p in UNSEEN if p.exists()]) if isinstance(item, Article)]
    timed = TimedGeocoder(geocoder)  # its overhead (a few calls per article) is far below 1 %
    start = time.process_time()
    for article in articles:
        extract_incidents(article, timed)
    cpu = time.process_time() - start
    return {
        "articles": len(articles),
        "mean_article_bytes": round(sum(len(a.text.encode()) for a in articles) / len(articles)),
        "cpu_seconds": cpu,
        "geocoder_cpu_seconds": timed.cpu,
    }


def measure_unseen(runs: int) -> dict:
    """The unseen figure, median of ``runs`` fresh processes."""
    results = []
    for _ in range(runs):
        child = subprocess.run([sys.executable, __file__, "--unseen-child"], capture_output=True, text=True, check=True)
        results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    count = results[0]["articles"]
    per_second = sorted(count / r["cpu_seconds"] for r in results)
    middle = sorted(results, key=lambda r: r["cpu_seconds"])[len(results) // 2]
    return {
        "articles": count,
        "mean_article_bytes": results[0]["mean_article_bytes"],
        "runs": runs,
        "articles_per_second_per_core": round(count / middle["cpu_seconds"], 1),  # the median run
        "articles_per_second_every_run": [round(x, 1) for x in per_second],
        "extraction_only_ms_per_article": round(1000 * (middle["cpu_seconds"] - middle["geocoder_cpu_seconds"]) / count, 3),
        "geocoder_ms_per_article": round(1000 * middle["geocoder_cpu_seconds"] / count, 3),
    }


def measure_speed(texts: list[str], rounds: int, unseen_runs: int) -> dict:
    import datetime as dt

    from geoinc.extraction import extract_incidents
    from geoinc.geocoding import default_geocoder
    from geoinc.model import Article

    geocoder = default_geocoder()
    articles = [Article(id=f"a{i}", text=t, published=dt.date(2024, 3, 10)) for i, t in enumerate(texts)]
    start = time.process_time()
    for article in articles:  # index loaded; regular expressions (compiled lazily) and RE2's automata built
        extract_incidents(article, geocoder)
    warm_up = time.process_time() - start
    found = 0
    start = time.process_time()
    for _ in range(rounds):
        for article in articles:
            found += len(extract_incidents(article, geocoder))
    cpu = time.process_time() - start
    count = rounds * len(articles)
    timed = TimedGeocoder(geocoder)  # a second pass, so the timer's own cost stays out of the figure above
    start = time.process_time()
    for _ in range(rounds):
        for article in articles:
            extract_incidents(article, timed)
    split_cpu = time.process_time() - start
    return {
        "articles": count,
        "mean_article_bytes": round(sum(len(t.encode()) for t in texts) / len(texts)),
        "incidents": found,
        "warm_up_cpu_seconds": round(warm_up, 3),  # the first pass over the articles, once per process
        "cpu_seconds": round(cpu, 3),
        "articles_per_second_per_core": round(count / cpu, 1),
        "target_articles_per_second": TARGET_PER_SECOND,
        "extraction_only_ms_per_article": round(1000 * (split_cpu - timed.cpu) / count, 3),
        "geocoder_ms_per_article": round(1000 * timed.cpu / count, 3),
        "unseen": measure_unseen(unseen_runs),
    }


def write_jsonl(path: Path, texts: list[str], n: int) -> None:
    rng = random.Random(4)
    with path.open("w", encoding="utf-8") as out:
        for i in range(n):
            text = texts[rng.randrange(len(texts))]
            out.write(json.dumps({"id": f"gen-{i}", "text": text, "published": "2024-03-10"}) + "\n")


def stream(path: str) -> None:
    """Child process: stream a JSON-lines file through reading and extraction; print counts and peak RSS."""
    from geoinc.extraction import extract_incidents
    from geoinc.geocoding import default_geocoder
    from geoinc.model import Article
    from geoinc.sources import read_inputs

    geocoder = default_geocoder()
    articles = incidents = 0
    start = time.perf_counter()

    def report() -> str:
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return json.dumps({"articles": articles, "incidents": incidents, "seconds": round(time.perf_counter() - start, 1), "peak_rss_mb": round(peak_kb / 1024, 1)})

    for item in read_inputs([path]):
        if isinstance(item, Article):
            articles += 1
            incidents += len(extract_incidents(item, geocoder))
            if articles % 5000 == 0:
                print(report(), file=sys.stderr, flush=True)  # the peak RSS curve: flat means streaming
    print(report())


def measure_memory(texts: list[str], sizes: list[int]) -> dict:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"articles_{n}.jsonl"
            write_jsonl(path, texts, n)
            child = subprocess.run([sys.executable, __file__, "--stream", str(path)], capture_output=True, text=True, check=True)
            curve = [json.loads(line)["peak_rss_mb"] for line in child.stderr.splitlines() if line.startswith("{")]
            results[str(n)] = json.loads(child.stdout.strip().splitlines()[-1]) | {
                "file_mb": round(os.path.getsize(path) / 2**20, 1), "peak_rss_mb_every_5000": curve,
            }
            path.unlink()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--unseen-runs", type=int, default=3, help="fresh processes timing the unseen articles")
    parser.add_argument("--stream", help=argparse.SUPPRESS)
    parser.add_argument("--unseen-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-speed", action="store_true", help="only the memory runs")
    args = parser.parse_args()
    if args.stream:
        stream(args.stream)
        return
    if args.unseen_child:
        print(json.dumps(unseen_run()))
        return
    texts = sample_texts()
    report = {} if args.no_speed else {"speed": measure_speed(texts, args.rounds, args.unseen_runs)}
    if args.sizes:
        report["memory"] = measure_memory(texts, args.sizes)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
