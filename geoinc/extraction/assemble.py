"""From read clauses to incidents: one draft per attack event and target place, later sentences
about the same attack folded in ("The attack left no casualties", "CENTCOM attributed the attack
to ..."), the same attack mentioned twice merged, then geocoded ``Incident`` records."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from geoinc.actors import Actor, home_forces, is_home_force
from geoinc.extraction.casualties import Casualties, number_value
from geoinc.extraction.dates import DateExpr, find_dates, resolve
from geoinc.extraction.lexicon import event_types_for, lexicon, raw_cues
from geoinc.extraction.prefilter import Prefiltered
from geoinc.extraction.reading import DEFENDER, PERPETRATOR, SPEAKER, TARGET, ActorMention, ClauseReading, read_clause, split_clauses
from geoinc.extraction.sentences import Sentence
from geoinc.geocoding.base import Candidate, GeoContext, Geocoder, Mention, Place
from geoinc.geocoding.roads import ROAD_ID_PREFIX
from geoinc.model import TIME_PRECISION_DAY, TIME_PRECISION_MONTH, TIME_PRECISION_UNKNOWN, TIME_PRECISION_WEEK, UNATTRIBUTED

SITE_TYPES = frozenset({
    "air_base", "military_site", "embassy", "consulate", "airport", "border_crossing", "oil_field", "port",
    "dam", "checkpoint", "building", "camp", "base", "facility", "bridge", "prison", "power_plant",
})
_RANK = {"neighbourhood": 1, "district": 1, "road": 1, "city": 2, "town": 2, "village": 2, "admin2": 3, "region": 4,
         "country": 5, "continent": 5, "sea": 5}
WIDE = 5
_ACCEPT_SCORE = 0.85
_MIN_SCORE = 0.6
_IN_CONTEXT_SCORE = 0.45
_CUES = raw_cues()  # vocabulary of the module-level patterns below (their grammar stays here)
_LINK_WORDS = re.compile(
    r"^(?:\s|,|\b(?:in|near|outside|inside|of|at|on|the|heart|province|governorate|district|region|city|town|area|"
    r"countryside|capital|outskirts|north|south|east|west|northern|southern|eastern|western|central|northeast|"
    r"northwest|southeast|southwest|northeastern|northwestern|southeastern|southwestern|iraqi|syrian|"
    r"jordanian|kurdish|semi-autonomous|['’]s|located|based|km|kilometers|miles|border|frontier|subdistrict|sub-district|tehsil|county|oblast|\d+)\b)*$",
    re.I,
)
_NEAR = Prefiltered(re.compile(r"\b(?:near|outside|close to|on the outskirts of|outskirts of|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)? of|\d+\s*(?:km|kilometers|kilometres|miles) (?:from|of|north|south|east|west))\W*(?:the\s+)?(?:city of\s+|town of\s+)?$", re.I))
_FEATURE_BEFORE = Prefiltered(re.compile(r"\b(?:the\s+)?(airport|air base|airbase|base|embassy|consulate|port|oil field|garrison|camp)\s+(?:in|of|at|near|outside)\s+$", re.I))
_LAUNCH_BEFORE = Prefiltered(re.compile(
    r"\b(?:launched|fired|took off|came|originat\w*|flew|flown|sent)\b[^.;]{0,70}?\bfrom\s+"
    r"(?:(?!(?:landed|hit|struck|fell|exploded|impacted|crashed)\b)[\w'’-]+\s+){0,7}$|\bfrom\s+(?:the\s+)?(?:direction|area|territory|vicinity)\s+of\s+$"
    r"|\b(?:stationed|based|positioned|deployed)\s+(?:at|in)\s+(?:the\s+)?$",
    re.I,
))


@dataclass
class PlaceRef:
    start: int  # offsets in the sentence
    end: int
    surface: str
    place: Place
    score: float
    reference: bool = False  # named only to say where the place before it lies ("Dhiban, just south of the al-Omar field")

    @property
    def rank(self) -> int:
        if self.place.feature_type in SITE_TYPES:
            return 0
        return _RANK.get(self.place.feature_type, 2)


@dataclass
class Draft:
    sentences: list[int]
    paragraphs: set[int]
    notes: list[str]
    place: PlaceRef | None = None
    country: str = ""
    near: bool = False
    offset: tuple[float, float, str] | None = None  # km, bearing in degrees, as written: "60 km east of" the place
    within: set[str] = field(default_factory=set)  # ids of the wider places named with it ("Batifa subdistrict of Zakho district")
    launch: PlaceRef | None = None
    launch_text: str = ""
    attack_type: str = "unknown"
    weapon_doubt: str = ""
    families: set[str] = field(default_factory=set)
    disrupted: bool = False
    actor: Actor | None = None
    attribution: str = "unattributed"
    attributed_by: str = ""
    target_actor: str = ""
    target: str = ""
    date: dt.date | None = None
    precision: int = TIME_PRECISION_UNKNOWN
    date_text: str = ""
    casualties: Casualties = field(default_factory=Casualties)
    headline: bool = False
    lead_in: bool = False  # a verbless line opening a paragraph ("Night raid in al-Shuhayl (Friday 30 May).")
    sequel: bool = False  # told as what came next ("Hours later, a drone struck ..."): another attack
    summary: bool = False  # "targeted twice in 24 hours": several attacks told at once, each told apart below
    prior: bool = False
    inferred_type: bool = False
    unknown_said: bool = False
    flags: list[str] = field(default_factory=list)

    @property
    def last_sentence(self) -> int:
        return self.sentences[-1]


@dataclass
class _Suspect:
    sentence: int
    paragraph: int
    actor: Actor


@dataclass
class ArticleState:
    published: dt.date | None
    geocoder: Geocoder
    context: GeoContext
    drafts: list[Draft] = field(default_factory=list)
    last_date: tuple[dt.date | None, int, int, str] | None = None  # date, precision, sentence, text
    suspects: list[_Suspect] = field(default_factory=list)
    headline_actors: dict[str, list[Actor]] = field(default_factory=dict)  # place id -> who the headline says acted there
    last_claimant: Actor | None = None
    last_claimant_sentence: int = -1
    unclaimed: list[Draft] = field(default_factory=list)  # the attacks a "no one claimed" sentence was about
    unclaimed_sentence: int = -1
    home_forces: Actor | None = None  # the state force of the dateline's country
    last_force: Actor | None = None  # the state force named last ("the Jordanian army")
    last_group: Actor | None = None  # the armed group named last, for "the group says its fighters ..."
    last_named: dict[str, tuple[int, PlaceRef]] = field(default_factory=dict)  # "town"/"airport"/"base" -> (sentence, place) named last
    section_day: tuple[int, dt.date, int] | None = None  # the date heading the sentence read stands under: (index, day, precision)


# --- places ------------------------------------------------------------------------------------------


def resolve_places(sentence: Sentence, mentions: list[Mention], state: ArticleState) -> list[PlaceRef]:
    refs: list[PlaceRef] = []
    metonym, weapons = lexicon().cue["metonym_verbs"], lexicon().weapon_any
    for m in mentions:
        start, end = m.start - sentence.start, m.end - sentence.start
        if metonym.match(sentence.text, end) or _names_a_person(sentence.text, start, end) or _CLOCK_AFTER.match(sentence.text, end):
            continue  # "Baghdad condemns", "Jordan's government", "Gen. Pat Ryder", "(Baghdad time)": not the event's place
        if (weapon := weapons.match(sentence.text, start)) is not None and weapon.end() > end:
            continue  # "Grad rockets", "Kalibr missiles": a weapon named after a place or a word
        after_site = bool(refs) and _REST_OF_NAME.fullmatch(sentence.text, refs[-1].end, start) is not None
        found = _resolve(m.text, sentence.text[:start], state, read_feature=not after_site)
        if found is None:
            continue
        candidate, surface, start = found
        road_end = _ROAD_END.search(sentence.text, max(0, start - 40), start) is not None  # "the highway linking Baghdad to ..."
        refs.append(PlaceRef(start, end, surface, candidate.place, candidate.score, reference=road_end))
    return refs


_REST_OF_NAME = re.compile(r"(?:\s+(?!and\b|or\b|the\b)[a-z][\w-]*){0,3}\s+(?:in|of|at|near|outside)\s+(?:the\s+)?")  # "Ali Al Salem| air force base in |Kuwait"
_CLOCK_AFTER = re.compile(r"\s+(?:time|local time|standard time)\b", re.I)
_TITLE_BEFORE = re.compile(
    r"\b(?:" + _CUES["titles"] + r")\.?\s+"
    r"(?:[A-Z][\w'’-]+\s+|[A-Z]\.\s+){0,2}$"  # "Sgt. William Rivers"
)
_INSTITUTION_AFTER = re.compile(
    r"(?:\s+[A-Z][\w-]+)?(?:['’]s)?\s+(?:\w+\s+)?(?:government|ministry|officials?|spokes\w+|president|prime minister|parliament|leaders?)\b"
    r"|(?:\s+[A-Z][\w-]+)?['’]s\s+(?:\w+\s+)?(?:military|army|foreign|defen[cs]e|security|interior|embassy in|counter-terrorism|directorate|authorities|police|media|health|regional government|council)\b"
    r"|\s+(?:\w+\s+)?(?:officials?|sources?|authorities|police said|media|television|TV|news agency|spokes\w+|counter-terrorism\w*|directorate|ministry|government)\s+(?:said|says|told|reported|stated|announced|confirmed)",
    re.I,
)
_SPEAKER_AFTER = re.compile(r",\s+(?:(?:an?|the)\s+)?(?:[\w'’-]+\s+){0,4}?(?:spokes\w+|officials?|ministry|government|police|military|sources?|authorities|command|statement)\b[^.;]{0,40}?\b(?:said|says|told|announced|reported|stated)\b", re.I)
_SPEAKER_BEFORE = Prefiltered(re.compile(
    r"\b(?:source|sources|official|officials|spokes\w+|correspondent|reporter|residents?|witness(?:es)?|journalist|doctor|analyst|researcher|newsroom|desk)\s+(?:in|from|at|based in)\s+(?:the\s+)?$"
    r"|\b(?:told|said|speaking|spoke|reported|announced|statement|television|conference|briefing|interview|visit|visiting|trip)\b[^.,;]{0,40}\b(?:in|from)\s+$",
    re.I,
))


def _names_a_person(text: str, start: int, end: int) -> bool:
    """"Pat Ryder", "Oleh Syniehubov", "Gen. Austin", "Jordan's government": a place name that is
    part of a person's name or stands for a government."""
    if text[start:end].endswith(("'s", "’s")):
        end -= 2
    if _TITLE_BEFORE.search(text[max(0, start - 45): start]) or _INSTITUTION_AFTER.match(text, end):
        return True
    if _SPEAKER_BEFORE.search(text[max(0, start - 70): start]):
        return True  # "a security source in Kirkuk", "told state television in Amman"
    if re.search(r"(?:^|[.;]\s*)In\s+(?:the\s+)?$", text[max(0, start - 10): start]) and _SPEAKER_AFTER.match(text, end):
        return True  # "In Baghdad, a government spokesman said ...": where the statement was made
    single = " " not in text[start:end].strip() and "-" not in text[start:end]
    following = re.match(r"\s([A-Z][a-z]+)\b", text[end: end + 30])
    return single and following is not None and following.group(1) not in _PLACE_FOLLOWERS


_PLACE_FOLLOWERS = frozenset(
    "Province Governorate District City Town Village Airport Base Air Airbase Oblast Region Camp Road Highway Dam Bridge Street Square Port Bay Valley Mountains Desert Gate Crossing Border".split()
)


