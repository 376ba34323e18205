"""Ranking that reads conflict text like an analyst: the place written right after a name ("Kani,
Sagaing"), the countries an article's armed groups tie it to, and transliteration variants of
Levantine and Iraqi village names."""

from __future__ import annotations

import pytest


def _best(g, name: str, text: str):
    return g.best(name, g.context_for(text))


@pytest.mark.parametrize(("name", "text", "country"), [
    # The rest of the article points to the other country; the qualifier wins.
    ("Tripoli", "Officials in Benghazi and Misrata condemned the clashes in Tripoli, Lebanon.", "LB"),
    ("Tripoli", "Lebanese officials in Beirut and Sidon condemned the clashes in Tripoli, Libya.", "LY"),
    ("Paris", "Officials in Lyon and Marseille mourned the two people shot in Paris, Texas.", "US"),
    ("Paris", "Two people were shot in Paris, police said.", "FR"),
])
def test_the_place_after_the_comma_decides_between_same_named_places(g, name: str, text: str, country: str) -> None:
    best = _best(g, name, text)
    assert best is not None and best.place.country == country and best.score >= 0.6


def test_a_name_qualified_by_a_province_elsewhere_is_not_trusted(g) -> None:
    # No Kani of Sagaing is in the gazetteer: Kani, Japan contradicts the text and must not pass as sure.
    text = "Junta troops torched homes in Kani, Sagaing region, residents said."
    best = _best(g, "Kani", text)
    assert best is None or best.place.country == "MM" or best.score < 0.45


@pytest.mark.parametrize(("name", "text", "country"), [
    ("Tyre", "A strike hit Tyre, Israeli officials said.", "LB"),  # a demonym after the comma is a speaker
    ("Rafah", "Israeli tanks pushed into Rafah, Israel said on Tuesday.", "PS"),  # a country that speaks
    ("Aleppo", "Rebels advanced on Aleppo, Idlib, Hama and Homs.", "SY"),  # a list, not a qualifier
    ("Baghdad", "Rockets hit Baghdad, Damascus, Beirut and Sanaa.", "IQ"),
])
def test_lists_and_speakers_after_a_comma_are_no_qualifiers(g, name: str, text: str, country: str) -> None:
    best = _best(g, name, text)
    assert best is not None and best.place.country == country and best.score >= 0.6
