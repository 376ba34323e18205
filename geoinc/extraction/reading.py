"""Reading one clause like an analyst: is an attack reported here (or only background, habit,
hypothesis, negation)? With what weapons, by whom, against whom, when, with what toll?

Works on plain strings and character offsets; geocoding is left to the caller (``assemble``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from geoinc.actors import Actor
from geoinc.extraction.casualties import Casualties, read_casualties
from geoinc.extraction.dates import DateExpr, find_dates
from geoinc.extraction.lexicon import actor_for_alias, actor_index, lexicon, raw_cues
from geoinc.extraction.prefilter import Prefiltered
from geoinc.model import UNATTRIBUTED

PERPETRATOR, TARGET, DEFENDER, SPEAKER, MENTION = "perpetrator", "target", "defender", "speaker", "mention"
_CUES = raw_cues()  # vocabulary of the module-level patterns below (their grammar stays here)

_PARENTHETICAL = Prefiltered(re.compile(
    r",\s+(?:which|who|whose|where)\b[^,;]*,|,\s+in what\s+[^,;]*,|,\s+or\s+(?:the\s+)?[^,;]{1,60},|\([^)]*\)|—[^—]*—|–[^–]*–|,\s+(?:an?|the)\s+(?:[\w’'-]+\s+){0,9}?[\w’'-]+,(?=\s+(?:said|says|claimed|announced|stated|is|was|has|had|were|are))"
))
_CLAUSE_BREAK = re.compile(r";|:\s")
_TARGET_PREP = Prefiltered(re.compile(r"\b(?:on|against|at|targeting|targeted|toward|towards|into|hitting|struck|attacked|hit)\s*$", re.I))
_BY_AGENT = Prefiltered(re.compile(r"\bby\s+(?:the\s+|a\s+|an\s+)?$", re.I))
_AUX_BEFORE = Prefiltered(re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+\s+)?$", re.I))
_NUMBER_BEFORE = Prefiltered(re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|multiple|a series of|a number of|numerous|many|dozens of)\s+(?:[\w-]+\s+){0,2}$",
    re.I,
))
_PAST_VERB = re.compile(
    r"\w+ed|hit|struck|shot down|brought down|bring (?:it|them) down|shot|fired|launched|sent|blew up|went off|returned fire|fired back|threw"
)
_SPAN_BEFORE = re.compile(r"\b(?:since|until|till|through|throughout|between|from)\s+(?:early\s+|late\s+|mid-?)?$", re.I)
_ARTICLE_BEFORE = Prefiltered(re.compile(r"\b(?:a|an|the|this|that|another|its|one)\s+(?:[\w'’.-]+\s+){0,3}$", re.I))
_SPEECH_DATE = Prefiltered(re.compile(
    r"\b(?:said|says|told [\w ]{1,30}|announced|stated|added|reported|confirmed|tweeted|posted|wrote|according to [\w ]{1,40}|identified|named|buried|mourned|released|arrested|detained|visited|met|returned|formed|founded|established|created|began|started|launched in|took office|elected|claimed(?: responsibility)?)\s*$"
    r"|\b(?:in|via|through)\s+(?:a|an|its|their)\s+(?:[\w-]+\s+){0,2}(?:statement|post|message|video|communiqu[eé]|briefing|press conference|news conference)"
    r"(?:\s+(?:sent|posted|published|released|issued|circulated|broadcast)(?:\s+(?:to|by|on)\s+(?:[\w-]+\s+){0,3}?[\w-]+)?)?\s*$",  # "said in a Telegram statement on Wednesday"
    re.I,
))
# "On Wednesday, the Islamic Resistance claimed ...": a date opening a claim is its day, not the attack's
_CLAIM_AFTER_DATE = re.compile(r",?\s+(?:the\s+)?(?:[\w'’.-]+\s+){0,6}?(?:claimed|claims|took responsibility)\b", re.I)
_FAMILIES = (
    ("drone", re.compile(r"drone|uav|unmanned|quadcopter|loitering|shahed", re.I)),
    ("airstrike", re.compile(r"air ?strike|air raid|air attack|warplane|jet|aerial|bomber", re.I)),
    ("missile", re.compile(r"missile", re.I)),
    ("rocket", re.compile(r"rocket|katyusha|grad", re.I)),
    ("artillery", re.compile(r"shell|mortar|artillery|howitzer", re.I)),
    ("bomb", re.compile(r"bomb|ied|explosive|blast|explosion|exploded|detonat", re.I)),
    ("strike", re.compile(r"strike|struck", re.I)),
)


@dataclass
class ActorMention:
    start: int
    end: int
    surface: str
    actor: Actor
    role: str = MENTION
    attribution: str = ""  # claimed / attributed / suspected, for perpetrators
    stated: bool = False  # named by a claim or attribution ("claimed", "blamed X", "X was behind"), not only as a doer


@dataclass
class Trigger:
    start: int
    end: int
    text: str
    weapon: str  # attack type when the word names a means, else ""
    family: str  # noun family for matching later references ("the strikes")
    vetoed: str = ""  # "hypothetical", "negated", "habitual", "generic" or ""
    plural: bool = False  # "attacks", "missile attacks": a plural event noun
    verb: bool = False  # "struck", "was hit", "launched": a finite verb reporting an act


@dataclass
class ClauseReading:
    start: int  # offsets in the sentence
    end: int
    text: str
    prior: bool  # an earlier event ("after X", "in response to X"): its date is its own
    triggers: list[Trigger] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    dates: list[DateExpr] = field(default_factory=list)
    claim_dates: list[DateExpr] = field(default_factory=list)  # "On Saturday, X claimed ...": the claim's day, the attack's at the latest
    casualties: Casualties = field(default_factory=Casualties)
    intercepted: bool = False
    definite: bool = False  # opens with a reference to an attack already reported ("The attack ...")
    counted: bool = False  # "four separate attacks", "several strikes": a summary of several events
    plural_generic: bool = False
    specific: bool = False  # a finite verb ("struck") or a singular attack noun ("an assault")
    negated: bool = False
    habitual: bool = False
    reaction: int = -1  # where a reaction, appeal or opinion about an attack ends ("condemned| the strike on X"): not a report of one
    cues: list[tuple[int, str]] = field(default_factory=list)  # (offset, "hypothetical" / "negated" / "habitual") veto cues
    shootdown: bool = False  # an armed group brought down a state's aircraft: the group acted

    @property
    def events(self) -> list[Trigger]:
        return [t for t in self.triggers if not t.vetoed]

    @property
    def weapons(self) -> list[Trigger]:
        return [t for t in self.events if t.weapon]


def _mask(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with every match of ``pattern`` blanked (offsets kept)."""
    pieces, last = [], 0
    for m in pattern.finditer(text):
        pieces += (text[last: m.start()], " " * (m.end() - m.start()))
        last = m.end()
    return "".join(pieces) + text[last:] if pieces else text