def _resolve(name: str, before: str, state: ArticleState, read_feature: bool = True) -> tuple[Candidate, str, int] | None:
    """The place a mention names; with ``read_feature``, "the airport in Baghdad" is Baghdad's airport
    (not when the feature word ended the place just named: "Ali Al Salem air base in Kuwait")."""
    g, ctx = state.geocoder, state.context
    if read_feature and (feature := _FEATURE_BEFORE.search(before)):
        # "the airport in Baghdad" names Baghdad's airport, not the city
        site = g.best(f"{name} {feature.group(1)}", ctx)
        if site is not None and site.place.feature_type in SITE_TYPES and site.score >= _MIN_SCORE:
            return site, before[feature.start():].strip() + " " + name, feature.start()
    best = g.best(name, ctx)
    if best is None or not _plausible(best, ctx):
        return None
    return best, name, len(before)


def _plausible(candidate: Candidate, ctx: GeoContext) -> bool:
    """A match is kept when it is fair and in a country the article is about, or sure and prominent
    (a country, a region, a curated site, a city) elsewhere."""
    place = candidate.place
    if place.country in ctx.countries[:2] or not place.country:
        return candidate.score >= _IN_CONTEXT_SCORE  # kept, flagged for review below the geocoder's threshold
    prominent = place.feature_type in SITE_TYPES or _RANK.get(place.feature_type, 2) >= 4 or place.population >= 50_000
    return candidate.score >= _ACCEPT_SCORE and prominent


def place_groups(places: list[PlaceRef], text: str) -> list[list[PlaceRef]]:
    """Places that describe one location ("Ain al-Asad base in Anbar province of western Iraq",
    "The US Embassy in Baghdad, in the heart of ... Green Zone") form one group; coordinated or
    separately attacked places ("Al-Asad Airbase and Erbil Airbase") form separate groups."""
    groups: list[list[PlaceRef]] = []
    for ref in places:
        if groups:
            prev = groups[-1][-1]
            between = text[prev.end: ref.start]
            wider = ref.rank > min(p.rank for p in groups[-1]) or bool(_DIVISION_AFTER.match(text, ref.end))
            coordinated = re.search(r"\b(?:and|or|as well as|plus|while|whereas)\b|;", between, re.I)
            listed = between.strip() == "," and not wider
            if _REFERENCE_POINT.search(re.sub(r"\([^)]*\)\s*", "", between)) and not re.search(r"\b(?:and|or)\s+(?:at|on|in)\b|;", between):
                ref.reference = ref.rank < min(p.rank for p in groups[-1]) and _offset_before(text[: ref.start]) is None
                groups[-1].append(ref)  # "Jurf al-Sakhar, on the Euphrates south-west of Baghdad"
                continue
            close = _distance_km(main_place(groups[-1]).place, ref.place) < 10 and len(between) < 80
            if not coordinated and not listed and (_LINK_WORDS.match(between) or ((wider or close) and len(between) < 80)):
                groups[-1].append(ref)
                continue
        groups.append([ref])
    return groups


_DIVISION_AFTER = re.compile(r"\s+(?:district|province|governorate|sub-?district|county|tehsil|oblast|state|region|local government area)\b", re.I)


def main_place(group: list[PlaceRef]) -> PlaceRef:
    return min([p for p in group if not p.reference] or group, key=lambda p: (p.rank, p.start))


def is_launch(group: list[PlaceRef], text: str, clause_start: int, clause_end: int | None = None) -> bool:
    """"launched from X", "fired from the direction of X", or a clause about the launch site."""
    if _LAUNCH_BEFORE.search(text[clause_start: group[0].start]):
        return True
    site = lexicon().cue["launch_site"].search(text, clause_start, clause_end if clause_end is not None else len(text))
    return site is not None and not _ATTACKED_SITE.search(text, max(clause_start, site.start() - 40), site.start())


