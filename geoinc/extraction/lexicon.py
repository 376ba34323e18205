"""The extractor's vocabulary, compiled once from the data files: weapons and attack types
(``attack_types.json``), cue words (``extract_cues.json``) and actor aliases (``actors.json``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from geoinc.actors import Actor, load_actors
from geoinc.extraction.prefilter import Prefiltered, alternation, grouped_alternation, top_level_alternatives

Scanner = re.Pattern[str] | Prefiltered  # search/finditer/match/fullmatch/pattern alike


def _load(name: str) -> dict:
    return json.loads(resources.files("geoinc").joinpath(f"data/{name}").read_text("utf-8"))


@lru_cache(maxsize=1)
def raw_cues() -> dict:
    """``extract_cues.json`` as written (for the few cues compiled elsewhere, e.g. case-sensitive ones)."""
    return _load("extract_cues.json")


def _words(pattern: str, flags: int = re.I) -> Scanner:
    """A cue pattern matched as whole words."""
    return Prefiltered(re.compile(rf"(?<![\w-])(?:{pattern})(?![\w])", flags))


@dataclass(frozen=True)
class Lexicon:
    weapons: tuple[tuple[str, Scanner], ...]
    weapon_any: Scanner
    generic: Scanner
    suicide: Scanner
    actor_defaults: dict[str, str]
    actor_countries: dict[str, str]
    event_types: dict[str, tuple[str, str]]
    disrupted: tuple[str, str]
    cue: dict[str, Scanner]
    speakers: tuple[tuple[str, Scanner], ...]
    holidays: tuple[tuple[Scanner, dict], ...]
    quick: tuple[str, ...]  # cheap lower-case stems a sentence must contain to be worth reading (plain substrings)
    casualty_stems: tuple[str, ...]  # likewise for a clause to state a toll
    quick_any: Scanner  # any of ``quick`` as a substring (one RE2 scan instead of a test per stem)
    casualty_any: Scanner  # any of ``casualty_stems`` likewise
    vetoes: Scanner  # hypothetical (group h), negation (n), habitual (b) cues in one scan
    equipment: re.Pattern[str]  # after a weapon name: it is a facility or equipment ("drone assembly facility")
    case_after: re.Pattern[str]  # after an attack word: the attack is a matter of record ("the bombing trial")
    triggers: Scanner  # weapons (groups w0, w1, ... in the order of ``weapons``) then attack words (group g)


_CUE_KEYS = (
    "event_nouns", "weapon_heads", "attack_verbs", "passive_target", "trigger", "hypothetical", "negation",
    "habitual", "prior", "anaphor_determiners", "indefinite_determiners", "intercept", "launch", "claim",
    "attribute", "suspect", "kill", "injure", "no_casualties", "no_deaths", "no_injuries", "vague_counts",
    "person_nouns", "speaker_words", "reaction", "opinion", "past_year", "site_nouns", "weekday", "generic_refs", "metonym_verbs", "consequence", "launch_site",
    "not_an_attack", "second_doer", "doer_nouns", "on_record",
)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    attacks = _load("attack_types.json")
    cues = _load("extract_cues.json")
    weapons = tuple((kind, _words(pattern)) for kind, pattern in attacks["weapons"])
    # every weapon word as one alternative (in file order), so a scan or a match at a place is narrowed to
    # the words that can begin there ("Grad rockets" is matched at each place name of a sentence)
    weapon_any = alternation(
        r"(?<![\w-])", [word for _, pattern in attacks["weapons"] for word in top_level_alternatives(pattern)], r"(?![\w])", re.I,
    )
    compiled = {key: _words(cues[key]) for key in _CUE_KEYS if key != "metonym_verbs"}
    compiled["metonym_verbs"] = Prefiltered(re.compile(cues["metonym_verbs"], re.I))
    trigger_groups = [(f"w{i}", pattern) for i, (_, pattern) in enumerate(attacks["weapons"])]
    trigger_groups.append(("g", f"{cues['trigger']}|{attacks['generic']}|{cues['event_nouns']}"))
    vetoes = _words("|".join(f"(?P<{g}>{cues[k]})" for g, k in (("h", "hypothetical"), ("n", "negation"), ("b", "habitual"))))
    quick = tuple(stem.lower() for stem in cues["quick_stems"].split("|"))
    casualty_stems = tuple(cues["casualty_stems"].split("|"))
    return Lexicon(
        quick=quick,
        casualty_stems=casualty_stems,
        quick_any=_substrings(quick),
        casualty_any=_substrings(casualty_stems),
        equipment=re.compile(cues["equipment_after"], re.I),
        case_after=re.compile(cues["case_after"], re.I),
        vetoes=vetoes,
        triggers=grouped_alternation(r"\b(?<![\w-])", trigger_groups, r"(?![\w])", re.I),  # \b first: mid-word positions fail at once
        weapons=weapons,
        weapon_any=weapon_any,
        generic=_words(attacks["generic"]),
        suicide=_words(attacks["suicide_bomb"]),
        actor_defaults=dict(attacks["actor_defaults"]),
        actor_countries=dict(attacks.get("actor_countries", {})),
        event_types={k: (v[0], v[1]) for k, v in attacks["event_types"].items()},
        disrupted=(attacks["disrupted"][0], attacks["disrupted"][1]),
        cue=compiled,
        speakers=tuple((name, _words(pattern)) for name, pattern in cues["speakers"].items()),
        holidays=tuple((_words(h["name"]), h) for h in cues["holidays"]),
    )


def _substrings(stems: tuple[str, ...]) -> Prefiltered:
    return Prefiltered(re.compile("|".join(re.escape(stem) for stem in stems)))


def worth_reading(text: str) -> bool:
    """Whether a sentence has any attack, toll or attribution stem (plain substrings of its lower case)."""
    return lexicon().quick_any.search(text.lower()) is not None


def event_types_for(attack_type: str, disrupted: bool) -> tuple[str, str]:
    """ACLED (event_type, sub_event_type) for an attack type; intercepted attacks are Disrupted weapons use."""
    lex = lexicon()
    if disrupted:
        return lex.disrupted
    return lex.event_types.get(attack_type, lex.event_types["unknown"])


def weapon_type(text: str) -> str:
    """The attack type a weapon phrase names ("one-way attack drones" -> "drone"), "" for none."""
    for kind, pattern in lexicon().weapons:
        if pattern.search(text):
            return kind
    return ""


# --- actors ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActorIndex:
    pattern: Scanner
    by_alias: dict[str, Actor]


def _case_sensitive(alias: str) -> bool:
    """Short acronyms ("US", "KH", "IS") and mixed-case ones ("CentCom") only match as written."""
    letters = alias.replace(".", "").replace("'", "")
    return len(letters) <= 4 or (alias != alias.lower() and alias != alias.title() and alias.upper() != alias)


@lru_cache(maxsize=1)
def actor_index() -> ActorIndex:
    by_alias: dict[str, Actor] = {}
    parts: list[tuple[str, str]] = []
    for actor in load_actors():
        for alias in (actor.name, *actor.aliases):
            key = _alias_key(alias) if _case_sensitive(alias) else _alias_key(alias).lower()
            if key in by_alias:
                continue
            by_alias[key] = actor
            escaped = re.escape(alias).replace(r"\ ", " ").replace(" ", r"[\s-]+").replace("'", "['’]?")
            parts.append((alias, escaped if _case_sensitive(alias) else f"(?i:{escaped})"))
    parts.sort(key=lambda p: -len(p[0]))
    pattern = alternation(r"(?<![\w-])", [p for _, p in parts], r"(?![\w]|-(?!led\b|based\b)\w)")
    return ActorIndex(pattern=pattern, by_alias=by_alias)


def _alias_key(alias: str) -> str:
    return re.sub(r"[\s-]+", " ", alias).replace("’", "").replace("'", "").strip()


@lru_cache(maxsize=4096)
def actor_for_alias(surface: str) -> Actor | None:
    index = actor_index()
    key = _alias_key(surface)
    return index.by_alias.get(key) or index.by_alias.get(key.lower())


def canonical_actor(name: str) -> str:
    """The canonical group name for an alias or spelling; "" when the name is not in the actor file."""
    if not name.strip():
        return ""
    match = actor_index().pattern.fullmatch(name.strip())
    found = actor_for_alias(match.group(0)) if match else actor_for_alias(name.strip())
    return found.name if found else ""
