"""Sentence splitting for news text: paragraphs are lines; abbreviations ("U.S.", "Gen.", "Jan.")
and initials do not end a sentence; headline-like lines are sentences of their own."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr gen lt col maj sgt capt cpt adm rep sen gov st no nos vs etc inc co corp ltd jr sr "
    "prof rev gen brig cmdr cdr pvt spc cpl fig approx est dept govt jan feb mar apr jun jul aug sep sept "
    "oct nov dec mt ft al a.m p.m u.s u.k u.n e.g i.e".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9\u0600-\u06FF])")
_TOKEN_BEFORE = re.compile(r"([\w.]+)[.!?]+[\"”’')\]]*\s+$")


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets into the article text
    end: int
    text: str
    paragraph: int
    index: int  # position in the article, 0-based


def _is_abbreviation(text: str, boundary_end: int) -> bool:
    window = text[max(0, boundary_end - 12):boundary_end]
    m = _TOKEN_BEFORE.search(window)
    if not m:
        return False
    token = m.group(1).lower().rstrip(".")
    if token in _ABBREVIATIONS:
        return True
    # single initials ("John F. Kennedy") and dotted acronyms ("U.S.")
    return (len(token) == 1 and not token.isdigit()) or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", token))


_FUNCTION_WORDS = frozenset(
    "on in at of to by for from with and or the a an as that which who whose after before near said says into against".split()
)
_LAST_WORD = re.compile(r"(\S+)[ \t]*$")


def _unwrap(text: str) -> str:
    """Hard-wrapped text ("...in western Iraq on\nTuesday, wounding ...") is joined into its
    paragraphs: a line break after a comma or a function word, or before a lower-case word, is a
    space; a headline ("... as militias up tension\nFollowing ...") stays a line of its own."""
    chars = list(text)
    for m in re.finditer(r"\n", text):
        i = m.start()
        last = _LAST_WORD.search(text, max(0, i - 30), i)
        following = text[i + 1: i + 4].lstrip(" \t")[:1]
        if last is None or not following or following == "\n":
            continue
        word = last.group(1)
        sentence_end = word.endswith((".", "!", "?", ":", "\"", "”", "|"))
        if word.endswith(",") or word.lower() in _FUNCTION_WORDS or (following.islower() and not sentence_end):
            chars[i] = " "
    return "".join(chars)


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    offset = 0
    for paragraph, line in enumerate(_unwrap(text).split("\n")):
        start = 0
        for m in _BOUNDARY.finditer(line):
            if _is_abbreviation(line, m.end()):
                continue
            _add(sentences, line, start, m.end(), offset, paragraph)
            start = m.end()
        _add(sentences, line, start, len(line), offset, paragraph)
        offset += len(line) + 1
    return sentences


def _add(out: list[Sentence], line: str, start: int, end: int, offset: int, paragraph: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    begin = offset + start + lead
    out.append(Sentence(begin, begin + len(stripped), stripped, paragraph, len(out)))
