"""Name normalisation: the key every gazetteer name and every query is reduced to before lookup.

Two levels:
- ``fold``: case, diacritics, apostrophes/ayin/hamza, punctuation and Arabic-script variants removed —
  "Ḩadīqat ash-Shahbā’" and "hadiqat ash shahba" fold alike;
- ``name_key``: ``fold`` plus transliteration conventions that vary between sources — the Arabic article
  (al-/el-/ad-/ash-...), Ain/Ayn/Ein, Airbase/Air Base/AB, St./Saint, doubled letters, a final -ah/-eh
  written or not (Hawijah/Hawija) — so "Ayn al-Asad Airbase" and "Ain Al Asad Air Base" share one key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")  # tashkeel + tatweel
_ARABIC_LETTERS = str.maketrans({
    "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627",  # alef forms -> bare alef
    "\u0629": "\u0647",  # taa marbuta -> haa
    "\u0649": "\u064a", "\u06cc": "\u064a", "\u06d2": "\u064a",  # alef maqsura, Farsi/Urdu yeh -> yeh
    "\u0624": "\u0648", "\u0626": "\u064a",  # hamza carriers
    "\u06a9": "\u0643",  # Farsi kaf
    "\u06d5": "\u0647",  # Kurdish ae -> haa
})
# Latin letters NFKD does not decompose.
_LATIN_LETTERS = str.maketrans({
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i", "ħ": "h",
})
# Apostrophe-like marks (ayin, hamza, quotes) vanish inside words: Kata'ib = Kataib, Ba‘qubah = Baqubah.
_APOSTROPHES = re.compile("['’‘`´ʻʼʽʾʿˈ′\u02b9\u02bc]")
_NON_WORD = re.compile(r"[^\w]+")
# Combining marks NFKD splits off accented letters (Latin, Greek, Cyrillic diacritics and their extensions).
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")

# The Arabic article in Latin script; always dropped when written standalone or hyphenated ("al-", "Al ").
ARTICLES = {"al", "el", "ul"}
# Sun-letter assimilated articles ("ash-Shaddadi", "Ar Ramadi", "At Tanf"): dropped when the next word
# starts with the consonant they assimilated to.
SUN_ARTICLES = {"ad", "adh", "an", "ar", "as", "ash", "at", "ath", "az", "ed", "en", "er", "es", "esh", "et", "ez"}
_TOKEN_SYNONYMS = {
    "ayn": "ain", "ein": "ain", "ayin": "ain",
    "airbase": "air base", "afb": "air base", "ab": "air base",
    "intl": "international",
    "st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort",
    "gov": "governorate", "governate": "governorate",
    "prov": "province",
    "tell": "tal", "tel": "tal", "jebel": "jabal", "jabel": "jabal", "djebel": "jabal",
}
_DOUBLED_LATIN = re.compile(r"([a-z])\1+")
_FINAL_H = re.compile(r"(?<=[a-z][ae])h$")
# Only as the final word: "Al Asad AB" is an air base, "AB" alone or mid-name is not.
_FINAL_ONLY = {"ab", "afb"}


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Case-, accent-, apostrophe- and punctuation-insensitive form; Arabic script normalised."""
    if _ARABIC_SCRIPT.search(text):
        text = _ARABIC_DIACRITICS.sub("", text).translate(_ARABIC_LETTERS)
    text = _APOSTROPHES.sub("", text)
    if not text.isascii():
        text = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    text = text.casefold().translate(_LATIN_LETTERS)
    return _NON_WORD.sub(" ", text).replace("_", " ").strip()


def _drop_article(token: str, following: str | None) -> bool:
    if following is None:
        return False
    if token in ARTICLES:
        return True
    return token in SUN_ARTICLES and following.startswith(token[1:])


def _arabic_token(token: str) -> str:
    # The Arabic article ال is part of the word in Arabic script; sources write it or not.
    return token[2:] if token.startswith("\u0627\u0644") and len(token) > 4 else token


@lru_cache(maxsize=500_000)
def name_key(text: str) -> str:
    """The lookup key: ``fold`` plus transliteration conventions (articles, Ain/Ayn, Airbase/AB...)."""
    tokens = fold(text).split()
    out: list[str] = []
    for i, token in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if _drop_article(token, following):
            continue
        if token in _FINAL_ONLY and (following is not None or i == 0):
            out.append(token)
            continue
        if _ARABIC_SCRIPT.match(token):
            token = _arabic_token(token)
        else:
            token = _DOUBLED_LATIN.sub(_single_letter, token)  # Assad = Asad, Tall = Tal, Shaddadi = Shadadi
            token = _FINAL_H.sub("", token)  # the taa marbuta written or not: Hawijah = Hawija, Hamah = Hama
        out.append(_TOKEN_SYNONYMS.get(token, token))
    return " ".join(out)


def _single_letter(run: re.Match[str]) -> str:
    # Transliteration doubles a letter; a run of three or more is no spelling of a name ("Qqqxxzz"
    # must not shrink to the code-like key "qxz").
    return run.group(1) if len(run.group(0)) == 2 else run.group(0)


def is_arabic_script(text: str) -> bool:
    return bool(_ARABIC_SCRIPT.search(text))
