"""Extraction output fingerprint: do two checkouts extract exactly the same incidents? Prints JSON.

    python benchmarks/extract_equivalence.py --out /tmp/before.json          # record
    python benchmarks/extract_equivalence.py --compare /tmp/before.json      # record again and diff

Runs ``extract_incidents`` over every article of our evaluation set, the held-out set, the examples,
the user's seeds (read from ../shared/seeds) and 300 synthetic articles recombined from their
sentences with a fixed seed (shuffled, mixed across articles, some without a publication date), and
keeps every incident's ``properties()``. A speed change to the extractor must leave this unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # measure this checkout, whichever geoinc is installed
SOURCES = [
    REPO / "tests" / "eval" / "articles", REPO / "tests" / "eval" / "holdout", REPO / "examples" / "articles",
    REPO.parent / "shared" / "seeds",
]
SYNTHETIC = 300
# A plain splitter of its own: the synthetic corpus must not depend on the code it checks.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])|\n+")


def corpus() -> list:
    from geoinc.model import Article
    from geoinc.sources import read_inputs

    articles = [item for item in read_inputs([p for p in SOURCES if p.exists()]) if isinstance(item, Article)]
    articles.sort(key=key)
    return articles + synthetic(articles, SYNTHETIC)


def key(article) -> str:
    """The article's name, the same wherever the checkout lies (two checkouts are compared)."""
    origin = (article.origin or "").replace(str(REPO.parent / "shared"), "<shared>").replace(str(REPO), "<repo>")
    return f"{origin}#{article.id}"


def synthetic(articles: list, n: int) -> list:
    from geoinc.model import Article

    rng = random.Random(20240310)
    pools = [[s for s in _SENTENCE_END.split(a.text) if s.strip()] for a in articles]
    pools = [p for p in pools if p]
    made = []
    for i in range(n):
        mode = i % 3
        if mode == 0:  # one article, its sentences shuffled
            sentences = list(rng.choice(pools))
            rng.shuffle(sentences)
        elif mode == 1:  # runs of sentences from two to four articles, one after the other
            sentences = []
            for pool in rng.sample(pools, rng.randint(2, 4)):
                first = rng.randrange(len(pool))
                sentences += pool[first: first + rng.randint(1, 6)]
        else:  # single sentences drawn from anywhere
            sentences = [rng.choice(rng.choice(pools)) for _ in range(rng.randint(3, 15))]
        joiner = "\n\n" if rng.random() < 0.5 else " "
        published = None if rng.random() < 0.15 else dt.date(2023, 10, 1) + dt.timedelta(days=rng.randrange(600))
        made.append(Article(id=f"synthetic-{i:03d}", text=joiner.join(sentences), published=published))
    return made


def fingerprint() -> dict[str, list[str]]:
    from geoinc.extraction import extract_incidents
    from geoinc.geocoding import default_geocoder

    geocoder = default_geocoder()
    result: dict[str, list[str]] = {}
    for article in corpus():
        incidents = extract_incidents(article, geocoder)
        result[key(article)] = [json.dumps(i.properties(), sort_keys=True, default=str, ensure_ascii=False) for i in incidents]
    return result


def compare(before: dict[str, list[str]], after: dict[str, list[str]], limit: int = 20) -> list[str]:
    differences = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        if old is None or new is None:
            differences.append(f"{key}: only in {'after' if old is None else 'before'}")
            continue
        differences.append(f"{key}: {len(old)} -> {len(new)} incidents")
        for line in sorted(set(old) - set(new))[:2]:
            differences.append(f"  - {line}")
        for line in sorted(set(new) - set(old))[:2]:
            differences.append(f"  + {line}")
    return differences[: limit * 5]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", help="write the fingerprint (JSON) here")
    parser.add_argument("--compare", help="a fingerprint recorded earlier: print the differences")
    args = parser.parse_args()
    found = fingerprint()
    if args.out:
        Path(args.out).write_text(json.dumps(found, indent=0, sort_keys=True, ensure_ascii=False), "utf-8")
    report = {"articles": len(found), "incidents": sum(len(v) for v in found.values())}
    if args.compare:
        differences = compare(json.loads(Path(args.compare).read_text("utf-8")), found)
        report |= {"identical": not differences, "differences": differences}
    print(json.dumps(report, indent=1, ensure_ascii=False))
    if args.compare and differences:
        sys.exit(1)


if __name__ == "__main__":
    main()
