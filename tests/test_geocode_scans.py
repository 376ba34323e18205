"""Whole-text scans made cheap give the answers of the plain patterns: armed groups found with the
look-behind checked by hand, roads looked for only when a road word occurs as a plain substring."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geoinc.geocoding import default_geocoder
from geoinc.geocoding.roads import road_spans

_PIECES = st.sampled_from(["Houthis", "Hezbollah", "Kataib Hezbollah", "al-Shabaab", "Boko Haram", "x", "-", "_", "1",
                           " ", " ", ", ", "é", "’s", "Kataib", "led", "\n"])


def _with_look_behind(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])" + pattern.pattern)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=25).map("".join))
def test_armed_groups_are_found_as_whole_words_like_the_look_behind_pattern(text: str) -> None:
    lexicon = default_geocoder()._lex
    expected = [m.span() for m in _with_look_behind(lexicon.group_pattern).finditer(text)]
    assert [m.span() for m in lexicon.groups_in(text)] == expected


def test_armed_groups_examples() -> None:
    lexicon = default_geocoder()._lex
    text = "Kataib Hezbollah and the Houthis; xHouthis, Houthis-led, 2Hezbollah and al-Shabaab fighters"
    assert [m.group(0) for m in lexicon.groups_in(text)] == ["Kataib Hezbollah", "Houthis", "al-Shabaab"]


def test_roads_need_a_road_word() -> None:
    assert road_spans("Fighters attacked a convoy on the Damboa-Biu road on Monday.") == [(34, 49, "Damboa", "Biu")]
    assert road_spans("They travelled abroad along the Damboa-Biu way.") == []  # "road" only inside "abroad"
    assert road_spans("A drone struck Erbil.") == []