# "struck back at their launch site near X": the launch site is the target of this act
_ATTACKED_SITE = re.compile(r"\b(?:at|on|against|targeting|targeted|struck|hit|bombed|destroyed)\s+(?:the|their|its|a|an|two|three|several)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _distance_km(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(min(1.0, h)))


# --- reading an article ------------------------------------------------------------------------------


_GROUP_REFERENCE = re.compile(r"\b(?:the same|the|that|this)\s+(?:group|militia|faction|organi[sz]ation|movement|outfit)\b(?=\s+(?:also\s+|later\s+|then\s+)?(?:claimed|said it|said they|announced))", re.I)


def read_sentence(sentence: Sentence, places: list[PlaceRef], state: ArticleState, headline: bool) -> None:
    dates = find_dates(sentence.text)
    pieces = split_clauses(sentence.text, dates)
    if headline:  # "Rockets hit Erbil | Drone downed over Harir", "Drone kills two in Sinjar as artillery pounds Duhok"
        pieces = [(a + m.start(), a + m.end(), prior) for a, b, prior in pieces for m in re.finditer(r"[^;|]+", sentence.text[a:b])]
        pieces = [piece for a, b, prior in pieces for piece in _split_headline_as(sentence.text, a, b, prior)]
    readings = [read_clause(sentence.text, s, e, prior, dates) for s, e, prior in pieces]
    _note_named(places, sentence, state)
    for index, r in enumerate(readings):
        _resolve_group_reference(r, state, sentence, [a for earlier in readings[:index] for a in earlier.actors])
    _note_forces(readings, state)
    sentence_date = next((d for r in readings if not r.prior for d in r.dates), None)
    opens_with_reference = bool(readings) and readings[0].definite
    no_attack = lexicon().cue["not_an_attack"]
    if no_attack.search(sentence.text):  # "..., but officials said it was a controlled detonation": only a named weapon elsewhere stands
        readings = [r for r in readings if r.weapons and not no_attack.search(r.text)]
    for reading in readings:
        mentioned = [p for p in places if reading.start <= p.start < reading.end and not _inside_actor(p, reading)]
        clause_places = [p for p in mentioned if not _aside(sentence.text, p)]
        _read_clause(sentence, reading, clause_places, state, headline, sentence_date, opens_with_reference, mentioned)
    if headline:
        _remember_headline(readings, places, state)


def _note_named(places: list[PlaceRef], sentence: Sentence, state: ArticleState) -> None:
    for place in places:
        kind = _KIND_OF_TYPE.get(place.place.feature_type)
        if kind is not None:
            state.last_named[kind] = (sentence.index, place)


_KIND_OF_TYPE = {"town": "town", "city": "town", "village": "town", "airport": "airport",
                 "air_base": "base", "military_site": "base", "base": "base", "camp": "base"}
_KIND_OF_WORD = {"town": "town", "village": "town", "city": "town", "airport": "airport", "base": "base", "air base": "base", "airbase": "base", "camp": "base"}
_THE_NAMED = re.compile(r"\b(?:the|that)\s+(town|village|city|airport|air ?base|base|camp)(?:['’]s)?\b(?!\s+of\b)", re.I)


def _town_meant(r: ClauseReading, sentence: Sentence, state: ArticleState) -> PlaceRef | None:
    """"the edge of the town", "near the airport's logistics area": the town, airport or base named in
    this sentence or the one before."""
    m = _THE_NAMED.search(r.text)
    named = state.last_named.get(_KIND_OF_WORD[m.group(1).lower()]) if m else None
    if named is None or sentence.index - named[0] > 1:
        return None
    return named[1]


_RELATIVE = re.compile(
    r",\s+(?:which|who|where|whose)\b[^,;]*(?:,|$)|\bbetween\s+[^,;]{0,60}?\band\b[^,;]*"
    r"|,\s+(?:straddling|spanning|bordering|stretching\s+(?:across|into)|linking|connecting)\b[^;]*?(?:provinces|governorates|regions|districts|countries|,(?=\s+(?:on|in|at|during)\b)|$)")  # "the Hamrin mountains, straddling Diyala, Salahuddin and Kirkuk provinces"
_ROAD_END = re.compile(r"\b(?:road|highway|motorway|route)\s+(?:linking|connecting|joining|from|between)\s+(?:the\s+)?$", re.I)
_DESTINATION = Prefiltered(re.compile(
    r"\b(?:evacuated|flown|taken|transferred|airlifted|transported|moved|returned|headed|travell?ed|fled|escaped|withdrew|relocated|deployed|sent|rushed)\s+(?:back\s+)?to\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}$"
    r"|\b(?:unit|members?|soldiers?|troops|residents?|natives?|people|family|families|man|woman|men|women|citizens?|nationals?|journalists?|workers?)\s+(?:[\w-]+\s+){0,3}from\s+(?:the\s+)?$",
    re.I,
))  # where people were taken or come from is not where they were attacked


_NAMED_EVENT = re.compile(r"\s+(?:[\w-]+\s+)?(?:attacks?|barrages?|strikes?|bombings?|massacre|raid|assault|incident)\b", re.I)
_REFERENCE_POINT = re.compile(
    r"\b(?:(?:north|south|east|west)(?:[- ]?(?:east|west))?(?:ern)?|\d+\s*(?:km|kilometers|kilometres|miles))\s+(?:of|from)\s+(?:the\s+)?(?:city\s+of\s+|town\s+of\s+|capital\s+)?$"
    r"|\b(?:across\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?from|opposite)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$",  # "across the Dnipro river from the Russian-occupied ..."
    re.I,
)


def _aside(text: str, place: PlaceRef) -> bool:
    """Places in a relative clause (", which lies in territory disputed between Baghdad and ...") or
    named as a destination ("evacuated to Muwaffaq Salti Air Base") are not where the attack was."""
    if _DESTINATION.search(text[max(0, place.start - 60): place.start]):
        return True
    if re.search(r"\bthe\s+$", text[max(0, place.start - 5): place.start]) and _NAMED_EVENT.match(text, place.end):
        return True  # "responsible for the Taji barrage": a name for an earlier attack
    road = place.place.id.startswith(ROAD_ID_PREFIX)  # "the road between X and Y" is the place, not an aside
    return not road and place.rank >= 2 and any(m.start() < place.start < m.end() for m in _RELATIVE.finditer(text))


def _split_headline_as(text: str, start: int, end: int, prior: bool) -> list[tuple[int, int, bool]]:
    """A headline's "X as Y" reports two events when both halves have an attack word."""
    m = re.search(r"\s(?:as|while|amid)\s", text[start:end])
    triggers = lexicon().triggers
    if m is None or not triggers.search(text, start, start + m.start()) or not triggers.search(text, start + m.end(), end):
        return [(start, end, prior)]
    return [(start, start + m.start(), prior), (start + m.end(), end, prior)]


_OWN_FORCES = Prefiltered(re.compile(
    r"\b(?:the group'?s?|the movement'?s?|its|their|our)\s+(?:own\s+)?(?:[\w-]+\s+)?(?:forces|fighters|units?|troops|jets|aircraft|drones|navy|naval forces|air force|members|militants)\b"
    r"(?!\s+(?:were|was|are|is|have been|had been|has been)\b)"  # "two of its members were killed": victims, not doers
    r"|\b(?:said|says|announced|stated)\s+(?:that\s+)?(?:it|they)\s+(?:had\s+|has\s+|have\s+)?(?:also\s+|then\s+)?(?:(?:responded|retaliated|replied)\s+(?:by|with)\s+)?"
    r"(?=(?:struck|hit|attacked|shelled|bombed|targeted|fired|launched|carried out|conducted|shelling|striking|targeting|firing|attacking|bombing)\b)",  # "the army said it had responded by shelling"
    re.I))
_SPEAKER_CLAIMS = Prefiltered(re.compile(r"\b(?:he|she|they|the spokesman|the spokesperson|the statement)\s+(?:also\s+|later\s+|further\s+)?(?:claimed|said (?:it|they|the group)\b)", re.I))


def _resolve_group_reference(r: ClauseReading, state: ArticleState, sentence: Sentence, named_before: list[ActorMention]) -> None:
    """Who "the same group", "its forces" or "he also claimed" is: "The same group claimed a rocket
    attack" is the group last named as claiming; "Houthi spokesman X said the group's forces fired
    missiles" and "The Israeli military said its jets struck" name the speaker's side as the doer;
    "He also claimed ..." right after is that side's claim too; "..., and the Iran-backed group
    answered with rockets" is the armed group named earlier in the sentence."""
    if any(a.role == PERPETRATOR for a in r.actors):
        return
    groups = [a.actor for a in named_before if a.actor.category in ("militia", "rebel_group")]
    if groups and (answered := _GROUP_ANSWERED.match(r.text)):
        r.actors.append(ActorMention(answered.start(1), answered.end(1), answered.group(1), groups[-1], PERPETRATOR, "attributed"))
        r.actors.sort(key=lambda a: a.start)
        return
    speakers = [a for a in r.actors if a.role == SPEAKER and a.actor.name != UNATTRIBUTED]
    own = _OWN_FORCES.search(r.text)
    if speakers and own and speakers[0].start < own.start():
        _add_claimant(r, own, speakers[0].actor)
        return
    if (subject := _SUBJECT_REFERENCE.match(r.text)) and (previous := _previous_doer(state, sentence)) is not None:
        r.actors.append(ActorMention(subject.start(1), subject.end(1), subject.group(1), previous.actor, PERPETRATOR, previous.attribution))
        r.actors.sort(key=lambda a: a.start)  # "The Houthis fired missiles at X. They also launched drones at Y."
        return
    if (group := _THE_GROUP_ACTING.search(r.text)) and (named := _group_in_view(named_before, state)) is not None:
        r.actors.append(ActorMention(group.start(1), group.end(1), group.group(1), named, PERPETRATOR, "attributed"))
        r.actors.sort(key=lambda a: a.start)  # "..., a day after the Iran-aligned group fired anti-ship missiles at a vessel"
        return
    if (bare := _bare_forces_acting().search(r.text)) and (forces := _forces_meant(bare, r, state)) is not None:
        r.actors.append(ActorMention(bare.start(1), bare.end(1), bare.group(1), forces, PERPETRATOR, "attributed"))
        r.actors.sort(key=lambda a: a.start)  # "The army said border guards clashed with smugglers", filed from Amman
        return
    if (own := _domestic_means().search(r.text)) and (home := _home(state)) is not None:  # the forces acting are 'domestic_forces' above
        r.actors.append(ActorMention(own.start(1), own.end(1), own.group(1), home, PERPETRATOR, "attributed"))
        r.actors.sort(key=lambda a: a.start)  # "junta airstrikes killed 18 people in Kanbalu"
        return
    if state.last_group is not None and (own := _GROUP_SAYS_OWN.search(r.text)):
        _add_claimant(r, own, state.last_group)  # "the group says its fighters targeted the Metula position"
        return
    m = _GROUP_REFERENCE.search(r.text) or _SPEAKER_CLAIMS.search(r.text)
    recent = state.last_claimant is not None and (m is None or m.re is _GROUP_REFERENCE or sentence.index - state.last_claimant_sentence <= 2)
    if m is not None and recent and not any(a.start <= m.start() < a.end for a in r.actors):
        _add_claimant(r, m, state.last_claimant)
    elif m is not None and m.re is _GROUP_REFERENCE and state.last_claimant is None and state.last_group is not None:
        _add_claimant(r, m, state.last_group)  # "In its first statement, the group said it had targeted ...": the group named before


@lru_cache(maxsize=1)
def _bare_forces_acting() -> re.Pattern[str]:
    """"security forces repelled", "the army said border guards clashed", "the military said it
    struck": forces named without a nationality as the doer of the clause's act."""
    cues = raw_cues()
    forces, domestic, acts = cues["bare_forces"], cues["domestic_forces"], cues["forces_acts"]
    return re.compile(
        rf"(?:^\s*|\b(?:said|says|added|announced|stated|reported)\s+(?:that\s+)?|\baccording to\s+[^,;]{{1,60}},\s+)((?:the\s+|an?\s+)?(?:(?P<domestic>{domestic})|{forces})(?:\s+said\s+(?:that\s+)?(?:it|they|its\s+[\w-]+))?)"
        rf"(?:\s+(?:in|of|from|at|on|along)\s+(?:the\s+)?(?:[\w-]+\s+){{0,3}}?[\w-]+)?"  # "border guards in the Eastern Military Region"
        rf"\s+(?:had\s+|have\s+|has\s+)?(?:\w+ly\s+|also\s+|then\s+|later\s+)?(?:{acts})",
        re.I,
    )


def _forces_meant(bare: re.Match[str], r: ClauseReading, state: ArticleState) -> Actor | None:
    """Border guards and police are the home country's; "the army" or "F-15E aircraft" are the state
    force speaking in the clause ("According to US Central Command, ..."), else the one named last, else the home one."""
    home = _home(state)
    if bare.group("domestic"):
        return home
    speaker = next((a.actor for a in r.actors if a.role == SPEAKER and a.actor.category == "state_force" and is_home_force(a.actor)), None)
    return speaker or state.last_force or home


def _home(state: ArticleState) -> Actor | None:
    """The state force of the dateline's country, else of the country the article is most about."""
    return state.home_forces or (home_forces(state.context.countries[0]) if state.context.countries else None)


@lru_cache(maxsize=1)
def _domestic_means() -> re.Pattern[str]:
    adjectives = raw_cues()["domestic_adjectives"]
    return re.compile(
        rf"\b(?:the\s+)?((?:{adjectives})(?:['’]s)?)\s+(?:[\w-]+\s+)?(?:air ?strikes?|strikes?|shelling|bombing|bombardment|raids?|barrel bombs?)\b", re.I)


_THE_GROUP_ACTING = re.compile(
    r"\b(the\s+(?:[\w-]+\s+){0,2}?(?:group|militia|movement|rebels|faction|insurgents|militants))\s+(?:had\s+|has\s+)?(?:also\s+|then\s+|later\s+)?"
    r"(?:fired|launched|attacked|struck|targeted|shelled|stormed|ambushed|raided|bombed|hit)\b", re.I)


def _group_in_view(named_before: list[ActorMention], state: ArticleState) -> Actor | None:
    """The armed group "the group" stands for: one named earlier in this sentence, else the one named last."""
    groups = [a.actor for a in named_before if a.actor.category in ("militia", "rebel_group") and not a.actor.umbrella]
    return groups[-1] if groups else state.last_group


def _note_forces(readings: list[ClauseReading], state: ArticleState) -> None:
    """Remember the state force and the armed group named last, for a later bare "the army" or "the group"."""
    for r in readings:
        for a in r.actors:
            if a.actor.category == "state_force" and is_home_force(a.actor) and a.role in (PERPETRATOR, SPEAKER, DEFENDER):
                state.last_force = a.actor
            elif a.actor.category in ("militia", "rebel_group") and not a.actor.umbrella:
                state.last_group = a.actor  # also as a target: "US jets struck Houthi sites ... after the group fired ..."


_GROUP_SAYS_OWN = re.compile(
    r"\bthe\s+(?:group|militia|movement|organi[sz]ation|faction)\s+(?:says|said|stated|announced|claimed)\s+(?:that\s+)?"
    r"(?:its|their)\s+(?:fighters|forces|members|units|militants|men|mujahideen)\b", re.I)


_GROUP_ANSWERED = re.compile(
    r"\s*,?\s*and\s+(the\s+(?:[\w-]+\s+){0,2}(?:group|militia|movement|organi[sz]ation|faction|militants|fighters))\s+"
    r"(?:later\s+|then\s+|quickly\s+)?(?:answered|responded|retaliated|hit back)\b", re.I)
_SUBJECT_REFERENCE = re.compile(
    r"\s*(?:(?:hours|minutes|days|moments) later,?\s+|later,?\s+|then,?\s+|meanwhile,?\s+|separately,?\s+)?"
    r"(they|the (?:same )?(?:group|militants|militia|militiamen|insurgents|attackers|gunmen|fighters|jets|warplanes|aircraft|rebels|jihadists))"
    r"\s+(?:also\s+|then\s+|later\s+|again\s+)?(?=[a-z]+ed\b|hit\b|struck\b|shot\b|fired\b|overran\b|blew\b)", re.I)


def _previous_doer(state: ArticleState, sentence: Sentence) -> Draft | None:
    """The attack told in the sentence just before, when its doer is known."""
    last = state.drafts[-1] if state.drafts else None
    if last is None or last.actor is None or last.actor.name == UNATTRIBUTED or sentence.index - last.last_sentence > 1:
        return None
    return last


def _add_claimant(r: ClauseReading, m: re.Match[str], actor: Actor) -> None:
    r.actors.append(ActorMention(m.start(), m.end(), m.group(0), actor, PERPETRATOR, "claimed", stated=True))
    r.actors.sort(key=lambda a: a.start)


def _inside_actor(place: PlaceRef, reading: ClauseReading) -> bool:
    """"Kataib Hezbollah", "Iranian" or "US" in "US Embassy" name actors; a country inside an actor
    name is not a place of the event."""
    for a in reading.actors:
        s, e = a.start + reading.start, a.end + reading.start
        if s <= place.start < e and (place.rank == WIDE or e - s >= place.end - place.start):
            return True
    return False


def _remember_headline(readings: list[ClauseReading], places: list[PlaceRef], state: ArticleState) -> None:
    """Who the headline says acted, by the places it names: a place gets the actors of its own clause
    ("Mortars hit Mogadishu airport as US strikes al-Shabaab near Jilib" lends the US to Jilib only;
    "US strikes ... after drone attack on Erbil" lends nobody to Erbil), or the whole headline's when
    its clause tells no act of its own."""
    if not any(r.events for r in readings):
        return
    doers = {id(r): [a.actor for a in r.actors if a.role not in (TARGET, SPEAKER, DEFENDER)] for r in readings}
    everyone = [actor for r in readings for actor in doers[id(r)]]
    for r in readings:
        own = doers[id(r)] if r.events else everyone
        for p in places:
            if r.start <= p.start < r.end:
                state.headline_actors.setdefault(p.place.id, []).extend(own)


def _read_clause(sentence: Sentence, r: ClauseReading, places: list[PlaceRef], state: ArticleState, headline: bool,
                 sentence_date: DateExpr | None, opens_with_reference: bool, mentioned: list[PlaceRef]) -> None:
    """``places`` are where this clause's events may be; ``mentioned`` also holds places that only name
    an earlier attack ("claimed the Balad attack"), which scope claims."""
    events = r.events
    named = [a.actor for a in r.actors if a.role == PERPETRATOR and a.attribution == "claimed" and a.actor.name != UNATTRIBUTED]
    if named:
        state.last_claimant, state.last_claimant_sentence = _most_specific(named), sentence.index
    if _NO_CLAIM.search(r.text) and state.drafts:
        _note_unclaimed(sentence, r, mentioned, state)
    if not events and not r.intercepted:
        if r.dates and not r.habitual and state.last_date is None:
            _note_date(r, sentence, state, sentence_date)  # "residents gathered on Tuesday. Hours after the ceremony, a drone struck ..."
        toll = not r.habitual and _apply_toll(sentence, r, state)  # "has killed more than 40,000 people since 2009" tells no toll of this attack
        if not _apply_claim(sentence, r, state, mentioned) and not toll and not _apply_launch(sentence, r, places, state):
            _remember_suspects(sentence, r, state)
        return
    if r.reaction >= 0 and not any(d.start - r.start >= r.reaction for d in r.dates):  # "condemned Sunday's attack on X" still dates one
        _read_reaction(sentence, r, state)
        return
    if not headline and not r.dates and _told_in_present(r, sentence):
        _remember_suspects(sentence, r, state)  # "Turkish jets and drones pound the valleys of Duhok": a habit, in a column
        return
    if (legal := lexicon().cue["on_record"].search(r.text)) and legal.start() < events[0].start:
        _remember_suspects(sentence, r, state)  # "a court sentenced three men to death for the car bombing of ...": on record
        return
    if not headline and not r.dates and r.start == 0 and _WHEN_OPENING.match(r.text):
        _remember_suspects(sentence, r, state)  # "When drones struck the Khor Mor gas field, the lights went out": a circumstance recalled
        return
    if not r.dates and _dated_years_ago(r, state):
        _remember_suspects(sentence, r, state)  # "The base ... was struck by Iranian missiles in 2022": background
        return
    groups = place_groups(places, sentence.text)
    launch = [g for g in groups if is_launch(g, sentence.text, r.start, r.end)]
    targets = _target_groups([g for g in groups if g not in launch], r, sentence.text)
    if len(targets) > 1 and _frames(targets[0], sentence.text, r.start):
        targets = targets[1:]  # "In Kirkuk, police said a mortar round landed near the town of Daquq"
    if not events:  # an interception reported on its own ("The C-RAM brought it down"), not one told as a habit
        antecedent = _antecedent(r, state, sentence) if not r.triggers else None  # "have regularly intercepted drones"
        if antecedent is not None:
            _fold(antecedent, sentence, r, launch, state)
        return
    specific = not r.plural_generic or r.weapons or r.dates or r.casualties.fatalities is not None
    if not headline and not _acted(r):
        targets = []  # weapons named with no act: "Balad hosts F-16 fighter jets"
    if targets and r.definite and len(targets) == 1 and not r.weapons:
        loose = _antecedent(r, state, sentence)
        if loose is not None and loose.place is None and not _other_day(r, loose, state):
            _set_place(loose, targets[0], sentence.text)  # "The attack hit Tower 22" names where the reported attack was
            _fold(loose, sentence, r, launch, state)
            return
    if targets and r.definite:
        antecedent = _antecedent(r, state, sentence, placed_only=True)
        same = antecedent is not None and len(targets) == 1 and _same_location(antecedent, main_place(targets[0]))
        if antecedent is not None and (same or not (r.weapons or r.dates)) and not _other_day(r, antecedent, state):
            _fold(antecedent, sentence, r, launch, state)  # "The strike on the Anbar base"; "said the attack was an attempt to destabilise the Kurdistan Region"
            return
    if targets and r.definite and not (r.dates or headline) and _PRESUPPOSED.search(r.text):
        _remember_suspects(sentence, r, state)  # "the drone that hit Tower 22 had approached ...": an attack the reader knows of
        return
    named_in_passing = r.definite or not any(t.verb for t in r.events)  # "after Hezbollah fired missiles at X" reports it
    if r.prior and named_in_passing and not (r.dates or r.casualties.fatalities is not None or r.casualties.injured is not None or _span_before_prior(r, sentence, state)):
        targets = []  # "following the attack on Tower 22": an earlier attack named in passing, no new facts
    if targets and specific and not (r.intercepted and r.definite and not r.weapons and _antecedent(r, state, sentence)):
        date = _clause_date(r, sentence, state, sentence_date, opens_with_reference)
        if _aggregate(r, date):
            _remember_suspects(sentence, r, state)  # "In September, junta airstrikes killed at least 120 civilians across Sagaing"
            return
        source = _continued(r, state, sentence)
        for index, group in enumerate(targets):
            draft = _new_draft(sentence, r, state, headline, date)
            draft.disrupted = r.intercepted and _intercept_near(group, targets, index, r, sentence.text)
            if source is not None and not headline:
                _inherit(draft, source)
            _set_place(draft, group, sentence.text)
            draft.attack_type = _weapon_for(group, targets, index, r, sentence.text) if not r.shootdown else _shootdown_weapon(r)
            draft.target = _target_phrase(sentence.text, r, group)
            if launch:
                draft.launch, draft.launch_text = main_place(launch[0]), _launch_phrase(sentence.text, launch[0])
            state.drafts.append(draft)
        return
    refers_back = re.search(r"\b(?:both|either|the two|all|the|these|those|that)\s+(?:\w+\s+)?(?:attacks?|strikes?|operations?|bombings?|blasts?|incidents?)\b", r.text, re.I)
    if any(a.role == PERPETRATOR and a.stated for a in r.actors) and state.drafts and (not r.dates or refers_back) and _apply_claim(sentence, r, state, mentioned):
        return  # "X claimed both operations, saying it had targeted the occupation bases"
    site_reference = bool(_SITE_REFERENCE.search(r.text))
    antecedent = _antecedent(r, state, sentence, placed_only=site_reference and not r.definite)
    if antecedent is not None and (r.definite or r.intercepted or launch or site_reference or opens_with_reference and not _indefinite(r)):
        _fold(antecedent, sentence, r, launch, state)
        return
    if r.counted and r.casualties.fatalities is None and r.casualties.injured is None:
        _note_date(r, sentence, state, sentence_date)  # "four separate attacks on Thanksgiving Day": details follow
        return
    if not (r.specific or headline or r.dates or r.casualties.fatalities is not None or r.casualties.injured is not None or r.counted):
        _remember_suspects(sentence, r, state)  # "militias attacking US troops": no particular attack
        return
    known_toll = r.casualties.fatalities is not None or r.casualties.injured is not None
    doer = any(a.role == PERPETRATOR for a in r.actors)
    some_toll = known_toll or bool(r.casualties.notes)  # "Dozens of people were wounded"
    if some_toll and not (r.weapons or doer) and all(_TOLL_WORD.fullmatch(t.text) for t in events) and _apply_toll(sentence, r, state):
        return  # "Iraqi security sources said three people were killed in the vehicle"
    if not (r.weapons or doer or r.dates or known_toll or headline) or (r.definite and not (r.dates or known_toll)) or not (_acted(r) or headline):
        _remember_suspects(sentence, r, state)  # "The soldiers killed were identified", "rejected any link to the attack"
        return
    date = _clause_date(r, sentence, state, sentence_date, opens_with_reference)
    if _aggregate(r, date):
        _remember_suspects(sentence, r, state)
        return
    draft = _new_draft(sentence, r, state, headline, date)
    draft.country = _clause_country(r, places, state)
    draft.attack_type = _first_weapon(r) if not r.shootdown else _shootdown_weapon(r)
    if not places and (model := _likened(r, sentence, state)) is not None:
        _repeat_of(draft, model)
    elif not targets and (town := _town_meant(r, sentence, state)) is not None:
        _set_place(draft, [town], sentence.text)  # "a drone struck a car on the edge of the town"
    draft.target = _target_phrase(sentence.text, r, None)
    if launch:
        draft.launch, draft.launch_text = main_place(launch[0]), _launch_phrase(sentence.text, launch[0])
    state.drafts.append(draft)


_LIKENED = re.compile(r"\b(?:" + _CUES["likening"] + r")\s+(?:[\w-]+\s+){0,2}$", re.I)


def _likened(r: ClauseReading, sentence: Sentence, state: ArticleState) -> Draft | None:
    """"Local officials reported similar shelling on Monday night": an attack likened to the one just
    told, in the same paragraph, happened where it did."""
    if not r.events or not _LIKENED.search(r.text[: r.events[0].start]):
        return None
    recent = [d for d in state.drafts if d.place is not None and sentence.paragraph in d.paragraphs and sentence.index - d.last_sentence <= 2]
    return max(recent, key=lambda d: d.last_sentence) if recent else None


def _repeat_of(draft: Draft, model: Draft) -> None:
    _set_place_of(draft, model)
    if draft.actor is None or draft.actor.name == UNATTRIBUTED:
        draft.actor, draft.attribution, draft.attributed_by = model.actor, model.attribution, model.attributed_by
    if draft.attack_type == "unknown":
        draft.attack_type = model.attack_type


def _shootdown_weapon(r: ClauseReading) -> str:
    """What brought the aircraft down: a missile when the clause says so, else unnamed ("other")."""
    return "missile" if any(t.weapon in ("missile", "ballistic_missile") and "drone" not in t.text.lower() for t in r.weapons) else "other"


def _aggregate(r: ClauseReading, date: tuple[dt.date | None, int, str] | None) -> bool:
    """A toll of many attacks over a month or more, or over a span ("In September, airstrikes killed
    120 civilians across Sagaing", "so far this year, 45 airstrikes ... killing 210"): a tally, not an incident."""
    first = r.events[0] if r.events else None
    many = first is not None and (first.plural or bool(first.weapon) and first.text.lower().endswith("s"))  # "airstrikes", "Russian drones"
    if not many or first.verb or r.casualties.fatalities is None and r.casualties.injured is None:
        return False
    if _TALLY_SPAN.search(r.text):
        return True
    toll = max(r.casualties.fatalities or 0, r.casualties.injured or 0)
    return date is not None and date[1] >= TIME_PRECISION_MONTH and toll >= 10  # "strikes ... killing Soleimani and al-Muhandis in January" is one


_TALLY_SPAN = re.compile(r"\b(?:" + _CUES["tally_spans"] + r")\b", re.I)


def _dated_years_ago(r: ClauseReading, state: ArticleState) -> bool:
    """The clause is dated only by a year before the publication's ("in 2022", "since 2014")."""
    if state.published is None:
        return False
    years = [int(m.group(1)) for m in lexicon().cue["past_year"].finditer(r.text)]
    return bool(years) and max(years) < state.published.year


def _read_reaction(sentence: Sentence, r: ClauseReading, state: ArticleState) -> None:
    """A reaction, appeal or opinion reports no attack of its own: a claim or attribution in it
    still applies to the attacks read, else it is at most a reference to the attack it names."""
    if any(a.role == PERPETRATOR and a.stated for a in r.actors) and _apply_claim(sentence, r, state):
        return
    _remember_suspects(sentence, r, state)


_SITE_REFERENCE = re.compile(
    r"\b(?:the|that|this)\s+(?:[\w-]+\s+){0,2}(?:base|airbase|air base|embassy|consulate|facility|compound|outpost|garrison|installation|camp|airport|site)\b",
    re.I,
)


def _same_location(draft: Draft, ref: PlaceRef) -> bool:
    """The antecedent's place, or a wider place around it ("the Anbar base" for Ain al-Asad)."""
    if draft.place is None:
        return False
    place, other = draft.place.place, ref.place
    if place.id == other.id or _distance_km(place, other) < 5:
        return True
    return ref.rank > draft.place.rank and (_fold_name(other.name) == _fold_name(place.admin1) or _distance_km(place, other) < 40)


def _fold_name(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"^(?:al|el|ad|ar|as|ash|an)[\s-]+|\s+(?:province|governorate)$", "", plain.strip())


def _veto_cues(r: ClauseReading) -> list[tuple[int, str]]:
    return r.cues


def _negation_cues(r: ClauseReading) -> list[tuple[int, str]]:
    return [c for c in _veto_cues(r) if c[1] in ("negated", "hypothetical")]


def _apply_launch(sentence: Sentence, r: ClauseReading, places: list[PlaceRef], state: ArticleState) -> bool:
    """"Security forces later found the launch platform near Hit": where the attack just reported came from."""
    if not places or not state.drafts or not lexicon().cue["launch_site"].search(r.text):
        return False
    latest = max(state.drafts, key=lambda d: d.last_sentence)
    if sentence.index - latest.last_sentence > 3 or latest.launch is not None:
        return False
    group = place_groups(places, sentence.text)[0]
    latest.launch, latest.launch_text = main_place(group), _tidy(sentence.text[max(r.start, group[0].start - 40): group[-1].end])
    latest.sentences.append(sentence.index)
    latest.notes.append(sentence.text)
    return True


def _apply_toll(sentence: Sentence, r: ClauseReading, state: ArticleState) -> bool:
    """"One of the drivers suffered light injuries", "There were no casualties": a toll with no attack
    word of its own belongs to the attack just reported."""
    toll = r.casualties
    if (toll.fatalities is None and toll.injured is None and not toll.notes) or not state.drafts:
        return False
    latest = max(state.drafts, key=lambda d: d.last_sentence)
    if sentence.index - latest.last_sentence > 2 or latest.prior:
        return False
    latest.casualties.merge(toll)
    if sentence.index not in latest.sentences:
        latest.sentences.append(sentence.index)
        latest.notes.append(sentence.text)
    return True


def _apply_claim(sentence: Sentence, r: ClauseReading, state: ArticleState, places: list[PlaceRef] = ()) -> bool:
    """"The Islamic Resistance in Iraq claimed both operations", "Officials blamed Kataib Hezbollah":
    a claim or attribution with no attack word of its own applies to the attacks already read — the
    ones at the places it names ("claimed the Balad attack"), all of them when it says so ("both",
    "the attacks", "them"), the ones a "no group claimed" sentence just spoke of, else the latest one."""
    claimants = [a for a in r.actors if a.role == PERPETRATOR and a.stated]
    if not claimants or not state.drafts:
        return False
    reach = 40 if claimants[0].attribution != "claimed" else len(r.text)  # "No group claimed it, but ... the hallmarks of X" suspects X
    if any(claimants[0].start - reach < start < claimants[0].end + 15 for start, _ in _negation_cues(r)):
        return False  # "did not claim", "denied responsibility"; "claimed ..., but did not specify" still claims
    if _BLAMED_FOR_OTHER.match(r.text, claimants[0].end):
        return False  # "blames Afghanistan's Taliban government for allowing the TTP to operate": not this attack
    if any(start < claimants[0].start for start, reason in _veto_cues(r) if reason == "habitual"):
        return False  # "The SDF frequently blames IS for such attacks"; "... militias, which have targeted it repeatedly" still names them
    at_places = _drafts_at(places, _recent(sentence, state))
    habits = [start for start, reason in _veto_cues(r) if reason == "habitual" and not _in_relative_clause(r.text, claimants, start)]
    if habits and not at_places and not _CLAIMED_REFERENCE.search(r.text):
        return False  # "X has claimed dozens of similar attacks since October": a record, not a claim of this attack
    chosen = _most_specific([a.actor for a in claimants])
    mention = next(a for a in claimants if a.actor is chosen)
    drafts = at_places or _claimed_drafts(sentence, r, state)
    for draft in drafts:
        if draft.target_actor == chosen.name or not _better_actor(chosen, draft.actor):
            continue
        draft.actor, draft.attribution = chosen, mention.attribution
        draft.attributed_by = _speaker(r) if mention.attribution == "attributed" else ""
        if sentence.index not in draft.sentences:
            draft.sentences.append(sentence.index)
            draft.notes.append(sentence.text)
    return True


_BLAMED_FOR_OTHER = re.compile(
    r"(?:['’]s)?(?:\s+[\w-]+){0,2}?\s+for\s+(?!(?:the|this|that|these|those|both|its|their|a|an)\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|bombings?|killings?|ambush|assault|blast|explosion|incident|shelling|raid)\b|it\b|them\b|(?:[\w-]+\s+)?(?:attacks?|strikes?|bombings?|killings?)\b)",
    re.I)
_RELATIVE_TAIL = re.compile(r",\s+(?:which|who|whose)\b[^;]*", re.I)


def _recent(sentence: Sentence, state: ArticleState) -> list[Draft]:
    return [d for d in state.drafts if sentence.index - d.last_sentence <= 12 and not d.prior]


def _drafts_at(places: list[PlaceRef], drafts: list[Draft]) -> list[Draft]:
    """The attacks among ``drafts`` at the places a claim or denial names ("targeted the occupation base of Ain al-Asad")."""
    return [d for d in drafts if any(_same_location(d, p) for p in places if p.rank < WIDE)]


def _claimed_drafts(sentence: Sentence, r: ClauseReading, state: ArticleState) -> list[Draft]:
    recent = _recent(sentence, state)
    own = _RELATIVE_TAIL.sub("", r.text)  # "suspect militias, which have stepped up attacks": the group's record, not the claim's scope
    if re.search(r"\b(?:both|all|them|these|those|attacks|operations|strikes|incidents|each|either)\b", own, re.I):
        return recent
    if state.unclaimed and sentence.index - state.unclaimed_sentence <= 1 and not _CLAIMED_REFERENCE.search(own):
        return [d for d in state.unclaimed if d in recent]  # "No group claimed either attack. Officials suspect X."
    return _compatible_latest(r, recent)


def _note_unclaimed(sentence: Sentence, r: ClauseReading, places: list[PlaceRef], state: ArticleState) -> None:
    """"No one claimed that attack", "No group has claimed the barrage on Victory Base or the bombing
    in Diwaniyah": nobody is to be lent those attacks by proximity; a suspicion voiced next still may."""
    recent = [d for d in _recent(sentence, state) if d.actor is None or d.actor.name == UNATTRIBUTED]
    named = _drafts_at(places, recent)
    if not named and re.search(r"\b(?:both|either|any of|all|these|those|attacks|strikes|incidents)\b", r.text, re.I):
        named = recent
    if not named:
        latest = max(state.drafts, key=lambda d: d.last_sentence)
        named = [latest] if latest in recent and sentence.index - latest.last_sentence <= 2 else []
    for draft in named:
        draft.unknown_said = True
    state.unclaimed, state.unclaimed_sentence = named, sentence.index


def _in_relative_clause(text: str, claimants: list[ActorMention], position: int) -> bool:
    """A habit told of the group in a relative clause ("militias, which have targeted the base
    repeatedly") describes the group, not the claim."""
    return any(a.end <= position and re.match(r"\s*(?:,\s+(?:which|who|whose)|\s+(?:that|which|who)\s+(?:have|has|had))\b[^;]*$", text[a.end: position]) for a in claimants)


def _compatible_latest(r: ClauseReading, drafts: list[Draft]) -> list[Draft]:
    """The attack a claim of one attack is about: the latest one of the kind it names ("blamed X
    for the rocket attack" after a rocket and a drone attack), else the latest."""
    kinds = {t.weapon for t in r.events if t.weapon}
    families = {t.family for t in r.events} - {"attack"}
    if kinds or families:
        for draft in reversed(drafts):
            if draft.attack_type in kinds or families & draft.families:
                return [draft]
    return drafts[-1:]


_CLAIMED_REFERENCE = re.compile(
    r"\b(?:the|this|that|both|its|their|(?:\w+day|last night)['’]s)\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|operations?|bombings?|incidents?|assaults?|raids?)\b"
    r"|\b(?:claimed|blamed|behind|for|responsibility for)\s+(?:it|them)\b",
    re.I,
)
_NO_CLAIM = Prefiltered(re.compile(
    r"\b(?:no one|nobody|no group|no faction|none)\b[^.;]{0,30}\b(?:claimed|took responsibility)|\b(?:was|were|has not been|have not been) (?:not )?claimed\b|\bunclaimed\b|\bno (?:immediate )?claim\b"
    r"|\b(?:not (?:immediately |yet )?(?:clear|known)|unclear|unknown) who\b|\bdid not (?:say|identify|name) who\b",
    re.I,
))
_TOLL_WORD = re.compile(r"killed|killing|wounded|injured|wounding|injuring", re.I)
_EVENT_WORD = re.compile(r"strike|attack|raid|bomb|blast|explo|shell|fire|barrage|salvo|kidnap|abduct|storm|overr|ramm|ambush|clash|shot|shoot|operation", re.I)


_IMPACT = Prefiltered(re.compile(
    r"\b(?:landed|fell|slammed|crashed|impacted|rained|sent|fired|launched|hurled|lobbed|dropped|detonated|exploded|went off"
    r"|(?:the|an?)\s+(?:\w+\s+)?targets?\s+of)\b",  # "was the intended target of an armed drone"
    re.I,
))


_PRESUPPOSED = re.compile(r"\bthe\s+(?:[\w-]+\s+)?(?:drones?|rockets?|missiles?|strikes?|attacks?|bombs?|bombings?|blasts?)\s+(?:that|which)\s+(?:had\s+)?(?:hit|struck|killed|targeted|exploded|wounded)\b", re.I)
_PRESENT_ACT = re.compile(
    r"(?:(?<=[a-z]s )|(?<=\band ))(?:and \w+ )?(?:pound|strike|attack|target|shell|bomb|raid|hammer|batter|rocket|kill|carry out|conduct|stage|mount)"
    r"(?= (?:the|a|an|their|its|his|her|our|small|large|occasional|[a-z]+s)\b)")


_PRESENT_SINGULAR = Prefiltered(re.compile(
    r"\b(?:it|he|she|the group|the militia|the army|the military)\s+(?:\w+ly\s+)?(?:fires|strikes|targets|attacks|pounds|shells|launches|bombs|hits|kills|carries out|conducts|responds (?:with|by))\b"
    r"|\bresponds (?:with|by)\b", re.I))


def _told_in_present(r: ClauseReading, sentence: Sentence) -> bool:
    """A body sentence that tells attacks in the present simple ("drones pound the valleys",
    "militias target US bases", "a drone hits an oil field") describes what keeps happening, not
    one attack; a live blog's time-stamped entry ("10:25 - Drone hits car") is news."""
    if _TIME_STAMP.match(sentence.text):
        return False
    present = _PRESENT_ACT.search(r.text) or _PRESENT_SINGULAR.search(r.text) or _PRESENT_IMPACT.search(r.text)
    return not any(t.verb for t in r.events) and present is not None


_TIME_STAMP = re.compile(r"\s*(?:\d{1,2}[:.]\d{2}|\d{1,2}\s*[ap]\.?m\.?)\b", re.I)
_PRESENT_IMPACT = re.compile(
    r"\b(?:a|an|another|one)\s+(?:[\w-]+\s+){0,2}?(?:drone|rocket|missile|shell|bomb|mortar|strike|airstrike)\s+(?:\w+ly\s+)?"
    r"(?:hits|strikes|lands|slams|explodes|kills|falls|crashes)\b", re.I)
_WHEN_OPENING = re.compile(r"\s*(?:When|Whenever|Once|As soon as)\b")


def _acted(r: ClauseReading) -> bool:
    """Something was done with the weapons named: an attack word, an impact or launch verb, an interception."""
    return r.intercepted or bool(_IMPACT.search(r.text)) or any(not t.weapon or _EVENT_WORD.search(t.text) for t in r.events)


def _frames(group: list[PlaceRef], text: str, clause_start: int) -> bool:
    """"In Kirkuk, ..." opening the clause sets the scene for the places that follow."""
    lead = text[clause_start: group[0].start]
    return bool(re.fullmatch(r"\s*(?:In|At|Near|Outside|From)\s+(?:the\s+)?", lead)) and text[group[-1].end: group[-1].end + 2].startswith(",")


def _near_trigger(group: list[PlaceRef], r: ClauseReading, reach: int = 110) -> bool:
    """A place belongs to an attack when it is named close to an attack word in the clause."""
    start, end = group[0].start - r.start, group[-1].end - r.start
    return any(abs(t.start - end) <= reach or abs(start - t.end) <= reach for t in r.events)


_LISTED = re.compile(r"^(?:,|\s)*(?:\b(?:and|or|as well as|plus)\b)?[^.;:\"“”]{0,100}$", re.I)
_LIST_BREAK = re.compile(r"\b(?:said|says|told|according|reported|while|whereas|but|after|before|when|which|who)\b", re.I)


def _target_groups(groups: list[list[PlaceRef]], r: ClauseReading, text: str) -> list[list[PlaceRef]]:
    """Places named close to an attack word, and the places listed after them ("strikes hit positions
    near Al Bukamal, as well as sites in and around al-Mayadin and the provincial capital Deir al-Zour")."""
    targets: list[list[PlaceRef]] = []
    previous: list[PlaceRef] | None = None
    for group in groups:
        if main_place(group).rank >= WIDE:
            continue
        between = text[previous[-1].end: group[0].start] if previous else ""
        listed = previous is not None and previous in targets and bool(_LISTED.match(between)) and not _LIST_BREAK.search(between) \
            and not any(previous[-1].end <= t.start + r.start < group[0].start for t in r.events)
        if _near_trigger(group, r) or listed:
            targets.append(group)
        previous = group
    return targets


def _clause_country(r: ClauseReading, places: list[PlaceRef], state: ArticleState) -> str:
    """Where a place-less attack happened: a country named in its clause ("strikes in Iraq"), else
    the country the article is most about — never the attacking state's own country by default."""
    home = {lexicon().actor_countries.get(a.actor.name) for a in r.actors if a.role == PERPETRATOR}
    for ref in sorted(places, key=lambda p: p.rank != WIDE):
        if ref.place.country and ref.place.country not in home:
            return ref.place.country
    actor_homes = set(lexicon().actor_countries.values())
    ranked = [c for c in state.context.countries if c not in home]
    abroad = [c for c in ranked if c not in actor_homes]
    return (abroad or ranked or [""])[0]


_HIT = re.compile(r"\b(?:hit|struck|landed|slammed|exploded)\b", re.I)


def _intercept_near(group: list[PlaceRef], targets: list[list[PlaceRef]], index: int, r: ClauseReading, text: str) -> bool:
    """"Rockets hit the airport base, a drone was downed over Union III": an interception belongs to
    the place it is told with (between the previous place and the next), unless a hit is told closer."""
    if len(targets) == 1:
        return True
    low = targets[index - 1][-1].end if index else r.start
    high = targets[index + 1][0].start if index + 1 < len(targets) else r.end
    cues = [m.start() + r.start for m in lexicon().cue["intercept"].finditer(r.text) if low <= m.start() + r.start < high]
    hits = [m.start() for m in _HIT.finditer(text, low, high)]
    where = group[0].start
    return bool(cues) and (not hits or min(abs(c - where) for c in cues) < min(abs(h - where) for h in hits))


def _continued(r: ClauseReading, state: ArticleState, sentence: Sentence) -> Draft | None:
    """"The strikes hit ... Jurf al-Nasr and ... Qaim", "aircraft hit a PMF headquarters": more places of
    attacks already reported, with no doer named here — the doer is the one of those attacks."""
    if any(a.role == PERPETRATOR for a in r.actors) or r.prior:
        return None
    families = {t.family for t in r.events} - {"attack"}
    generic_act = not r.weapons and all(t.verb for t in r.events)
    if not (r.definite or families & {"strike", "airstrike"} or generic_act):
        return None
    reach = 3 if (r.definite or families) else 2
    candidates = [d for d in state.drafts if d.actor is not None and d.actor.name != UNATTRIBUTED and sentence.index - d.last_sentence <= reach
                  and not d.prior and (not families or families & d.families or d.attack_type in families or _strike_of_kind(families, d))]
    doers = {d.actor.name for d in candidates}
    return candidates[-1] if len(doers) == 1 else None


def _strike_of_kind(families: set[str], draft: Draft) -> bool:
    """"Strikes" after an air or missile strike speak of more of them."""
    return bool(families & {"strike", "airstrike"}) and event_types_for(draft.attack_type, False)[1] in (
        "Air/drone strike", "Shelling/artillery/missile attack")


def _inherit(draft: Draft, source: Draft) -> None:
    draft.actor, draft.attribution, draft.attributed_by = source.actor, source.attribution, source.attributed_by
    if draft.attack_type == "unknown":
        draft.attack_type = source.attack_type
    if draft.date is None and source.date is not None:
        draft.date, draft.precision, draft.date_text = source.date, source.precision, source.date_text


def _other_day(r: ClauseReading, draft: Draft, state: ArticleState) -> bool:
    """"The Wednesday night attack on Taji" after Saturday's attack there is another attack."""
    expr = _nearest_date(r)
    if expr is None or draft.date is None:
        return False
    day, precision = resolve(expr, state.published, (draft.date, draft.precision))
    if day is None:
        return False
    window = {1: 1, 2: 7, 3: 31}.get(max(precision, draft.precision), 1)
    return abs((day - draft.date).days) > window


def _indefinite(r: ClauseReading) -> bool:
    lex = lexicon()
    first = r.events[0]
    before = r.text[: first.start]
    return bool(re.search(rf"\b(?:{lex.cue['indefinite_determiners'].pattern})\s+(?:[\w-]+\s+){{0,3}}$", before, re.I))


def _remember_suspects(sentence: Sentence, r: ClauseReading, state: ArticleState) -> None:
    denials = [start for start, _ in _negation_cues(r)]
    for a in r.actors:
        if a.role == PERPETRATOR and not any(a.end <= start <= a.end + 25 for start in denials):  # "The TTP denied involvement"
            state.suspects.append(_Suspect(sentence.index, sentence.paragraph, a.actor))


def _new_draft(sentence: Sentence, r: ClauseReading, state: ArticleState, headline: bool, date: tuple[dt.date | None, int, str] | None) -> Draft:
    draft = Draft(sentences=[sentence.index], paragraphs={sentence.paragraph}, notes=[sentence.text], headline=headline, prior=r.prior)
    draft.lead_in = not headline and len(sentence.text) < 100 and not any(t.verb for t in r.events)
    draft.sequel = bool(_SEQUEL.match(r.text)) and not r.definite
    draft.summary = bool(_SEVERAL_TIMES.search(r.text))
    draft.families = {t.family for t in r.events}
    draft.disrupted = r.intercepted
    draft.casualties = Casualties(r.casualties.fatalities, r.casualties.injured, list(r.casualties.notes))
    if date is not None:
        draft.date, draft.precision, draft.date_text = date
    _set_actors(draft, r)
    return draft


def _set_actors(draft: Draft, r: ClauseReading) -> None:
    perpetrators = [a for a in r.actors if a.role == PERPETRATOR]
    if perpetrators and all(a.actor.name == UNATTRIBUTED for a in perpetrators) and draft.actor is None:
        draft.unknown_said = True  # "unidentified gunmen": the text says nobody knows, so no suspicion is added
    chosen = _most_specific([a.actor for a in perpetrators])
    mention = next((a for a in perpetrators if a.actor is chosen), None)
    if chosen is not None and _better_actor(chosen, draft.actor):
        draft.actor, draft.attribution = chosen, mention.attribution or "attributed"
        draft.attributed_by = _speaker(r) if draft.attribution == "attributed" else ""
    elif chosen is not None and chosen is draft.actor and mention.attribution == "claimed":
        draft.attribution, draft.attributed_by = "claimed", ""  # the group says itself what others said of it
    targets = [a for a in r.actors if a.role == TARGET]
    if targets and not draft.target_actor:
        draft.target_actor = targets[0].actor.name


def _most_specific(actors: list[Actor]) -> Actor | None:
    named = [a for a in actors if not a.umbrella and a.name != UNATTRIBUTED]
    return named[0] if named else (actors[0] if actors else None)


def _better_actor(new: Actor, old: Actor | None) -> bool:
    """A named group beats "Unattributed", and a member group beats its umbrella label."""
    if old is None or old.name == UNATTRIBUTED:
        return True
    return old.umbrella and not new.umbrella and new.category == old.category


def _speaker(r: ClauseReading) -> str:
    lex = lexicon()
    attribute = lex.cue["attribute"].search(r.text)
    if not attribute:
        return ""
    before = r.text[: attribute.start()]
    for name, pattern in lex.speakers:
        if pattern.search(before):
            return name
    speakers = [a for a in r.actors if a.role == SPEAKER or a.end <= attribute.start() and a.role != PERPETRATOR]
    return speakers[-1].surface if speakers else ""


def _set_place(draft: Draft, group: list[PlaceRef], text: str) -> None:
    ref = main_place(group)
    if ref.place.id.startswith(ROAD_ID_PREFIX):  # "on the Maiduguri–Damboa road about 25 km north of Damboa"
        ref = next((p for p in group if _offset_before(text[: p.start])), ref)
    draft.place = ref
    draft.within = {p.place.id for p in group if p is not ref}
    draft.country = ref.place.country
    draft.near = bool(_NEAR.search(text[: ref.start]))
    draft.offset = _offset_before(text[: ref.start]) if ref.rank < WIDE else None
    if ref.score < _ACCEPT_SCORE:
        draft.flags.append(f"place '{ref.surface}' matched with low confidence ({ref.score:.2f})")


_OFFSET = re.compile(
    r"\b(\d+(?:\.\d+)?)\s*(km|kilometers|kilometres|miles|mi|nautical miles|nm)\s+(?:\(\d+(?:\.\d+)?\s*\w+\)\s+)?(?:to the\s+)?"
    r"(north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of\s+(?:the\s+)?(?:(?:city|town|village|port)\s+of\s+)?$", re.I)
_KM_PER_UNIT = {"km": 1.0, "kilometers": 1.0, "kilometres": 1.0, "miles": 1.609, "mi": 1.609, "nautical miles": 1.852, "nm": 1.852}
_BEARINGS = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225, "west": 270, "northwest": 315}