@lru_cache(maxsize=4096)
def _family(word: str) -> str:
    for name, pattern in _FAMILIES:
        if pattern.search(word):
            return name
    return "attack"


def find_triggers(text: str) -> list[Trigger]:
    lex = lexicon()
    found: list[Trigger] = []
    for m in lex.triggers.finditer(text):
        group = m.lastgroup or "g"
        kind = "" if group == "g" else lex.weapons[int(group[1:])][0]
        if kind and kind != "airstrike" and lex.equipment.match(text, m.end()):
            continue  # "a drone assembly facility", "drone and rocket depots": targets, not weapons
        if lex.case_after.match(text, m.end()):
            continue  # "the bus bombing trial", "the attack suspects": a past attack named as a matter of record
        found.append(Trigger(m.start(), m.end(), m.group(0), kind, _family(m.group(0))))
    # "targeted strikes", "attack drones": a participle or noun modifying the next attack word is not an act of its own
    found = [
        t for i, t in enumerate(found)
        if not (t.text.lower() in _MODIFIERS and i + 1 < len(found) and re.fullmatch(r"\s", text[t.end: found[i + 1].start]) and not _PAST_VERB.fullmatch(found[i + 1].text.lower()))
    ]
    for t in found:
        t.plural, t.verb = _number_and_verb(t.text)
    return found


