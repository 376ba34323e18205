"""Incident extraction: read an article like an ACLED coder and return geocoded incidents.

    from geoinc.extraction import extract_incidents
    incidents = extract_incidents(article, geocoder)

A pure function of (article, geocoder): no global state besides compiled vocabularies, so it maps
over a process pool, a Dask bag or Spark unchanged. How it reads: ``sentences`` splits the text,
``reading`` reads each clause (attack words, vetoes for background/hypothesis/negation, actors and
their roles, dates, casualties), ``assemble`` turns clauses into one draft per attack and place,
folds later references into them, merges repeats and geocodes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import re
from functools import lru_cache

from geoinc.extraction.assemble import (
    WIDE, ArticleState, Draft, attribute_sections, attribute_suspects, default_dates, drop_lone_headlines, infer_attack_types, is_background,
    drop_summaries, fold_lead_ins, merge_drafts, read_sentence, resolve_places,
)
from geoinc.actors import Actor, home_forces
from geoinc.extraction.dates import find_dates, resolve
from geoinc.extraction.lexicon import actor_index, event_types_for, lexicon, raw_cues, worth_reading
from geoinc.extraction.reading import DEFENDER, SPEAKER, TARGET, read_clause
from geoinc.extraction.sentences import Sentence, split_sentences
from geoinc.geocoding.base import GeoContext, Geocoder, Mention
from geoinc.model import Article, Incident, SourceRef, UNATTRIBUTED

__all__ = ["extract_incidents"]

MAX_TEXT_CHARS = 2_000_000  # beyond this an "article" is a dump; its start is read, and a warning says so


def extract_incidents(article: Article, geocoder: Geocoder, background: bool = False) -> list[Incident]:
    """The incidents ``article`` reports, geocoded, with sources, notes and stable ids; with
    ``background``, also the attacks it recalls from more than a month before its publication."""
    text = article.text or ""
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
    dateline = _DATELINE.search(text[:3000])
    text = mask_dateline(text)
    sentences = split_sentences(text)
    candidates = [s for s in sentences if worth_reading(s.text)]
    if not candidates:
        return []
    mentions = geocoder.spot(text)
    state = ArticleState(published=article.published, geocoder=geocoder, context=_where_about(text, mentions, geocoder))
    if dateline is not None:
        state.home_forces = _filed_from(dateline.group(0), geocoder)
    headline = _headline_index(sentences, article)
    starts = [m.start for m in mentions]
    headings = _date_headings(sentences, article.published)
    for sentence in candidates:
        state.section_day = next(((i, day, p) for i, day, p in reversed(headings) if i < sentence.index), None)
        places = resolve_places(sentence, _mentions_within(sentence, mentions, starts), state)
        read_sentence(sentence, places, state, headline=sentence.index == headline)
    state.drafts = merge_drafts(drop_summaries(fold_lead_ins(state.drafts)))
    attribute_sections(state, _section_headings(sentences, headline))
    infer_attack_types(state)
    attribute_suspects(state)
    default_dates(state)
    state.drafts = drop_lone_headlines(merge_drafts(state.drafts))
    return [_incident(draft, article) for draft in state.drafts if background or not is_background(draft, article.published)]


_DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Z'’.-]{2,}(?:[ /][A-Z][A-Z'’.-]+)*|[A-Z][a-z]+(?=[^\n]{0,60}\([A-Z][\w ]{1,25}\))|[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?(?=[ \t]+[-–—][ \t]+[A-Z]))"
    r"(?:,[ \t]*[A-Z][\w .'’-]{1,30}?)?(?:[,:][ \t]*(?:[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]*\d{4})?|\d{1,2}[ \t]+[A-Z][a-z]{2,8}(?:[ \t]+\d{4})?))?"
    r"[ \t]*(?:\([A-Z][\w .,-]{1,30}\))?[ \t]*(?:[-–—]+|:)[ \t]+",  # "(Reuters)", "(June 24, 2024)", "QUETTA: Nov 4 -", "PESHAWAR, Nov 4:"
    re.M,
)


@lru_cache(maxsize=1)
def _force_nationality() -> re.Pattern[str]:
    """A capitalised word or initials before a forces noun of ``extract_cues.json`` ("U.S. forces")."""
    nouns = raw_cues()["forces_of"]
    return re.compile(rf"\b(?:U\.S\.|U\.K\.|[A-Z]{{2,3}}|[A-Z][a-z]+)(?=(?:-led)?\s+(?:{nouns})\b)")


def _where_about(text: str, mentions: list[Mention], geocoder: Geocoder) -> GeoContext:
    """The article's geographic context, leaving out nationalities that qualify armed forces or
    officials ("U.S. forces", "Turkish drones", "Iranian officials"): who acts is not where it
    happens, and a page full of "U.S. troops" once sent al-Omar oil field to Omar, West Virginia."""
    spans = [(m.start(), m.end()) for m in _force_nationality().finditer(text)]
    if not spans:
        return geocoder.context_for(text, mentions=mentions)
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    kept = [m for m in mentions if not any(s <= m.start < e for s, e in spans)]
    return geocoder.context_for("".join(chars), mentions=kept)


def _date_headings(sentences: list[Sentence], published: dt.date | None) -> list[tuple[int, dt.date, int]]:
    """Lines that are only a date ("**Monday**", "Statement No. 14 – 3 March"): the day the section
    under them speaks from, as (sentence index, day, precision)."""
    found = []
    for i, s in enumerate(sentences):
        alone = (i == 0 or sentences[i - 1].paragraph != s.paragraph) and (i + 1 == len(sentences) or sentences[i + 1].paragraph != s.paragraph)
        bare = s.text.strip(" *#_-–—:|.()\t")
        if not alone or len(bare) > 60 or bare.endswith("?") or worth_reading(bare) or not (dates := find_dates(bare)):
            continue
        rest = bare[: dates[0].start] + bare[dates[0].end:]
        day, precision = resolve(dates[0], published)
        if day is not None and day != published and len(re.findall(r"[^\W\d_]{2,}", rest)) <= 2 and not _SPAN.search(bare[: dates[0].start]):
            found.append((s.index, day, precision))  # a byline's date is the publication's: no news
    return found


_SPAN = re.compile(r"\b(?:since|until|till|through|from|between|before|after)\s*$", re.I)


def _filed_from(dateline: str, geocoder: Geocoder) -> Actor | None:
    """The state force of the country an article is filed from ("AMMAN, Jordan (AP) —")."""
    countries = geocoder.context_for(dateline).countries
    return home_forces(countries[0]) if countries else None


def mask_dateline(text: str) -> str:
    """Blank the dateline opening the first paragraphs ("BAGHDAD, March 10, 2024 (Wire) - "): the
    reporter's city and the filing date are not the event's place and date."""
    head = text[:3000]
    masked = _DATELINE.sub(lambda m: " " * len(m.group(0)), head)
    return masked + text[3000:] if masked != head else text


def _mentions_within(sentence: Sentence, mentions: list[Mention], starts: list[int]) -> list[Mention]:
    """The article's place mentions (spotted once, offsets in the article) that lie in one sentence."""
    first = bisect.bisect_left(starts, sentence.start)
    last = bisect.bisect_left(starts, sentence.end)
    return [m for m in mentions[first:last] if m.end <= sentence.end]


