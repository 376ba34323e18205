"""Matching, ranking with context, spotting place names in text, geopy compatibility and the CLI."""

from __future__ import annotations

import json
import math

import pytest
from geopy.location import Location
from typer.testing import CliRunner

from geoinc.cli import app
from geoinc.geocoding import REVIEW_THRESHOLD, GeoContext
from geoinc.geocoding.geopy_adapter import CachedGeocoder, ChainedGeocoder, GazetteerGeopy
from geoinc.geocoding.normalize import fold, name_key

AIN_AL_ASAD = "geoinc:ain-al-asad-air-base"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(a))


@pytest.mark.parametrize("a, b", [
    ("Ain al-Asad Air Base", "Ayn al Asad Airbase"), ("Al-Asad AB", "Al Asad Air Base"), ("Ain Al-Assad", "Ein al-Asad"),
    ("ash-Shaddadi", "Ash Shaddādī"), ("Tall Baydar", "Tell Baydar"), ("Kata'ib", "Kataʾib"), ("Ḩadīthah", "Hadithah"),
    ("St. Louis", "Saint Louis"), ("Hawija", "Al Ḩawījah"), ("Falluja", "Fallujah"), ("Qalqilya", "Qalqīlyah"),
])
def test_transliteration_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


def test_arabic_script_is_normalised() -> None:
    assert fold("الأنبار") == fold("الانبار") == fold("الإنبار")  # alef forms
    assert fold("كربلاء") != fold("كربلا")
    assert fold("مدينة") == fold("مدينه")  # taa marbuta
    assert fold("بغـــداد") == fold("بغداد")  # tatweel
    assert fold("عَيْن الأَسَد") == fold("عين الاسد")  # diacritics
    assert name_key("عين الأسد") == name_key("عين اسد")  # the article is part of the word


@pytest.mark.parametrize("spelling", [
    "Ain al-Asad", "Ain al Asad", "Ayn al-Asad", "Ain Al-Assad", "Al Asad Airbase", "Al-Asad air base", "عين الأسد",
    "AIN AL-ASAD", "the Ain al-Asad air base",
])
def test_ain_al_asad_from_many_spellings(g, spelling: str) -> None:
    best = g.best(spelling)
    assert best is not None and best.place.id == AIN_AL_ASAD
    assert best.place.geo_precision == 1


@pytest.mark.parametrize("misspelling, expected", [
    ("Bagdhad", "Baghdad"), ("Mosel", "Mosul"), ("Kirkukk", "Kirkuk"), ("Falluja", "Fallujah"), ("Rmadi", "Ramadi"),
])
def test_misspellings_resolve_but_score_lower(g, misspelling: str, expected: str) -> None:
    best = g.best(misspelling)
    exact = g.best(expected)
    assert best is not None and exact is not None and best.place.id == exact.place.id
    assert best.place.country == "IQ" and best.score <= exact.score


@pytest.mark.parametrize("name", ["Qwertyuiop", "Zorblaxian Heights", "Xylophonic Mountains Base", "Kataib Hezbollah",
                                  "Pentagon spokesman"])
def test_unrelated_names_do_not_match(g, name: str) -> None:
    assert g.candidates(name) == []


@pytest.mark.parametrize("name", ["", "   ", "...", "x" * 100_000, "Baghdad " * 5_000])
def test_empty_or_huge_query_gives_nothing_and_does_not_crash(g, name: str) -> None:
    assert g.candidates(name) == []
    assert g.best(name) is None


def test_unknown_name_is_never_put_at_zero_zero(g) -> None:
    for name in ["Nowhere Special", "Null Island Base"]:
        assert all((c.place.latitude, c.place.longitude) != (0.0, 0.0) for c in g.candidates(name))


@pytest.mark.parametrize("name", ["Qqqxxzz", "Zzyzzq", "Blorptown", "Asdfgh"])
def test_gibberish_matches_nothing(g, name: str) -> None:
    assert g.best(name) is None


def test_harir_base_versus_town(g) -> None:
    assert g.best("Harir base").place.id == "geoinc:harir-air-base"
    assert g.best("Harir").place.id == "geoinc:harir-air-base"  # what conflict reporting usually means
    assert g.best("Harir", GeoContext(feature_hint="air base")).place.id == "geoinc:harir-air-base"
    assert g.best("town of Harir").place.feature_type == "town"
    town = g.best("Harir", GeoContext(feature_hint="town"))
    assert town.place.feature_type == "town" and town.place.country == "IQ"