@lru_cache(maxsize=4096)
def _number_and_verb(word: str) -> tuple[bool, bool]:
    """Whether an attack word is a plural event noun ("strikes") and whether it is a finite verb ("struck")."""
    head = word.split()[-1].lower()
    plural = bool(lexicon().cue["event_nouns"].fullmatch(head)) and head.endswith("s") and not head.endswith("ss")
    return plural, bool(_PAST_VERB.fullmatch(word.lower()))


def split_clauses(sentence: str, dates: list[DateExpr] | None = None) -> list[tuple[int, int, bool]]:
    """(start, end, prior) pieces: ';' breaks; 'after X', 'following X', 'in response to X' open an
    earlier event's clause that runs to the next comma (or the end)."""
    lex = lexicon()
    pieces: list[tuple[int, int, bool]] = []
    bounds = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence) + 1]
    date_spans = [(d.start, d.end) for d in (find_dates(sentence) if dates is None else dates)]
    consequences = [m.start() for m in lex.cue["consequence"].finditer(sentence)]
    bounds = sorted(set(bounds + consequences + _second_doers(sentence)))
    for a, b in zip(bounds, bounds[1:]):
        b = min(b, len(sentence))
        cursor = a
        for m in lex.cue["prior"].finditer(sentence, a, b):
            if m.start() < cursor or any(s <= m.start() < e for s, e in date_spans):
                continue
            comma = sentence.find(",", m.end(), b)
            # "Following X, main clause" vs "main clause after X[, more]"
            end = comma if comma != -1 else b
            if m.start() > cursor:
                pieces.append((cursor, m.start(), False))
            pieces.append((m.start(), end, True))
            cursor = end
        if cursor < b:
            pieces.append((cursor, b, False))
    pieces = [(s, e, p) for s, e, p in pieces if sentence[s:e].strip(" ,.;:")]
    joined: list[tuple[int, int, bool]] = []
    for s, e, p in pieces:  # "after a bomb exploded near X, capital of Y, the night of February 9, wounding three"
        opening = joined and _OPENS_SENTENCE.fullmatch(sentence, 0, joined[-1][0])  # "A year after X, residents gathered ...": the main clause
        if joined and joined[-1][2] and not p and not opening and not lex.triggers.search(sentence, s, e):
            joined[-1] = (joined[-1][0], e, True)
        else:
            joined.append((s, e, p))
    return joined


_OPENS_SENTENCE = re.compile(r"\s*(?:(?:just|only|some|about)\s+)?(?:(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|\d+)\s+(?:hours?|days?|weeks?|months?|years?|minutes?)\s*)?", re.I)


def _second_doers(sentence: str) -> list[int]:
    """Where another side's act begins: "Militants fired rockets at the base and US aircraft struck
    back at their launch site" — a conjunction, a new doer (an actor or a doer noun) and a finite
    attack verb, after a first attack word ("overran", "an attack on")."""
    lex = lexicon()
    starts = []
    for m in lex.cue["second_doer"].finditer(sentence):
        subject = m.group(0)
        if not (find_actors(subject) or lex.cue["doer_nouns"].search(subject)):
            continue
        if find_triggers(sentence[: m.start()]):
            starts.append(m.start())
    return starts