def _offset_before(before: str) -> tuple[float, float, str] | None:
    """"60 km east of", "about 20 nautical miles southwest of the port of": how far from the place named next."""
    m = _OFFSET.search(before)
    if m is None:
        return None
    km = float(m.group(1)) * _KM_PER_UNIT[m.group(2).lower()]
    direction = m.group(3).lower().replace("-", "")
    return (km, _BEARINGS[direction], f"{m.group(1)} {m.group(2)} {m.group(3).lower()} of") if 0 < km <= 300 else None


def _weapon_for(group: list[PlaceRef], targets: list[list[PlaceRef]], index: int, r: ClauseReading, text: str) -> str:
    """The weapon nearest before the place in its clause; "X and Y were hit by a drone and rockets"
    pairs respectively; several weapons after the places and no pairing leaves it open."""
    weapons = r.weapons
    if not weapons:
        return "unknown"
    start = group[0].start - r.start
    before = [w for w in weapons if w.end <= start]
    first_place = min(g[0].start for g in targets) - r.start
    ahead = list(dict.fromkeys(w.weapon for w in weapons if w.end <= first_place))
    if len(ahead) > 1 and len(targets) > 1 and [w for w in before if w.end > first_place] == []:
        return "unknown"  # "Russian drones and missiles hit Kharkiv and Sumy": which hit where is not said
    if before:
        return before[-1].weapon
    after = [w for w in weapons if w.start >= start]
    kinds = list(dict.fromkeys(w.weapon for w in after))
    if len(kinds) == 1:
        return kinds[0]
    if len(after) == len(targets) and all(g[0].start - r.start < after[0].start for g in targets):
        return after[index].weapon
    return "unknown"


