"""The user's example articles (../shared/seeds) against their gold incidents: every gold incident
found with the right place, group, attack type and date (given the publication date the gold
states), and nothing read from page furniture."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from pathlib import Path

import pytest

from geoinc.extraction import extract_incidents
from geoinc.geocoding import default_geocoder
from geoinc.model import Article, Incident
from geoinc.sources import read_inputs

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
GOLD = json.loads((SEEDS / "gold.json").read_text("utf-8"))


def _score_module():
    spec = importlib.util.spec_from_file_location("geoinc_eval_score", Path(__file__).parent / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


score = _score_module()


def read_seed(entry: dict, with_published: bool) -> tuple[Article, list[Incident]]:
    published_text = entry.get("published") or entry.get("published_external") if with_published else None
    published = dt.date.fromisoformat(published_text) if published_text else None
    article = next(i for i in read_inputs([SEEDS / entry["file"]], published=published) if isinstance(i, Article))
    return article, extract_incidents(article, default_geocoder())


@pytest.mark.parametrize("entry", GOLD["articles"], ids=lambda e: e["file"][:3])
def test_every_gold_incident_is_found(entry: dict) -> None:
    article, incidents = read_seed(entry, with_published=True)
    golds = entry["incidents"]
    pairs = score.match(golds, incidents, published_given=article.published is not None)
    assert len(pairs) == len(golds), [i.notes[:80] for i in incidents]
    for gi, pi in pairs:
        gold, got = golds[gi], incidents[pi]
        checks = score.check(gold, got, published_given=article.published is not None)
        label = gold.get("place") or gold.get("target")
        assert checks.location, (label, got.location, got.latitude, got.longitude)
        assert checks.actor1, (label, got.actor1)
        assert checks.attack_type, (label, got.attack_type)
        assert checks.date, (label, got.event_date, gold.get("date_if_published") or gold.get("date"))
        if gold.get("attribution"):
            assert got.attribution == gold["attribution"], (label, got.attribution)
        if gold.get("fatalities") is not None:
            assert got.fatalities == gold["fatalities"], (label, got.fatalities)
        if checks.injured is not None:
            assert checks.injured, (label, got.injured, got.review_reasons)
        if not gold.get("mappable"):
            assert got.latitude is None and got.country == gold["country"]
            assert "no place below country level: not mapped" in got.review_reasons


def test_without_publication_dates_no_date_is_invented() -> None:
    for entry in GOLD["articles"]:
        if entry.get("published"):
            continue
        _, incidents = read_seed(entry, with_published=False)
        for incident in incidents:
            if incident.date_text:
                assert incident.event_date is None and incident.needs_review, incident.notes[:80]


def test_yearless_dateline_is_flagged() -> None:
    entry = next(e for e in GOLD["articles"] if e["file"].startswith("003"))
    _, incidents = read_seed(entry, with_published=False)
    thanksgiving = [i for i in incidents if i.date_text.lower().startswith("thanksgiving")]
    assert len(thanksgiving) == 4
    for incident in thanksgiving:
        assert incident.event_date is None
        assert any("25 NOV" in reason for reason in incident.review_reasons)


def test_no_incident_from_page_furniture() -> None:
    entry = next(e for e in GOLD["articles"] if e["file"].startswith("004"))
    raw = (SEEDS / entry["file"]).read_text("utf-8")
    furniture = raw[raw.index("UN says Iran advances"):]
    _, incidents = read_seed(entry, with_published=True)
    for incident in incidents:
        for line in furniture.splitlines():
            if line.strip():
                assert line.strip() not in incident.notes


def test_launch_site_of_the_embassy_drone() -> None:
    entry = next(e for e in GOLD["articles"] if e["file"].startswith("004"))
    _, incidents = read_seed(entry, with_published=True)
    embassy = next(i for i in incidents if i.gazetteer_id and "embassy" in i.gazetteer_id)
    gold = next(g for g in entry["incidents"] if g.get("launch_lat"))
    assert embassy.sub_event_type == "Disrupted weapons use"
    assert "airport" in embassy.launch_location
    assert score.distance_km(gold["launch_lat"], gold["launch_lon"], embassy.launch_latitude, embassy.launch_longitude) < 5
