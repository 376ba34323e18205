"""The scorer (tests/eval/score.py) run as a user runs it, on the seeds and on our evaluation set."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCORER = REPO / "tests" / "eval" / "score.py"
SEEDS = REPO.parent / "shared" / "seeds"

# Where our evaluation set stands today (issue 4 targets are 0.9 / 0.9 / 0.85); a drop below these
# floors is a regression.
# Session 4 added w4 (16 articles on attribution and retold attacks, first scored P .71, location .79):
# its villages outside Iraq and Syria keep location near .93.
EVAL_FLOORS = {"precision": 0.89, "recall": 0.9, "location": 0.92, "actor1": 0.91, "attack_type": 0.94, "date": 0.94}


def run_scorer(*args: str) -> dict:
    done = subprocess.run([sys.executable, str(SCORER), *args], capture_output=True, text=True, check=True, timeout=600)
    return json.loads(done.stdout)


def score_folder(name: str) -> dict:
    """Score a set under tests/eval that holds its articles and its gold.json together."""
    folder = REPO / "tests" / "eval" / name
    return run_scorer("--gold", str(folder / "gold.json"), "--articles", str(folder))


def assert_at_least(result: dict, floors: dict[str, float]) -> None:
    assert result["precision"] >= floors["precision"] and result["recall"] >= floors["recall"], result
    for field in ("location", "actor1", "attack_type", "date"):
        assert result["field_accuracy"][field] >= floors[field], (field, result["field_accuracy"])


def eval_gold_files() -> list[Path]:
    folder = REPO / "tests" / "eval"
    single = folder / "gold.json"
    return [single] if single.exists() else sorted(folder.glob("gold_*.json"))


def test_scorer_on_the_seeds() -> None:
    result = run_scorer("--gold", str(SEEDS / "gold.json"), "--articles", str(SEEDS), "--details")
    assert result["articles"] == 5 and result["gold_incidents"] == 13
    assert result["recall"] == 1.0 and result["precision"] >= 0.9
    for field in ("location", "actor1", "attack_type", "date"):
        assert result["field_accuracy"][field] == 1.0, (field, result["details"])
    assert result["meets_targets"] is True


def test_scorer_on_our_evaluation_set() -> None:
    golds = eval_gold_files()
    assert golds, "tests/eval has no gold file"
    args = [a for g in golds for a in ("--gold", str(g))]
    result = run_scorer(*args, "--articles", str(REPO / "tests" / "eval" / "articles"))
    assert result["articles"] >= 40 and not result["unreadable_or_missing"]
    assert_at_least(result, EVAL_FLOORS)


# The held-out sets were written apart from the tuning (holdout2, holdout3 and holdout4 blind, without reading the
# code or running geoinc before their gold was committed). Their failures have since been worked on, by
# kind of text only for the blind ones, so the floors guard against regressions; each set's first
# score is the honest figure for unseen text: holdout P 0.77 / R 0.89, actor1 0.69; holdout2 P 0.69 /
# R 0.88, location 0.76; holdout3 P 0.60 / R 0.91, location 0.74, date 0.72; holdout4 (session 4) P 0.58 /
# R 0.67, location 0.64.
HELD_OUT_FLOORS = {
    "holdout": (20, {"precision": 0.87, "recall": 0.96, "location": 0.94, "actor1": 0.88, "attack_type": 0.9, "date": 0.98}),
    "holdout2": (30, {"precision": 0.76, "recall": 0.9, "location": 0.86, "actor1": 0.83, "attack_type": 0.89, "date": 0.92}),
    "holdout3": (26, {"precision": 0.77, "recall": 0.92, "location": 0.84, "actor1": 0.77, "attack_type": 0.88, "date": 0.86}),
    "holdout4": (26, {"precision": 0.63, "recall": 0.72, "location": 0.6, "actor1": 0.85, "attack_type": 0.9, "date": 0.78}),
}


@pytest.mark.parametrize("name", sorted(HELD_OUT_FLOORS))
def test_scorer_on_a_held_out_set(name: str) -> None:
    articles, floors = HELD_OUT_FLOORS[name]
    result = score_folder(name)
    assert result["articles"] == articles and not result["unreadable_or_missing"]
    assert_at_least(result, floors)