def _first_weapon(r: ClauseReading) -> str:
    kinds = list(dict.fromkeys(w.weapon for w in r.weapons))
    return kinds[0] if kinds else "unknown"


def _target_phrase(text: str, r: ClauseReading, group: list[PlaceRef] | None) -> str:
    clause = text[r.start: r.end]
    if group is not None:
        end = group[-1].end - r.start
        head = clause[:end]
        lead = head[: group[0].start - r.start]
        cuts = [m.end() for m in re.finditer(r"\b(?:against|on|at|targeting|targeted|toward|towards|hit|struck|attacked)\s+|\s(?:and|or)\s+|,\s*", lead, re.I)]
        if cuts and len(lead) - cuts[-1] < 60:
            return _tidy(head[cuts[-1]:])
        subject = re.match(r"\s*(?:[^,]*,\s*)?(.{3,120}?)\s+(?:was|were|had been|has been)\s+(?:\w+\s+)?(?:hit|attacked|targeted|struck|shelled)", clause)
        if subject and subject.end(1) >= end:
            return _tidy(subject.group(1))
        return _tidy(" ".join(p.surface for p in group))
    events = r.events
    for m in re.finditer(r"\b(?:against|on|targeting|targeted|attacked|struck|at)\s+", clause, re.I):
        if events and m.start() >= events[0].start:
            tail = re.split(r"[,;.]|\s(?:in response|after|following|which|killing|leaving|and (?:killed|wounded))\b", clause[m.end():])[0]
            return _tidy(tail[:100])
    return ""


