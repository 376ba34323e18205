"""Crash safety: an ingest killed with SIGKILL at random points never loses a committed article, never
keeps half of one, and a re-run completes with no duplicates.

Run k of the child re-ingests rounds 0..k-1 (all unchanged by then) and then the new round k; the kill
lands at a random moment after the new round starts (inside an ingest, between two, or in the rebuild
of the merged layer on close)."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time

from geoinc.store import Store

KILLS = 22
WHOLE_LINE = re.compile(r"(begin|done) (art-\d{2}-\d{2})")
ARTICLES_PER_ROUND = 40
INCIDENTS_PER_ARTICLE = 4

CHILD = r"""
import datetime as dt, sys, time
from geoinc.model import Article, Incident
from geoinc.store import Store

path, rounds, per_round, per_article = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
store = Store.open(path)
for r in range(rounds):
    if r == rounds - 1:
        print("new-round", flush=True)
        started = time.perf_counter()
    for n in range(per_round):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=(r * 7 + n) % 90)
        article = Article(id=f"art-{r:02d}-{n:02d}", text=f"Round {r} article {n} on attacks. " * 30,
                          title=f"Article {r}/{n}", published=day)
        incidents = [Incident(event_date=day + dt.timedelta(days=k % 2), time_precision=1,
                              actor1=("Kataib Hezbollah", "Unattributed", "Islamic State")[k % 3],
                              attack_type="drone", latitude=33.0 + (n % 5) * 0.5, longitude=42.0 + k * 0.3,
                              gazetteer_id=f"site-{n % 5}-{k}", notes=f"Round {r} article {n} incident {k}.")
                     for k in range(per_article)]
        print("begin", article.id, flush=True)
        store.ingest(article, incidents)
        print("done", article.id, flush=True)
print("ingested", time.perf_counter() - started, flush=True)
store.close()
print("closed", flush=True)
"""


def start_child(path, rounds: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path), str(rounds), str(ARTICLES_PER_ROUND), str(INCIDENTS_PER_ARTICLE)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_to_completion(path, rounds: int) -> float:
    """Seconds the last round's ingests took."""
    child = start_child(path, rounds)
    out, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    assert out.rstrip().endswith("closed")
    return float(next(line.split()[1] for line in out.split("\n") if line.startswith("ingested ")))


def run_and_kill(path, rounds: int, delay: float, after_begin: int | None = None) -> list[str]:
    """Kill the child ``delay`` seconds after its new round starts, or, with ``after_begin``, that
    long after it announces the ingest of that article of the round (a kill that lands inside an
    ingest however fast or slow the machine is)."""
    child = start_child(path, rounds)
    lines = []
    while (line := child.stdout.readline().strip()) != "new-round":
        assert line, child.stderr.read()
        lines.append(line)
    if after_begin is not None:
        wanted = f"begin art-{rounds - 1:02d}-{after_begin:02d}"
        while (line := child.stdout.readline().strip()) != wanted:
            assert line, child.stderr.read()
            lines.append(line)
        lines.append(line)
    time.sleep(delay)
    os.kill(child.pid, signal.SIGKILL)
    out = child.stdout.read()  # through the same buffer readline() filled (communicate() would skip it)
    child.stderr.read()
    assert child.wait(timeout=60) in (0, -signal.SIGKILL)  # 0: it finished before the kill
    return lines + out.split("\n")


def stored_articles(path) -> dict[str, int]:
    with Store.open(path, readonly=True) as store:
        counts: dict[str, int] = {}
        for incident in store.reported():
            for source in incident.sources:
                counts[source.article_id] = counts.get(source.article_id, 0) + 1
        assert {a["article_id"] for a in store.articles()} == set(counts)
        return counts


def test_sigkill_during_ingest_loses_nothing_committed_and_rerun_has_no_duplicates(tmp_path):
    clean = tmp_path / "clean.gpkg"
    ingest_time = run_to_completion(clean, 1)
    rng = random.Random(20231123)
    path = tmp_path / "store.gpkg"
    committed: set[str] = set()
    kills = killed_mid_ingest = 0
    for rounds in range(1, KILLS + 1):
        # two kills in three inside the round's ingests, the others in the rebuild on close; every
        # third one right after an ingest begins, so some surely land inside one on a loaded machine
        if rounds % 3 == 0:
            lines = run_and_kill(path, rounds, rng.uniform(0.0, ingest_time / ARTICLES_PER_ROUND / 4), rng.randrange(ARTICLES_PER_ROUND))
        else:
            lines = run_and_kill(path, rounds, rng.uniform(0.0, ingest_time * 1.5))
        kills += "closed" not in lines
        # a line cut by the kill ("done art-0") says nothing: the id in flight covers it
        done = {m.group(2) for m in map(WHOLE_LINE.fullmatch, lines) if m and m.group(1) == "done"}
        begun = [m.group(2) for m in map(WHOLE_LINE.fullmatch, lines) if m and m.group(1) == "begin"]
        in_flight = set(begun[-1:]) - done
        killed_mid_ingest += bool(in_flight)
        stored = stored_articles(path)  # the store opens after every kill
        # exactly what was committed before the kill (the one in flight may have committed just before it)
        assert committed | done <= set(stored) <= committed | done | in_flight
        assert set(stored.values()) == {INCIDENTS_PER_ARTICLE}  # never half an article
        committed = set(stored)
    assert kills >= 20
    assert killed_mid_ingest >= 5  # kills did land inside ingests, not only between them

    run_to_completion(path, KILLS)
    assert stored_articles(path) == {f"art-{r:02d}-{n:02d}": INCIDENTS_PER_ARTICLE
                                     for r in range(KILLS) for n in range(ARTICLES_PER_ROUND)}
    run_to_completion(clean, KILLS)
    with Store.open(path) as crashed, Store.open(clean) as uninterrupted:
        merged = crashed.incidents()
        assert len(merged) == len({i.id for i in merged})
        assert [i.properties() for i in merged] == [i.properties() for i in uninterrupted.incidents()]
