"""The scorer (tests/eval/score.py) run as a user runs it, on the seeds and on our evaluation set."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCORER = REPO / "tests" / "eval" / "score.py"
SEEDS = REPO.parent / "shared" / "seeds"

# Where our evaluation set stands today (issue 4 targets are 0.9 / 0.9 / 0.85); a drop below these
# floors is a regression.
EVAL_FLOORS = {"precision": 0.85, "recall": 0.83, "location": 0.88, "actor1": 0.8, "attack_type": 0.88, "date": 0.88}


def run_scorer(*args: str) -> dict:
    done = subprocess.run([sys.executable, str(SCORER), *args], capture_output=True, text=True, check=True, timeout=600)
    return json.loads(done.stdout)


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
    assert result["precision"] >= EVAL_FLOORS["precision"] and result["recall"] >= EVAL_FLOORS["recall"], result
    for field in ("location", "actor1", "attack_type", "date"):
        assert result["field_accuracy"][field] >= EVAL_FLOORS[field], (field, result["field_accuracy"])


# The held-out set (tests/eval/holdout) was written while extraction was being tuned and kept away from
# it, to measure how the rules generalise to text they were not fitted on; these floors are where it
# stood when it was first scored. Tune on it and it stops measuring anything.
HOLDOUT_FLOORS = {"precision": 0.74, "recall": 0.85, "location": 0.86, "actor1": 0.65, "attack_type": 0.88, "date": 0.9}


def test_scorer_on_the_held_out_set() -> None:
    folder = REPO / "tests" / "eval" / "holdout"
    result = run_scorer("--gold", str(folder / "gold.json"), "--articles", str(folder))
    assert result["articles"] == 20 and not result["unreadable_or_missing"]
    assert result["precision"] >= HOLDOUT_FLOORS["precision"] and result["recall"] >= HOLDOUT_FLOORS["recall"], result
    for field in ("location", "actor1", "attack_type", "date"):
        assert result["field_accuracy"][field] >= HOLDOUT_FLOORS[field], (field, result["field_accuracy"])
