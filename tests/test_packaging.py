"""The wheel users install carries every package and every data file the source tree has."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )
    (wheel,) = out.glob("geoinc-*.whl")
    return set(zipfile.ZipFile(wheel).namelist())


def test_every_source_package_is_listed_in_pyproject():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "geoinc").rglob("__init__.py")}
    assert found <= listed


def test_wheel_carries_the_curated_gazetteer(wheel_names):
    curated = {f"geoinc/gazetteer_data/{p.name}" for p in (REPO / "gazetteer").iterdir() if p.suffix in (".csv", ".json")}
    assert curated and curated <= wheel_names


def test_wheel_carries_data_templates_and_map_assets(wheel_names):
    for folder in ("geoinc/data", "geoinc/mapping/templates", "geoinc/mapping/static"):
        files = {str(p.relative_to(REPO)) for p in (REPO / folder).iterdir() if p.is_file()}
        assert files and files <= wheel_names, folder