def test_erbil_city_air_base_and_province(g) -> None:
    assert g.best("Erbil").place.feature_type == "city"
    assert g.best("Erbil airport").place.id == "geoinc:erbil-air-base"
    assert g.best("Erbil", GeoContext(feature_hint="airport")).place.id == "geoinc:erbil-air-base"
    province = g.best("Erbil province")
    assert province.place.feature_type == "region" and province.place.geo_precision == 3
    assert g.best("Erbil", GeoContext(feature_hint="governorate")).place.id == province.place.id


def test_country_context_picks_the_paris_in_texas(g) -> None:
    assert g.best("Paris").place.country == "FR"
    article = ("A tornado damaged homes in Paris on Sunday. Lamar County officials in Texas said the storm "
               "also hit Reno and Clarksville, east of Dallas.")
    best = g.best("Paris", g.context_for(article))
    assert best.place.country == "US" and best.place.admin1 == "Texas"


def test_closeness_to_other_places_decides_georgia(g) -> None:
    assert g.best("Georgia").place.feature_type == "country"
    article = "Storms hit Atlanta, Savannah and Macon, and the governor of Georgia declared an emergency."
    best = g.best("Georgia", g.context_for(article))
    assert best.place.feature_type == "region" and best.place.country == "US"


def test_scores_separate_sure_from_unsure(g) -> None:
    sure = g.best("Ain al-Asad Air Base")
    assert sure.score >= 0.9
    unsure = g.best("Washington")  # city, state and dozens of towns
    assert unsure.score < sure.score
    assert g.best("Rmadi").score < REVIEW_THRESHOLD + 0.2  # a fuzzy match is never sure
    ranked = g.candidates("Springfield", limit=5)
    assert len(ranked) == 5 and ranked[0].score >= ranked[1].score


SPOT_TEXT = (
    "Drones struck Ain al-Asad air base and the Al-Asad Airbase fuel depot in Anbar province on Monday, "
    "while rockets fell near the US Embassy in Baghdad. In March, Mission Support Site Euphrates and Erbil "
    "were hit. The Union said Victory was near; Green energy and the Mission continue, the US said."
)


def test_spot_finds_names_longest_first_and_skips_common_words(g) -> None:
    found = [m.text for m in g.spot(SPOT_TEXT)]
    for name in ["Ain al-Asad air base", "Asad Airbase", "Anbar province", "US Embassy in Baghdad",
                 "Mission Support Site Euphrates", "Erbil"]:
        assert any(name in f for f in found), (name, found)
    for word in ["Union", "Victory", "Green", "Mission", "Monday", "March", "US", "Drones", "The"]:
        assert word not in found, (word, found)
    for mention in g.spot(SPOT_TEXT):
        assert SPOT_TEXT[mention.start:mention.end] == mention.text


def test_spot_does_not_cross_sentences_or_overlap(g) -> None:
    mentions = g.spot("They left Baghdad. Erbil was quiet.\nMosul\nKirkuk")
    assert [m.text for m in mentions] == ["Baghdad", "Erbil", "Mosul", "Kirkuk"]
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


def test_context_for_counts_countries_by_name_demonym_and_place(g) -> None:
    context = g.context_for("Iraqi officials said US forces in Erbil and Baghdad were attacked; a Syrian "
                            "group near Deir ez-Zor claimed it. Iraq's prime minister condemned it.")
    assert context.countries[0] == "IQ"
    assert "SY" in context.countries
    assert "US" not in context.countries  # "US forces" name who acts, not where
    assert math.isclose(sum(context.country_weights.values()), 1.0)
    assert {p.name for p in context.places} >= {"Erbil", "Baghdad"}


def test_seed_articles_places_resolve_within_tolerance(g, shared_dir) -> None:
    gold = json.loads((shared_dir / "seeds" / "gold.json").read_text(encoding="utf-8"))
    checked = 0
    for article in gold["articles"]:
        text = (shared_dir / "seeds" / article["file"]).read_text(encoding="utf-8")
        context = g.context_for(text)
        for incident in article["incidents"]:
            if not incident["mappable"] or incident["place"].startswith("Iraqi border"):
                continue
            best = g.best(incident["place"], context)
            assert best is not None, incident["place"]
            err = _km(best.place.latitude, best.place.longitude, incident["lat"], incident["lon"])
            assert err <= incident["tolerance_km"], (incident["place"], best.place.name, round(err))
            checked += 1
    assert checked >= 7


def test_geopy_compatible_geocoder_and_chain_with_a_second_local_geocoder(g, tmp_path) -> None:
    ours = GazetteerGeopy(g)
    location = ours.geocode("Ain al-Asad")
    assert isinstance(location, Location) and location.raw["gazetteer_id"] == AIN_AL_ASAD
    assert math.isclose(location.latitude, 33.7856, abs_tol=0.01)
    assert isinstance(ours.geocode("Paris", exactly_one=False), list)
    assert ours.geocode("Zorblaxian Heights") is None
    # A second local geocoder stands in for an online one: the chain falls through to it.
    picky = GazetteerGeopy(g, min_score=1.01)  # answers nothing
    chain = ChainedGeocoder([picky, ours])
    assert chain.geocode("Erbil").raw["name"] == "Erbil"
    assert ChainedGeocoder([picky]).geocode("Erbil") is None