def read_clause(sentence: str, start: int, end: int, prior: bool, dates: list[DateExpr]) -> ClauseReading:
    lex = lexicon()
    text = sentence[start:end]
    reading = ClauseReading(start, end, text, prior)
    in_clause = [
        d for d in dates
        if start <= d.start < end and d.end <= end and not _SPEECH_DATE.search(sentence[max(start, d.start - 50): d.start])
        and not _SPAN_BEFORE.search(sentence[max(start, d.start - 20): d.start])
    ]  # "said on Friday" dates the statement; "since November 2023" is a span, not the event's day; "X, hours| before Y" relates two clauses
    reading.claim_dates = [d for d in in_clause if _opens_a_claim(sentence, d, end)]
    reading.dates = [d for d in in_clause if d not in reading.claim_dates]
    masked_dates = text
    for d in reading.dates:
        masked_dates = masked_dates[: d.start - start] + " " * (d.end - d.start) + masked_dates[d.end - start:]
    masked = _mask(masked_dates, lex.cue["no_casualties"])
    reading.triggers = find_triggers(text)
    cues = reading.cues = _cue_starts(masked)
    generic = _veto(reading, masked, cues)
    intercept = lex.cue["intercept"].search(text)
    reading.intercepted = bool(intercept) and not _vetoed_at(masked, intercept.start(), cues)
    reading.negated = any(reason in ("hypothetical", "negated") for _, reason in cues)
    reading.habitual = any(reason == "habitual" for _, reason in cues) or bool(generic)
    reading.casualties = read_casualties(text)
    if reading.negated and reading.casualties.fatalities != 0:
        reading.casualties = Casualties(
            fatalities=0 if lex.cue["no_deaths"].search(text) else None,
            injured=0 if lex.cue["no_injuries"].search(text) else None,
        )
    events = reading.events
    first = events[0] if events else None
    if first is not None:
        before = text[: first.start].lower()
        reading.definite = not first.verb and _determined(before, lex_determiners()) or bool(
            re.match(r"\s*(?:it|they|them)\b", text, re.I) and reading.intercepted
        )
        reading.counted = any(t.plural and _NUMBER_BEFORE.search(text[: t.start]) for t in events)
        reading.plural_generic = not any(t.verb for t in events) and all(t.plural or t.text.lower().endswith("ing") for t in events if not t.weapon or t.plural)
        reading.specific = any(t.verb for t in events) or any(
            not t.plural and not t.text.lower().endswith("ing") and _ARTICLE_BEFORE.search(text[: t.start])
            for t in events
        ) or any(t.plural and _SUPPORT_VERB.search(text[: t.start]) for t in events)
    reading.reaction = _reacts(masked, events)
    reading.actors = find_actors(text)
    assign_roles(reading)
    return reading


def _reacts(masked: str, events: list[Trigger]) -> int:
    """Where the reaction frame ends, -1 for none: "Baghdad condemned the strike on Jurf al-Sakhar", "urged Baghdad to rein in militias that
    attacked ...", "depending on whom you believe, the US killed one man or three": the attack is
    the object of a reaction, an appeal or an opinion. A finite attack verb between the reaction and
    the attack word ("condemned the attack, saying drones struck ...") reports it after all."""
    if not events:
        return -1
    lex = lexicon()
    if (opinion := lex.cue["opinion"].search(masked)) and opinion.start() < events[-1].start:
        return opinion.end()
    reaction = lex.cue["reaction"].search(masked, 0, events[0].start)
    if reaction is None or any(t.verb and t.start > reaction.end() and not _RELATIVE_VERB.search(masked, 0, t.start) for t in events):
        return -1
    return reaction.end()


_RELATIVE_VERB = Prefiltered(re.compile(r"\b(?:who|that|which)\s+(?:had\s+|have\s+|has\s+)?$|[\"“]\S[^\"”]*$", re.I))  # "praising the heroes who struck", quoted words


_MODIFIERS = frozenset({"targeted", "attack", "strike", "assault", "raid", "bombing", "shelling"})
_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "our"})
_SUPPORT_VERB = Prefiltered(re.compile(r"\b(?:executed|conducted|carried out|launched|mounted|staged|fired|unleashed|conducts|carries out|launches)\s+(?:[\w-]+\s+){0,3}$", re.I))


def _determined(before: str, determiners: str) -> bool:
    """"the attack", "the new US air attack", "The airstrikes": a determiner and up to three modifiers
    (no verb among them: "its forces executed targeted strikes" is not a reference)."""
    m = _determiner_before(determiners).search(before)
    if not m:
        return False
    words = m.group(1).split()
    verbs = lexicon().cue["attack_verbs"]
    return not any(verbs.fullmatch(w) or w in ("that", "which", "who") or w in _PRONOUNS for w in words[:-1])


@lru_cache(maxsize=8)
def _determiner_before(determiners: str) -> Prefiltered:
    return Prefiltered(re.compile(rf"(?:^|[\s,“\"])(?:{determiners})\s+((?:[\w.’'-]+\s+){{0,3}})$"))


