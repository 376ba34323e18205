"""An analyst's hand-typed CSV of incidents (ACLED-like columns), read row by row into ``Incident``s.

Extraction is skipped for these rows; rows without coordinates are geocoded later by place name.
A CSV that ``geoinc export`` wrote is read back exactly (ids, sources, review flags), so importing it
into a store recognises its incidents instead of adding them again. Spreadsheet formula escapes
(a leading apostrophe, see ``geoinc.exports.csvfile``) are undone in every cell.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

from geoinc.model import ATTACK_TYPES, ATTRIBUTIONS, Incident, SourceRef, UNATTRIBUTED
from geoinc.sources.published import parse_date_value


class BadRow(ValueError):
    """One CSV row that cannot become an incident (the message names the column)."""


@lru_cache(maxsize=1)
def column_aliases() -> dict[str, dict[str, list[str]]]:
    return json.loads(resources.files("geoinc").joinpath("data/csv_columns.json").read_text("utf-8"))


def normalise_header(name: str) -> str:
    return name.strip().lstrip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def map_columns(header: list[str], kind: str) -> dict[str, str]:
    """{field: header as written} for the headers that name a known field."""
    normalised = {normalise_header(h): h for h in header}
    mapping: dict[str, str] = {}
    for field_name, aliases in column_aliases()[kind].items():
        for alias in aliases:
            if alias in normalised:
                mapping[field_name] = normalised[alias]
                break
    return mapping


def is_incident_table(mapping: dict[str, str]) -> bool:
    has_where = "location" in mapping or ("latitude" in mapping and "longitude" in mapping)
    return has_where and bool({"event_date", "actor1", "event_type", "attack_type", "notes"} & mapping.keys())


def _number(value: str, column: str, low: float, high: float) -> float | None:
    if not value.strip():
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise BadRow(f"{column} {value!r} is not a number") from None
    if not low <= number <= high or number != number:
        raise BadRow(f"{column} {number} is outside {low:g}..{high:g}")
    return number


def _count(value: str, column: str) -> int | None:
    number = _number(value, column, 0, 1e7)
    return None if number is None else int(number)


def _country_code(value: str) -> str:
    value = value.strip()
    if len(value) == 2 and value.isalpha():
        return value.upper()
    import pycountry  # lazily: only hand-typed CSVs with country names need it

    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return ""


def row_to_incident(row: dict[str, str], mapping: dict[str, str], origin: str,
                    dates: DateReader | None = None) -> Incident:
    from geoinc.exports.csvfile import unescape_formula  # lazily: importing the exports costs ~30 ms
    from geoinc.extraction.lexicon import canonical_actor, event_types_for, weapon_type  # shared vocabulary

    def get(name: str) -> str:
        column = mapping.get(name)
        return unescape_formula((row.get(column) or "").strip()) if column else ""

    incident = Incident(confidence=0.9)
    incident.location = incident.place_text = get("location")
    incident.admin1 = get("admin1")
    incident.target = get("target")
    incident.actor2 = get("actor2")
    incident.notes = get("notes")
    incident.launch_location = get("launch_location")
    incident.attributed_by = get("attributed_by")
    lat = _number(get("latitude"), mapping.get("latitude", "latitude"), -90, 90)
    lon = _number(get("longitude"), mapping.get("longitude", "longitude"), -180, 180)
    if (lat is None) != (lon is None):
        raise BadRow("latitude and longitude must both be given or both be empty")
    incident.latitude, incident.longitude = lat, lon
    if get("country"):
        incident.country = _country_code(get("country"))
        if not incident.country:
            incident.flag(f"unknown country {get('country')!r}")
    _set_date(incident, get("event_date"), get("time_precision"), dates or DateReader())
    actor_name = get("actor1")
    incident.actor1 = canonical_actor(actor_name) or actor_name or UNATTRIBUTED
    attribution = get("attribution").lower()
    incident.attribution = attribution if attribution in ATTRIBUTIONS else (
        "unattributed" if incident.actor1 == UNATTRIBUTED else "attributed"
    )
    attack = get("attack_type").lower().replace(" ", "_")
    incident.attack_type = attack if attack in ATTACK_TYPES else (weapon_type(get("attack_type")) or "unknown")
    if attack and incident.attack_type == "unknown" and attack != "unknown":
        incident.flag(f"unknown attack_type {get('attack_type')!r}")
    default_event, default_sub = event_types_for(incident.attack_type, disrupted=False)
    incident.event_type = get("event_type") or default_event
    incident.sub_event_type = get("sub_event_type") or default_sub
    incident.fatalities = _count(get("fatalities"), "fatalities")
    incident.injured = _count(get("injured"), "injured")
    if get("geo_precision"):
        incident.geo_precision = int(_number(get("geo_precision"), "geo_precision", 1, 3) or 1)
    incident.sources = [SourceRef(article_id=get("id") or origin, title=get("source"), url=get("url"))]
    if not incident.location and lat is None:
        incident.flag("no location or coordinates in the row")
    if get("id"):
        incident.id = get("id")
    else:
        incident.assign_id()
    return incident


def _set_date(incident: Incident, text: str, precision: str, dates: DateReader) -> None:
    if not text:
        incident.flag("no event date")
        return
    incident.date_text = text
    try:
        incident.event_date = dates.read(text)
    except BadRow as exc:
        incident.flag(str(exc))
        return
    if incident.event_date is None:
        incident.flag(f"unreadable event_date {text!r}")
        return
    incident.time_precision = int(precision) if precision.strip() in ("1", "2", "3") else 1


# The number columns of a geoinc export and their ranges, checked so a bad cell is named in the message.
_EXPORT_NUMBERS = {
    "latitude": (-90, 90), "longitude": (-180, 180), "launch_latitude": (-90, 90), "launch_longitude": (-180, 180),
    "fatalities": (0, 1e7), "injured": (0, 1e7), "time_precision": (0, 3), "geo_precision": (1, 3),
    "confidence": (0, 1),
}


def exported_row_to_incident(row: dict[str, str], mapping: dict[str, str], origin: str,
                             dates: DateReader | None = None) -> Incident:
    """A row of a geoinc CSV export, as the incident it was written from. A row the analyst added to the
    export (no event_id) is read like any typed row."""
    from geoinc.exports.csvfile import incident_from_row, unescape_formula

    dates = dates or DateReader()
    if not (row.get("event_id") or "").strip():
        return row_to_incident(row, mapping, origin, dates)
    row = dict(row)
    for column, (low, high) in _EXPORT_NUMBERS.items():
        number = _number(unescape_formula(row.get(column) or ""), column, low, high)
        if number is not None:
            row[column] = repr(number)  # "33,5" from a spreadsheet in a comma-decimal locale, as a number
    for lat_name, lon_name in (("latitude", "longitude"), ("launch_latitude", "launch_longitude")):
        if bool((row.get(lat_name) or "").strip()) != bool((row.get(lon_name) or "").strip()):
            raise BadRow(f"{lat_name} and {lon_name} must both be given or both be empty")
    date_text = (row.get("event_date") or "").strip()
    if date_text:
        date = dates.read(date_text)
        if date is None:
            raise BadRow(f"event_date {date_text!r} is not a date")
        row["event_date"] = date.isoformat()
    try:
        return incident_from_row(row)
    except (TypeError, ValueError) as exc:
        raise BadRow(str(exc)) from None


_NUMERIC_DATE = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})")


class DateReader:
    """Dates as analysts and spreadsheets write them: ISO, "23 November 2023", and the numeric forms a
    spreadsheet saves in its locale (23.11.2023, 23/11/2023, 11/23/2023). A spreadsheet writes every date of
    a file in one order, so the first date that reads only one way (a day above 12) settles day-first or
    month-first for the rest of the file."""

    def __init__(self) -> None:
        self.day_first: bool | None = None

    def read(self, text: str) -> dt.date | None:
        """The date, or None if ``text`` is no date; ``BadRow`` if it reads both ways and the order is unknown."""
        if (date := parse_date_value(text)) is not None:
            return date
        readings = self._readings(text)
        if readings is None:
            return None
        day_first, month_first = readings
        if day_first and month_first and day_first != month_first:
            if self.day_first is None:
                raise BadRow(f"event_date {text!r} can be read day-first or month-first; write it as YYYY-MM-DD")
            return day_first if self.day_first else month_first
        if (day_first is None) != (month_first is None) and _NUMERIC_DATE.fullmatch(text.strip())[2] != ".":
            self.day_first = day_first is not None
        return day_first or month_first

    def needs_order(self, text: str) -> bool:
        """Whether ``text`` reads two ways and this file has not yet shown which."""
        if self.day_first is not None or parse_date_value(text) is not None:
            return False
        readings = self._readings(text)
        return readings is not None and None not in readings and readings[0] != readings[1]

    @staticmethod
    def _readings(text: str) -> tuple[dt.date | None, dt.date | None] | None:
        """(day-first, month-first) readings of a numeric date, None for each that is no real date."""
        m = _NUMERIC_DATE.fullmatch(text.strip())
        if not m:
            return None
        first, separator, second, year = int(m[1]), m[2], int(m[3]), int(m[4])
        year += 2000 if year < 100 else 0
        month_first = None if separator == "." else _valid_date(year, first, second)  # 23.11.2023 is day-first
        return _valid_date(year, second, first), month_first


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_incident_rows(rows: Iterator[tuple[int, dict[str, str]]], mapping: dict[str, str], name: str) -> Iterator[tuple[int, Incident | str]]:
    """(line, incident) per good row, (line, one-line problem) per bad one. Rows whose date reads two ways
    wait until a later row settles the file's day/month order (so they may come after it)."""
    from geoinc.exports.csvfile import is_geoinc_export

    read_row = None
    date_column = mapping.get("event_date", "event_date")
    dates = DateReader()
    waiting: list[tuple[int, dict[str, str]]] = []

    def read(line: int, row: dict[str, str]) -> tuple[int, Incident | str]:
        try:
            return line, read_row(row, mapping, f"{name}:{line}", dates)
        except BadRow as exc:
            return line, str(exc)

    for line, row in rows:
        if read_row is None:
            read_row = exported_row_to_incident if is_geoinc_export(row) else row_to_incident
        if dates.needs_order((row.get(date_column) or "").strip()):
            waiting.append((line, row))
            continue
        yield read(line, row)
        if waiting and dates.day_first is not None:
            yield from (read(*held) for held in waiting)
            waiting.clear()
    yield from (read(*held) for held in waiting)  # the order never showed: each says its date is ambiguous
