"""Plain-text clean-up: page furniture (teaser lists of other articles, calls to action, copyright and
credit lines), Markdown markup and front matter, and the headline."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from geoinc.sources.published import parse_date_value

_SENTENCE_END = re.compile(r"[.!?…:;\"”’)]\s*$")
_BULLET = re.compile(r"^\s*(?:[-*•·‣▪]|\d{1,3}[.)])\s+")
_TEASER_MAX = 200
_TEASER_DATE = re.compile(r"\s*[(\[]?\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\s*[)\]]?\s*$|\s*[(\[][^()\[\]]{3,30}[)\]]\s*$")


@dataclass(frozen=True)
class _Furniture:
    cta: re.Pattern[str]
    copyright: re.Pattern[str]
    related_header: re.Pattern[str]
    byline_listing: re.Pattern[str]
    credit: re.Pattern[str]


@lru_cache(maxsize=1)
def _furniture() -> _Furniture:
    raw = json.loads(resources.files("geoinc").joinpath("data/furniture.json").read_text("utf-8"))

    def union(key: str) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in raw[key]), re.I)

    return _Furniture(*(union(k) for k in ("cta", "copyright", "related_header", "byline_listing", "credit")))


def _headline_like(line: str) -> bool:
    """A teaser headline: short, no sentence punctuation at its end, not a bullet of the article."""
    return 0 < len(line) <= _TEASER_MAX and not _SENTENCE_END.search(line) and not _BULLET.match(line)


def _listed_teaser(line: str) -> bool:
    """A headline in a "Related" or "Most read" list: bulleted or numbered, perhaps dated
    ("- Rocket lands near Baghdad airport, no injuries  (30/09/2024)", "3. Strikes in Duhok kill four")."""
    body = _TEASER_DATE.sub("", _BULLET.sub("", line))
    return 0 < len(body) <= _TEASER_MAX and not _SENTENCE_END.search(body)


def strip_furniture(text: str) -> str:
    """Drop page furniture, keeping line structure of everything else."""
    fur = _furniture()
    lines = text.splitlines()
    stripped = [line.strip() for line in lines]
    drop = [False] * len(lines)
    in_related = False
    for i, line in enumerate(stripped):
        if not line:
            continue
        if fur.cta.search(line) or fur.copyright.search(line) or fur.credit.search(line):
            drop[i] = True
        elif fur.related_header.search(line):
            drop[i] = in_related = True
            continue
        elif fur.byline_listing.search(line):
            drop[i] = True
            prev = _previous_nonblank(stripped, i)
            if prev is not None and _headline_like(stripped[prev]):
                drop[prev] = True
        if in_related:
            if _headline_like(line) or _listed_teaser(line) or drop[i]:
                drop[i] = True
            else:
                in_related = False
    _drop_trailing_teasers(stripped, drop)
    return "\n".join(line for line, dropped in zip(lines, drop) if not dropped).strip("\n")


def _previous_nonblank(lines: list[str], i: int) -> int | None:
    for j in range(i - 1, -1, -1):
        if lines[j]:
            return j
    return None


def _drop_trailing_teasers(lines: list[str], drop: list[bool]) -> None:
    """The end of a page is often a list of other headlines: drop the trailing run of headline-like
    lines when furniture was found among them (so a closing list of the article's own is kept)."""
    start = len(lines)
    saw_furniture = False
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i]:
            continue
        if drop[i]:
            saw_furniture = True
        elif not _headline_like(lines[i]):
            break
        start = i
    if saw_furniture:
        for i in range(start, len(lines)):
            drop[i] = True


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_HEADER = re.compile(r"^\s{0,3}#{1,6}\s+", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$", re.M)


def markdown_to_text(text: str) -> tuple[str, dict[str, str]]:
    """(plain text, front-matter fields). Keeps line structure; links become their text."""
    meta: dict[str, str] = {}
    if m := _FRONT_MATTER.match(text):
        for line in m[1].splitlines():
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("'\"")
        text = text[m.end():]
    text = _MD_IMAGE.sub("", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_HEADER.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_RULE.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return text, meta


def guess_title(text: str) -> str:
    """The headline: the first short line without sentence-final punctuation (a dateline is skipped)."""
    for line in text[:2000].splitlines()[:6]:
        line = line.strip()
        if not line or (len(line) < 40 and parse_date_value(line)):
            continue
        if len(line) <= 250 and not line.endswith((".", ":", "!", "?")):
            return line
        return ""
    return ""