def lex_determiners() -> str:
    return lexicon().cue["anaphor_determiners"].pattern.replace("(?<![\\w-])(?:", "(?:").replace(")(?![\\w])", ")")


_SOFT_HABIT = re.compile(_CUES["soft_habitual"], re.I)
_VETO_KINDS = (("hypothetical", "hypothetical"), ("negation", "negated"), ("habitual", "habitual"))


_GROUP_REASON = {"h": "hypothetical", "n": "negated", "b": "habitual"}


def _cue_starts(masked: str) -> list[tuple[int, str]]:
    return [(m.start(), _GROUP_REASON[m.lastgroup or "b"]) for m in lexicon().vetoes.finditer(masked)]


def _vetoed_at(masked: str, position: int, cues: list[tuple[int, str]] | None = None) -> str:
    """Why the trigger at ``position`` reports no actual event, from the cues before it in its clause."""
    found = _cue_starts(masked) if cues is None else cues
    reasons = {reason for start, reason in found if start < position}
    return next((reason for _, reason in _VETO_KINDS if reason in reasons), "")


_MODAL_AFTER = re.compile(r"(?:\s+(?!that\b|which\b|who\b)[\w'’-]+){0,6}?\s+(?:could|would|might|may|will|can|should)\s+(?!not\s+be\s+(?:confirmed|verified|reached))", re.I)


def _modal_after(masked: str, end: int) -> str:
    """"A strike on Erbil could ignite a broader conflict": the attack is the subject of a modal."""
    m = _MODAL_AFTER.match(masked, end)
    if m and not re.search(r"\w+ed\b|[,;]", masked[end: m.start() + len(m.group(0))]):
        return "hypothetical"
    return ""


_ROLE_IN_ATTACKS = re.compile(r"\b(?:involved|engaged|specialising|specializing|specialised|specialized|expert)\s+in\s+(?:[\w-]+\s+){0,2}$|\bresponsible\s+for\s+(?:[\w-]+\s+){0,3}$", re.I)


def _opens_a_claim(sentence: str, date: DateExpr, end: int) -> bool:
    m = _CLAIM_AFTER_DATE.match(sentence, date.end, end)
    return m is not None and lexicon().cue["attack_verbs"].search(sentence, date.end, m.end() - 1) is None


