"""The offline geocoder: look a name up in the on-disk index, then rank what it may mean using the article.

Ranking adds up, per candidate:
- how well the name matched (exact spelling > same key after transliteration rules > fuzzy);
- prominence without context (countries, provinces, curated sites, then settlements by population);
- the feature type implied by words around the name ("base", "airport", "province", "town"...);
- the countries the article is about (most frequent first);
- closeness to the other places already resolved in the article, and being inside a province it names.
The best candidate's ``score`` (0..1) says how sure that choice is: it drops with a weak match and with a
close runner-up. Callers set ``needs_review`` below ``REVIEW_THRESHOLD``.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import re
import sqlite3
from collections import Counter
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from geoinc.geocoding.base import Candidate, GeoContext, Geocoder, Mention, Place
from geoinc.geocoding.index import SPOT_HEADS_FILTER, SPOT_KEYS_FILTER, KeyFilter
from geoinc.geocoding.normalize import ARTICLES, SUN_ARTICLES, fold, is_arabic_script, name_key
from geoinc.geocoding.qualifiers import Qualifier, area_readings, find_qualified, find_qualifiers, inside, occurrences
from geoinc.geocoding.roads import distance_km, road_between, road_ends, road_spans
from geoinc.geocoding.sources import curated_path

REVIEW_THRESHOLD = 0.6
CURATED_PREFIX = "geoinc:"  # our curated entries: every listed name is vetted, none is an "odd alternate"
MAX_QUERY_CHARS = 200
MAX_CANDIDATES_PER_KEY = 60
FUZZY_MIN_RATIO = 88.0
FUZZY_MIN_KEY_CHARS = 5

# Weights of the ranking terms (see module docstring).
W_MATCH = 1.2
W_HINT = 0.45
W_HINT_MISMATCH = -0.15
W_PROVINCE_OF_SAME_NAME = -0.25  # a province holding a town of its name, when no word says "province"
W_COUNTRY = (0.4, 0.28, 0.18, 0.1)  # by rank, when the caller gives only an ordered list of countries
W_COUNTRY_SHARE = 0.55  # times the country's share of the article's place evidence
W_NEAR = 0.35
NEAR_KM = 250.0
NEAR_HORIZON_KM = 1500.0  # beyond this the closeness bonus is negligible (< 1 %)
W_IN_REGION = 0.3
MAX_CLOSENESS = W_NEAR + W_IN_REGION
W_QUALIFIED = 0.6  # inside the place written right after the name ("Kani, Sagaing", "Konduga in Borno State")
# The text says which province or country the name is in, and the candidate is in another country.
QUALIFIED_ELSEWHERE_SCORE = 0.4
QUALIFIED_FALLBACK_SCORE = 0.5  # the province the text names, for a name not found there (below review)
GROUP_EVIDENCE = 0.5  # an armed group's mention, against 1 for a country's name or demonym
# The text writes a region word after the name or its list ("the Odesa, Mykolaiv and Poltava regions", "Kaduna
# State"): the province's reading, even against a big city of the same name (Kharkiv, Kyiv, Taiz).
W_SAID_PROVINCE = 0.9
W_LISTED_WITH_PROVINCES = 0.35  # listed with names read as provinces ("New Jersey and New York")

# Match quality by how the name matched.
Q_EXACT = 1.0
Q_KEY = 0.95
Q_ALTERNATE = 0.85  # matched only one of the place's alternate names (GeoNames lists some odd ones)
Q_ALTERNATE_SHADOWED = 0.8  # ... while another place has this as its own name
Q_KEY_SPELT_OTHERWISE = 0.85  # same key, but a sizeable place is spelt exactly as written
SIZEABLE_POPULATION = 20_000
Q_CORE = 0.9  # matched after setting feature words aside ("Anbar province" -> "Anbar" + region)
Q_CORE_SHADOWED = 0.6  # ... although the whole phrase is itself a name
Q_CODE = 0.9
Q_FUZZY_MAX = 0.72
PROMINENT_ALTERNATE_POPULATION = 20_000
PROMINENT_MARGIN = 0.1  # in prior: about three times the population
Q_PARTIAL = 0.6  # only part of the name is a known place ("Colorado State University" -> Colorado)
WELL_KNOWN_POPULATION = 100_000

_WORD = re.compile(r"[^\W\d_](?:[\w'’ʿʾ.]*[^\W_])?|\d+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$|\n\s*\n\s*$")
_CODE = re.compile(r"^[A-Z0-9]{3,4}$")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
_TITLE_WORD = re.compile(r"\b[^\W\d_]{4,}")  # words that title case capitalises (not "of", "in", "the")
_CLAUSE_END = re.compile(r"[.,;:!?()\"“”\n]")
# After a country's name or demonym: it names who acts ("U.S. Central Command", "American jets"), not where.
# (Speakers stay evidence: "Iraqi officials said" is mostly about Iraq.)
_SPONSOR_AFTER = re.compile(r"[-‑](?:led|backed|aligned|allied|supported|funded|sponsored|made|supplied)\b")
_SPEAKS_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:said|says|accused|accuses|warned|warns|denied|denies|announced|announces|insisted|insists|"
    r"blamed|blames|condemned|condemns|vowed|vows|threatened|threatens|urged|urges|demanded|demands|"
    r"retaliated|responded|deployed|deploys|sent|sends|has\s+(?!been\b)|have\s+(?!been\b)|wants|hopes)\b")
_PLACE_PREPOSITION = re.compile(r"\b(?:in|of|from|at|near|across|outside|inside|to|into|on)\s+(?:the\s+)?$", re.I)
_SPOKEN_TO = re.compile(r"\b(?:accuses?|accused|urged|urges|warned|warns|blamed|blames)\s+$")
_ACTOR_AFTER = re.compile(
    r"\.?(?:[-‑](?:led|backed|aligned|allied|supported|funded|sponsored|made|supplied)\b|['’]s\s+|\s+)"
    r"(?:(?:led|backed|aligned|allied|supported|funded|sponsored|made|supplied)\b|"
    r"(?:military|armed forces|forces|troops|soldiers|army|navy|air force|aircraft|warplanes|jets|fighter jets|"
    r"bombers|warships?|destroyers?|drones?|Central Command|CENTCOM|Defense Department|"
    r"Department of Defense|strikes?|airstrikes?|air strikes?|commandos?|"
    r"special forces|service members|servicemembers|marines|sailors|pilots)\b)")
_HINT_GLUE = {"of", "at", "in", "near", "the", "a", "an"}
_ID = re.compile(r"^(geonames|geoinc|icao|user|admin1):\S+$")
MAX_SPAN_TOKENS = 8
_ARTICLE_WORDS = {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az"}
_ALL_ARTICLES = ARTICLES | SUN_ARTICLES
SPOT_PROMINENT_PRIOR = 0.55


def _in_title_line(text: str, position: int) -> bool:
    """Whether the line around ``position`` is written in title case ("Drone Strike Hits US Base")."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return _is_title_case(text[start:end if end >= 0 else len(text)])


@lru_cache(maxsize=10_000)
def _is_title_case(line: str) -> bool:
    words = _TITLE_WORD.findall(line)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


@lru_cache(maxsize=100_000)
def _clean_query(name: str) -> str:
    """Whitespace collapsed, surrounding punctuation, a leading "the" and possessives ("Erbil's airport")
    removed."""
    query = " ".join(name.split()).strip(" .,;:!?\"'()[]")
    if query.lower().startswith("the "):
        query = query[4:]
    return _POSSESSIVE.sub("", query)


def _load_json(name: str) -> dict:
    with curated_path(name).open(encoding="utf-8") as f:
        return json.load(f)


