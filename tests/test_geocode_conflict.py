"""Geocoding conflict reporting beyond Iraq, Syria and Lebanon: exact spellings against bigger folded
namesakes (Samarra, not Samara), provinces named in tallies ("the Odesa, Mykolaiv and Poltava regions"),
and the towns and villages of Somalia, Yemen, the Sahel, Nigeria, Pakistan, Myanmar, eastern Congo,
Cabo Delgado, Darfur and Ukraine's front line that GeoNames' cities500 lacks or spells otherwise."""

from __future__ import annotations

import math

import pytest

from geoinc.geocoding import REVIEW_THRESHOLD


def _km(place, lat: float, lon: float) -> float:
    dy = math.radians(place.latitude - lat)
    dx = math.radians(place.longitude - lon) * math.cos(math.radians(lat))
    return 6371.0 * math.hypot(dx, dy)


def _resolve(g, name: str, text: str):
    mentions = g.spot(text)
    return g.best(name, g.context_for(text, mentions=mentions)), [m.text for m in mentions]


@pytest.mark.parametrize(("text", "country"), [
    ("Gunmen attacked a checkpoint near Samarra on Monday, killing two soldiers.", "IQ"),  # no context at all
    ("Kataib Hezbollah fighters were seen near Samarra on Monday.", "IQ"),  # an Iraqi group
    ("A drone struck an oil refinery near Samara overnight, the governor said.", "RU"),  # the Russian spelling
])
def test_an_exact_spelling_beats_a_bigger_place_that_only_folds_onto_it(g, text: str, country: str) -> None:
    name = "Samarra" if "Samarra" in text else "Samara"
    best, _ = _resolve(g, name, text)
    assert best is not None and best.place.country == country and best.score >= REVIEW_THRESHOLD


@pytest.mark.parametrize(("text", "names", "country"), [
    ("Russia said its air defences downed 20 drones over the Odesa, Mykolaiv and Poltava regions overnight.",
     ["Odesa", "Mykolaiv", "Poltava"], "UA"),
    ("Drones were shot down over the Kharkiv, Kyiv and Rivne regions.", ["Kharkiv", "Kyiv", "Rivne"], "UA"),
    ("Ukrainian drones were destroyed over the Belgorod, Kursk and Bryansk regions, Moscow said.",
     ["Belgorod", "Kursk", "Bryansk"], "RU"),
    ("Fighting spread in the Taiz and Hodeidah governorates.", ["Taiz", "Hodeidah"], "YE"),
    ("Al-Shabaab attacked bases in the Galgaduud and Hiraan regions.", ["Galgaduud", "Hiraan"], "SO"),
])
def test_names_in_a_tally_of_regions_are_the_provinces(g, text: str, names: list[str], country: str) -> None:
    for name in names:
        best, spotted = _resolve(g, name, text)
        assert name in spotted
        assert best.place.feature_type == "region" and best.place.country == country, name
        assert best.place.geo_precision == 3


def test_without_a_region_word_the_city_stays_the_city(g) -> None:
    best, _ = _resolve(g, "Kharkiv", "Russian drones hit Kharkiv and Odesa overnight, Ukraine said.")
    assert best.place.feature_type == "city" and best.place.country == "UA"


def test_a_province_named_like_its_capital_is_placed_at_the_capital(g) -> None:
    # ACLED codes an event known only at province level to the provincial capital.
    best, _ = _resolve(g, "Belgorod", "Drones were downed over the Belgorod and Kursk regions.")
    assert best.place.feature_type == "region" and _km(best.place, 50.60, 36.59) < 5


@pytest.mark.parametrize(("name", "country", "lat", "lon"), [
    ("El Bur", "SO", 4.69, 46.62),  # Somali "Ceel Buur" written with "El"
    ("Ceel Buur", "SO", 4.69, 46.62),
    ("Barawe", "SO", 1.11, 44.03),
    ("Afmadow", "SO", 0.52, 42.07),
    ("Sayun", "YE", 15.94, 48.79),
    ("Sevare", "ML", 14.53, -4.10),
    ("Barsalogho", "BF", 13.42, -1.06),
    ("Pulka", "NG", 11.22, 13.87),
    ("Miramshah", "PK", 33.00, 70.07),
    ("Maungdaw", "MM", 20.82, 92.37),
    ("Walikale", "CD", -1.42, 28.05),
    ("Palma", "MZ", -10.78, 40.47),  # not Palma de Mallorca in a Mozambican article
    ("Tawila", "SD", 13.52, 24.87),
    ("Robotyne", "UA", 47.45, 35.84),
])
def test_conflict_towns_missing_from_cities500_are_spotted_and_resolved(g, name, country, lat, lon) -> None:
    text = f"Insurgents attacked an army position in {name} on Friday, officials in {country_name(country)} said."
    best, spotted = _resolve(g, name, text)
    assert name in spotted
    assert best.place.country == country and _km(best.place, lat, lon) < 25


def test_curated_towns_keep_their_population_rank_outside_their_country(g) -> None:
    # The Cabo Delgado town does not take "Palma" from Mallorca in a Spanish article.
    best, _ = _resolve(g, "Palma", "Tourists returned to Palma after the storm, Spanish officials said.")
    assert best.place.country == "ES"


def country_name(code: str) -> str:
    return {"SO": "Somalia", "YE": "Yemen", "ML": "Mali", "BF": "Burkina Faso", "NG": "Nigeria",
            "PK": "Pakistan", "MM": "Myanmar", "CD": "the Democratic Republic of the Congo",
            "MZ": "Mozambique", "SD": "Sudan", "UA": "Ukraine"}[code]