def _veto(reading: ClauseReading, masked: str, cues: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Mark the triggers that report no actual event; return the generic references' spans ("such attacks")."""
    lex = lexicon()
    generic = [(m.start(), m.end()) for m in lex.cue["generic_refs"].finditer(masked)]
    # "the latest in a string of attacks" does not make "Drones were launched ... on Saturday" a habit
    acts = [t.start for t in reading.triggers if _PAST_VERB.fullmatch(t.text.lower())]
    dated_act = any(d.kind not in ("month", "last_month") for d in reading.dates) and bool(acts)
    habits = [start for start, reason in cues if reason == "habitual"]
    habitual = bool(habits) and not (dated_act and (
        all(_SOFT_HABIT.fullmatch(m.group(0)) for m in lex.cue["habitual"].finditer(masked))
        or min(habits) > max(acts)  # "... killed a member on Tuesday, in one of the deepest strikes in recent weeks"
    ))
    if dated_act:  # "Ain al-Asad, a frequent target of militias, was struck on Tuesday"
        cues = [(start, reason) for start, reason in cues if not (reason == "habitual" and _SOFT_HABIT.match(masked, start))]
    for t in reading.triggers:
        if any(s <= t.start < e for s, e in generic) or _ROLE_IN_ATTACKS.search(masked, max(0, t.start - 60), t.start):
            t.vetoed = "generic"
            continue
        # "have launched a series of attacks", "the attacks continued": habit anywhere in the clause
        t.vetoed = _vetoed_at(masked, t.start, cues) or ("habitual" if habitual else "") or _modal_after(masked, t.end)
    live = [t for t in reading.triggers if not t.vetoed]
    if generic and live and not any(_PAST_VERB.fullmatch(t.text.lower()) for t in live):
        for t in live:  # "more than 170 such attacks, most of them with one-way drones and rockets"
            t.vetoed = "generic"
    return generic


def find_actors(text: str) -> list[ActorMention]:
    found = []
    for m in actor_index().pattern.finditer(text):
        actor = actor_for_alias(m.group(0))
        if actor is not None:
            found.append(ActorMention(m.start(), m.end(), m.group(0), actor))
    return found


_ATTRIBUTED_TO = Prefiltered(re.compile(
    r"(?:attributed|blamed|pinned)\s+(?:[\w’'-]+\s+){0,3}(?:to|on)\s+[\"“‘']?(?:[\w’',-]+\s+){0,6}$|(?:accused|blamed|blame|blames|suspected|suspect)\s+[\"“‘']?(?:(?:one|some|members|elements|fighters|cells?)\s+of\s+)?(?:the\s+)?(?:[\w’'-]+\s+){0,2}$"
    r"|(?:hallmarks|signature|fingerprints|trademark)[\"”’']?\s+of\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}$", re.I
))
_BACKER_AFTER = re.compile(
    r"\s+(?:of|for)\s+(?:\w+ly\s+)?(?:" + _CUES["backer_verbs"] + r")\b", re.I)
_AGENT_LINK = re.compile(
    r"\s+(?:(?:was|were|had been|has been|is|are)\s+)?(?:(?:likely|probably|apparently|reportedly)\s+)?(?:carried out|conducted|launched|fired|staged|perpetrated|executed|mounted)?\s*(?:out\s+|up\s+|off\s+)?by\s+(?:the\s+|a\s+|an\s+)?",
    re.I,
)
_CLAIMED_BY = re.compile(r"claimed\s+by\s+(?:the\s+)?(?:(?:[\w'’]+-[\w'’-]+|little-known|shadowy|new|so-called)\s+){0,2}$", re.I)  # "claimed by the Iran-backed X"
_CLAIMS_AFTER = re.compile(r"\s*(?:,[^,;]{0,160},\s*)?(?:(?:has|have|had|also|later|quickly|swiftly)\s+)*(?:claimed|claims|said (?:it|they)|says (?:it|they)|announced|took responsibility|takes responsibility)", re.I)
_BEHIND = re.compile(r"\s*(?:(?:was|were|is|are|is being|are being)\s+)?(?:(?:likely|probably|widely|reportedly|possibly)\s+)?(?:behind|responsible)\b|\s*(?:is|are|was|were)\s+(?:\w+\s+)?(?:suspected|believed|thought)\b", re.I)
_SITE_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:military\s+|diplomatic\s+|air\s+)?(?:embassy|consulate|base|bases|airbase|convoys?|compound|facility|facilities|headquarters|positions?|outposts?|garrison|camps?|interests|sites?|installations?|depots?|personnel|logistics|supply)\b",
    re.I,
)
_SPEECH = Prefiltered(re.compile(r"\b(?:" + _CUES["speech_verbs"] + r")\b", re.I))


def assign_roles(reading: ClauseReading) -> None:
    """Perpetrator, target, speaker or defender for each actor, from the words around it."""
    lex = lexicon()
    masked = _mask(reading.text, _PARENTHETICAL)
    verbs, suspect = lex.cue["attack_verbs"], lex.cue["suspect"]
    for a in reading.actors:
        before, after = masked[: a.start], masked[a.end:]
        before_near, after_near = before[-90:], after[:180]
        a.role, a.attribution = _role(a, before, before_near, after_near, reading, verbs)
        a.stated = bool(a.attribution)
    for first, second in zip(reading.actors, reading.actors[1:]):
        if second.role == PERPETRATOR and first.role == MENTION and re.fullmatch(r"\s*(?:and|,|&)\s*", masked[first.end: second.start]):
            first.role, first.attribution = PERPETRATOR, second.attribution  # "American and British warplanes struck"
        if a.role == PERPETRATOR and not a.attribution:
            a.attribution = "suspected" if suspect.search(before_near[-40:]) or suspect.match(after_near, 0) else "attributed"
    _shooter_of_a_state_drone(reading, masked)


_SHOT_DOWN_BEFORE = re.compile(r"\b(?:shot down|downed|brought down)\s+(?:an?|the|one|two|three|\d+)\s+$", re.I)


