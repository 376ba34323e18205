"""Date expressions in news text and their resolution against the publication date.

Hand-rolled fast paths for what news reports use ("on Thursday", "yesterday", "last week",
"hours before", "the night of July 6", "June 28", "Thanksgiving Day", "in January"): dateparser is
~100x slower and does not know the anchor (the publication date or the previous event).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from geoinc.extraction.lexicon import Scanner, lexicon
from geoinc.extraction.prefilter import Prefiltered, grouped_alternation
from geoinc.model import TIME_PRECISION_DAY, TIME_PRECISION_MONTH, TIME_PRECISION_WEEK
from geoinc.sources.published import MONTH_RE, month_number

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ARABIC_WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5, "الأحد": 6}
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "a": 1, "an": 1,
}

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.I))
    for kind, pattern in (
        ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
        ("mdy", rf"\b({MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?(?!\d)(?!\s*(?:km|kilomet|mile|percent|%))"),
        ("dmy", rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})(?:,?\s+(\d{{4}}))?\b"),
        ("month", rf"\b(?:in|during|early|late|mid|last|this)[\s-]+({MONTH_RE})(?:,?\s+(\d{{4}}))?\b|\b({MONTH_RE})\s+(\d{{4}})\b"),
        ("weekday", r"\b(?:(?:on|late|early|last|this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b|(?<!\w)(?:يوم\s+|مساء\s+|صباح\s+|ليلة\s+|فجر\s+)?(الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد)(?!\w)"),
        ("yesterday", r"\b(?:yesterday|last night)\b"),
        ("today", r"\b(?:today|tonight|overnight|in the early hours|this morning|this afternoon|this evening|earlier today)\b"),
        ("days_ago", r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|\d{1,2})\s+(days|weeks)\s+(ago|earlier|before)\b"),
        ("few_days", r"\b(?:a few|several|some) days\s+(?:ago|earlier|before|after|prior)\b|\bearlier this week\b|\bthis week\b"),
        ("last_week", r"\blast week(?:end)?\b|\ba week (?:ago|earlier)\b|\bthe previous week\b"),
        ("last_month", r"\blast month\b|\ba month (?:ago|earlier)\b|\bearlier this month\b"),
        ("years_ago", r"\b(a|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years?\s+ago\b(\s+today)?|\b(last|the previous) year\b"),
        ("hours", r"\b(?:(?:just|only|a few|several|some|two|three|\d+)\s+)?hours?\s+(?:before|earlier|after|later)\b|\blater (?:that|the same) (?:day|night)\b|\bthe same (?:day|night)\b|\bminutes (?:before|after|later|earlier)\b|\bshortly (?:before|after|afterwards)\b(?!\s+(?:midnight|noon|dawn|dusk|sunset|sunrise|daybreak|\d))"),
        ("next_day", r"\b(?:the (?:next|following) day|a day later|the day after)\b"),
        ("previous_day", r"\b(?:the previous day|the day before|a day (?:earlier|before)|the preceding day)\b(?!\s+(?:yesterday|the))"),
    )
)


@dataclass(frozen=True)
class DateExpr:
    start: int
    end: int
    text: str
    kind: str
    groups: tuple[str | None, ...]


_BY_KIND = dict(_PATTERNS)
_HOLIDAY_AS_NOUN = re.compile(r"['’]?s?\s+(?:gift|gifts|tree|message|card|present|shopping|market|season|holidays?|decorations|carols?|service|mass|truce|greetings|dinner|party|celebrations?|spirit)\b", re.I)


@lru_cache(maxsize=1)
def _combined() -> Scanner:
    """All date patterns (holidays last) in one alternation: one scan per sentence."""
    names = sorted((alt for _, h in lexicon().holidays for alt in h["name"].split("|")), key=len, reverse=True)
    holidays = "|".join(f"(?:{name})" for name in names)  # longest first: "christmas eve" before "christmas"
    groups = [(kind, pattern.pattern) for kind, pattern in _PATTERNS]
    groups.append(("holiday", rf"(?<![\w-])(?:{holidays})(?![\w])"))
    return grouped_alternation(r"\b", groups, "", re.I)  # every date starts a word: \b first skips mid-word positions


_MAYBE_DATE = Prefiltered(re.compile(
    r"\d|day|night|week|month|year|ago|yesterday|today|tonight|overnight|earlier|later|hours?\b|minutes|shortly|eve\b|eid|ashura|arbaeen|arba'?een|nowruz|norouz|newroz|nawroz|christmas|thanksgiving|independence|memorial|labor|veterans|halloween|valentine|new year|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد",
    re.I,
))


_EVE_BEFORE = re.compile(r"\b(?:the\s+)?(?:eve|(?:day|night|evening)\s+(before|after))\s+(?:of\s+)?(?:the\s+)?$", re.I)


def find_dates(text: str) -> list[DateExpr]:
    """Date expressions in ``text``, non-overlapping, in text order."""
    found: list[DateExpr] = []
    if not _MAYBE_DATE.search(text):
        return found
    for m in _combined().finditer(text):
        kind = m.lastgroup or ""
        if kind == "holiday":
            holiday = next((h for pattern, h in lexicon().holidays if pattern.fullmatch(m.group(0))), None)
            if holiday is not None and not _HOLIDAY_AS_NOUN.match(text, m.end()) and not re.search(r"\b(?:a|an)\s+$", text[max(0, m.start() - 4): m.start()], re.I):
                eve = _EVE_BEFORE.search(text, max(0, m.start() - 25), m.start())  # "on the eve of Ashura", "the day after Eid"
                shift = (1 if (eve.group(1) or "").lower() == "after" else -1) if eve else 0
                start = eve.start() if eve else m.start()
                found = [d for d in found if d.end <= start]  # "the day after" belongs to "the day after Eid"
                found.append(DateExpr(start, m.end(), text[start: m.end()], "holiday", (holiday["name"], shift)))
            continue
        own = _BY_KIND[kind].match(text, m.start())
        if own is None or (kind in ("mdy", "month", "dmy") and _is_lower_may(own)):
            continue
        found.append(DateExpr(own.start(), own.end(), own.group(0), kind, own.groups()))
    found = [d for i, d in enumerate(found) if not _names_the_night_of(d, found[i + 1:], text)]
    if len(found) > 1:  # "On Sunday, two days before the hearing, ...": the day is Sunday
        found = [d for d in found if not (d.kind == "days_ago" and _BEFORE_AN_EVENT.match(text, d.end))]
    return found


_BEFORE_AN_EVENT = re.compile(r"\s+(?:the|a|an|his|her|their|its)\s+\w", re.I)


_INTO_DATE = re.compile(r"\s+(?:(?:into|to|of|on)\s+(?:the\s+)?)?$", re.I)


def _names_the_night_of(expr: DateExpr, later: list[DateExpr], text: str) -> bool:
    """"overnight into 1 January", "overnight on Saturday": the date that follows says which night."""
    return expr.kind == "today" and bool(later) and _INTO_DATE.fullmatch(text[expr.end: later[0].start]) is not None


def _is_lower_may(m: re.Match[str]) -> bool:
    """Month names are capitalised in English: "may", "march" and "sat" in lower case are words."""
    return any(g and g[0].isalpha() and g[0].islower() for g in m.groups())


def _with_year(month: int, day: int, published: dt.date | None) -> dt.date | None:
    """A day-and-month date in the year that puts it on or before the publication date."""
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate <= published + dt.timedelta(days=2):
            return candidate
    return None


def _holiday(spec: dict, year: int) -> dt.date | None:
    if spec["rule"] == "dates":  # lunar holidays: the day listed for that year, none beyond the list
        month_day = spec["dates"].get(str(year))
        return dt.date(year, *month_day) if month_day else None
    if spec["rule"] == "fixed":
        return dt.date(year, spec["month"], spec["day"])
    if spec["rule"] == "nth_weekday":
        first = dt.date(year, spec["month"], 1)
        offset = (spec["weekday"] - first.weekday()) % 7
        return first + dt.timedelta(days=offset + 7 * (spec["n"] - 1))
    last = dt.date(year + (spec["month"] == 12), spec["month"] % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - spec["weekday"]) % 7)


def _holiday_spec(name: str) -> dict:
    return next(h for _, h in lexicon().holidays if h["name"] == name)


def resolve(expr: DateExpr, published: dt.date | None, anchor: tuple[dt.date | None, int] | None = None) -> tuple[dt.date | None, int]:
    """(date, ACLED time_precision) for an expression; (None, precision) when it needs a
    publication date that is unknown. ``anchor`` is the date of the event a relative expression
    ("hours before", "the next day") points from."""
    g, kind = expr.groups, expr.kind
    if kind == "iso":
        return _safe(int(g[0]), int(g[1]), int(g[2])), TIME_PRECISION_DAY
    if kind in ("mdy", "dmy"):
        month, day, year = (g[0], g[1], g[2]) if kind == "mdy" else (g[1], g[0], g[2])
        if year:
            return _safe(int(year), month_number(month), int(day)), TIME_PRECISION_DAY
        return _with_year(month_number(month), int(day), published), TIME_PRECISION_DAY
    if kind == "month":
        month_word, year = (g[0], g[1]) if g[0] else (g[2], g[3])
        month = month_number(month_word)
        first = _safe(int(year), month, 1) if year else _with_year(month, 1, published)
        return _mid_month(first, published), TIME_PRECISION_MONTH
    if kind == "holiday":
        if published is None:
            return None, TIME_PRECISION_DAY
        spec = _holiday_spec(g[0])
        day = _holiday(spec, published.year)
        if day is None or day > published + dt.timedelta(days=2):
            day = _holiday(spec, published.year - 1)
        return (day + dt.timedelta(days=g[1]) if day else None), TIME_PRECISION_DAY
    base_date, base_precision = anchor if anchor and anchor[0] else (published, TIME_PRECISION_DAY)
    if kind == "hours":
        return base_date, base_precision
    if kind == "next_day":
        return (base_date + dt.timedelta(days=1) if base_date else None), base_precision
    if kind == "previous_day":  # "a day earlier": before the event just told, or before publication
        return (base_date - dt.timedelta(days=1) if base_date else None), base_precision
    if published is None:
        return None, _RELATIVE_PRECISION.get(kind, TIME_PRECISION_DAY)
    if kind == "weekday":
        weekday = _WEEKDAYS.index(g[0].lower()) if g[0] else _ARABIC_WEEKDAYS[g[1]]
        back = (published.weekday() - weekday) % 7 or (7 if expr.text.lower().startswith("last ") else 0)  # "last Wednesday" on a Wednesday
        return published - dt.timedelta(days=back), TIME_PRECISION_DAY
    if kind == "days_ago":  # "ten days ago" counts from publication; "ten days earlier" from the event just told
        n = _count(g[0])
        weeks = g[1].lower() == "weeks"
        base = base_date if g[2].lower() != "ago" and anchor and anchor[0] else published
        return base - dt.timedelta(days=n * (7 if weeks else 1)), TIME_PRECISION_WEEK if weeks else TIME_PRECISION_DAY
    if kind == "years_ago":  # "a year ago today" (the day), "two years ago", "last year" (the year)
        years = 1 if g[2] else _count(g[0])
        day = _safe(published.year - years, published.month, published.day) or _safe(published.year - years, published.month, 28)
        return day, TIME_PRECISION_DAY if g[1] else TIME_PRECISION_MONTH
    if kind == "last_month":
        if expr.text.lower().startswith("earlier this month"):
            return _mid_month(published.replace(day=1), published - dt.timedelta(days=1)), TIME_PRECISION_MONTH
        previous = (published.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        return _mid_month(previous, published), TIME_PRECISION_MONTH
    delta, precision = _RELATIVE[kind]
    return published - dt.timedelta(days=delta), precision


_RELATIVE = {
    "yesterday": (1, TIME_PRECISION_DAY),
    "today": (0, TIME_PRECISION_DAY),
    "few_days": (3, TIME_PRECISION_WEEK),
    "last_week": (7, TIME_PRECISION_WEEK),
    "last_month": (30, TIME_PRECISION_MONTH),
}
_RELATIVE_PRECISION = {k: v[1] for k, v in _RELATIVE.items()}


def _count(word: str) -> int:
    """"10", "ten", "a": how many days, weeks or years a relative date counts back."""
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _mid_month(first: dt.date | None, published: dt.date | None) -> dt.date | None:
    """A month-precision date is the middle of the month, or of its part before publication."""
    if first is None:
        return None
    day = first.replace(day=15)
    if published is not None and first <= published < day:
        return first + (published - first) / 2
    return day


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
