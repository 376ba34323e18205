"""Record what the geocoder answers on every article we have, to prove a speed-up changed nothing.

For every article of tests/eval/articles, tests/eval/holdout, examples/articles and ../shared/seeds
(read through ``geoinc.sources.read_inputs``) and every GeoWebNews / GeoVirus article text: ``spot(text)``,
``context_for(text, mentions=...)``, and for each distinct spotted name ``candidates(name, context)``
(top 5) plus ``best`` with the feature hint the words around it give. For every GeoWebNews toponym:
``candidates(name, context_for(article))`` (top 5). Written as JSON with the texts; ``--compare`` runs on
the texts of an earlier recording (others may change how articles are read meanwhile) and prints the
differences (exit status 1 when there are any).

    python benchmarks/geocode_equivalence.py -o /tmp/after.json --compare /tmp/baseline.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from geocode_accuracy import DEFAULT_EVAL_DIR, read_geovirus, read_gwn  # noqa: E402

from geoinc.geocoding import GazetteerGeocoder, GeoContext  # noqa: E402
from geoinc.geocoding.base import Candidate  # noqa: E402
from geoinc.geocoding.index import ensure_index  # noqa: E402

ARTICLE_DIRS = [REPO / "tests" / "eval" / "articles", REPO / "tests" / "eval" / "holdout", REPO / "examples" / "articles",
                REPO.parent / "shared" / "seeds"]
TOP = 5


def article_texts(eval_dir: Path) -> list[tuple[str, str]]:
    """(label, text) of every article we have."""
    from geoinc.model import Article
    from geoinc.sources import read_inputs

    texts = [(item.id, item.text) for item in read_inputs([d for d in ARTICLE_DIRS if d.exists()])
             if isinstance(item, Article)]
    texts += [(f"gwn{i}", text) for i, (text, _) in enumerate(read_gwn(eval_dir / "GWN.xml"))]
    texts += [(f"geovirus{i}", text) for i, (text, _) in enumerate(read_geovirus(eval_dir / "GeoVirus.xml"))]
    return texts


def _candidate(c: Candidate | None) -> list | None:
    return None if c is None else [c.place.id, c.score, c.matched_name]


def _context(ctx: GeoContext) -> dict:
    return {"countries": list(ctx.countries), "places": [p.id for p in ctx.places],
            "weights": {c: w for c, w in sorted(ctx.country_weights.items())}}


def record_article(geocoder: GazetteerGeocoder, text: str) -> dict:
    mentions = geocoder.spot(text)
    context = geocoder.context_for(text, mentions=mentions)
    names: dict[str, dict] = {}
    for m in mentions:
        if m.text in names:
            continue
        hint = geocoder.feature_hint_near(text, m.start, m.end)
        hinted = GeoContext(text=text, countries=context.countries, places=context.places, feature_hint=hint,
                            country_weights=context.country_weights)
        names[m.text] = {"candidates": [_candidate(c) for c in geocoder.candidates(m.text, context, limit=TOP)],
                         "hint": hint, "hinted_best": _candidate(geocoder.best(m.text, hinted))}
    return {"spot": [[m.text, m.start, m.end] for m in mentions], "context": _context(context), "names": names}


def record(eval_dir: Path, texts: list[tuple[str, str]]) -> dict:
    geocoder = GazetteerGeocoder(ensure_index())
    out: dict = {"articles": {}, "gwn_toponyms": []}
    for label, text in texts:
        out["articles"][label] = {"text": text, **record_article(geocoder, text)}
    for text, golds in read_gwn(eval_dir / "GWN.xml"):
        if not golds:
            continue
        context = geocoder.context_for(text)
        out["gwn_toponyms"] += [[g.name, [_candidate(c) for c in geocoder.candidates(g.name, context, limit=TOP)]]
                                for g in golds]
    return out


def differences(before: dict, after: dict) -> list[str]:
    found = []
    for label, old in before["articles"].items():
        new = after["articles"].get(label)
        if new is None:
            found.append(f"{label}: missing")
            continue
        for part in ("spot", "context"):
            if old[part] != new[part]:
                found.append(f"{label} {part}: {json.dumps(old[part], ensure_ascii=False)} -> "
                             f"{json.dumps(new[part], ensure_ascii=False)}")
        for name, answer in old["names"].items():
            if new["names"].get(name) != answer:
                found.append(f"{label} {name!r}: {json.dumps(answer, ensure_ascii=False)} -> "
                             f"{json.dumps(new['names'].get(name), ensure_ascii=False)}")
    for i, (old, new) in enumerate(zip(before["gwn_toponyms"], after["gwn_toponyms"])):
        if old != new:
            found.append(f"gwn toponym {i} {old[0]!r}: {old[1]} -> {new[1]}")
    if len(before["gwn_toponyms"]) != len(after["gwn_toponyms"]):
        found.append("gwn toponyms: different counts")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--compare", type=Path, help="an earlier recording to compare with")
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    args = parser.parse_args()
    started = time.perf_counter()
    before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    texts = ([(label, answer["text"]) for label, answer in before["articles"].items()] if before
             else article_texts(args.eval_dir))
    result = record(args.eval_dir, texts)
    args.output.write_text(json.dumps(result, ensure_ascii=False, indent=0), encoding="utf-8")
    summary = {"articles": len(result["articles"]), "gwn_toponyms": len(result["gwn_toponyms"]),
               "seconds": round(time.perf_counter() - started, 1)}
    if before:
        diffs = differences(before, result)
        print("\n".join(diffs))
        summary["differences"] = len(diffs)
    print(json.dumps(summary))
    if args.compare and summary["differences"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