def _shooter_of_a_state_drone(reading: ClauseReading, masked: str) -> None:
    """"The Houthis said their air defences shot down an American MQ-9", "the PKK said its fighters
    downed a Turkish drone": an armed group bringing down a state's aircraft is the doer, the state
    the target (a state downing a group's drone is the group's attack, disrupted)."""
    owner = next((a for a in reading.actors if a.actor.category == "state_force" and _SHOT_DOWN_BEFORE.search(masked[max(0, a.start - 30): a.start])), None)
    if owner is None:
        return
    shooter = next((a for a in reading.actors if a.end <= owner.start and a.actor.category != "state_force" and a.actor.name != UNATTRIBUTED), None)
    if shooter is None:
        return
    owner.role, owner.attribution, owner.stated = TARGET, "", False
    shooter.attribution = "claimed" if shooter.role == SPEAKER else "attributed"
    shooter.role, shooter.stated = PERPETRATOR, shooter.attribution == "claimed"
    reading.shootdown = True


def _role(a: ActorMention, before: str, before_near: str, after_near: str, reading: ClauseReading, verbs: re.Pattern[str]) -> tuple[str, str]:
    lex = lexicon()
    if _ATTRIBUTED_TO.search(before_near) and _BACKER_AFTER.match(after_near):
        return MENTION, ""  # "accused Iran of arming the militias that carry out such attacks": a backer, not the doer
    if _ATTRIBUTED_TO.search(before_near):
        return PERPETRATOR, "suspected" if re.search(r"suspect|hallmark|signature|fingerprint|trademark", before_near[-40:], re.I) else "attributed"
    if _CLAIMED_BY.search(before_near) or (_CLAIMS_AFTER.match(after_near) and lex.cue["claim"].search(after_near) and not _BY_AGENT.search(before_near)):
        return PERPETRATOR, "claimed"
    if _BY_AGENT.search(before) and any(t.end <= a.start and _AGENT_LINK.fullmatch(before[t.end:]) for t in reading.triggers):
        return PERPETRATOR, ""  # "were fired by X", "the attack was carried out by X"
    if _BEHIND.match(after_near):
        return PERPETRATOR, "suspected" if re.search(r"suspected|believed|thought|likely|probably|possibly", after_near[:40], re.I) else "attributed"
    if _SITE_AFTER.match(after_near):
        return TARGET, ""
    speech = _SPEECH.search(after_near)
    attack = verbs.search(after_near)
    if speech and (attack is None or speech.start() < attack.start()) and len(after_near[: speech.start()].split()) <= 8:
        rest = after_near[speech.end():]
        if _own_side_acted(verbs.pattern).match(rest):
            return PERPETRATOR, "claimed"  # "The United States confirmed that its forces executed strikes"
        return SPEAKER, ""
    if re.search(r"according to\s+(?:the\s+)?(?:[\w.-]+\s+){0,2}$", before_near, re.I):
        return SPEAKER, ""
    if _intercepts_after(lex.cue["intercept"].pattern).match(after_near) and not _attack_verb_after(after_near[:12], verbs):
        return DEFENDER, ""
    if _is_passive_subject(after_near, lex.cue["passive_target"]) or _target_side(before, a, reading.triggers):
        return TARGET, ""
    if _adjective_of_attack(after_near) or _attack_verb_after(after_near, verbs):
        return PERPETRATOR, ""
    if _VICTIMS_AFTER.match(after_near) or _OBJECT_OF_ACT.search(before_near):
        return TARGET, ""  # headlines: "Three US soldiers wounded in ...", "Rockets target US troops"
    return MENTION, ""


_VICTIMS_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:soldiers|troops|service\s*members|personnel|forces|contractors|civilians|policemen|police|guards|fighters|members)"
    r"\s+(?:were\s+|are\s+)?(?:killed|wounded|injured|hurt|dead)\b", re.I)
_OBJECT_OF_ACT = Prefiltered(re.compile(r"\b(?:target|targets|hit|hits|strike|strikes|attack|attacks|kill|kills|wound|wounds|injure|injures)\s+(?:the\s+|a\s+)?$", re.I))


