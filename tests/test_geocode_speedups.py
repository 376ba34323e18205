"""The shortcuts that make spotting and ranking fast give the answers of the plain computation: words
found only where a name may start are the words a full tokenisation finds, their neighbours are its
neighbours, and memoised answers follow the context they were given for."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoinc.geocoding import GeoContext
from geoinc.geocoding.gazetteer import _WORD, _may_start_name, _Scan

# Letters of both cases (ASCII and not), digits, the marks a word may hold inside, spaces and punctuation,
# plus odd characters: an upper-case numeral (a word character), a circled capital and a superscript.
_ALPHABET = "aBcDeXyZ É é ß ŁĄ 0 1 9 _ ' ’ ʿ ʾ . - , ; “ ” ( ) \n Ⅻ Ⓐ ² Mc US al"
_PIECES = st.sampled_from(_ALPHABET.split(" ") + [" ", " ", "  ", "Baghdad", "the", "al-", "U.S.", "22nd", "x.Y"])


_ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFF), max_size=60)


def _tokens(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join) | _ANY_TEXT)
def test_words_that_may_start_a_name_are_those_a_full_tokenisation_finds(text: str) -> None:
    expected = [span for span in _tokens(text) if _may_start_name(text[span[0]:span[1]])]
    assert _Scan(text).starts == expected


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join) | _ANY_TEXT)
def test_neighbouring_words_are_those_of_a_full_tokenisation(text: str) -> None:
    tokens = _tokens(text)
    scan = _Scan(text)
    for i, token in enumerate(tokens):
        assert scan.before(token) == (tokens[i - 1] if i else None)
        assert scan.after(token) == (tokens[i + 1] if i + 1 < len(tokens) else None)
        assert scan.end_before(token[0]) == (tokens[i - 1][1] if i else None)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), _PIECES)
def test_lower_case_occurrence_is_a_whole_word(text: str, piece: str) -> None:
    lower_words = {text[s:e] for s, e in _tokens(text) if text[s].islower()}
    word = piece.lower()
    if word.strip():
        assert _Scan(text).has_lower_case_word(word) == (word in lower_words)


@pytest.mark.parametrize(("text", "word", "found"), [
    ("Drone attacks: a drone hit.", "drone", True),
    ("Drones flew; Drone hit.", "drone", False),  # only inside a longer word
    ("The McDrone and undrone.", "drone", False),
    ("A_drone x.drone", "drone", False),  # inside words joined by '_' and '.'
    ("12drone", "drone", True),  # digits and letters are separate words
])
def test_lower_case_occurrence_examples(text: str, word: str, found: bool) -> None:
    assert _Scan(text).has_lower_case_word(word) is found


def test_arabic_script_text_starts_names_at_arabic_words(g) -> None:
    text = "قصف مطار أربيل. Drones hit Erbil ٣ times."
    starts = [text[s:e] for s, e in _Scan(text).starts]
    assert starts == ["قصف", "مطار", "أربيل", "Drones", "Erbil", "٣"]


def test_names_without_context_are_ranked_as_with_an_empty_context(g) -> None:
    for name in ("Erbil", "Washington", "Ain al-Asad", "Kirkuk base", "Tower 22", "nowhere-at-all"):
        assert g.candidates(name) == g.candidates(name, GeoContext())
        assert g.candidates(name, limit=3) == g.candidates(name, GeoContext(), limit=3)


def test_answers_follow_a_context_changed_after_use(g) -> None:
    us = g.context_for("Rockets hit Washington, the US capital, and Baltimore, Maryland.")
    context = dataclasses.replace(us)
    american = g.best("Washington", context)
    assert american.place.country == "US"
    context.country_weights = {"GB": 1.0}  # the same object, told the article is about Britain
    context.countries = ("GB",)
    context.places = [p for p in g.context_for("Sunderland and Newcastle upon Tyne, England.").places]
    british = g.best("Washington", context)
    assert british.place.country == "GB"
    assert g.best("Washington", dataclasses.replace(us)) == american


def test_spot_then_context_gives_what_context_alone_gives(g) -> None:
    text = "Drones struck Ain al-Asad air base in Anbar and Erbil airport, Iraqi officials said. The US replied."
    mentions = g.spot(text)
    g.spot("Another text entirely, about Mosul.")  # the geocoder's last scan is no longer this text's
    assert g.context_for(text, mentions=mentions) == g.context_for(text)
    assert [m.text for m in mentions] == ["Ain al-Asad air base", "Anbar", "Erbil airport"]  # "US" is never alone


def test_key_filter_never_says_no_to_a_key_it_holds_and_rarely_yes_to_others() -> None:
    from geoinc.geocoding.index import KeyFilter

    held = [f"place {i}" for i in range(20_000)]
    key_filter = KeyFilter.of(held)
    assert all(key_filter.may_hold(k) for k in held)
    false_yes = sum(key_filter.may_hold(f"other {i}") for i in range(20_000))
    assert false_yes < 0.03 * 20_000


def test_an_index_without_filters_answers_the_same(g, tmp_path) -> None:
    """An index built before filters were stored (or copied without them) is read as before."""
    import shutil
    import sqlite3

    from geoinc.geocoding import GazetteerGeocoder

    old = tmp_path / "gazetteer.sqlite"
    shutil.copyfile(g.index_file, old)
    with sqlite3.connect(old) as db:
        db.execute("DROP TABLE filters")
    plain = GazetteerGeocoder(old)
    text = "Drones struck Ain al-Asad air base in Anbar and Erbil airport; Jurf al-Nasr was hit too."
    assert plain._spot_keys is None
    assert plain.spot(text) == g.spot(text)
    assert plain.context_for(text) == g.context_for(text)