def test_cached_fallback_asks_each_query_once(g, tmp_path) -> None:
    asked: list[str] = []

    def second_geocoder(query: str, exactly_one: bool = True):
        asked.append(query)
        return GazetteerGeopy(g).geocode(query, exactly_one=exactly_one)

    cached = CachedGeocoder(second_geocoder, tmp_path / "online.sqlite")
    first = cached.geocode("Kirkuk")
    again = CachedGeocoder(second_geocoder, tmp_path / "online.sqlite").geocode("  kirkuk ")
    assert asked == ["Kirkuk"]
    assert (first.latitude, first.longitude) == (again.latitude, again.longitude)
    assert cached.geocode("Zorblaxian Heights") is None and cached.geocode("Zorblaxian Heights") is None
    assert asked == ["Kirkuk", "Zorblaxian Heights"]


runner = CliRunner()


def test_cli_geocode_name_text_and_json() -> None:
    result = runner.invoke(app, ["geocode", "Erbil"])
    assert result.exit_code == 0 and result.output.startswith("Erbil (city")
    result = runner.invoke(app, ["geocode", "Ain al-Asad", "--json", "--country", "iq"])
    payload = json.loads(result.output)
    assert payload["best"]["gazetteer_id"] == AIN_AL_ASAD and payload["best"]["geo_precision"] == 1