def _launch_phrase(text: str, group: list[PlaceRef]) -> str:
    m = re.search(r"\bfrom\s+([^.;,]{0,80})$", text[: group[-1].end])
    return _tidy(m.group(1)) if m else main_place(group).surface


def _tidy(phrase: str) -> str:
    return " ".join(phrase.strip(" ,;:—–-\"“”").split())[:120]


# --- dates --------------------------------------------------------------------------------------------


def _resolve_expr(expr: DateExpr, state: ArticleState) -> tuple[dt.date | None, int, str]:
    anchor = (state.last_date[0], state.last_date[1]) if state.last_date else None
    speaks_from = state.section_day[1] if state.section_day and state.section_day[2] == TIME_PRECISION_DAY else state.published
    day, precision = resolve(expr, speaks_from, anchor)  # "this morning" under "Statement of 3 March" is 3 March
    if day is None and expr.kind in ("hours", "next_day") and state.last_date:
        return None, precision, state.last_date[3] or expr.text
    return day, precision, expr.text


_SPAN_BEFORE = re.compile(
    r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|a few|several|\d+)"
    r"\s+(day|days|week|weeks|month|months|year|years)\s+(?:(?:later|earlier)\s+)?$", re.I,
)
_SPAN_UNITS = {"a few": 3, "several": 3}
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def _span_before_prior(r: ClauseReading, sentence: Sentence, state: ArticleState, sentence_date: DateExpr | None = None) -> tuple[dt.date | None, int, str] | None:
    """"It came a day after the group launched a drone at al-Shaddadi": one day before the attack just
    told; "A year after the strike on X, residents gathered on Tuesday": a year before the sentence's day."""
    m = _SPAN_BEFORE.search(sentence.text[max(0, r.start - 30): r.start])
    if m is None or not r.text.lstrip().lower().startswith(("after", "following")):
        return None
    opens_sentence = not sentence.text[: m.start() + max(0, r.start - 30)].strip()
    if opens_sentence and (sentence_date is not None or state.last_date is None):
        anchor = resolve(sentence_date, state.published)[0] if sentence_date is not None else state.published
    else:
        anchor = state.last_date[0] if state.last_date else None
    if anchor is None:
        return None
    amount = m.group(1).lower()
    count = _SPAN_UNITS.get(amount) or number_value(amount) or 1
    unit = _UNIT_DAYS[m.group(2).lower().rstrip("s")]
    precision = 3 if unit >= 30 else 1 if amount not in _SPAN_UNITS else 2
    return anchor - dt.timedelta(days=count * unit), precision, m.group(0).strip() + " after"