def _headline_index(sentences: list[Sentence], article: Article) -> int:
    """The headline: the title line, or the first whole line without sentence punctuation."""
    for s in sentences[:3]:
        if article.title and s.text.strip() == article.title.strip():
            return s.index
    for s in sentences[:3]:
        whole_line = all(o.paragraph != s.paragraph for o in sentences if o.index != s.index)
        if whole_line and not s.text.rstrip().endswith((".", "!", "?", "\"", "”", ":")) and len(s.text) > 25:
            return s.index
    return -1


def _section_headings(sentences: list[Sentence], headline: int) -> list[tuple[int, Actor]]:
    """Paragraph headings that name a group as doer ("Kataib Hezbollah", "The Houthis' Red Sea
    campaign"): a short line of its own without sentence punctuation, below the headline."""
    headings: list[tuple[int, Actor]] = []
    for i, s in enumerate(sentences):
        if s.index == headline or len(s.text) > 90 or s.text.rstrip().endswith((".", "!", "?", "\"", "”", ":", ",")):
            continue
        alone = (i == 0 or sentences[i - 1].paragraph != s.paragraph) and (i + 1 == len(sentences) or sentences[i + 1].paragraph != s.paragraph)
        if not alone or not actor_index().pattern.search(s.text):
            continue
        doers = [a.actor for a in read_clause(s.text, 0, len(s.text), False, []).actors if a.role not in (TARGET, SPEAKER, DEFENDER)]
        named = [a for a in doers if a.name != UNATTRIBUTED and a.category != "state_force"]
        if len({a.name for a in named}) == 1:
            headings.append((s.index, named[0]))
    return headings