def test_cli_geocode_with_context_file(tmp_path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Storm damage in Paris, Lamar County, Texas, and in nearby Reno and Clarksville.", encoding="utf-8")
    result = runner.invoke(app, ["geocode", "Paris", "--context-file", str(article), "--json"])
    assert json.loads(result.output)["best"]["country"] == "US"
    missing = runner.invoke(app, ["geocode", "Paris", "--context-file", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "nope.txt" in missing.output


def test_cli_no_match_exits_1_and_bad_country_exits_2() -> None:
    result = runner.invoke(app, ["geocode", "Zorblaxian Heights"])
    assert result.exit_code == 1 and "no match" in result.output
    assert runner.invoke(app, ["geocode", "Erbil", "--country", "Iraq"]).exit_code == 2


def test_cli_batch_keeps_order_and_survives_bad_lines(tmp_path) -> None:
    batch = tmp_path / "names.jsonl"
    batch.write_text("\n".join([
        json.dumps({"name": "Ain al-Asad"}),
        "{not json",
        json.dumps({"name": "Paris", "context": "Paris, Lamar County, Texas: storms near Reno and Clarksville."}),
        json.dumps({"name": "Zorblaxian Heights"}),
        json.dumps({"context": "no name"}),
    ]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["geocode", "--batch", str(batch)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 5
    assert lines[0]["gazetteer_id"] == AIN_AL_ASAD and lines[0]["lat"] is not None
    assert lines[1]["lat"] is None and "error" in lines[1]
    assert lines[2]["country"] == "US"
    assert lines[3]["lat"] is None and lines[3]["gazetteer_id"] is None
    assert "error" in lines[4]
    stdin = runner.invoke(app, ["geocode", "--batch", "-"], input='{"name": "Mosul"}\n')
    assert json.loads(stdin.stdout.splitlines()[0])["location"] == "Mosul"


@pytest.mark.parametrize("text, expected", [
    ("Forces entered al-Qaim on Monday.", ["al-Qaim"]),
    ("Bashar al-Assad met officials in Damascus.", ["Damascus"]),
    ("Defense Secretary Lloyd Austin visited Erbil.", ["Erbil"]),
    ("Analyst Michael Knights said Baghdad was calm.", ["Baghdad"]),
    ("The US Embassy in Baghdad was hit.", ["US Embassy in Baghdad"]),
    ("Our sources say the secretary of state met NATO allies. Big questions remain for Iraq.", ["Iraq"]),
    ("Fighting near Jurf al-Sakhar and in northern Iraq continued.", ["Jurf al-Sakhar", "Iraq"]),
])
def test_spot_skips_people_acronyms_and_common_words(g, text: str, expected: list[str]) -> None:
    assert [m.text for m in g.spot(text)] == expected


def test_cli_online_fallback_is_opt_in_and_needs_a_user_agent(monkeypatch) -> None:
    monkeypatch.delenv("GEOINC_USER_AGENT", raising=False)
    result = runner.invoke(app, ["geocode", "Zorblaxian Heights", "--online"])
    assert result.exit_code == 2 and "--user-agent" in result.output
    assert runner.invoke(app, ["geocode", "Zorblaxian Heights"]).exit_code == 1  # offline by default


@pytest.mark.parametrize("phrase, expected", [
    ("Kataib Hezbollah headquarters in Jurf al-Sakhar", "geoinc:jurf-al-sakhar"),
    ("Ain al-Asad airbase in western Iraq", AIN_AL_ASAD),
    ("Tower 22 in Jordan", "geoinc:tower-22"),
])
def test_place_inside_a_longer_phrase_resolves_but_asks_for_review(g, phrase: str, expected: str) -> None:
    best = g.best(phrase)
    assert best is not None and best.place.id == expected
    if phrase != "Tower 22 in Jordan":  # listed as an alternate name, so a full match
        assert best.score < REVIEW_THRESHOLD


def test_possessive_and_short_names(g) -> None:
    assert g.best("Erbil's airport").place.id == "geoinc:erbil-air-base"
    assert g.best("Al-Asad").place.id == AIN_AL_ASAD
    assert g.best("Green Village").place.id == "geoinc:mss-green-village"
    assert "Al-Asad" not in [m.text for m in g.spot("President Bashar Al-Asad spoke.")]


def test_codes_and_province_names_are_consistent(g) -> None:
    assert g.best("ORKK").place.id == "icao:ORKK"  # an ICAO code, not a name it resembles
    assert g.best("IRQ").place.country == "IQ" and g.best("IRQ").place.feature_type == "country"
    # Curated sites, airports and towns name the same province the same way.
    assert g.best("Harir Air Base").place.admin1 == g.best("town of Harir").place.admin1 == g.best(
        "Erbil province").place.name


def test_geocoder_travels_to_worker_processes(g) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(g))
    assert copy.index_file == g.index_file and copy.best("Erbil").place.id == g.best("Erbil").place.id


def test_python_api_resolves_with_article_and_country() -> None:
    import geoinc
    from geoinc.geocoding import resolve

    texan = resolve("Paris", context_text="Storms hit Paris, Lamar County, Texas, near Reno and Clarksville.")
    assert texan[0].place.country == "US"
    assert resolve("Paris", country="US")[0].place.country == "US"
    assert resolve("Paris")[0].place.country == "FR"
    assert geoinc.geocode("Ain al-Asad", limit=3)[0].place.id == AIN_AL_ASAD


def test_spot_and_resolve_arabic_text(g) -> None:
    text = "قصفت طائرات مسيرة قاعدة عين الأسد في محافظة الأنبار، وسقطت صواريخ قرب السفارة الأمريكية في بغداد."
    resolved = [g.best(m.text).place.id for m in g.spot(text)]
    assert resolved[0] == AIN_AL_ASAD and resolved[2] == "geoinc:us-embassy-baghdad"
    assert g.best("محافظة الأنبار").place.feature_type == "region"


@pytest.mark.parametrize("text, name, expected", [
    ("Drones hit the Harir air base overnight.", "Harir", "base"),
    ("Residents of the town of Harir fled.", "Harir", "settlement"),
    ("Clashes spread across Erbil province.", "Erbil", "region"),
    ("Rockets fell on Erbil at dawn.", "Erbil", ""),
    ("Drones hit Erbil. Base officials said nothing.", "Erbil", ""),
    ("A drone struck the base at Harir on Monday.", "Harir", "base"),
])
def test_feature_hint_near_a_mention(g, text: str, name: str, expected: str) -> None:
    start = text.index(name)
    hint = g.feature_hint_near(text, start, start + len(name))
    assert hint == expected
    if name == "Harir":
        best = g.best(name, GeoContext(feature_hint=hint))
        assert (best.place.feature_type == "air_base") == (expected == "base")


def test_feature_words_reach_sites_and_flag_guesses(g) -> None:
    assert g.best("Kirkuk base").place.id == "icao:ORKK"
    assert g.best("Kirkuk airport").place.id == "icao:ORKK"
    guess = g.best("Suffolk County")  # no US counties in the gazetteer: the town is only a guess
    assert guess is None or guess.score < REVIEW_THRESHOLD


def test_cli_unwritable_cache_is_a_one_line_error(tmp_path, monkeypatch) -> None:
    from geoinc.geocoding import default_geocoder

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("GEOINC_CACHE_DIR", str(blocker / "cache"))
    default_geocoder.cache_clear()
    result = runner.invoke(app, ["geocode", "Erbil"])
    assert result.exit_code == 2 and "GEOINC_CACHE_DIR" in result.output and "Traceback" not in result.output
