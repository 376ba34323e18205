"""Score incident extraction against a gold file (the format of ``../shared/seeds/gold.json``).

    python tests/eval/score.py --gold tests/eval/gold.json --articles tests/eval/articles [--details]
    python tests/eval/score.py --gold ../shared/seeds/gold.json --articles ../shared/seeds

Prints JSON: incident precision / recall / F1 and, over matched incidents, the accuracy of each field
(location within the gold tolerance — 25 km unless the gold says otherwise —, actor1, attack_type,
date; fatalities and injured where the gold gives them), next to the targets of issue 4.
Week- and month-precision gold dates (``time_precision`` 2 or 3) accept any date within seven days or
in the same month. Each article is read with the publication date its gold entry gives (``published`` or
``published_external``), as a user would pass ``--published``; in a feed or JSON-lines file, the gold's
``entry`` names the article by its id.
Gold incidents marked ``optional`` (borderline) are neither required nor penalised: missing one costs no
recall, and the prediction matched to one is neither a hit nor an extra, and adds no field scores.
``group_alternatives`` lists other acceptable values of ``actor1`` (e.g. a suspected umbrella group).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # score this checkout, whichever geoinc is installed
from geoinc.extraction import extract_incidents
from geoinc.geocoding import default_geocoder
from geoinc.model import Article, Incident
from geoinc.sources import read_inputs

TARGETS = {"precision": 0.9, "recall": 0.9, "location": 0.9, "actor1": 0.9, "attack_type": 0.9, "date": 0.85}
DEFAULT_TOLERANCE_KM = 25.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


@dataclass
class Checks:
    location: bool
    actor1: bool
    attack_type: bool
    date: bool
    fatalities: bool | None
    injured: bool | None


def expected_date(gold: dict[str, Any], published_given: bool) -> str | None:
    if published_given and gold.get("date_if_published"):
        return gold["date_if_published"]
    return gold.get("date")


def location_ok(gold: dict[str, Any], pred: Incident) -> bool:
    if not gold.get("mappable"):
        return not pred.is_mappable
    if not pred.is_mappable:
        return gold.get("geo_precision") == 3  # a region-only place may stay unmapped
    tolerance = float(gold.get("tolerance_km") or DEFAULT_TOLERANCE_KM)
    return distance_km(gold["lat"], gold["lon"], pred.latitude, pred.longitude) <= tolerance


def check(gold: dict[str, Any], pred: Incident, published_given: bool) -> Checks:
    want_date = expected_date(gold, published_given)
    got_date = pred.event_date.isoformat() if pred.event_date else None
    if want_date and got_date and want_date != got_date and gold.get("time_precision") in (2, 3):
        # a week- or month-precision gold date is right for any day in its week or month
        window = 7 if gold["time_precision"] == 2 else 0
        want, got = dt.date.fromisoformat(want_date), dt.date.fromisoformat(got_date)
        if (window and abs((want - got).days) <= window) or (not window and (want.year, want.month) == (got.year, got.month)):
            got_date = want_date
    fatalities = None if gold.get("fatalities") is None else pred.fatalities == gold["fatalities"]
    injured = None
    if gold.get("injured_min") is not None:
        minimum = gold["injured_min"]
        injured = (pred.injured is not None and pred.injured >= minimum) or (
            minimum > 0 and pred.injured is None and any("injured" in r for r in pred.review_reasons)
        )
    return Checks(
        location=location_ok(gold, pred),
        actor1=pred.actor1.casefold() in {g.casefold() for g in [gold.get("group") or "", *(gold.get("group_alternatives") or [])]},
        attack_type=pred.attack_type in (gold.get("attack_type") or []),
        date=got_date == want_date,
        fatalities=fatalities,
        injured=injured,
    )


def similarity(gold: dict[str, Any], pred: Incident, published_given: bool) -> float:
    """How likely ``pred`` is the gold incident; 0 when they cannot be the same."""
    c = check(gold, pred, published_given)
    place = 0.0
    if gold.get("mappable") and pred.is_mappable:
        reach = 2 * float(gold.get("tolerance_km") or DEFAULT_TOLERANCE_KM)
        d = distance_km(gold["lat"], gold["lon"], pred.latitude, pred.longitude)
        place = 3.0 * max(0.0, 1 - d / reach)
    elif not gold.get("mappable") and not pred.is_mappable:
        place = 1.5 + (0.5 if gold.get("country") and gold.get("country") == pred.country else 0.0)
    elif gold.get("mappable") and not pred.is_mappable:
        place = 1.0 if gold.get("geo_precision") == 3 else 0.3
    evidence = place + c.actor1 + c.attack_type + 0.5 * c.date
    if place >= 1.0 or (c.actor1 and c.attack_type):
        return evidence
    return 0.0


def match(golds: list[dict[str, Any]], preds: list[Incident], published_given: bool) -> list[tuple[int, int]]:
    pairs = sorted(
        ((similarity(g, p, published_given), gi, pi) for gi, g in enumerate(golds) for pi, p in enumerate(preds)),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for sim, gi, pi in pairs:
        if sim <= 0 or gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matched.append((gi, pi))
    return matched


def _read_article(path: Path, published: dt.date | None, entry: str | None = None) -> Article | None:
    """The article a gold entry is about: the file's only one, or the one whose id is ``entry`` in a
    feed or JSON-lines file."""
    for item in read_inputs([path], published=published):
        if isinstance(item, Article) and (entry is None or item.id == entry):
            return item
    return None


def _describe(pred: Incident) -> dict[str, Any]:
    return {
        "location": pred.location or None, "country": pred.country, "event_date": pred.event_date.isoformat() if pred.event_date else None,
        "attack_type": pred.attack_type, "actor1": pred.actor1, "fatalities": pred.fatalities, "injured": pred.injured,
        "notes": pred.notes[:160],
    }


def score(gold_paths: list[Path], articles_dir: Path, details: bool = False) -> dict[str, Any]:
    geocoder = default_geocoder()
    totals = {"gold": 0, "predicted": 0, "matched": 0}
    fields: dict[str, list[bool]] = {k: [] for k in ("location", "actor1", "attack_type", "date", "fatalities", "injured")}
    report: list[dict[str, Any]] = []
    missing: list[str] = []
    articles = 0
    for gold_path in gold_paths:
        gold = json.loads(Path(gold_path).read_text("utf-8"))
        for entry in gold["articles"]:
            path = articles_dir / entry["file"]
            published_text = entry.get("published") or entry.get("published_external")
            published = dt.date.fromisoformat(published_text) if published_text else None
            article = _read_article(path, published, entry.get("entry")) if path.exists() else None
            if article is None:
                missing.append(entry["file"])
                continue
            articles += 1
            preds = extract_incidents(article, geocoder)
            golds = entry.get("incidents", [])
            pairs = match(golds, preds, article.published is not None)
            optional = {gi for gi, g in enumerate(golds) if g.get("optional")}
            excused = [(gi, pi) for gi, pi in pairs if gi in optional]
            pairs = [(gi, pi) for gi, pi in pairs if gi not in optional]
            totals["gold"] += len(golds) - len(optional)
            totals["predicted"] += len(preds) - len(excused)
            totals["matched"] += len(pairs)
            article_report: dict[str, Any] = {"file": entry["file"], "errors": []}
            for gi, pi in pairs:
                c = check(golds[gi], preds[pi], article.published is not None)
                for name in fields:
                    value = getattr(c, name)
                    if value is not None:
                        fields[name].append(value)
                wrong = [name for name in fields if getattr(c, name) is False]
                if wrong:
                    article_report["errors"].append({"gold": golds[gi].get("place") or golds[gi].get("target"), "wrong": wrong, "got": _describe(preds[pi])})
            matched_g = {gi for gi, _ in pairs} | optional
            matched_p = {pi for _, pi in pairs + excused}
            for gi, g in enumerate(golds):
                if gi not in matched_g:
                    article_report["errors"].append({"missed": g.get("place") or g.get("target"), "group": g.get("group"), "attack_type": g.get("attack_type")})
            for pi, p in enumerate(preds):
                if pi not in matched_p:
                    article_report["errors"].append({"extra": _describe(p)})
            if article_report["errors"]:
                report.append(article_report)
    precision = totals["matched"] / totals["predicted"] if totals["predicted"] else 1.0
    recall = totals["matched"] / totals["gold"] if totals["gold"] else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = {name: (round(sum(v) / len(v), 3) if v else None) for name, v in fields.items()}
    result: dict[str, Any] = {
        "articles": articles,
        "gold_incidents": totals["gold"],
        "predicted_incidents": totals["predicted"],
        "matched": totals["matched"],
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "field_accuracy": accuracy,
        "targets": TARGETS,
        "meets_targets": all(
            (precision if k == "precision" else recall if k == "recall" else (accuracy[k] or 0)) >= v for k, v in TARGETS.items()
        ),
        "unreadable_or_missing": missing,
    }
    if details:
        result["details"] = report
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", action="append", required=True, help="gold JSON file (repeatable)")
    parser.add_argument("--articles", required=True, help="folder the gold 'file' names are in")
    parser.add_argument("--details", action="store_true", help="list every miss, extra and wrong field")
    args = parser.parse_args(argv)
    result = score([Path(g) for g in args.gold], Path(args.articles), details=args.details)
    json.dump(result, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