def _incident(draft: Draft, article: Article) -> Incident:
    incident = Incident()
    incident.event_date, incident.time_precision, incident.date_text = draft.date, draft.precision if draft.date else 0, draft.date_text
    incident.attack_type = draft.attack_type
    incident.event_type, incident.sub_event_type = event_types_for(draft.attack_type, draft.disrupted)
    if draft.disrupted and draft.attack_type in ("unknown", "gunfire") and any(_REPELLED.search(note) for note in draft.notes):
        incident.event_type, incident.sub_event_type = event_types_for("gunfire", False)  # a ground attack fought off is a clash
    if draft.attack_type == "ied" and not draft.disrupted and any(lexicon().suicide.search(note) for note in draft.notes):
        incident.sub_event_type = "Suicide bomb"
    actor = draft.actor
    incident.actor1 = actor.name if actor else UNATTRIBUTED
    incident.actor1_category = actor.category if actor else "unknown"
    incident.attribution = draft.attribution if actor and actor.name != UNATTRIBUTED else "unattributed"
    incident.attributed_by = draft.attributed_by
    incident.actor2, incident.target = draft.target_actor, draft.target
    _place_fields(incident, draft)
    incident.fatalities, incident.injured = draft.casualties.fatalities, draft.casualties.injured
    if incident.fatalities is None and not any(n.startswith("fatalities") for n in draft.casualties.notes) and not any(
        _mentions_deaths(note) for note in draft.notes
    ):
        incident.fatalities = 0  # ACLED's convention: no death reported is 0 (a death of unknown count stays null)
    if incident.injured is None and not any(n.startswith("injured") for n in draft.casualties.notes) and not any(
        lexicon().cue["injure"].search(note) for note in draft.notes
    ):
        incident.injured = 0  # likewise for the wounded
    order = sorted(zip(draft.sentences, draft.notes))
    incident.notes = " ".join(dict.fromkeys(note for _, note in order))
    incident.sources = [SourceRef(article_id=article.id, title=article.title, url=article.url, published=article.published)]
    _review(incident, draft, article)
    incident.assign_id()
    return incident


_REPELLED = re.compile(r"\b(?:repelled|repulsed|fought off|beat back|beaten back)\b", re.I)
_OTHER_KILLING = re.compile(r"\b(?:the|this|that|these|those)\s+(?:\w+\s+)?killings?\b", re.I)


def _mentions_deaths(note: str) -> bool:
    """Whether a sentence speaks of deaths ("the killing came a day after a bomb ..." names another event)."""
    return any(not _OTHER_KILLING.search(note, max(0, m.start() - 20), m.end()) for m in lexicon().cue["kill"].finditer(note))


def _place_fields(incident: Incident, draft: Draft) -> None:
    ref = draft.place
    if ref is not None and ref.rank < WIDE:
        place = ref.place
        incident.location, incident.admin1, incident.country = place.name, place.admin1, place.country
        incident.place_text, incident.gazetteer_id = ref.surface, place.id
        incident.latitude, incident.longitude = place.latitude, place.longitude
        incident.geo_precision = max(place.geo_precision, 2 if draft.near else 1)
        if draft.offset is not None:
            km, bearing, words = draft.offset
            incident.latitude, incident.longitude = _moved(place.latitude, place.longitude, km, bearing)
            incident.location, incident.geo_precision = f"{words} {place.name}", max(place.geo_precision, 2)
    else:
        incident.country = draft.country
    if draft.launch is not None:
        incident.launch_location = draft.launch_text or draft.launch.place.name
        incident.launch_latitude, incident.launch_longitude = draft.launch.place.latitude, draft.launch.place.longitude


def _moved(latitude: float, longitude: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` away on ``bearing`` degrees (great circle), rounded to about 100 m."""
    lat, lon, b, d = math.radians(latitude), math.radians(longitude), math.radians(bearing), km / 6371.0
    lat2 = math.asin(math.sin(lat) * math.cos(d) + math.cos(lat) * math.sin(d) * math.cos(b))
    lon2 = lon + math.atan2(math.sin(b) * math.sin(d) * math.cos(lat), math.cos(d) - math.sin(lat) * math.sin(lat2))
    return round(math.degrees(lat2), 3), round((math.degrees(lon2) + 540) % 360 - 180, 3)


_FACTORS = {
    "place": 0.7, "date": 0.85, "type": 0.8, "inferred": 0.9, "suspected": 0.9, "headline": 0.7, "low_geo": 0.8,
}


def _review(incident: Incident, draft: Draft, article: Article) -> None:
    confidence = 0.9
    if not incident.is_mappable:
        confidence *= _FACTORS["place"]
        incident.flag("no place below country level: not mapped")
    if incident.event_date is None:
        confidence *= _FACTORS["date"]
        if draft.date_text:
            incident.flag(f"date '{draft.date_text}' cannot be resolved without a publication date")
        else:
            incident.flag("date unknown")
        for warning in article.warnings:
            if warning.startswith("dateline"):
                incident.flag(warning)
    if incident.attack_type == "unknown":
        confidence *= _FACTORS["type"]
        incident.flag("attack type not stated")
    elif draft.inferred_type:
        confidence *= _FACTORS["inferred"]
        incident.flag(f"attack type '{incident.attack_type}' inferred from the perpetrator's usual means")
    if draft.weapon_doubt:
        incident.flag(f"attack type uncertain: {draft.weapon_doubt}")
    if incident.attribution == "suspected":
        confidence *= _FACTORS["suspected"]
        incident.flag(f"attribution to {incident.actor1} is suspected, not claimed or officially attributed")
    if draft.headline and len(draft.sentences) == 1:
        confidence *= _FACTORS["headline"]
        incident.flag("reported only in the headline")
    for note in draft.casualties.notes:
        incident.flag(note)
    for reason in draft.flags:
        if reason.startswith("place"):
            confidence *= _FACTORS["low_geo"]
        incident.flag(reason)
    incident.confidence = round(confidence, 2)