def _clause_date(r: ClauseReading, sentence: Sentence, state: ArticleState, sentence_date: DateExpr | None, opens_with_reference: bool) -> tuple[dt.date | None, int, str] | None:
    expr = _nearest_date(r)
    if expr is None and r.prior:
        return _span_before_prior(r, sentence, state, sentence_date)
    if expr is None and not r.prior:
        expr = sentence_date
    if expr is not None:
        resolved = _resolve_expr(expr, state)
        if not r.prior:
            state.last_date = (resolved[0], resolved[1], sentence.index, resolved[2])
        return resolved
    if r.claim_dates:  # claimed on that day: the attack was then or in the days before
        day, precision, text = _resolve_expr(r.claim_dates[0], state)
        state.last_date = (day, precision, sentence.index, text)
        return day, max(precision, TIME_PRECISION_WEEK), text
    # the lede's date carries to the details that follow it ("One drone struck ... in the late afternoon")
    reach = 2 if (opens_with_reference or r.definite) else 5
    heading = state.section_day
    if not r.prior and state.last_date and sentence.index - state.last_date[2] <= reach and not (heading and heading[0] > state.last_date[2]):
        day, precision, _, text = state.last_date
        return day, precision, text
    if not r.prior and heading is not None:
        return heading[1], heading[2], "section heading"  # "**Tuesday**" over the paragraph telling the attack
    return None


def _note_date(r: ClauseReading, sentence: Sentence, state: ArticleState, sentence_date: DateExpr | None) -> None:
    expr = _nearest_date(r) or sentence_date
    if expr is not None and not r.prior:
        resolved = _resolve_expr(expr, state)
        state.last_date = (resolved[0], resolved[1], sentence.index, resolved[2])


def _nearest_date(r: ClauseReading) -> DateExpr | None:
    if not r.dates:
        return None
    events = r.events
    anchor = (events[0].start + r.start) if events else r.start
    return min(r.dates, key=lambda d: abs(d.start - anchor))


# --- follow-up sentences -----------------------------------------------------------------------------

_COMPATIBLE = {
    "strike": {"airstrike", "drone", "missile", "strike"},
    "bomb": {"bomb", "airstrike"},
    "airstrike": {"airstrike", "strike"},
}


def _antecedent(r: ClauseReading, state: ArticleState, sentence: Sentence, placed_only: bool = False) -> Draft | None:
    """The attack a reference ("the attack", "the strikes", "the drone", "it") points to: the most recent
    one whose words or weapon match, within a few paragraphs."""
    families = {t.family for t in r.events} - {"attack"}
    perpetrators = {a.actor.name for a in r.actors if a.role == PERPETRATOR}
    best: tuple[int, int] | None = None
    chosen: Draft | None = None
    for i, draft in enumerate(state.drafts):
        if sentence.index - draft.last_sentence > 12 or (placed_only and draft.place is None) or draft.summary:
            continue  # a summary ("targeted twice") is no one attack to refer back to
        if perpetrators and draft.actor is not None and draft.actor.name != UNATTRIBUTED and not (perpetrators & {draft.actor.name}) and not draft.actor.umbrella:
            continue
        if not families:
            score = 1
        elif families & draft.families:
            score = 3
        elif any(draft.families & _COMPATIBLE.get(f, set()) for f in families) or any(f == draft.attack_type for f in families):
            score = 2
        elif draft.attack_type == "unknown":
            score = 1
        else:
            continue
        if score < 2 and (r.prior or perpetrators and (draft.actor is None or draft.actor.name == UNATTRIBUTED)):
            continue  # naming who did it, or an earlier event: only a reference with matching words
        if draft.target_actor and draft.target_actor in perpetrators:
            continue
        key = (score, max(draft.sentences))
        if best is None or key > best:
            best, chosen = key, draft
    return chosen


def _fold(draft: Draft, sentence: Sentence, r: ClauseReading, launch: list[list[PlaceRef]], state: ArticleState) -> None:
    if sentence.index not in draft.sentences:
        draft.sentences.append(sentence.index)
        draft.notes.append(sentence.text)
    draft.paragraphs.add(sentence.paragraph)
    kinds = list(dict.fromkeys(w.weapon for w in r.weapons))
    if kinds and draft.attack_type == "unknown" and (r.definite or r.intercepted or not r.plural_generic and not r.habitual and not r.negated):
        draft.attack_type = kinds[0]
        if len(kinds) > 1:
            draft.weapon_doubt = " or ".join(k.replace("_", " ") for k in kinds)
    draft.families.update(t.family for t in r.events)
    draft.disrupted = draft.disrupted or r.intercepted
    draft.casualties.merge(r.casualties)
    if any(a.stated for a in r.actors) or (r.definite and not r.plural_generic and not r.habitual):
        _set_actors(draft, r)  # a passing mention of a group in a later sentence says nothing about who did it
    if launch and draft.launch is None:
        draft.launch, draft.launch_text = main_place(launch[0]), _launch_phrase(sentence.text, launch[0])
    expr = _nearest_date(r)
    if expr is not None and r.events and re.search(
        r"\b(?:that|which|who)\s+(?:\w+\s+){0,3}?(?:killed|wounded|hit|struck|targeted|attacked)\b", sentence.text[r.events[0].end + r.start: expr.start]
    ):
        expr = None  # "first response to the drone attack that killed three soldiers last Sunday": another event's day
    if expr is not None and not r.prior:
        day, precision, text = _resolve_expr(expr, state)
        if (day is not None and (draft.date is None or 0 < precision < draft.precision or draft.precision == 0)) or not draft.date_text:
            draft.date, draft.precision, draft.date_text = day, precision, text
            state.last_date = (day, precision, sentence.index, text)


# --- merging and finishing ------------------------------------------------------------------------------


def _dates_compatible(a: Draft, b: Draft) -> bool:
    if a.date is None or b.date is None:
        return not (a.date_text and b.date_text and a.date is None and b.date is None and a.date_text.lower() != b.date_text.lower())
    window = {1: 0, 2: 7, 3: 31}.get(max(a.precision, b.precision), 0)
    return abs((a.date - b.date).days) <= window


def _types_compatible(a: Draft, b: Draft) -> bool:
    """Same weapon, one unknown, or one ACLED kind ("rockets" and "ballistic missiles" in two reports of one attack)."""
    if a.attack_type == b.attack_type or {"unknown", "other"} & {a.attack_type, b.attack_type}:
        return True
    if {a.attack_type, b.attack_type} == {"missile", "ballistic_missile"}:
        return True  # "a missile attack" and "two anti-ship ballistic missiles"
    same_place = a.place is not None and b.place is not None and _same_site(a.place, b.place)
    return same_place and event_types_for(a.attack_type, False) == event_types_for(b.attack_type, False)


def _actors_compatible(a: Draft, b: Draft) -> bool:
    if a.actor is None or b.actor is None or a.actor is b.actor or UNATTRIBUTED in (a.actor.name, b.actor.name):
        return True
    return (a.actor.umbrella or b.actor.umbrella) and a.actor.category == b.actor.category


def _same_site(a: PlaceRef, b: PlaceRef) -> bool:
    """One place, one named inside the other's name nearby ("Balad" and "Balad Air Base"), or a site
    and the town it serves ("Sulaimani International Airport" and "Sulaymaniyah")."""
    if a.place.id == b.place.id or _distance_km(a.place, b.place) < 3 or _road_through(a, b) or _road_through(b, a):
        return True
    if {a.rank, b.rank} == {0, 2} and _distance_km(a.place, b.place) < 20:
        return True
    short, long_ = sorted((_fold_name(a.place.name), _fold_name(b.place.name)), key=len)
    return bool(short) and re.search(rf"\b{re.escape(short)}\b", long_) is not None and _distance_km(a.place, b.place) < 30


_NEAR_HEADLINE_KM = 60


def _headline_region(headline: Draft, body: Draft) -> bool:
    """"shelling empties villages in Zakho district" over "villages in the Batifa subdistrict of Zakho
    district"; "Soldiers killed north of Baghdad" over the attack at Tarmiyah, 40 km north of the capital."""
    if not headline.headline or body.headline or headline.place is None or body.place is None:
        return False
    near = headline.near and _distance_km(headline.place.place, body.place.place) < _NEAR_HEADLINE_KM
    wider = headline.place.rank >= 3 and _within(body.place.place, headline.place.place)  # "airstrike on Sagaing village" over Kanbalu's
    return near or wider or headline.place.place.id in body.within


def _road_through(road: PlaceRef, town: PlaceRef) -> bool:
    """"Mogadishu road" in a headline and "the Mogadishu–Afgoye road" in the body."""
    return road.place.id.startswith(ROAD_ID_PREFIX) and town.place.id in road.place.id.removeprefix(ROAD_ID_PREFIX).split("|")


_SEQUEL = re.compile(r"\s*(?:" + _CUES["sequel_markers"] + r")\b,?", re.I)


_SEVERAL_TIMES = re.compile(r"\b(?:twice|(?:two|three|four|five|six|several|multiple|\d+)\s+times)\b", re.I)


def drop_summaries(drafts: list[Draft]) -> list[Draft]:
    """"Ain al-Asad base targeted twice in 24 hours" over the two attacks told below: the summary goes
    when the attacks it sums up are there; a summary the body does not detail stays."""
    summaries = [d for d in drafts if d.summary and d.place is not None]
    for draft in drafts:
        if draft.place is None and not draft.summary and len({s.place.place.id for s in summaries}) == 1:
            _set_place_of(draft, summaries[0])  # "four Katyusha rockets were launched towards the base": the base summed up
    detailed = [d for d in drafts if not d.summary and d.place is not None]
    return [d for d in drafts if not (d.summary and d.place is not None and any(_same_site(d.place, o.place) for o in detailed))]


