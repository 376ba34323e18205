"""The actor list (``data/actors.json``): canonical group names, categories, aliases and colours.

Colours are shared by the HTML map and the QGIS style so both show a group alike.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

FALLBACK_PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)


@dataclass(frozen=True)
class Actor:
    name: str
    category: str
    color: str
    aliases: tuple[str, ...]
    umbrella: bool = False


@lru_cache(maxsize=1)
def load_actors() -> tuple[Actor, ...]:
    raw = json.loads(resources.files("geoinc").joinpath("data/actors.json").read_text("utf-8"))
    force_nouns = tuple(raw.get("force_nouns", ()))
    return tuple(
        Actor(
            name=g["name"],
            category=g["category"],
            color=g["color"],
            aliases=(*g.get("aliases", ()), *_demonym_aliases(g.get("demonyms", ()), force_nouns)),
            umbrella=bool(g.get("umbrella", False)),
        )
        for g in raw["groups"]
    )


def _demonym_aliases(demonyms: list[str], force_nouns: tuple[str, ...]) -> tuple[str, ...]:
    """"Nigerian troops", "Pakistan's army": a state's forces named by its demonym. Only these
    pairs, never the bare demonym, which also names civilians and insurgents ("Somali militants").
    Lower-cased so the actor index matches them in any capitalisation ("Nigerian Army")."""
    return tuple(f"{demonym} {noun}".lower() for demonym in demonyms for noun in force_nouns)


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Actor]:
    return {a.name: a for a in load_actors()}


def actor(name: str) -> Actor | None:
    return _by_name().get(name)


@lru_cache(maxsize=1)
def _home_forces() -> dict[str, str]:
    return json.loads(resources.files("geoinc").joinpath("data/actors.json").read_text("utf-8")).get("home_forces", {})


def home_forces(country: str) -> Actor | None:
    """The state force a bare "the army" or "security forces" is in an article filed from ``country``."""
    name = _home_forces().get(country)
    return _by_name().get(name) if name else None


def is_home_force(group: Actor) -> bool:
    return group.name in _home_forces().values()


def color_for(name: str) -> str:
    """The group's colour from the actor file; a stable palette colour for groups not in it."""
    known = _by_name().get(name)
    if known:
        return known.color
    digest = int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16)
    return FALLBACK_PALETTE[digest % len(FALLBACK_PALETTE)]
