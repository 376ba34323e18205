"""Casualty figures from words and lists: "three Iraqi army soldiers, two policemen and a civilian
worker" killed = 6; "no casualties" = 0 killed and 0 injured; "injuries to US personnel" = injured,
count unknown (at least one). The lowest reported figure wins."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from geoinc.extraction.lexicon import lexicon
from geoinc.extraction.prefilter import Prefiltered

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12,
    "dozen": 12, "a hundred": 100, "hundred": 100, "a": 1, "an": 1, "single": 1, "another": 1,
}
_NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|a dozen|dozen|a hundred|hundred|an?|single|another)"
)
_QUALIFIER = r"(?:at least|more than|over|nearly|almost|around|about|some|up to|as many as|roughly|approximately)\s+"
_STOP = re.compile(
    r"\s(?:in|on|at(?!\s+least)|during|when|after|before|while|as|who|which|that|placing|putting|according|and\s+(?:wounded|injured|wounding|injuring|hurt)|"
    r"officials?|said|says|near|inside|outside|including|from|with|was|were|is|are|had|has|have|by|for|to)\b|[.;:!?()“”\"—–]",
    re.I,
)
_SPLIT = re.compile(r",(?!\d{3}\b)\s*(?:and\s+|as well as\s+)?|\s+and\s+|\s+as well as\s+")  # not inside "40,000"
_RANGE = re.compile(rf"\bbetween\s+({_NUMBER})\s+and\s+{_NUMBER}\b|\b({_NUMBER})\s*(?:-|–|to)\s*{_NUMBER}\b(?!\s*(?:km|kilomet|miles|percent|%))", re.I)
_LEADING_NUMBER = re.compile(rf"^(?:{_QUALIFIER})?({_NUMBER})\b", re.I)
_PERSON_NAME = re.compile(r"\b[A-Z][a-z]+(?:[- ](?:al-|el-|bin |ibn |abu |Abu |Al-|al )?[A-Z][\w'-]+)+")
_SPEAKER_AFTER_COMMA = re.compile(r",\s*(?!and\b|as well as\b)([^,]+)$")
_SPEECH_NEXT = re.compile(r"[^.;,]{0,60}?\b(?:said|says|say|told|reported|reports|according|stated|announced|confirmed|added)\b", re.I)
_REPORTED_THAT = re.compile(r"\b(?:said|says|told\s+(?:\w+\s+){0,3}?|reported|confirmed|added|stated)\s+(?:that\s+)?(?=\S)|\bthat\s+(?=\S)", re.I)
_PREVIOUS_TOLL = re.compile(r"\b(?:killed|dead|died|wounded|injured|hurt)\b,?\s+(?:and|while|but|as)\s+", re.I)
_SHOT_DEAD = re.compile(r"\b(?:shot|gunned|stabbed|beaten|hacked|burned|left)\s+$", re.I)
_ANOTHER = re.compile(r"\b(?:and|while)\s+another(?:\s+[\w'-]+)?\s+(?:was\s+)?$", re.I)
_THE_DEAD = re.compile(r"\b(?:the|those)\s+$", re.I)
_PASSIVE = re.compile(r"\b(?:was|were|been|being|are|is|got)\s+(?:\w+\s+){0,2}$", re.I)
_ANY_NUMBER = re.compile(rf"\b{_NUMBER}\b", re.I)
_NUMBER_TAIL = re.compile(rf"(?:{_QUALIFIER})?{_NUMBER}(?:\s+[\w'-]+){{0,4}}$", re.I)
_QUALIFIED_NUMBER = re.compile(rf"(?:{_QUALIFIER})?\b{_NUMBER}\b", re.I)
_DEATH_TOLL = re.compile(rf"death toll\D{{0,20}}?((?:{_QUALIFIER})?{_NUMBER})\b", re.I)
_BARE_NUMBER_BEFORE = Prefiltered(re.compile(rf"(?<![\w-])((?:{_QUALIFIER})?{_NUMBER})\s+(?:(?!and\b|were\b|was\b)[\w'.-]+\s+){{0,3}}$", re.I))
_SUFFERED_BEFORE = Prefiltered(re.compile(rf"(?:^|[,;]\s*|\b(?:and|but)\s+)((?:{_QUALIFIER})?{_NUMBER})\b\s+(?:(?:of\s+the\s+)?[\w'’-]+\s+){{1,3}}(?:suffered|sustained|received)\s+(?:[\w-]+\s+)?$", re.I))
_NUMBER_JUST_BEFORE = Prefiltered(re.compile(rf"((?:{_QUALIFIER})?{_NUMBER})\s+(?:[\w-]+\s+)?$", re.I))


@dataclass
class Casualties:
    fatalities: int | None = None
    injured: int | None = None
    notes: list[str] = field(default_factory=list)  # e.g. "injured: count unknown (at least 1)"

    def merge(self, other: "Casualties") -> None:
        """Figures from another sentence about the same attack: the lowest reported figure wins."""
        self.fatalities = _lowest(self.fatalities, other.fatalities)
        self.injured = _lowest(self.injured, other.injured)
        for note in other.notes:
            if note not in self.notes:
                self.notes.append(note)


def _lowest(a: int | None, b: int | None) -> int | None:
    known = [x for x in (a, b) if x is not None]
    return min(known) if known else None


def number_value(word: str) -> int | None:
    word = word.lower().replace(",", "").strip()
    if word.isdigit():
        return int(word)
    if word in _UNITS:
        return _UNITS[word]
    parts = re.split(r"[- ]", word)
    if len(parts) == 2 and parts[0] in _UNITS and parts[1] in _UNITS:
        return _UNITS[parts[0]] + _UNITS[parts[1]]
    return None


def _element_count(element: str) -> int | None:
    """People in one list element: "two policemen" 2, "a civilian worker" 1, "Qassem Soleimani" 1,
    "militia members" unknown."""
    element = element.strip(" \"'“”‘’,")
    if not element:
        return None
    if lexicon().cue["vague_counts"].match(element):
        return None  # "a number of civilians", "a few soldiers": some, count unknown
    if m := _LEADING_NUMBER.match(_POSSESSIVE.sub("", element)):  # "his two sons"
        return number_value(m.group(1))
    if _PERSON_NAME.search(element):
        return 1
    if " " not in element and not element.lower().endswith("s") and lexicon().cue["person_nouns"].fullmatch(element):
        return 1  # "his mother and sister"
    first = element.split()[0].lower()
    if first in ("the", "his", "her", "its", "their") and not element.lower().rstrip().endswith("s"):
        return 1
    return None


_ONE_PERSON = re.compile(r"(?:his|her|their|its|a|an|one|another)\s+(?:[\w-]+\s+)?(?:son|daughter|brother|sister|father|mother|wife|husband|child|bodyguard|driver|guard|soldier|policeman|officer|civilian|companion|colleague|relative|cousin|nephew|neighbou?r|passer-by)", re.I)
_POSSESSIVE = re.compile(r"^(?:his|her|their|its|our)\s+", re.I)
_AGE = re.compile(r"\baged\s+\d+(?:\s*(?:,|and|to)\s*\d+)*|\b\d+-(?:years?|months?)-old\b|,\s*\d{1,2}\s*(?=,)|\(\d{1,2}\)")


def count_people(phrase: str) -> tuple[int | None, bool]:
    """(count, unknown part) for a victim phrase; the list ends at the first clause word."""
    phrase = _RANGE.sub(lambda m: m.group(1) or m.group(2), phrase.lstrip(" \"'“‘"))  # "between five and seven": the lowest
    stop = _STOP.search(" " + phrase)
    rest = (" " + phrase)[stop.start():] if stop else ""
    phrase = (" " + phrase)[: stop.start()] if stop else phrase
    elements = _casualty_items([e for e in _SPLIT.split(phrase.strip()) if e.strip()])
    last = _SPEAKER_AFTER_COMMA.search(phrase)
    if len(elements) > 1 and last and last.group(1).strip() == elements[-1].strip() and _SPEECH_NEXT.match(rest):
        elements = elements[:-1]  # "killing four civilians, the Syrian Observatory for Human Rights said": the source, not a victim
    total, unknown = 0, False
    for element in elements[:12]:
        count = _element_count(element)
        if count is None:
            unknown = True
        else:
            total += count
    if not elements:
        return None, True
    return (total if total or not unknown else None), unknown


def _casualty_items(elements: list[str]) -> list[str]:
    """The list's items up to the first that is not a casualty noun phrase: "three US service
    members, a US official said" lists three people, not four (a speaker or any other clause ends
    the list). The first item needs no noun ("killing 5")."""
    lex = lexicon()
    items = elements[:1]
    for previous, element in zip(elements, elements[1:]):
        if lex.cue["speaker_words"].search(element):
            break
        if _APPOSITION.match(element) and _PERSON_NAME.fullmatch(previous.strip()):
            continue  # "Ahmed Saleh, a local commander": one man
        if not (lex.cue["person_nouns"].search(element) or _PERSON_NAME.search(element)):
            break
        items.append(element)
    return items


def _phrase_before(text: str, end: int) -> str:
    """The noun phrase (possibly a list) just before a passive verb: "three soldiers and a civilian were";
    "Three soldiers were killed and a fourth was" gives "a fourth"."""
    head = re.sub(r"\s*\([^()]*\)", "", text[:end])  # "volunteer fighters (VDP) were killed"
    head = _PASSIVE.sub("", head)
    head = _PREVIOUS_TOLL.split(head)[-1]
    head = _REPORTED_THAT.split(head)[-1]  # "Two security sources told us that 11 soldiers ... were killed": 11
    cut = max(head.rfind(c) for c in ".;:—–(\"“")
    head = head[cut + 1:]
    words = head.split()
    return " ".join(words[-14:])


def _from_list(text: str, verb: re.Match[str], active_words: tuple[str, ...]) -> tuple[int | None, bool] | None:
    word = verb.group(0).lower()
    before = text[: verb.start()]
    if word == "dead" and (shot := _SHOT_DEAD.search(before)):
        if _PASSIVE.search(before[: shot.start()]):  # "two soldiers were shot dead"
            victims = _phrase_before(text, shot.start())
            return _count_tail(victims) if _ANY_NUMBER.search(victims) else (None, True)
        return count_people(text[verb.end():])  # "gunmen shot dead a tribal figure and his driver"
    if word == "martyrdom" and (of := re.match(r"\s+of\s+", text[verb.end():])):
        return count_people(text[verb.end() + of.end():])  # "announced the martyrdom of two of its fighters"
    if word == "dead" and _THE_DEAD.search(before):
        return None  # "the dead included a drone specialist", "among the dead": who, not how many
    if _PASSIVE.search(before) or word in ("dead", "died", "dies", "hurt", "perished", "fatalities", "deaths"):
        phrase = _phrase_before(text, verb.start())
        phrase = phrase.split(" left ")[-1].split(" leaving ")[-1]
        tail = _NUMBER_TAIL.findall(phrase)
        if _LEADING_NUMBER.search(phrase.split(",")[0]) or tail:
            return _count_tail(phrase)
        if _NAMED_VICTIM.search(phrase) and not re.search(r",|\band\b", phrase):
            return 1, False  # "Local commander Ahmed Saleh was killed"
        if _ONE_PERSON.fullmatch(phrase.strip()):
            return 1, False  # "His son was wounded", "A bodyguard was hurt"
        if lexicon().cue["vague_counts"].search(phrase):
            return None, True  # "Dozens of people were wounded": some, count unknown
        return None
    if word in ("killed", "wounded", "injured", "hurt") and (counted := _number_before(text, verb.start())):
        return counted
    if word in ("wounded", "injured", "hurt") and _ANOTHER.search(text[: verb.start()]):
        return 1, False  # "a soldier was killed and another wounded"
    if word in active_words:
        return count_people(text[verb.end():])
    return None


_APPOSITION = re.compile(r"(?:a|an|the)\s", re.I)
_NAMED_VICTIM = re.compile(rf"(?:^|\s){_PERSON_NAME.pattern}$")
_LEAD_PERSON = re.compile(r"(?:^|,\s*|\b(?:killing|wounding|injuring)\s+)((?:the|his|her|their|a|an)\s+[\w'-]+(?:\s+[\w'-]+)?)\s*(?:,\s*(?:and\s+)?|\s+and\s+)$", re.I)


def _count_tail(phrase: str) -> tuple[int | None, bool]:
    """Count a list that ends at the verb: take the elements from the first number on, and a person
    coordinated just before it ("the commander and two of his companions were killed": 3)."""
    numbers = list(_QUALIFIED_NUMBER.finditer(phrase))
    figures = [m for m in numbers if m.group(0).lower() not in ("a", "an")]  # "a statement that two of its members": two
    m = (figures or numbers or [None])[0]
    if m is None:
        return count_people(phrase)
    start = m.start()
    lead = _LEAD_PERSON.search(phrase[:start])
    if lead and lexicon().cue["person_nouns"].search(lead.group(1)):
        start = lead.start(1)
    return count_people(phrase[start:])


def read_casualties(text: str) -> Casualties:
    """Casualties stated in one sentence."""
    lex = lexicon()
    result = Casualties()
    if lex.casualty_any.search(text.lower()) is None:
        return result
    text = _AGE.sub(lambda m: " " * len(m.group(0)), text)  # "a boy aged 12", "a 9-year-old girl", "Ali, 14,": ages, not counts
    if lex.cue["no_casualties"].search(text):
        result.fatalities, result.injured = 0, 0
    if lex.cue["no_deaths"].search(text):
        result.fatalities = 0
    if lex.cue["no_injuries"].search(text):
        result.injured = 0
    if result.fatalities is None:
        result.fatalities = _figure(text, lex.cue["kill"], ("killing", "killed", "kills", "left", "leaving", "beheaded", "decapitated", "lynched"), result, "fatalities")
    if result.injured is None:
        result.injured = _figure(text, lex.cue["injure"], ("injuring", "wounding", "injured", "wounded", "injures", "hurt", "injury", "injuries", "casualties"), result, "injured")
    return result


def _figure(text: str, verbs: re.Pattern[str], active: tuple[str, ...], result: Casualties, label: str) -> int | None:
    total: int | None = None
    unknown = False
    for verb in verbs.finditer(text):
        word = verb.group(0).lower()
        if word in ("injury", "injuries", "casualties", "casualities", "causalities"):
            counted = _injuries_to(text, verb)
        elif m := _DEATH_TOLL.search(text[verb.start():verb.start() + 40]):
            counted = (number_value(_LEADING_NUMBER.match(m.group(1)).group(1)), False) if _LEADING_NUMBER.match(m.group(1)) else None
        else:
            counted = _from_list(text, verb, active)
        if counted is None:
            continue
        count, part_unknown = counted
        unknown = unknown or part_unknown
        if count is not None:
            total = max(total or 0, count)
    if unknown:
        note = f"{label}: count partly unknown" if total else f"{label}: count unknown (at least 1)"
        result.notes.append(note)
    return total


def _number_before(text: str, end: int) -> tuple[int, bool] | None:
    """"5 killed", "two wounded": a bare number just before the verb."""
    m = _BARE_NUMBER_BEFORE.search(text[:end])
    if m and (n := _LEADING_NUMBER.match(m.group(1))) and n.group(1).lower() not in ("a", "an", "another"):
        value = number_value(n.group(1))
        return (value, False) if value is not None else None
    return None


def _injuries_to(text: str, verb: re.Match[str]) -> tuple[int | None, bool] | None:
    """"injuries to US personnel" (unknown, at least 1); "serious injury to a member" (1);
    "caused 12 casualties" (12); "casualties" with no number and no recipient says nothing."""
    after = text[verb.end(): verb.end() + 120]
    if m := re.match(r"\s+(?:to|among|for)\s+(.*)", after, re.S):
        count, unknown = count_people(m.group(1))
        return (count, unknown) if count is not None else (None, True)
    before = text[max(0, verb.start() - 60): verb.start()]
    if m := _SUFFERED_BEFORE.search(before):
        lead = _LEADING_NUMBER.match(m.group(1))  # "One of the drivers suffered light injuries"
        if lead:
            return number_value(lead.group(1)), False
    if m := _NUMBER_JUST_BEFORE.search(before):
        lead = _LEADING_NUMBER.match(m.group(1))
        if lead and lead.group(1).lower() not in ("a", "an", "another"):
            return number_value(lead.group(1)), False
    if re.search(r"\b(?:resulted in|caused|causing|inflicted|suffered|sustained|reported|minor|serious|several)\s+(?:\w+\s+)?$", before, re.I):
        return None, True
    return None
