"""Shared test fixtures: where the repository, its examples and the user's shared data are."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return REPO / "examples" / "articles"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED


@pytest.fixture(scope="module")
def g():
    """The process-wide gazetteer geocoder (module scope: a test may clear the cache between modules)."""
    from geoinc.geocoding import default_geocoder

    return default_geocoder()
