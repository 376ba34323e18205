"""Spotting quality (curated names in running text, common English words, partial names of curated
sites) and the article-level API that lets one spotting pass serve ``context_for``."""

from __future__ import annotations

import pytest

from geoinc.geocoding import REVIEW_THRESHOLD, GeoContext


def _spotted(g, text: str) -> list[str]:
    return [m.text for m in g.spot(text)]


@pytest.mark.parametrize(("sentence", "name", "place_id"), [
    ("Drones struck Akashat near the Syrian border.", "Akashat", "geoinc:akashat"),
    ("A strike hit Jurf al-Nasr south of Baghdad.", "Jurf al-Nasr", "geoinc:jurf-al-sakhar"),
    ("Israeli jets bombed Bint Jbeil overnight.", "Bint Jbeil", "geoinc:bint-jbeil"),
    ("Shelling hit the outskirts of Nabatieh on Monday.", "Nabatieh", "geoinc:nabatieh"),
    ("A drone struck a car in Khiam, residents said.", "Khiam", "geoinc:khiam"),
    ("UNIFIL said its headquarters in Naqoura was hit.", "Naqoura", "geoinc:naqoura"),
    ("Artillery fire targeted Marjayoun and its surroundings.", "Marjayoun", "geoinc:marjayoun"),
    ("Turkish drones hit Amadiya in Duhok province.", "Amadiya", "geoinc:amadiya"),
    ("Turkish drones hit Amedi in Duhok province.", "Amedi", "geoinc:amadiya"),
    ("A blast in Sayyida Zeinab killed six people.", "Sayyida Zeinab", "geoinc:sayyida-zeinab"),
])
def test_curated_names_are_spotted_whole_and_resolve_to_the_site(g, sentence: str, name: str, place_id: str) -> None:
    assert name in _spotted(g, sentence)
    best = g.best(name, g.context_for(sentence))
    assert best is not None and best.place.id == place_id
    assert best.score >= REVIEW_THRESHOLD


def test_jurf_al_nasr_is_not_cut_to_a_shorter_foreign_name(g) -> None:
    spotted = _spotted(g, "Kataib Hezbollah sites at Jurf al-Nasr were struck.")
    assert "Jurf al-Nasr" in spotted and "Jurf" not in spotted


def test_nabatieh_is_the_town_not_a_close_call_with_its_governorate(g) -> None:
    best = g.best("Nabatieh")
    assert best.place.id == "geoinc:nabatieh" and best.score >= 0.8
    region = g.best("Nabatieh Governorate")
    assert region.place.feature_type == "region" and region.place.country == "LB"


def test_nabatieh_beside_other_places_of_its_governorate_is_still_the_town(g) -> None:
    text = "Israeli jets bombed Bint Jbeil, Khiam and Nabatieh in southern Lebanon."
    best = g.best("Nabatieh", g.context_for(text))
    assert best.place.id == "geoinc:nabatieh"


@pytest.mark.parametrize(("text", "places"), [
    ("Early on Monday, rockets hit Erbil.", ["Erbil"]),
    ("Late Sunday a rocket hit Baghdad.", ["Baghdad"]),
    ("Drone attacks continue across the region.", []),
    ("Christmas attacks were feared in Baghdad.", ["Baghdad"]),
    ("Drone Strike Hits Base Near Baghdad\nThe attack happened at night.", ["Baghdad"]),
    ("Green light for new strikes on Baghdad.", ["Baghdad"]),
])
def test_capitalised_common_words_are_not_spotted(g, text: str, places: list[str]) -> None:
    assert _spotted(g, text) == places


def test_common_word_that_is_a_well_known_place_is_still_spotted_at_sentence_start(g) -> None:
    assert _spotted(g, "Jordan closed its airspace. Britain sent jets.") == ["Jordan", "Britain"]
    assert _spotted(g, "Georgia Declares State Of Emergency\nText.")[:1] == ["Georgia"]


def test_mid_sentence_capitalised_town_named_like_a_word_is_spotted(g) -> None:
    # Capitalised inside a sentence, "Parkland" is a proper noun; only weak positions are doubted.
    assert "Parkland" in _spotted(g, "The shooting in Parkland shocked Florida.")


@pytest.mark.parametrize("word", ["Drone", "Late", "Helmet"])
def test_common_words_do_not_resolve_to_small_places_through_other_spellings(g, word: str) -> None:
    for candidate in g.candidates(word):
        assert candidate.place.name.casefold() == word.casefold() or candidate.place.population >= 100_000 \
            or candidate.place.feature_type in ("country", "region", "sea", "continent")


def test_drone_is_not_dronero_and_late_is_not_latte(g) -> None:
    assert all(c.place.name != "Dronero" for c in g.candidates("Drone"))
    assert all(c.place.name != "Latte" for c in g.candidates("Late"))
    assert g.best("Latte").place.name == "Latte"  # its own exact name still resolves


@pytest.mark.parametrize("weights", [{"US": 0.6, "IQ": 0.3, "SY": 0.1}, {"US": 0.39, "IQ": 0.33, "SY": 0.21}, {}])
@pytest.mark.parametrize("hint", ["", "settlement"])
def test_short_name_of_a_curated_site_beats_a_small_foreign_town(g, weights: dict, hint: str) -> None:
    context = GeoContext(countries=tuple(weights), country_weights=weights, feature_hint=hint)
    best = g.best("Green Village", context)
    assert best.place.id == "geoinc:mss-green-village" and best.score >= 0.9


def test_green_village_in_a_syria_article(g) -> None:
    text = ("US forces said rockets targeted Green Village in eastern Syria. The US military said no US "
            "personnel were hurt, a US official told reporters in the US.")
    context = g.context_for(text)
    start = text.index("Green Village")
    hint = g.feature_hint_near(text, start, start + len("Green Village"))
    best = g.best("Green Village", GeoContext(text=text, countries=context.countries, places=context.places,
                                              country_weights=context.country_weights, feature_hint=hint))
    assert best.place.id == "geoinc:mss-green-village"


def test_context_for_reuses_given_mentions(g) -> None:
    text = ("Drones struck Ain al-Asad air base in Anbar. Iraqi officials said Erbil was also targeted, "
            "and rockets landed near Baghdad airport. Baghdad said it would respond.")
    mentions = g.spot(text)
    reused = g.context_for(text, mentions=mentions)
    fresh = g.context_for(text)
    assert reused.countries == fresh.countries and reused.countries[0] == "IQ"
    assert [p.id for p in reused.places] == [p.id for p in fresh.places]
    assert reused.country_weights == pytest.approx(fresh.country_weights)
    # Given mentions are what the context is built from: none gives demonyms only.
    assert g.context_for(text, mentions=[]).places == []
    assert g.context_for(text, mentions=[]).countries == ("IQ",)


def test_spot_limits_spans_to_possible_name_lengths_without_losing_long_names(g) -> None:
    text = ("The Mission Support Site Green Village base and the US Embassy in Baghdad were attacked; "
            "Harir air base and Tower 22 too.")
    spotted = _spotted(g, text)
    assert "Mission Support Site Green Village base" in spotted or "Mission Support Site Green Village" in spotted
    assert "US Embassy in Baghdad" in spotted and "Harir air base" in spotted and "Tower 22" in spotted