@lru_cache(maxsize=8)
def _own_side_acted(verbs: str) -> re.Pattern[str]:
    """"... that it struck", "its forces executed": the speaker's own side did the attack verb."""
    return re.compile(
        r"[^.;]{0,90}?\b(?:that\s+)?(?:it|they|its\s+[\w-]+|their\s+[\w-]+|the\s+(?:group|militia|faction|movement|organi[sz]ation))\s+(?:had\s+|have\s+|has\s+)?(?:\w+ly\s+|earlier\s+|also\s+|later\s+|then\s+|again\s+|just\s+)?(?:" + verbs + ")",
        re.I,
    )


@lru_cache(maxsize=8)
def _intercepts_after(intercept: str) -> re.Pattern[str]:
    """An interception verb within the next few words ("US forces shot down")."""
    return re.compile(r"\s*(?:[\w'’-]+\s+){0,4}?(?:" + intercept + ")", re.I)


def _is_passive_subject(after: str, passive: re.Pattern[str]) -> bool:
    m = passive.search(after[:70])
    if not m:
        return False
    between = after[: m.start()]
    return not re.search(r"\b(?:launched|fired|struck|attacked|targeted|hit)\b", between, re.I) and between.count(",") <= 1


def _adjective_of_attack(after: str) -> bool:
    """"US airstrikes", "Houthi missile attack", "Israeli strikes", "Kataib Hezbollah's drone attack"."""
    lex = lexicon()
    window = after[:40]
    hit = lex.weapon_any.search(window) or lex.cue["event_nouns"].search(window)
    if not hit:
        return False
    gap = window[: hit.start()]
    return len(gap.split()) <= 3 and not re.search(
        r"\b(?:on|against|at|to|of|by|from|and|with|in|were|was|is|are|has|have|had|found|saw|seized|took|\w+ed)\b|[,;]", gap, re.I
    )  # "security forces later found a launcher": a verb between, the actor is not the weapon's


def _attack_verb_after(after: str, verbs: re.Pattern[str]) -> bool:
    """Active attack verb right after the actor (allowing auxiliaries and a few words), not passive."""
    m = verbs.search(after[:70])
    if not m:
        return False
    between = after[: m.start()]
    if re.search(r"\b(?:was|were|been|being|by)\s*$", between, re.I):
        return False
    if re.search(r"\b(?!(?:had|has|have|been|reportedly|allegedly|armed|unidentified|unmanned|guided|suspected)\b)\w+ed\b|\b(?:found|saw|took|seized|made|held|met)\b", between):
        return False  # "The British Ministry of Defence named the soldier killed": another verb comes first
    if re.search(r"[;:]|\b(?:that|which|who|whom|against|on|at|targeting)\b", between, re.I) and not re.search(r"\bsaid (?:that )?(?:it|they)\b", between, re.I):
        return False
    return len(between.split()) <= 8


def _target_side(before: str, actor: ActorMention, triggers: list[Trigger]) -> bool:
    """After an attack verb or noun and a target preposition: "struck a base of Kataib Hezbollah",
    "an attack on US forces", "targeting Iran-backed militias"."""
    masked = before
    preceding = [t for t in triggers if t.end <= actor.start]
    if not preceding:
        return bool(_TARGET_PREP.search(before[-30:]))
    last = preceding[-1]
    between = masked[last.end: actor.start]
    if not last.verb and re.search(r",\s+(?:an?|the)?\s*$", between):
        return False  # "In a separate incident on Wednesday, a Houthi drone struck ...": the subject of the main clause
    if _BY_AGENT.search(between) and len(between) < 40 or re.search(r"\b(?:as|amid|while|when|whereas|but)\b", between, re.I):
        return False
    if re.search(r"\b(?:on|against|at|targeting|targeted|toward|towards|into|hitting|killing|killed|wounding|injuring|of|for|used by|belonging to|affiliated with|linked to|utili[sz]ed by|run by|held by|operated by)\b", between, re.I):
        return True
    return bool(verbs_regex().fullmatch(last.text)) and not _AUX_BEFORE.search(masked[: last.start])


def verbs_regex() -> re.Pattern[str]:
    return lexicon().cue["attack_verbs"]
