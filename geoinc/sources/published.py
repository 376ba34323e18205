"""Publication dates: from metadata strings (ISO 8601, RFC 2822, "May 26, 2024") and from the dateline
at the top of an article's text. A dateline without a year ("25 NOV") never gets an invented year."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
    "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
MONTH_RE = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
ARABIC_MONTHS = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9,
    "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12, "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4,
    "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7, "أغسطس": 8, "اغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10,
    "نوفمبر": 11, "ديسمبر": 12,
}
_ARABIC_DMY = re.compile(r"(\d{1,2})\s+(" + "|".join(sorted(ARABIC_MONTHS, key=len, reverse=True)) + r")\s+(\d{4})")
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_MDY = re.compile(rf"\b({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE}),?\s+(\d{{4}})\b", re.I)
_DM_NO_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({MONTH_RE})(?![\w.]*,?\s+\d{{4}})\b|\b({MONTH_RE})\s+(\d{{1,2}})\b(?!,?\s+\d{{4}})", re.I)
_HEADER_LINES = 8
_HEADER_CHARS = 800


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date_value(value: object) -> dt.date | None:
    """A date from a metadata value: ISO 8601, RFC 2822, "May 26, 2024", "26 May 2024"; else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()[:100]
    if m := _ISO.search(text):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _MDY.search(text):
        return _safe_date(int(m[3]), month_number(m[1]), int(m[2]))
    if m := _DMY.search(text):
        return _safe_date(int(m[3]), month_number(m[2]), int(m[1]))
    if m := _ARABIC_DMY.search(text):
        return _safe_date(int(m[3]), ARABIC_MONTHS[m[2]], int(m[1]))
    return None


def find_dateline(text: str) -> tuple[dt.date | None, str]:
    """(date, yearless) from the article's header lines: a full date on a short line or opening the
    first paragraph ("BAGHDAD, May 26, 2024 (Reuters) -"). When only a day and month are there,
    returns (None, "25 NOV") so the caller can warn instead of guessing a year."""
    header = text[:_HEADER_CHARS].splitlines()[:_HEADER_LINES]
    yearless = ""
    for line in header:
        line = line.strip()
        if not line:
            continue
        short = len(line) <= 120
        for pattern, order in ((_MDY, "mdy"), (_DMY, "dmy")):
            m = pattern.search(line)
            if m and (short or m.start() < 60):
                if order == "mdy":
                    found = _safe_date(int(m[3]), month_number(m[1]), int(m[2]))
                else:
                    found = _safe_date(int(m[3]), month_number(m[2]), int(m[1]))
                if found:
                    return found, ""
        if m := _ISO.search(line):
            if short and (found := _safe_date(int(m[1]), int(m[2]), int(m[3]))):
                return found, ""
        if (m := _ARABIC_DMY.search(line)) and short and (found := _safe_date(int(m[3]), ARABIC_MONTHS[m[2]], int(m[1]))):
            return found, ""
        if not yearless and short and (m := _DM_NO_YEAR.search(line)) and _ends_with_date(line, m):
            yearless = m.group(0)
    return None, yearless


def _ends_with_date(line: str, match: re.Match[str]) -> bool:
    """A yearless dateline stands at a line's start or end ("..., 25 NOV"), not inside a sentence."""
    return match.start() == 0 or not line[match.end():].strip(" .,;:-–—|)")
