"""Outputs replace their target only when complete, and get ordinary file permissions."""

from __future__ import annotations

import os
import stat

import pytest

from geoinc.atomic import atomic_write


def test_a_failed_write_leaves_the_previous_file(tmp_path):
    target = tmp_path / "map.html"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_write(target) as handle:
            handle.write("half")
            raise RuntimeError("crash mid-write")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_new_files_follow_the_umask_not_mkstemp(tmp_path):
    old = os.umask(0o022)
    try:
        with atomic_write(tmp_path / "out.csv") as handle:
            handle.write("a,b\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o644


def test_replacing_keeps_the_existing_mode(tmp_path):
    target = tmp_path / "shared.geojson"
    target.write_text("{}")
    target.chmod(0o664)
    with atomic_write(target) as handle:
        handle.write('{"type": "FeatureCollection", "features": []}')
    assert stat.S_IMODE(target.stat().st_mode) == 0o664
    assert "FeatureCollection" in target.read_text()