class _Lexicon:
    """Words data: feature words → hint families, connectors allowed inside names, never-alone names."""

    def __init__(self) -> None:
        data = _load_json("lexicon.json")
        self.hint_types: dict[str, set[str]] = {k: set(v) for k, v in data["hint_types"].items()}
        self.feature_words: dict[str, str] = {fold(w): family for family, words in data["feature_words"].items()
                                              for w in words}
        self.max_feature_words = max(len(w.split()) for w in self.feature_words)
        self._splits: dict[str, tuple[str, str]] = {}
        self.feature_heads = {w.split()[0] for w in self.feature_words}
        self.feature_tokens = {t for w in self.feature_words for t in w.split()}
        self.connectors = {fold(w) for w in data["name_connectors"]}
        self.never_alone = {fold(w) for w in data["never_alone"]}
        self.qualifiers = {fold(w) for w in data["qualifiers"]}
        self.common_words = frozenset(_load_json("common_words.json")["words"])
        self.region_words = frozenset(w for w, family in self.feature_words.items() if family in ("region", "district"))
        self.country_words: dict[str, str] = {}
        with curated_path("demonyms.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                self.country_words[row["word"]] = row["country"]
        self.demonyms = frozenset(self.country_words)
        self.group_countries, self.group_pattern = self._groups()
        # Names, demonyms and abbreviations are capitalised single words: spotting's scan finds them.
        self.country_words_capitalised = all(w[0].isupper() for w in self.country_words if _WORD.fullmatch(w))

    @staticmethod
    def _groups() -> tuple[dict[str, tuple[str, ...]], re.Pattern[str]]:
        """Armed groups tied to the countries they fight in ("Houthis" -> Yemen), and one pattern that
        finds them, longest first ("Kataib Hezbollah" is Iraqi before "Hezbollah" is Lebanese)."""
        table: dict[str, tuple[str, ...]] = {}
        with curated_path("actor_countries.csv").open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                table[row["name"]] = tuple(row["countries"].split("|"))
        names = sorted(table, key=len, reverse=True)
        # No look-behind first: Python's engine then skips to the names' first letters (see groups_in).
        return table, re.compile(r"(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")

    def groups_in(self, text: str) -> list[re.Match[str]]:
        """The armed groups the text names, as whole words (not after a letter, digit, "_" or "-")."""
        found: list[re.Match[str]] = []
        position = 0
        while (match := self.group_pattern.search(text, position)) is not None:
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                position = start + 1  # inside a word: no name starts here
                continue
            found.append(match)
            position = match.end()
        return found

    def is_common_word(self, text: str) -> bool:
        """A single frequent English word ("Early", "Drone", "Christmas")."""
        return text.isalpha() and text.lower() in self.common_words

    def words_of_family(self, family: str) -> list[str]:
        """Feature words of ``family``; bases and airports share theirs ("Kirkuk airport" may be an
        air base, "Erbil base" is at the airport)."""
        related = {"base", "airport"} if family in ("base", "airport") else {family}
        return [w for w, f in self.feature_words.items() if f in related]

    def hint_family(self, hint: str) -> str:
        """'base', 'airport', 'region', ... for a hint word or family name ('' when unknown)."""
        folded = fold(hint)
        if folded in self.hint_types:
            return folded
        return self.feature_words.get(folded, "")

    def split_feature_words(self, query: str) -> tuple[str, str]:
        """('Anbar', 'region') for 'Anbar province', ('Harir', 'settlement') for 'town of Harir',
        (query, '') when no feature word leads or ends the query."""
        split = self._splits.get(query)
        if split is None:
            if len(self._splits) > 100_000:
                self._splits.clear()
            split = self._splits[query] = self._split_feature_words(query)
        return split

    def _split_feature_words(self, query: str) -> tuple[str, str]:
        words = query.split()
        for n in range(min(self.max_feature_words, len(words) - 1), 0, -1):
            tail = fold(" ".join(words[-n:]))
            if tail in self.feature_words:
                return " ".join(words[:-n]), self.feature_words[tail]
            head = fold(" ".join(words[:n]))
            rest = words[n + 1:] if fold(words[n]) == "of" else words[n:]
            if head in self.feature_words and rest:
                return " ".join(rest), self.feature_words[head]
        return query, ""


Span = tuple[int, int]
_UNKNOWN = object()  # not worked out yet (None is an answer)
_RUN_MARKS = frozenset("_'’ʿʾ.")  # what a word may hold besides letters and digits (see _WORD)
_RUN = re.compile(r"[\w'’ʿʾ.]*")  # letters, digits and those marks: a word and what it is glued to
_NOT_LETTERS_OR_DIGITS = re.compile(r"[\W_]*")
_DIGITS_AND_MARKS = re.compile(r"[\d_'’.]*")  # what may precede a word's first letter in its run (ʿ, ʾ are letters)
_DIGITS = re.compile(r"\d*")
# A word (as _WORD reads it from its first letter on) beginning with a capital letter or a non-ASCII letter
# (general punctuation, quotes and dashes, is left out at once): where a name may start.
_CAPITALISED_WORD = re.compile("[A-Z\u00c0-\u1fff\u2070-\U0010ffff](?<=[^\\W\\d_])(?:[\\w'’ʿʾ.]*[^\\W_])?")


def _may_start_name(word: str) -> bool:
    return word[0].isupper() or (not word.isascii() and is_arabic_script(word))


def _starts_word(text: str, position: int) -> bool:
    """Whether the letter at ``position`` begins a word (``_WORD``) rather than continuing one ("McCain",
    "U.S"): no letter before it in the same run of word characters and marks."""
    while position > 0:
        char = text[position - 1]
        if char.isalnum():
            if not char.isdecimal():
                return False
        elif char not in _RUN_MARKS:
            return True
        position -= 1
    return True


class _Scan:
    """One text's words (``_WORD`` tokens, as (start, end) spans), worked out only where spotting looks:
    the words that may start a name and the few around them. Tokenising a whole 3 KB article costs more
    than spotting in it, and tokenisation can start over at any word it would find."""

    __slots__ = ("text", "starts", "names_at", "_after", "_lower_case", "_reversed")

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = self._name_starts(text)
        self.names_at: dict[int, Span | None] = {}
        self._after: dict[int, Span | None] = {}
        self._lower_case: dict[str, bool] = {}
        self._reversed: str | None = None

    @staticmethod
    def _name_starts(text: str) -> list[Span]:
        """The words that may start a name: capitalised, or (anywhere) in Arabic script."""
        if is_arabic_script(text):  # Arabic words (and Arabic-Indic numbers) start with no capital
            return [m.span() for m in _WORD.finditer(text) if _may_start_name(m.group())]
        starts: list[Span] = []
        for word in _CAPITALISED_WORD.finditer(text):
            position = word.start()
            if position and (text[position - 1].isalnum() or text[position - 1] in _RUN_MARKS) \
                    and not _starts_word(text, position):
                continue  # inside a word ("McCain", "eBay"), whose rest the match has taken
            if text[position] <= "Z" or text[position].isupper():
                starts.append(word.span())
        return starts

    def word(self, token: Span) -> str:
        return self.text[token[0]:token[1]]

    def after(self, token: Span) -> Span | None:
        """The word after ``token``."""
        following = self._after.get(token[1], _UNKNOWN)
        if following is _UNKNOWN:
            found = _WORD.search(self.text, token[1])
            following = self._after[token[1]] = found.span() if found else None
        return following

    def end_before(self, position: int) -> int | None:
        """Where the word before ``position`` (a word's start) ends: after the last letter or digit (every
        one belongs to a word); None at the first word."""
        backwards = self._backwards()  # backwards[len - p:] reads the text from position p back
        position = len(backwards) - _NOT_LETTERS_OR_DIGITS.match(backwards, len(backwards) - position).end()
        return position or None

    def before(self, token: Span) -> Span | None:
        """The word before ``token``: in its run of word characters and marks, from the first letter
        (or, before any letter, the digits) to its last letter or digit."""
        end = self.end_before(token[0])
        if end is None:
            return None
        backwards = self._backwards()
        size = len(backwards)
        first_letter = _DIGITS_AND_MARKS.match(self.text, size - _RUN.match(backwards, size - end).end()).end()
        if first_letter < end:
            return first_letter, end
        return size - _DIGITS.match(backwards, size - end).end(), end

    def _backwards(self) -> str:
        """The text reversed: regular expressions that read it forwards read the original backwards."""
        if self._reversed is None:
            self._reversed = self.text[::-1]
        return self._reversed

    def has_lower_case_word(self, word: str) -> bool:
        """Whether ``word`` (lower case) occurs as a whole word in the text ("drone" beside "Drone")."""
        found = self._lower_case.get(word)
        if found is None:
            found = self._lower_case[word] = word[:1].islower() and self._occurs_as_word(word)
        return found

    def _occurs_as_word(self, word: str) -> bool:
        text = self.text
        position = text.find(word)
        while position >= 0:
            if _starts_word(text, position):
                match = _WORD.match(text, position)
                if match is not None and match.end() == position + len(word):
                    return True
            position = text.find(word, position + 1)
        return False


class _WordFacts:
    """What spotting asks about one word, worked out once per word (words recur across articles)."""

    __slots__ = ("folded", "may_start", "continues_name", "digit", "feature_word", "feature_token", "feature_head",
                 "article", "_head_words", "may_stand_alone", "lower", "all_caps", "common", "_word", "_geocoder",
                 "_known_alone", "_key_facts")

    def __init__(self, word: str, geocoder: GazetteerGeocoder) -> None:
        lex = geocoder._lex
        self.folded = folded = fold(word)
        self.may_start = _may_start_name(word)
        self.feature_word = folded in lex.feature_words
        self.continues_name = self.may_start or folded in lex.connectors or self.feature_word
        self.digit = word.isdigit()
        self.feature_token = folded in lex.feature_tokens
        self.feature_head = folded in lex.feature_heads
        self.article = folded in _ALL_ARTICLES
        # Asked of every word that may start a name, of other words only after leading articles.
        self._head_words = geocoder._head_words(folded) if self.may_start or self.article else None
        # Not a word that never names a place alone, nor too short, nor a short code ("UN", "IS").
        self.may_stand_alone = not (folded in lex.never_alone or len(word) < 3 or (len(word) <= 3 and word.isupper()))
        self.lower = word.lower()
        self.all_caps = word.isupper()
        self.common = lex.is_common_word(word)
        self._word, self._geocoder = word, geocoder
        self._known_alone: bool | None = None
        self._key_facts: tuple[bool, bool, bool] | None = None

    @property
    def head_words(self) -> int:
        """The most words a spottable name starting with this word has (0: none starts with it)."""
        if self._head_words is None:
            self._head_words = self._geocoder._head_words(self.folded)
        return self._head_words

    @property
    def well_known(self) -> bool:
        return self._place_facts[0]

    @property
    def prominent(self) -> bool:
        return self._place_facts[1]

    @property
    def major_area(self) -> bool:
        return self._place_facts[2]

    @property
    def _place_facts(self) -> tuple[bool, bool, bool]:
        if self._key_facts is None:
            key, geocoder = name_key(self._word), self._geocoder
            self._key_facts = (geocoder._is_well_known(key), geocoder._is_prominent(key), geocoder._is_major_area(key))
        return self._key_facts

    @property
    def known_alone(self) -> bool:
        """Whether the word alone may end a name it starts: a spottable name, or one with its feature word
        set aside ("Airport" aside, nothing)."""
        if self._known_alone is None:
            geocoder = self._geocoder
            self._known_alone = (self.may_start or self.feature_word) and (
                geocoder.has_key(name_key(self._word)) or (self.feature_token or self.feature_head)
                and geocoder._known_with_feature_words(self._word))
        return self._known_alone


_WIDE_TYPES = {"country", "continent", "sea"}
_NO_READINGS: tuple = ((), (), (False, frozenset()))
_AREA_TYPES = {"country", "continent", "sea", "region", "admin2"}
_ADMIN_TYPES = {"region", "admin2", "admin3"}
_SETTLEMENT_TYPES = {"city", "town", "village", "neighbourhood"}


def _by_total(scored: tuple[float, Place, float]) -> tuple[float, str]:
    return -scored[0], scored[1].id


class GazetteerGeocoder(Geocoder):
    """Offline geocoder over the curated + packaged (+ imported) gazetteer index."""

    def __init__(self, index_file: str | Path | None = None) -> None:
        if index_file is None:
            from geoinc.geocoding.index import ensure_index

            index_file = ensure_index()
        self.index_file = Path(index_file)
        self._db = sqlite3.connect(f"file:{self.index_file}?mode=ro", uri=True, check_same_thread=False)
        self._spot_keys = KeyFilter.stored(self._db, SPOT_KEYS_FILTER)
        self._spot_heads = KeyFilter.stored(self._db, SPOT_HEADS_FILTER)
        self._lex = _Lexicon()
        self._fuzzy_choices: dict[str, list[str]] = {}
        self._lookup = lru_cache(maxsize=200_000)(self._lookup_key)
        self._spottable = lru_cache(maxsize=200_000)(self._spottable_key)
        self._head_words = lru_cache(maxsize=200_000)(self._head_words_of)
        self._words_after_head = lru_cache(maxsize=200_000)(self._words_after_head_of)
        self._fuzzy = lru_cache(maxsize=20_000)(self._fuzzy_key)
        self._resolved = lru_cache(maxsize=100_000)(self._resolve_query)
        self._text_readings = lru_cache(maxsize=20_000)(self._text_readings_of)
        self._points_cache: dict[tuple, tuple[list[Place], tuple[tuple, ...]]] = {}
        self._weighed = lru_cache(maxsize=100_000)(self._weighed_matches)
        self._without_context = lru_cache(maxsize=100_000)(self._without_context_of)
        self._memo: tuple[GeoContext | None, tuple, dict] = (None, (), {})
        self._is_well_known = lru_cache(maxsize=100_000)(self._is_well_known_key)
        self._is_prominent = lru_cache(maxsize=100_000)(self._is_prominent_key)
        self._is_major_area = lru_cache(maxsize=100_000)(self._is_major_area_key)
        self._last_scan: _Scan | None = None
        self._word_facts: dict[str, _WordFacts] = {}

    def __reduce__(self) -> tuple:
        # Sent to another process (Dask, multiprocessing), a geocoder reopens the same index file there.
        return (GazetteerGeocoder, (str(self.index_file),))

    # --- raw lookups ----------------------------------------------------------------------------------

    @staticmethod
    def _place(row: tuple) -> Place:
        return Place(id=row[0], name=row[1], latitude=row[2], longitude=row[3], feature_type=row[4],
                     country=row[5] or "", admin1=row[6] or "", population=row[7] or 0, precision_km=row[8] or 0.0)

    _SELECT = ("SELECT p.pid, p.name, p.lat, p.lon, p.ftype, p.country, p.admin1, p.population, p.precision_km, "
               "p.prior")

    def _lookup_key(self, key: str) -> tuple[tuple[Place, float, str, bool], ...]:
        """(place, prior, folded form of the matching name, is an alias) for a key, most prominent first."""
        rows = self._db.execute(
            f"{self._SELECT}, n.form, n.alias FROM names n JOIN places p ON p.id = n.place WHERE n.key = ? "
            "ORDER BY p.prior DESC LIMIT ?", (key, MAX_CANDIDATES_PER_KEY)).fetchall()
        return tuple((self._place(r), r[9], r[10], bool(r[11])) for r in rows)

    def _spottable_key(self, key: str) -> bool:
        """Whether a key is a name ``spot`` may find in running text (see ``index.SPOT_MIN_PRIOR``)."""
        if self._spot_keys is not None and not self._spot_keys.may_hold(key):
            return False  # most spans spotting asks about are no name: certain without a query
        words = key.split()
        if not words or len(words) > self._words_after_head(words[0]):
            return False  # no spottable name starts with that word and is that long (one look-up serves many spans)
        row = self._db.execute("SELECT 1 FROM names WHERE key = ? AND spot = 1 LIMIT 1", (key,)).fetchone()
        return row is not None

    def _words_after_head_of(self, head: str) -> int:
        """The most words a spottable key starting with the key word ``head`` has (0: none)."""
        if self._spot_heads is not None and not self._spot_heads.may_hold(head):
            return 0
        row = self._db.execute("SELECT tokens FROM spot_heads WHERE head = ?", (head,)).fetchone()
        return row[0] if row else 0

    def _lookup_code(self, code: str) -> tuple[tuple[Place, float, str, bool], ...]:
        rows = self._db.execute(
            f"{self._SELECT} FROM codes c JOIN places p ON p.id = c.place WHERE c.code = ?", (code,)).fetchall()
        return tuple((self._place(r), r[9], "", True) for r in rows)

    def place_by_id(self, place_id: str) -> Place | None:
        row = self._db.execute(f"{self._SELECT} FROM places p WHERE p.pid = ? LIMIT 1", (place_id,)).fetchone()
        return self._place(row) if row else None

    def has_key(self, key: str) -> bool:
        """Whether ``key`` (a ``name_key``) names a place that free text may mention."""
        return self._spottable(key)

    def _fuzzy_key(self, key: str) -> tuple[tuple[str, float], ...]:
        if len(key) < FUZZY_MIN_KEY_CHARS or is_arabic_script(key):
            return ()
        # The first letter is rarely misspelt; searching only names that share it keeps "Basra" from
        # matching "Kasra" and makes the search ~25 times faster. Each letter's names load on first use.
        first = key[0]
        if first not in self._fuzzy_choices:
            rows = self._db.execute("SELECT key FROM fuzzy WHERE key >= ? AND key < ?", (first, chr(ord(first) + 1)))
            self._fuzzy_choices[first] = [choice for (choice,) in rows]
        found = process.extract(key, self._fuzzy_choices[first], scorer=fuzz.ratio, limit=5,
                                score_cutoff=FUZZY_MIN_RATIO)
        return tuple((choice, ratio) for choice, ratio, _ in found)

    # --- matching -------------------------------------------------------------------------------------

    def _matches(self, query: str) -> tuple[list[tuple[Place, float, float]], str]:
        """[(place, prior, match quality)] for the query, and the feature hint its own words give."""
        if _ID.match(query):
            place = self.place_by_id(query)
            return ([(place, 1.0, Q_EXACT)] if place else []), ""
        if _CODE.match(query):  # "ORBI", "IRQ": an exact code beats any name it resembles
            coded = [(p, prior, Q_CODE) for p, prior, _, _ in self._lookup_code(query)]
            if coded:
                return coded, ""
        found = self._keyed(name_key(query), fold(query), Q_KEY, query)
        core, hint = self._lex.split_feature_words(query)
        if core != query and core:
            # When the whole phrase is a name ("Green Village"), readings of the core alone ("Green", a
            # village) come well behind it.
            # A core reading of another kind than the words say ("Suffolk County" -> the town of Suffolk)
            # is only a guess, kept below the review threshold.
            core_quality = Q_CORE_SHADOWED if found else Q_CORE
            core_found = self._keyed(name_key(core), fold(core), core_quality, core)
            seen = {p.id for p, _, _ in found}
            kinds = self._lex.hint_types.get(hint, set())
            if any(q >= Q_KEY for _, _, q in found) and not any(p.feature_type in kinds for p, _, _ in found):
                hint = ""  # the feature word is part of the own name of another kind ("MSS Green Village")
            found += [(p, prior, min(q, core_quality if p.feature_type in kinds else Q_PARTIAL))
                      for p, prior, q in core_found if p.id not in seen]
        return found, hint

    def _with_hint_words(self, query: str, hint: str, found: list) -> list[tuple[Place, float, float]]:
        """'Harir' said of a base: also look up 'Harir Air Base', 'Harir base', ... so the hint can reach
        sites whose names carry the feature word."""
        seen = {p.id for p, _, _ in found}
        extra = []
        for word in self._lex.words_of_family(hint):
            for place, prior, quality in self._keyed(name_key(f"{query} {word}"), "", Q_CORE, query):
                if place.id not in seen:
                    seen.add(place.id)
                    extra.append((place, prior, quality))
        return found + extra

    def _fallbacks(self, query: str, core: str, found: list) -> list[tuple[Place, float, float]]:
        """When no name matched: fuzzy matching, then a place named inside the phrase."""
        if not found:
            found = self._fuzzy_matches(name_key(core or query))
        if not found:
            found = self._partial_matches(query)
        return found

    def _partial_matches(self, query: str) -> list[tuple[Place, float, float]]:
        """Last resort, always scored below the review threshold: the longest place name spotted inside a
        longer phrase ("Kataib Hezbollah headquarters in Jurf al-Sakhar" -> Jurf al-Sakhar), else the
        longest run of capitalised words that is a prominent place's own name ("Colorado State
        University" -> Colorado)."""
        mentions = [m for m in self.spot(query) if len(m.text) < len(query)]
        for mention in sorted(mentions, key=lambda m: (-len(m.text), m.start)):
            found, _ = self._matches(mention.text)
            if found:
                return [(p, prior, Q_PARTIAL) for p, prior, _ in found]
        words = query.split()
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                part = words[start:start + size]
                text = " ".join(part)
                if not all(w[0].isupper() for w in part) or fold(text) in self._lex.never_alone or len(text) < 4:
                    continue
                key = name_key(text)
                found = [(p, prior, Q_PARTIAL) for p, prior, _, alias in self._lookup(key)
                         if not alias and prior >= SPOT_PROMINENT_PRIOR and name_key(p.name) == key]
                if found:
                    return found
        return []

    def _keyed(self, key: str, folded: str, quality: float, query: str = "") -> list[tuple[Place, float, float]]:
        if not key:
            return []
        abbreviation_ok = query.isupper() or "." in query  # "US", "U.S.", "Md." - but not "us" or "Us"
        rows = [(place, prior, form, alias, self._is_own_name(place, key, alias))
                for place, prior, form, alias in self._lookup(key)
                if not (alias and len(key) <= 3 and not abbreviation_ok)]
        # A name that is some place's own name rarely means a place that merely lists it as an alternate.
        # (A province named like its capital does not shadow the city: "Ulaanbaatar", "Erbil".)
        shadowing = [prior for place, prior, *_, main in rows if main and place.feature_type not in _ADMIN_TYPES]
        alternate_quality = Q_ALTERNATE_SHADOWED if shadowing else Q_ALTERNATE
        most_shadowing = max(shadowing, default=0.0)
        # "Samarra" is the exact spelling of an Iraqi city, and only folds onto Samara, Russia: a sizeable
        # place written exactly so outweighs a bigger one that merely shares the key.
        spelt_exactly = quality >= Q_KEY and any(
            main and form == folded and place.population >= SIZEABLE_POPULATION for place, _, form, _, main in rows)
        found = []
        for place, prior, form, alias, main in rows:
            if main and form == folded and quality >= Q_KEY:
                found.append((place, prior, Q_EXACT))
            elif main:
                found.append((place, prior, min(quality, Q_KEY_SPELT_OTHERWISE) if spelt_exactly else quality))
            elif place.population >= PROMINENT_ALTERNATE_POPULATION and prior >= most_shadowing + PROMINENT_MARGIN:
                # The English name of a town GeoNames files under its transliteration ("Palmyra" for
                # Tadmur, "Hama" for Ḩamāh, "Jenin" for Janīn), several times the size of any other
                # place called so (Palmyra, Pennsylvania; El Hamma; Jenin, Poland).
                found.append((place, prior, min(quality, Q_KEY)))
            else:
                found.append((place, prior, min(quality, alternate_quality)))
        return found

    @staticmethod
    def _common_word_may_mean(place: Place, quality: float) -> bool:
        """A common English word names a place by its exact own spelling, or a well-known place (curated,
        a country, province or sea, a city of 100,000+) by any of its names ("Britain"); never a small
        place through an alternate or transliterated spelling ("Drone" -> Dronero, "Late" -> Latte)."""
        return (quality >= Q_EXACT or place.id.startswith(CURATED_PREFIX) or place.feature_type in _AREA_TYPES
                or place.population >= WELL_KNOWN_POPULATION)

    @staticmethod
    def _is_own_name(place: Place, key: str, alias: bool) -> bool:
        """The place's main name, an alias we curated, or any name of a curated site (all vetted)."""
        return alias or place.id.startswith(CURATED_PREFIX) or name_key(place.name) == key

    def _fuzzy_matches(self, key: str) -> list[tuple[Place, float, float]]:
        out: list[tuple[Place, float, float]] = []
        for choice, ratio in self._fuzzy(key):
            quality = Q_FUZZY_MAX - (100.0 - ratio) / 100.0
            out += [(p, prior, quality) for p, prior, _, alias in self._lookup(choice) if not alias]
        return out

    # --- ranking --------------------------------------------------------------------------------------

    def candidates(self, name: str, context: GeoContext | None = None, limit: int = 10) -> list[Candidate]:
        if context is None:
            return list(self._without_context(name, limit))
        # An article's names are ranked against one context, many of them several times.
        memo = self._memo_for(context)
        found = memo.get((name, limit))
        if found is None:
            found = memo[(name, limit)] = tuple(self._ranked_candidates(name, context, limit))
        return list(found)

    def _memo_for(self, context: GeoContext) -> dict[tuple[str, int], tuple[Candidate, ...]]:
        """Answers already given for this very context (its contents compared: callers may change it). The
        snapshot holds the places themselves, so no place can be freed and another take its identity."""
        snapshot = (context.countries, context.feature_hint, tuple(context.country_weights.items()),
                    tuple(context.places))
        held, held_snapshot, memo = self._memo
        if held is not context or held_snapshot != snapshot:
            memo = {}
            self._memo = (context, snapshot, memo)
        return memo

    def _without_context_of(self, name: str, limit: int) -> tuple[Candidate, ...]:
        return tuple(self._ranked_candidates(name, GeoContext(), limit))

    def _ranked_candidates(self, name: str, context: GeoContext, limit: int) -> list[Candidate]:
        if len(name) > 4 * MAX_QUERY_CHARS:
            return []
        query = _clean_query(name)
        if not query or len(query) > MAX_QUERY_CHARS:
            return []
        ends = road_ends(query)
        if ends is not None:
            road = self._road(query, ends, context)
            if road is not None:
                return [road]
        context_hint = self._lex.hint_family(context.feature_hint) if context.feature_hint else ""
        matches = self._weighed(query, context_hint)
        if not matches:
            return []
        qualifiers, qualified, areas = self._text_readings(query, context.text) if context.text else _NO_READINGS
        scored = self._rank(matches, context, name_key(query), query, qualifiers, qualified, areas)
        best_total = scored[0][0]
        runner_up = scored[1][0] if len(scored) > 1 else best_total - 1.0
        said_countries = {p.country for q in qualifiers if q.strong for p in q.readings}
        out = []
        for i, (total, place, quality) in enumerate(scored[:limit]):
            margin = best_total - runner_up if i == 0 else total - best_total
            confidence = quality * (0.55 + 0.45 * math.tanh(3.0 * margin))
            if said_countries and place.country not in said_countries and place.feature_type not in _AREA_TYPES:
                confidence = min(confidence, QUALIFIED_ELSEWHERE_SCORE)  # "Kani, Sagaing" is not Kani, Japan
            out.append(Candidate(place=place, score=round(max(0.0, min(1.0, confidence)), 3), matched_name=query))
        wider = next((q.place for q in qualifiers if q.strong and q.place.feature_type in _ADMIN_TYPES), None)
        if wider is not None and out[0].place.country not in said_countries \
                and out[0].place.feature_type not in _AREA_TYPES:
            # No place of this name lies where the text says: the province it names is the best answer
            # there is, for a person to check ("Kani, Sagaing region" -> Sagaing region).
            out.insert(0, Candidate(place=wider, score=QUALIFIED_FALLBACK_SCORE, matched_name=query))
        return out[:limit]

    def _town_like(self, name: str) -> bool:
        """A name spotting knows whose likeliest reading is no province or country (a road's end)."""
        if not self.has_key(name_key(name)):
            return False
        best = self.best(name)
        return best is not None and best.place.feature_type not in _AREA_TYPES

    def _road(self, query: str, ends: tuple[str, str], context: GeoContext) -> Candidate | None:
        """The road joining the two towns a query names, at their midpoint, as sure as the less sure town."""
        # A road runs between towns: "the road between Tell Tamer and al-Hasakah" means the city of al-Hasakah
        # even where the article also names its province.
        towns = dataclasses.replace(context, feature_hint="settlement")
        one, other = (self.candidates(end, towns, 1) for end in ends)
        if not one or not other or min(one[0].score, other[0].score) < REVIEW_THRESHOLD:
            return None
        if one[0].place.feature_type in _AREA_TYPES or other[0].place.feature_type in _AREA_TYPES:
            return None  # "the route between Iraq and Jordan" is no place between two towns
        road = road_between(one[0].place, other[0].place)
        if road is None:
            return None
        return Candidate(place=road, score=min(one[0].score, other[0].score), matched_name=query)

    def _text_readings_of(self, query: str, text: str) -> tuple:
        """What the text writes around this name (cached per name and text: an article's names are ranked
        several times): the places right after it ("Kani, Sagaing"), right before it ("Buffalo, New York"),
        and whether it reads as a province."""
        spans = occurrences(query, text)
        if not spans:
            return _NO_READINGS
        resolve, lex = self._qualifier_readings, self._lex
        return (find_qualifiers(spans, text, resolve, lex.region_words, lex.demonyms),
                find_qualified(spans, text, resolve), area_readings(spans, text, resolve, lex.region_words))

    def _qualifier_readings(self, phrase: str) -> tuple[Place, ...]:
        """The place a qualifying phrase names (its likeliest reading, sure enough), then every province or
        country it may also name ("Georgia": the country, and the US state)."""
        found = self._without_context(phrase, 5)
        if not found or found[0].score < REVIEW_THRESHOLD:
            return ()
        place = found[0].place
        if self._lex.is_common_word(phrase) and not self._common_word_may_mean(place, 0.0):
            return ()  # "Kani, Monday"
        return (place, *(c.place for c in found[1:] if c.place.feature_type in ("country", "region", "admin2")))

    def _weighed_matches(self, query: str, context_hint: str) -> tuple[tuple[float, Place, float], ...]:
        """(score before the article's countries and places, place, match quality) for every match: the
        match and the feature hint in force weighed once per query."""
        matches, hint = self._resolved(query, context_hint)
        kinds = self._lex.hint_types.get(hint, ()) if hint else ()
        capitals = set() if hint else self._named_like_their_province(matches)
        weighed = []
        for place, prior, quality in matches:
            total = W_MATCH * quality + prior
            if hint:
                total += W_HINT if place.feature_type in kinds else W_HINT_MISMATCH
            elif place.id in capitals:
                total += W_PROVINCE_OF_SAME_NAME
            weighed.append((total, place, quality))
        return tuple(weighed)

    @staticmethod
    def _named_like_their_province(matches) -> set[str]:
        """Provinces that a town of the same name lies in ("Daraa", "Idlib", "Kidal", "Marib"): without a
        word saying "province", reports of attacks there mean the town."""
        towns = {(p.country, p.admin1, name_key(p.name)) for p, _, q in matches
                 if p.feature_type in _SETTLEMENT_TYPES and q >= Q_ALTERNATE_SHADOWED}
        return {p.id for p, _, _ in matches
                if p.feature_type in _ADMIN_TYPES and (p.country, p.name, name_key(p.name)) in towns}

    def _resolve_query(self, query: str, context_hint: str) -> tuple[tuple[tuple[Place, float, float], ...], str]:
        """All (place, prior, match quality) a query can mean, and the hint in force (cached per query)."""
        matches, own_hint = self._matches(query)
        phrase_hint = self._lex.split_feature_words(query)[1]
        if phrase_hint and not own_hint and context_hint == phrase_hint:
            context_hint = ""  # the context only repeats the name's own words ("Green Village")
        hint = own_hint or context_hint
        if _ID.match(query):
            return tuple(matches), hint
        if hint and not own_hint:
            matches = self._with_hint_words(query, hint, matches)
        elif own_hint and not any(q >= Q_ALTERNATE_SHADOWED for _, _, q in matches):
            # "Kirkuk base": no site has that very name, but "Kirkuk Air Base" may.
            matches = self._with_hint_words(self._lex.split_feature_words(query)[0], own_hint, matches)
        matches = self._fallbacks(query, self._lex.split_feature_words(query)[0], matches)
        if self._lex.is_common_word(query):
            # "Drone" is not a misspelt "Dronero", nor "Late" a transliterated "Latte".
            matches = [m for m in matches if self._common_word_may_mean(m[0], m[2])]
        return tuple(matches), hint

    def _rank(self, matches: tuple[tuple[float, Place, float], ...], context: GeoContext,
              key: str, query: str = "", qualifiers: tuple[Qualifier, ...] = (),
              qualified: tuple[Place, ...] = (),
              areas: tuple[bool, frozenset[str]] = (False, frozenset())) -> list[tuple[float, Place, float]]:
        """Candidates by total score, best first. Closeness to the article's places (the costly term) is
        worked out only while it could still change the best two; the article's own reading of this very
        name is not evidence for itself."""
        base = sorted(self._with_qualifiers(self._with_countries(matches, context, query), qualifiers, qualified,
                                            areas), key=_by_total)
        if not context.places:
            return base
        points = self._context_points(context.places)
        readings = frozenset(place.id for _, place, _ in base)  # "New York" read as the city is no evidence for the state
        ranked: list[tuple[float, Place, float]] = []
        best = second = -math.inf
        for total, place, quality in base:
            if total + MAX_CLOSENESS >= second:
                total += self._closeness(place, points, key, readings)
                if total > best:
                    best, second = total, best
                elif total > second:
                    second = total
            ranked.append((total, place, quality))
        return sorted(ranked, key=_by_total)

    @staticmethod
    def _with_qualifiers(matches, qualifiers: tuple[Qualifier, ...], qualified: tuple[Place, ...],
                         areas: tuple[bool, frozenset[str]]) -> list[tuple[float, Place, float]] | tuple:
        """The bonus for lying inside the place the text writes right after the name ("Kani, Sagaing"), or
        for holding the place written right before it ("Buffalo, New York": the state); and for a province
        where the text calls the name one or lists it with provinces ("New Jersey and New York")."""
        said_region, listed_with_provinces = areas
        if not qualifiers and not qualified and not said_region and not listed_with_provinces:
            return matches
        out = []
        for total, place, quality in matches:
            if any(inside(place, r, distance_km(place, r)) for q in qualifiers for r in q.readings) or any(
                    place.feature_type in _AREA_TYPES and inside(other, place, distance_km(other, place))
                    for other in qualified):
                total += W_QUALIFIED
            if place.feature_type in _ADMIN_TYPES and said_region:
                # The text's own word says "province": as sure as "Anbar province" written in one piece.
                total += W_SAID_PROVINCE
                quality = max(quality, Q_CORE)
            elif place.feature_type in _ADMIN_TYPES and place.country in listed_with_provinces:
                total += W_LISTED_WITH_PROVINCES
            out.append((total, place, quality))
        return out

    @staticmethod
    def _with_countries(matches: tuple[tuple[float, Place, float], ...], context: GeoContext,
                        query: str = "") -> list[tuple[float, Place, float]] | tuple:
        """The weighed matches plus the bonus for being in a country the article is about (leaving out the
        evidence this very name's first reading added)."""
        weights = context.country_weights
        if query in context.name_shares:
            own_country, share = context.name_shares[query]
            if share < 1.0:
                weights = {c: (w - (share if c == own_country else 0.0)) / (1.0 - share) for c, w in weights.items()}
        if weights:
            return [(total + W_COUNTRY_SHARE * weights.get(place.country, 0.0), place, quality)
                    for total, place, quality in matches]
        countries = context.countries
        if not countries:
            return matches
        out = []
        for total, place, quality in matches:
            if place.country and place.country in countries:
                total += W_COUNTRY[min(countries.index(place.country), len(W_COUNTRY) - 1)]
            out.append((total, place, quality))
        return out

    def _context_points(self, places: list[Place]) -> tuple[tuple, ...]:
        key = (id(places), len(places), places[0].id if places else "")
        cached = self._points_cache.get(key)
        if cached is None or cached[0] is not places:  # the list is kept, so its id is not reused meanwhile
            points = tuple((o.id, o.feature_type, o.country, o.name, o.admin1, math.radians(o.latitude),
                            math.radians(o.longitude), name_key(o.name))
                           for o in places if o.feature_type not in _WIDE_TYPES)
            if len(self._points_cache) > 64:
                self._points_cache.clear()
            cached = self._points_cache[key] = (places, points)
        return cached[1]

    @staticmethod
    def _closeness(place: Place, points: tuple[tuple, ...], key: str, readings: frozenset[str] = frozenset()) -> float:
        """Bonus for being near the article's other places (distance from the candidate's edge for
        provinces and countries) or in a containment relation with one of them."""
        nearest = NEAR_HORIZON_KM
        related = False
        lat, lon = math.radians(place.latitude), math.radians(place.longitude)
        cos_lat = math.cos(lat)
        area = place.feature_type in _AREA_TYPES
        margin = place.precision_km if area else 0.0
        reach = (NEAR_HORIZON_KM + margin) / 6371.0  # in radians of latitude
        own_id, own_country, own_admin1 = place.id, place.country, place.admin1
        own_region_name = place.name if place.feature_type == "region" else _UNKNOWN
        sqrt = math.sqrt
        for other_id, feature_type, country, name, admin1, other_lat, other_lon, other_key in points:
            if other_id == own_id or other_key == key or other_id in readings:
                continue
            if country == own_country:
                if feature_type == "region" and name == own_admin1:
                    related = True  # inside a province the article names
                    continue
                if own_region_name == admin1:
                    related = True  # the province of a place the article names
                    nearest = 0.0
                    continue
            if abs(other_lat - lat) > reach:
                continue  # too far north or south to matter
            # Planar approximation: exact enough where the bonus matters (hundreds of km), and fast.
            dx = (other_lon - lon) * cos_lat
            distance = 6371.0 * sqrt(dx * dx + (other_lat - lat) ** 2)
            if area:
                distance = max(0.0, distance - margin)
            if distance < nearest:
                nearest = distance
        bonus = W_IN_REGION if related else 0.0
        if nearest < NEAR_HORIZON_KM:
            bonus += W_NEAR * math.exp(-nearest / NEAR_KM)
        return bonus

    # --- free text ------------------------------------------------------------------------------------

    def spot(self, text: str) -> list[Mention]:
        """Place names the gazetteer knows in ``text``: longest match first, non-overlapping,
        starting at a capitalised word (or Arabic script), common words never alone."""
        scan = self._scan_of(text)
        mentions: list[Mention] = []
        free = 0  # a name may not start inside the previous one
        names_at = scan.names_at
        for token in scan.starts:
            if token[0] < free:
                continue
            end = names_at.get(token[0], _UNKNOWN)  # the loop may have asked already ("The" asks about the next word)
            if end is _UNKNOWN:
                end = names_at[token[0]] = self._find_name_at(scan, token)
            if end is None:
                continue
            start_char, end_char = token[0], end[1]
            if start_char and text[start_char - 1] == "-":
                prev = scan.before(token)
                if prev is not None and fold(scan.word(prev)) in _ARTICLE_WORDS and prev[1] == start_char - 1:
                    start_char = prev[0]  # "al-Qaim", not "Qaim"
            mentions.append(Mention(text=text[start_char:end_char], start=start_char, end=end_char))
            free = end_char
        return self._with_roads(text, mentions)

    def _with_roads(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """"the Damboa–Biu road", "the road between Maiduguri and Damboa": one mention for the road, in place
        of its towns', when both towns are names spotting knows."""
        roads = [(start, end) for start, end, one, other in road_spans(text)
                 if self._town_like(one) and self._town_like(other)]
        if not roads:
            return mentions
        kept = [m for m in mentions if not any(start <= m.start < end for start, end in roads)]
        kept += [Mention(text=text[start:end], start=start, end=end) for start, end in roads]
        return sorted(kept, key=lambda m: m.start)

    def _scan_of(self, text: str) -> _Scan:
        scan = self._last_scan  # context_for(text, mentions=spot(text)) reuses the scan spot made
        if scan is None or scan.text is not text:
            scan = self._last_scan = _Scan(text)
        return scan

    def _longest_name_at(self, scan: _Scan, token: Span) -> Span | None:
        """The last token of the longest name starting at ``token`` (memoised per scan: "The" asks about
        the next word, which the loop asks about again)."""
        end = scan.names_at.get(token[0], _UNKNOWN)
        if end is _UNKNOWN:
            end = scan.names_at[token[0]] = self._find_name_at(scan, token)
        return end

    def _find_name_at(self, scan: _Scan, token: Span) -> Span | None:
        text = scan.text
        first = text[token[0]:token[1]]
        facts = self._word(first)
        if not facts.may_start or not (facts.feature_head or facts.article or facts.head_words):
            return None  # the common case: no spottable name starts with this word
        if facts.folded == "the":
            following = scan.after(token)
            if following is not None and self._longest_name_at(scan, following) is not None:
                return None  # "The US Embassy in Baghdad": the name starts after the article
        run = self._name_run(scan, token, facts)
        for j in range(len(run) - 1, -1, -1):
            end = run[j]
            if j == 0:
                if facts.known_alone and self._plausible_lone_word(scan, token, first):
                    return end
                continue
            last = self._word(text[end[0]:end[1]])
            if not (last.may_start or last.feature_word or last.digit):
                continue
            span = text[token[0]:end[1]]
            if self.has_key(name_key(span)) or (last.feature_token or facts.feature_head) \
                    and self._known_with_feature_words(span):
                return end
        return None

    def _word(self, word: str) -> _WordFacts:
        facts = self._word_facts.get(word)
        if facts is None:
            if len(self._word_facts) > 100_000:
                self._word_facts.clear()
            facts = self._word_facts[word] = _WordFacts(word, self)
        return facts

    def _name_run(self, scan: _Scan, token: Span, first: _WordFacts) -> list[Span]:
        """The tokens from ``token`` to the last one a name starting there may reach (none when no
        spottable name starts with its words; ``first`` may start one): a name does not run across punctuation (other than
        hyphens, apostrophes, "St." ...) or a line break, every word inside it is capitalised, Arabic
        script, a connector ("al", "of") or a feature word, and a number may end it ("Tower 22"); it
        has at most as many words as the longest spottable name starting with its first word (articles
        aside), plus trailing feature words ("Harir air base")."""
        text = scan.text
        run, words = [token], [first]
        reach = 0  # the last token the run of name-like words reaches
        for j in range(1, MAX_SPAN_TOKENS):
            following = scan.after(run[-1])
            if following is None:
                break
            facts = self._word(text[following[0]:following[1]])
            run.append(following)
            words.append(facts)
            if not self._joins_name(text, run[j - 1], following):
                break
            if facts.continues_name:
                reach = j
                continue
            if facts.digit:
                reach = j
            break
        if first.feature_head:
            return run[:reach + 1]  # "Camp Taji", "Air Base X": the name proper comes after the feature words
        if not first.article:
            most = first.head_words
            if reach == 0:
                return run[:1]  # one word, and a name starts with it
        else:
            most = max(first.head_words, words[self._head_after_articles(scan, run, words)].head_words)
            if most == 0:
                return []
        words_left, tail_left = most, self._lex.max_feature_words
        for j in range(reach + 1):
            if words[j].article:
                continue
            if words_left > 0:
                words_left -= 1
            elif tail_left > 0 and words[j].feature_token:
                tail_left -= 1
            else:
                return run[:j]
        return run[:reach + 1]

    def _head_after_articles(self, scan: _Scan, run: list[Span], words: list[_WordFacts]) -> int:
        """The first word of the name after leading articles ("Al Ash Sharqat" -> "Sharqat"), looking at
        most ``MAX_SPAN_TOKENS`` words ahead."""
        head = 0
        while words[head].article and head + 1 < MAX_SPAN_TOKENS:
            if head + 1 == len(run):
                following = scan.after(run[-1])
                if following is None:
                    break
                run.append(following)
                words.append(self._word(scan.word(following)))
            head += 1
        return head

    def _head_words_of(self, word: str) -> int:
        key = name_key(word)
        return self._words_after_head(key.split()[0]) if key else 0

    @staticmethod
    def _joins_name(text: str, left: Span, right: Span) -> bool:
        gap = text[left[1]:right[0]]
        if gap == " ":
            return True
        mark = gap.strip()
        if "\n" in gap or len(gap) > 3:
            return False
        return mark in ("", "-", "'", "’", "‘") or (mark == "." and left[1] - left[0] <= 3)

    def _plausible_lone_word(self, scan: _Scan, token: Span, word: str) -> bool:
        """A single capitalised word is a place only if it is not a common word (listed, or written in
        lower case elsewhere in the same text), not a short code, and not part of a longer proper name."""
        facts = self._word(word)
        if not facts.may_stand_alone or scan.has_lower_case_word(facts.lower):
            return False
        sentence_start = self._is_sentence_start(scan, token)
        if facts.common and (sentence_start or _in_title_line(scan.text, token[0])) and not facts.well_known:
            return False  # "Early on Monday", "Drone Strike Hits Base": capitalised because of where it is
        if (facts.all_caps or sentence_start) and not (facts.prominent or facts.well_known):
            return False  # "Our", "Big" opening a sentence; "NATO"
        if self._after_capitalised_word(scan, token):
            return False
        if self._before_arabic_article(scan, token) and not facts.major_area:
            return False  # "Wadi al-Shay", "Abu Bakr al-Baghdadi": the first word of a longer name
        return not (self._before_capitalised_word(scan, token) and not facts.major_area)

    @staticmethod
    def _before_arabic_article(scan: _Scan, token: Span) -> bool:
        following = scan.after(token)
        if following is None or scan.text[token[1]:following[0]] != " " or fold(scan.word(following)) not in _ARTICLE_WORDS:
            return False
        text, end = scan.text, following[1]
        return end + 1 < len(text) and text[end] == "-" and text[end + 1].isupper()

    def _before_capitalised_word(self, scan: _Scan, token: Span) -> bool:
        """'Michael Kofman', 'Hassan Nasrallah': a lone name followed by another capitalised word in the
        same sentence (not a feature word) is part of a longer proper name."""
        following = scan.after(token)
        if following is None or not self._joins_name(scan.text, token, following):
            return False
        word = scan.word(following)
        return word[0].isupper() and fold(word) not in self._lex.feature_words

    def _is_major_area_key(self, key: str) -> bool:
        """Countries, continents, seas and our curated places stay places before another capitalised word
        ("Iraq War" aside, "Syria Kurds", "Erbil Governor")."""
        return any(p.feature_type in _WIDE_TYPES or p.id.startswith("geoinc:")
                   for p, _, _, alias in self._lookup(key) if not alias)

    def _is_well_known_key(self, key: str) -> bool:
        """A name a common English word may stand for alone: any name of a country, province, sea or
        continent ("Britain") or of a curated site, or the own name of a city of 100,000 or more."""
        return any(p.id.startswith(CURATED_PREFIX) or p.feature_type in _AREA_TYPES
                   or (p.population >= WELL_KNOWN_POPULATION and name_key(p.name) == key)
                   for p, _, _, alias in self._lookup(key) if not alias)

    def _is_prominent_key(self, key: str) -> bool:
        """The main name of a well-known place (a town of ~15,000 or more, a province, a country...)."""
        return any(prior >= SPOT_PROMINENT_PRIOR and name_key(p.name) == key
                   for p, prior, _, alias in self._lookup(key) if not alias)

    def _after_capitalised_word(self, scan: _Scan, token: Span) -> bool:
        """'Lloyd Austin', 'Secretary Austin', 'Baher al-Kady': a lone name right after a capitalised word
        (or after 'al-' following one) inside a sentence is part of a person's or organisation's name,
        unless that word is a qualifier ('Northern Iraq')."""
        prev = scan.before(token)
        if prev is None:
            return False
        text = scan.text
        word = text[prev[0]:prev[1]]
        if fold(word) in _ARTICLE_WORDS and text[prev[1]:token[0]] == "-":
            given = scan.before(prev)
            if given is not None:
                return (text[given[0]].isupper() and fold(scan.word(given)) not in self._lex.qualifiers
                        and text[given[1]:prev[0]] == " ")
        gap = text[prev[1]:token[0]]
        if gap.strip(" -") or not word[0].isupper() or fold(word) in self._lex.qualifiers:
            return False
        return not self._is_sentence_start(scan, prev)

    @staticmethod
    def _is_sentence_start(scan: _Scan, token: Span) -> bool:
        prev_end = scan.end_before(token[0])
        if prev_end is None:
            return True
        gap = scan.text[prev_end:token[0]]
        return bool(_SENTENCE_END.search(gap + " ") or "\n" in gap)

    def _known_with_feature_words(self, span: str) -> bool:
        core, hint = self._lex.split_feature_words(span)
        return (bool(hint) and core != span and fold(core) not in self._lex.never_alone
                and self.has_key(name_key(core)))

    def feature_hint_near(self, text: str, start: int, end: int) -> str:
        """The kind of place a mention's own words or the words right around it (same clause) say it is:
        'base' for "Harir air base" or "the base at Harir", 'settlement' for "the town of Harir",
        'region' for "Erbil province"; '' when none do. Pass it as ``GeoContext.feature_hint``."""
        own = self._lex.split_feature_words(text[start:end])[1]
        if own:
            return own
        after = _CLAUSE_END.split(text[end:end + 60], maxsplit=1)[0].split()[:3]
        before = _CLAUSE_END.split(text[max(0, start - 60):start])[-1].split()
        while before and fold(before[-1]) in _HINT_GLUE:
            before.pop()  # "the town of | Harir", "the base at | Harir"
        for n in range(3, 0, -1):
            for words in (after[:n], before[-n:] if len(before) >= n else []):
                family = self._lex.feature_words.get(fold(" ".join(words))) if words else None
                if family:
                    return family
        return ""

    def context_for(self, text: str, mentions: list[Mention] | None = None) -> GeoContext:
        """What the article says about where it is: the countries it names (by name, demonym or through
        the places it names; most frequent first) and the places it names unambiguously.

        ``mentions``: the article's ``spot(text)`` when the caller already has it (spotted once, used
        twice)."""
        if mentions is None:
            mentions = self.spot(text)
        groups = self._lex.groups_in(text)
        if groups:  # "Haram" in "Boko Haram" is no place in Norway
            mentions = [m for m in mentions if not any(g.start() <= m.start < g.end() for g in groups)]
        # "Iran-backed militias", "Washington said", "Islamabad accuses Kabul": who acts, not where.
        mentions = [m for m in mentions if not _SPONSOR_AFTER.match(text, m.end) and not self._names_a_government(text, m)]
        counts = Counter(m.text for m in mentions)  # each distinct name is resolved once
        weights: Counter[str] = Counter(country for _, country in self._country_words_in(text))
        weights.update(self._group_countries(groups))
        resolved: list[tuple[str, int]] = []
        for name, count in counts.items():
            best = self.best(name)
            if best is None:
                continue
            if best.place.feature_type in ("country", "region") and best.score >= REVIEW_THRESHOLD:
                weights[best.place.country] += count
            if best.place.feature_type not in _WIDE_TYPES:
                resolved.append((name, count))  # wide places are counted above
        evidence = sum(weights.values()) or 1.0
        provisional = GeoContext(text=text, countries=tuple(c for c, _ in weights.most_common()),
                                 country_weights={c: w / evidence for c, w in weights.items()})
        places: dict[str, Place] = {}
        own: dict[str, tuple[str, float]] = {}
        for name, count in resolved:
            best = self.best(name, provisional)
            if best is None:
                continue
            weights[best.place.country] += best.score * count
            own[_clean_query(name)] = (best.place.country, best.score * count)
            if best.score >= 0.7 and best.place.feature_type not in _WIDE_TYPES:
                places.setdefault(best.place.id, best.place)
        weights.pop("", None)
        total = sum(weights.values()) or 1.0
        return GeoContext(text=text, countries=tuple(c for c, _ in weights.most_common()), places=list(places.values()),
                          country_weights={c: w / total for c, w in weights.items()},
                          name_shares={name: (country, amount / total) for name, (country, amount) in own.items()
                                       if country})

    @staticmethod
    def _names_a_government(text: str, mention: Mention) -> bool:
        """"Washington said", "Islamabad accuses Kabul": a place that speaks or is spoken to as a state (not
        "officials in Texas said")."""
        before = text[max(0, mention.start - 14):mention.start]
        if _SPOKEN_TO.search(before):
            return True
        return bool(_SPEAKS_AFTER.match(text, mention.end)) and not _PLACE_PREPOSITION.search(before)

    def _group_countries(self, groups: list[re.Match[str]]) -> Counter[str]:
        """Country evidence from the armed groups the text names: an analyst reads "Houthis" as Yemen,
        "Hezbollah" as Lebanon, "Boko Haram" as Nigeria (a group of several countries counts for each in part)."""
        found: Counter[str] = Counter()
        for match in groups:
            countries = self._lex.group_countries[match.group()]
            for country in countries:
                found[country] += GROUP_EVIDENCE / len(countries)
        return found

    def _country_words_in(self, text: str) -> list[tuple[str, str]]:
        """Demonyms and country abbreviations in the text, except where they name an actor rather than a
        place ("U.S. Central Command said", "American jets", "Iranian-backed"): who acts is not where."""
        words = self._lex.country_words
        if self._lex.country_words_capitalised:  # then only words that may start a name can be one
            spans = self._scan_of(text).starts
        else:
            spans = [m.span() for m in _WORD.finditer(text)]
        return [(text[s:e], words[text[s:e]]) for s, e in spans
                if text[s:e] in words and not _ACTOR_AFTER.match(text, e)]
