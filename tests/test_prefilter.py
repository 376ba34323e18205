"""The RE2 prefilter returns exactly the matches Python's own pattern returns."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geoinc.extraction import assemble, casualties, reading
from geoinc.extraction.dates import _combined
from geoinc.extraction.lexicon import actor_index, lexicon
from geoinc.extraction.prefilter import Prefiltered, alternation, grouped_alternation
from geoinc.extraction.sentences import split_sentences

ARTICLES = Path(__file__).parent / "eval" / "articles"

# Constructs the relaxed copy must widen or keep: lookarounds, \b, $, inline case flags, classes,
# categories, lazy and possessive repeats, an alternation whose first branch is a prefix of another.
TRICKY = [
    r"(?<![\w-])(?:on|one|on the)(?![\w])",
    r"\bby\s+(?:the\s+)?$",
    r"(?:US|(?i:kataib hezbollah))(?![\w]|-(?!led\b)\w)",
    r"[^\W\d]+ed\b",
    r"\d{1,3}(?:,\d{3})+|\d+",
    r"\s*(?:it|they)\b",
    r"[\"“]\S[^\"”]*$",
    r"(?:a|an)\s+(?:[\w'’.-]+\s+){0,3}?$",
    r"\Bed|x\Z",
    r"(?:on|ed)$",
    r"(?>ab|a)c|é+b",
    r"شن(?:ت)?\s+\w+",
    r"(?<![\w-])(?:'n|on|(?i:us)|\d+|é|-s)(?![\w])",  # a word boundary stands in for the lookbehind before word characters only
    r"(?<!\w)o|(?<![\w-])[ne]",
    r"told [\w ]{1,3} that|,\s+or\s+[^,;]{2,4},|a{2}",  # bounded repeats are relaxed to unbounded ones
    r"\u212a[^\u212a,]\u017f?",  # in ASCII text, what the Kelvin sign and long s match under IGNORECASE (k, s)
]
ALPHABET = "abcdeno sUSt-’'\".,;\n1é\u0634\u0646\u062akK\u212a"


def _spans(found) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in found]


def _agree(fast: Prefiltered, text: str, pos: int = 0, endpos: int = 10**9) -> None:
    pattern = fast.regex
    assert _spans(fast.finditer(text, pos, endpos)) == _spans(pattern.finditer(text, pos, endpos))
    expected = pattern.search(text, pos, endpos)
    found = fast.search(text, pos, endpos)
    assert (found.span() if found else None) == (expected.span() if expected else None)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(TRICKY), st.sampled_from([0, re.I]),
    st.text(alphabet=ALPHABET, max_size=40), st.integers(-2, 45), st.integers(-2, 45),
)
def test_prefilter_agrees_with_re_on_tricky_patterns(source: str, flags: int, text: str, pos: int, endpos: int) -> None:
    _agree(Prefiltered(re.compile(source, flags)), text, pos, endpos)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(TRICKY), st.sampled_from([0, re.I]),
    st.text(alphabet="abcdeno sUSt-'\".,;\n1kK", max_size=40), st.integers(-2, 45), st.integers(-2, 45),
)
def test_prefilter_agrees_with_re_on_ascii_text(source: str, flags: int, text: str, pos: int, endpos: int) -> None:
    """ASCII text is scanned by a program of its own, whose classes hold only ASCII characters."""
    _agree(Prefiltered(re.compile(source, flags)), text, pos, endpos)


@pytest.mark.parametrize(("source", "flags", "text"), [
    ("\u212a[^\u212a,]", re.I, "ok then, K,"),  # the Kelvin sign is k under IGNORECASE
    ("\u017f+t", re.I, "a last SST"),  # the long s is s
    ("[^\u2019,;]{2,4}x|ab\u2019c", 0, "ab'c, dd;x zzzzx"),
    ("(?:[\\w'\u2019.-]+\\s+){0,3}?(?:they|it)\\b", re.I, "said that on Monday THEY left"),
])
def test_ascii_program_matches_what_python_matches(source: str, flags: int, text: str) -> None:
    assert text.isascii()
    _agree(Prefiltered(re.compile(source, flags)), text)
    assert Prefiltered(re.compile(source, flags)).search(text) is not None


def test_prefilter_agrees_on_every_vocabulary_pattern_over_real_sentences() -> None:
    lex = lexicon()
    patterns = [lex.triggers, lex.vetoes, _combined(), actor_index().pattern, *lex.cue.values()]
    patterns += [value for module in (reading, casualties, assemble) for value in vars(module).values() if isinstance(value, Prefiltered)]
    sentences = [s.text for path in sorted(ARTICLES.glob("*.txt"))[:12] for s in split_sentences(path.read_text("utf-8"))]
    assert len(sentences) > 150
    for pattern in patterns:
        for text in sentences:
            _agree(pattern, text)
            _agree(pattern, text, 5, len(text) // 2)  # a window: end anchors see the window's end


ALTERNATIVES = ["US", "U\\.S\\.", "(?i:us[\\s-]+forces)", "(?i:usa)", "Kh", "(?i:kataib)", "(?i:k)", "['’]?Ansar", "[A-Z]\\w+"]


@settings(max_examples=300, deadline=None)
@given(st.permutations(ALTERNATIVES), st.text(alphabet="UuSsAaKkhH .-’'nr", max_size=30))
def test_alternation_narrowed_by_first_character_matches_the_whole_alternation(order: list[str], text: str) -> None:
    fast = alternation(r"(?<![\w-])", order, r"(?![\w]|-(?!led\b)\w)")
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in fast.regex.finditer(text)]
    for pos in range(-1, len(text) + 2):  # a match at a given place is narrowed too (also in a window)
        endpos = len(text) if pos % 2 else pos + 2
        found, expected = fast.match(text, pos, endpos), fast.regex.match(text, pos, endpos)
        assert (found and found.span()) == (expected and expected.span())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdxyzABC -1", max_size=30))
def test_grouped_alternation_keeps_group_names_and_numbers(text: str) -> None:
    fast = grouped_alternation(r"\b", [("x", "ab|x[yz]+"), ("", "b|c"), ("d", "abc|d1|\\d")], r"(?!\w)", re.I)
    found = [(m.span(), m.groups(), m.lastgroup) for m in fast.finditer(text)]
    assert found == [(m.span(), m.groups(), m.lastgroup) for m in fast.regex.finditer(text)]


def test_weapon_words_as_one_alternation_match_as_the_weapon_patterns_grouped() -> None:
    """``weapon_any`` lists every weapon word as an alternative: the same matches as the weapon patterns
    of attack_types.json each in a group, scanning or matching at each word."""
    weapons = json.loads((Path(__file__).parent.parent / "geoinc" / "data" / "attack_types.json").read_text("utf-8"))["weapons"]
    grouped = re.compile(r"(?<![\w-])(?:" + "|".join(f"(?:{pattern})" for _, pattern in weapons) + r")(?![\w])", re.I)
    fast = lexicon().weapon_any
    sentences = [s.text for path in sorted(ARTICLES.glob("*.txt"))[:20] for s in split_sentences(path.read_text("utf-8"))]
    hits = 0
    for text in sentences:
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in grouped.finditer(text)]
        for word in re.finditer(r"\w+", text):
            found, expected = fast.match(text, word.start()), grouped.match(text, word.start())
            assert (found and found.span()) == (expected and expected.span())
            hits += expected is not None
    assert hits > 50


def test_end_anchor_matches_before_a_final_newline_and_at_a_window_end() -> None:
    fast = Prefiltered(re.compile(r"\bon$"))
    assert fast.search("struck on\n").span() == (7, 9)
    assert fast.search("struck on Erbil", 0, 9).span() == (7, 9)
    assert fast.search("struck on Erbil") is None


def test_prefilter_finds_the_same_attack_words_in_text_with_curly_quotes_and_arabic() -> None:
    text = "“Drones struck al-Asad’s runway,” he said; شنت طائرات مسيرة هجوما and rockets hit Erbil."
    triggers = lexicon().triggers
    assert [m.group(0) for m in triggers.finditer(text)] == [m.group(0) for m in triggers.regex.finditer(text)]
    assert [m.group(0) for m in triggers.finditer(text)][:2] == ["Drones", "struck"]


def test_unencodable_text_falls_back_to_python() -> None:
    text = "drones struck \udc80 the base"  # a lone surrogate, as undecodable bytes leave
    fast = Prefiltered(re.compile(r"\bstruck\b"))
    assert [m.span() for m in fast.finditer(text)] == [(7, 13)]


def test_patterns_re2_cannot_hold_stay_python() -> None:
    backreference = Prefiltered(re.compile(r"(\w+) \1"))
    assert backreference.search("the the end").group(0) == "the the"
    optional = Prefiltered(re.compile(r"x*"))  # can match the empty string
    assert [m.span() for m in optional.finditer("axx")] == [(0, 0), (1, 3), (3, 3)]


def test_prefiltered_pattern_pickles_and_delegates() -> None:
    fast = pickle.loads(pickle.dumps(Prefiltered(re.compile(r"\bdrones?\b", re.I))))
    assert fast.search("Two Drones hit").span() == (4, 10)
    assert fast.sub("X", "drone drones") == "X X"
    assert fast.fullmatch("drones") and fast.pattern == r"\bdrones?\b"


# Alternatives whose first characters come from optional groups, repeats, classes, lookbehinds,
# case folding outside ASCII (the long s and the Kelvin sign match "s" and "k" when case is ignored).
PREFIXED = [
    "(?:one[- ]way |kamikaze )*drones?", "(?<![Tt]he )Lancets?", "\\d{2,3} ?mm", "(?i:k)", "ſtrike", "\u212aH",
    "a?b?c", "x{0,5}yz", "é?us", "(?:US|U\\.S\\.)(?: forces)?", "[A-Z]\\w+", "s(?:hell|trike)s?", "(?>st|s)rike",
]


@settings(max_examples=400, deadline=None)
@given(st.permutations(PREFIXED), st.sampled_from([0, re.I]), st.text(alphabet="abcdkKsStrikeoneywUS. -12mxzé\u017f\u212aHLT", max_size=30))
def test_alternation_narrowed_by_its_first_characters_matches_the_whole_alternation(order: list[str], flags: int, text: str) -> None:
    fast = alternation(r"(?<![\w-])", order, r"(?![\w])", flags)
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in fast.regex.finditer(text)]
    for start in range(len(text)):  # every candidate position, the RE2 prefilter aside
        expected = fast.regex.match(text, start)
        found = fast._match_at(text, start, len(text))
        assert (found.span() if found else None) == (expected.span() if expected else None)