def _set_place_of(draft: Draft, source: Draft) -> None:
    draft.place, draft.within, draft.country, draft.near, draft.offset = source.place, source.within, source.country, source.near, source.offset


def _same_event(a: Draft, b: Draft) -> bool:
    if a.summary or b.summary:
        return False
    if (a.sequel or b.sequel) and a.place and b.place and a.place.place.id != b.place.place.id:
        return False  # "Hours later, a drone struck near the Green Village": what came next, elsewhere
    if a.place and b.place and a.sentences[0] == b.sentences[0] and a.place.place.id != b.place.place.id and a.place.rank == b.place.rank:
        return False  # "shelled Kfar Kila and Odaisseh": the sentence itself told two places apart
    same_place = a.place is not None and b.place is not None and (_same_site(a.place, b.place) or _headline_region(a, b) or _headline_region(b, a))
    if same_place and (a.date is None) != (b.date is None) and _actors_compatible(a, b) and not (a.prior or b.prior):
        return True  # the headline or lede, undated, and the dated account of the same attack
    if same_place and a.headline != b.headline and _actors_compatible(a, b) and _types_compatible(a, b) and not (a.prior or b.prior):
        return a.date is None or b.date is None or abs((a.date - b.date).days) <= 2  # a headline's day is loose ("Monday" for late Sunday, a filing stamp)
    if not (_types_compatible(a, b) and _dates_compatible(a, b) and _actors_compatible(a, b)):
        return False
    if a.place and b.place:
        return same_place
    if a.place is None and b.place is None:
        same_country = a.country == b.country or not a.country or not b.country or a.headline or b.headline
        unnamed = any(d.actor is None or d.actor.name == UNATTRIBUTED for d in (a, b))
        close = (abs(a.last_sentence - b.sentences[0]) <= 2 or abs(b.last_sentence - a.sentences[0]) <= 2) and a.prior == b.prior and a.sentences[0] != b.sentences[0]
        same_doer = a.actor is b.actor or (a.headline != b.headline or unnamed and close) and _actors_compatible(a, b)  # the headline often names no doer; "A soldier was wounded in the exchange of fire"
        return same_doer and (same_country or (a.date is not None and b.date is not None))
    return False


def fold_lead_ins(drafts: list[Draft]) -> list[Draft]:
    """A recap's bullet heading ("Roadside bomb near Tell Tamer (Saturday 31 May).") names the attack
    its paragraph goes on to tell: one incident, dated by the heading when only the body's date is relative."""
    kept: list[Draft] = []
    for draft in drafts:
        body = next((d for d in drafts if d.lead_in is False and d.paragraphs & draft.paragraphs
                     and 0 < d.sentences[0] - draft.sentences[0] <= 2 and _types_compatible(d, draft)), None) if draft.lead_in else None
        if body is None:
            kept.append(draft)
            continue
        relative = not any(ch.isdigit() for ch in body.date_text)
        _absorb(body, draft)
        if draft.date is not None and any(ch.isdigit() for ch in draft.date_text) and relative:
            body.date, body.precision, body.date_text = draft.date, draft.precision, draft.date_text
    return kept


def merge_drafts(drafts: list[Draft]) -> list[Draft]:
    merged: list[Draft] = []
    for draft in drafts:
        target = next((m for m in merged if _same_event(m, draft)), None)
        if target is None:
            merged.append(draft)
        else:
            _absorb(target, draft)
    return _absorb_placeless(merged)


def _absorb_placeless(drafts: list[Draft]) -> list[Draft]:
    """A place-less mention of attacks that are also reported with their places (the headline, or
    "Drones were launched at two bases ... on Saturday" before each base's paragraph) is a summary."""
    kept: list[Draft] = []
    for draft in drafts:
        if draft.place is not None and draft.place.rank >= 3:
            inside = [d for d in drafts if d is not draft and d.place is not None and d.place.rank < draft.place.rank
                      and _within(d.place.place, draft.place.place) and _types_compatible(d, draft)
                      and _actors_compatible(d, draft) and (draft.headline or _dates_compatible(d, draft))]
            if len(inside) == 1 and not draft.headline:
                _absorb(inside[0], draft)  # "a defensive strike in Babil province" is the strike at Jurf al-Nasr
                continue
            if inside and draft.headline:  # "Islamic State attacks kill five in Salahuddin" over the attacks in its towns
                for host in inside:
                    if draft.actor is not None and not host.unknown_said and _better_actor(draft.actor, host.actor):
                        host.actor, host.attribution, host.attributed_by = draft.actor, draft.attribution, draft.attributed_by
                continue
        if draft.place is None:
            hosts = [d for d in drafts if d.place is not None and _types_compatible(d, draft) and _dates_compatible(d, draft)
                     and _actors_compatible(d, draft) and (draft.actor is None or draft.actor.name == UNATTRIBUTED or d.actor is draft.actor or d.actor is None or d.actor.name == UNATTRIBUTED)
                     and (not draft.country or d.country == draft.country or draft.headline)]
            if len(hosts) == 1:
                _absorb(hosts[0], draft)
                continue
            if hosts:  # a summary of several attacks lends who did them, and "no deaths" for all
                for host in hosts:
                    same_kind = draft.attack_type != "unknown" and event_types_for(draft.attack_type, False) == event_types_for(host.attack_type, False)
                    if draft.actor is not None and same_kind and not host.unknown_said and _better_actor(draft.actor, host.actor):
                        host.actor, host.attribution, host.attributed_by = draft.actor, draft.attribution, draft.attributed_by
                    if draft.casualties.fatalities == 0 and host.casualties.fatalities is None:
                        host.casualties.fatalities = 0
                    if draft.casualties.injured == 0 and host.casualties.injured is None:
                        host.casualties.injured = 0
                continue
        kept.append(draft)
    return kept


def _within(place: Place, region: Place) -> bool:
    """``place`` lies in ``region``: its province by name, or within the reach a curated region gives
    ("Kurdistan Region", 150 km around its point)."""
    if _fold_name(place.admin1) == _fold_name(region.name):
        return True
    return region.precision_km > 0 and place.country == region.country and _distance_km(place, region) <= region.precision_km


def _absorb(into: Draft, other: Draft) -> None:
    for index, note in zip(other.sentences, other.notes):
        if index not in into.sentences:
            into.sentences.append(index)
            into.notes.append(note)
    into.paragraphs |= other.paragraphs
    if other.place is not None and (into.place is None or other.place.rank < into.place.rank or _road_through(other.place, into.place) or _headline_region(into, other)):
        into.place, into.country, into.near, into.offset = other.place, other.country, other.near, other.offset  # the more precise site
        into.flags = [f for f in into.flags if not f.startswith("place")] + [f for f in other.flags if f.startswith("place")]
    body_over_headline = into.headline and not other.headline
    if (into.attack_type in ("unknown", "other") or body_over_headline) and other.attack_type != "unknown" or (into.date is None and other.date is not None and other.attack_type != "unknown"):
        into.attack_type, into.weapon_doubt, into.inferred_type = other.attack_type, other.weapon_doubt, other.inferred_type
    into.unknown_said = into.unknown_said or other.unknown_said
    explicit = other.attribution in ("claimed", "attributed")  # "no group claimed it" rules out guesses, not a later claim or finding
    if other.actor is not None and (explicit or not into.unknown_said) and _better_actor(other.actor, into.actor):
        into.actor, into.attribution, into.attributed_by = other.actor, other.attribution, other.attributed_by
    elif other.actor is not None and other.actor is into.actor and other.attribution == "claimed":
        into.attribution, into.attributed_by = "claimed", ""  # the group says itself what others said of it
    if other.date is not None and (into.date is None or 0 < other.precision < into.precision or body_over_headline and other.precision <= into.precision):
        into.date, into.precision, into.date_text = other.date, other.precision, other.date_text
    elif not into.date_text:
        into.date_text = other.date_text
    if into.headline == other.headline:
        into.disrupted = into.disrupted or other.disrupted
    elif into.headline:  # the account in the body says whether it was brought down, not the headline
        into.disrupted = other.disrupted
    into.launch = into.launch or other.launch
    into.launch_text = into.launch_text or other.launch_text
    into.target_actor = into.target_actor or other.target_actor
    into.target = into.target if len(into.target) >= len(other.target) else other.target
    into.headline = into.headline and other.headline
    into.prior = into.prior and other.prior
    into.casualties.fatalities = _lowest(into.casualties.fatalities, other.casualties.fatalities)
    into.casualties.injured = _lowest(into.casualties.injured, other.casualties.injured)
    into.casualties.notes += [n for n in other.casualties.notes if n not in into.casualties.notes]
    into.flags += [f for f in other.flags if f not in into.flags]


def _lowest(a: int | None, b: int | None) -> int | None:
    known = [x for x in (a, b) if x is not None]
    return min(known) if known else None


def attribute_suspects(state: ArticleState) -> None:
    """An unattributed attack next to a sentence that names who does such attacks ("militias have
    used a public place for launching an attack"), or under a headline that names them, is suspected."""
    for draft in state.drafts:
        if draft.actor is not None and draft.actor.name != UNATTRIBUTED or draft.unknown_said:
            continue
        near = [s.actor for s in state.suspects if s.paragraph in draft.paragraphs and any(abs(s.sentence - i) <= 1 for i in draft.sentences)]
        headline = state.headline_actors.get(draft.place.place.id, []) if draft.place else []
        chosen = _most_specific(near) or _most_specific(headline)
        if chosen is not None:
            draft.actor, draft.attribution, draft.attributed_by = chosen, "suspected", ""


def attribute_sections(state: ArticleState, headings: list[tuple[int, Actor]]) -> None:
    """An unattributed attack under a paragraph heading that names a group ("Kataib Hezbollah" over
    the paragraphs about its attacks) is suspected to be that group's."""
    if not headings:
        return
    for draft in state.drafts:
        if draft.actor is not None and draft.actor.name != UNATTRIBUTED or draft.unknown_said:
            continue
        above = [actor for index, actor in headings if index < min(draft.sentences)]
        if above:
            draft.actor, draft.attribution, draft.attributed_by = above[-1], "suspected", ""


def drop_lone_headlines(drafts: list[Draft]) -> list[Draft]:
    """A headline attack left apart from the body's attacks, though one of them is of its kind and
    doer, is that attack told with another place name or day ("strikes on Hodeidah" over the strike
    on Ras Isa port): the body's account stands. A headline the body does not echo is kept."""
    body = [d for d in drafts if not d.headline]
    return [d for d in drafts if not d.headline or not any(_echoes(d, b) for b in body)]


def _echoes(headline: Draft, body: Draft) -> bool:
    same_doer = headline.actor is not None and body.actor is not None and headline.actor.name == body.actor.name
    return same_doer and _types_compatible(headline, body) and (headline.date is None or body.date is None or abs((headline.date - body.date).days) <= 2)


BACKGROUND_DAYS = 31
_PRECISION_SLACK = {TIME_PRECISION_WEEK: 7, TIME_PRECISION_MONTH: 16}


def is_background(draft: Draft, published: dt.date | None) -> bool:
    """An attack recalled from more than a month before the article was published ("In January,
    a drone hit ..." in a March article; "a year ago today") is background, not news: the reports
    of its own days carry it."""
    if draft.date is None or published is None:
        return False
    return (published - draft.date).days - _PRECISION_SLACK.get(draft.precision, 0) > BACKGROUND_DAYS


def default_dates(state: ArticleState) -> None:
    for draft in state.drafts:
        if draft.date is None and not draft.date_text and not draft.prior and state.published is not None:
            draft.date, draft.precision = state.published, 2
            draft.flags.append("date: the text gives none; publication date used")


def infer_attack_types(state: ArticleState) -> None:
    defaults = lexicon().actor_defaults
    for draft in state.drafts:
        if draft.attack_type == "unknown" and draft.actor is not None and draft.actor.name in defaults and (
            draft.families & {"strike", "airstrike", "attack"} or not draft.families
        ):
            draft.attack_type = defaults[draft.actor.name]
            draft.inferred_type = True

