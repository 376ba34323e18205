"""Fast scanning for the extractor's large word alternations, with Python's own regular expressions
deciding every match.

Python's backtracking engine tries each of several hundred alternatives ("drones?|UAVs?|...") at
every word of a sentence; RE2 (a linear-time automaton) finds where a match could start about ten to
forty times faster. ``Prefiltered`` asks RE2, for a *relaxed* copy of the pattern (lookarounds and
anchors dropped, bounded repeats unbounded, character classes widened, case ignored where the pattern
ignores it), where the next candidate start is, then lets the original pattern ``match`` there. The
relaxed pattern matches wherever the original can start, so RE2's leftmost candidate is never past
the original's leftmost match: ``search`` and ``finditer`` return exactly what the original would,
match objects included. ASCII text has a relaxed copy of its own whose characters and classes are
exactly the ASCII characters Python's match: a Latin-1 automaton (Unicode classes in UTF-8 make
automata many times larger, and RE2 builds their states as it meets new text).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import lru_cache
from re import _constants as sre  # the parser's own tree: the only full account of a pattern's syntax
from re import _parser

from re2 import _re2

_ANY = r"(?s:.)"
_WORD = r"\pL\pN_"  # Python's Unicode \w is str.isalnum() or "_": letters and numbers
_SPACE = r"\t-\r\x{1c}-\x{20}\x{85}\pZ"  # str.isspace()
_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\pN", sre.CATEGORY_WORD: _WORD, sre.CATEGORY_SPACE: _SPACE,
    sre.CATEGORY_UNI_DIGIT: r"\pN", sre.CATEGORY_UNI_WORD: _WORD, sre.CATEGORY_UNI_SPACE: _SPACE,
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_RE2_MAX_REPEAT = 1000
_COUNTED_MAX = 1  # a repeat bounded above this ("{0,3}", "{1,60}") is relaxed to an unbounded one
_UNANCHORED = _re2.RE2.Anchor.UNANCHORED


class _Untranslatable(Exception):
    pass


def _char(code: int) -> str:
    return f"\\x{{{code:x}}}"


def _char_class(items: list) -> str:
    """A class as RE2 writes it; a negated class or category widens to any character."""
    parts = []
    for op, av in items:
        if op is sre.LITERAL:
            parts.append(_char(av))
        elif op is sre.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            return _ANY
    return "[" + "".join(parts) + "]"


# Anchors RE2 reads as Python does: the end of the text (RE2 is handed the text cut at ``endpos``,
# as Python sees it); word boundaries only in ASCII text (RE2's \b knows ASCII letters only).
_AT_ANY_TEXT = {sre.AT_END: r"(?:\n?\z)", sre.AT_END_STRING: r"\z"}
_AT_ASCII_TEXT = _AT_ANY_TEXT | {sre.AT_BOUNDARY: r"\b", sre.AT_NON_BOUNDARY: r"\B"}


_NO_CHARACTER = r"[^\x00-\x{ff}]"


def _ascii_item(op, av, ignore_case: bool) -> str:
    """One character of ASCII text, for the ASCII program: exactly the ASCII characters Python's item
    matches (Python decides, case folding included: the Kelvin sign is "k" under IGNORECASE)."""
    if op is sre.LITERAL:
        char = chr(av)
        if char.isascii() and _ascii_matching(re.escape(char), re.I if ignore_case else 0) == _as_re2_folds(char, ignore_case):
            return _char(av)  # a literal (RE2 factors alternatives' common literal prefixes), not a class
        source = re.escape(char)
    elif op is sre.NOT_LITERAL:
        source = f"[^{re.escape(chr(av))}]"
    elif op is sre.IN:
        source = _class_source(av) or "(?s:.)"
    else:
        source = "(?s:.)"
    chars = _ascii_matching(source, re.I if ignore_case else 0)
    if not chars:
        return _NO_CHARACTER
    if len(chars) == 1:
        return _char(ord(next(iter(chars))))
    return "[" + "".join(_char(ord(char)) for char in sorted(chars)) + "]"


def _as_re2_folds(char: str, ignore_case: bool) -> frozenset[str]:
    """The characters RE2 matches for an ASCII literal in a Latin-1 program."""
    return frozenset((char.lower(), char.upper()) if ignore_case else (char,))


def _relax(tree: list, ignore_case: bool, anchors: dict) -> str:
    """RE2 syntax for a pattern that matches wherever ``tree`` can match (and maybe elsewhere)."""
    out = []
    word_start = False  # after "(?<![\w...])": a word character starts a word here (\b, in ASCII text)
    for op, av in tree:
        if word_start and op is not sre.BRANCH and _starts_with_word_char([(op, av)], ignore_case):
            out.append(r"\b")
        if anchors is _AT_ASCII_TEXT and op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
            out.append(_ascii_item(op, av, ignore_case))
        elif op is sre.LITERAL:
            out.append(_char(av))
        elif op in (sre.NOT_LITERAL, sre.ANY):
            out.append(_ANY)
        elif op is sre.IN:
            out.append(_char_class(av))
        elif op is sre.BRANCH:
            boundary = [r"\b" if word_start and _starts_with_word_char(list(branch), ignore_case) else "" for branch in av[1]]
            out.append("(?:" + "|".join(b + _relax(branch, ignore_case, anchors) for b, branch in zip(boundary, av[1])) + ")")
        elif op is sre.SUBPATTERN:
            _, add_flags, del_flags, inner = av
            case = ignore_case or bool(add_flags & re.I)
            case = case and not del_flags & re.I
            flag = "(?i:" if case and not ignore_case else "(?-i:" if ignore_case and not case else "(?:"
            out.append(flag + _relax(inner, case, anchors) + ")")
        elif op is sre.ATOMIC_GROUP:
            out.append("(?:" + _relax(av, ignore_case, anchors) + ")")
        elif op in _REPEATS:
            low, high, item = av
            if low > _RE2_MAX_REPEAT:
                raise _Untranslatable("repeat count")
            # "[^,;]{1,60}" as a bounded repeat makes RE2's automaton track every count at once: its
            # states multiply on new text; the unbounded repeat matches wherever it can, with few states
            upper = "" if high is sre.MAXREPEAT or high > _COUNTED_MAX else str(high)
            out.append(f"(?:{_relax(item, ignore_case, anchors)}){{{low},{upper}}}")
        elif op is sre.AT:
            out.append(anchors.get(av, ""))  # other anchors only narrow: left out
        elif op not in (sre.ASSERT, sre.ASSERT_NOT):  # lookarounds only narrow: left out
            raise _Untranslatable(str(op))
        word_start = anchors is _AT_ASCII_TEXT and op is sre.ASSERT_NOT and _no_word_char_before(av)
    return "".join(out)


def _no_word_char_before(av) -> bool:
    """Whether a negative lookaround is a lookbehind for one character of a class holding \\w."""
    direction, inner = av
    items = list(inner)
    return direction == -1 and len(items) == 1 and items[0][0] is sre.IN and any(
        op is sre.CATEGORY and arg in (sre.CATEGORY_WORD, sre.CATEGORY_UNI_WORD) for op, arg in items[0][1]
    )


def _starts_with_word_char(tree: list, ignore_case: bool) -> bool:
    """Whether every match of ``tree`` in ASCII text begins with a word character (the lookbehind
    before it then makes a word boundary; RE2's DFA skips mid-word positions at once)."""
    firsts = _sequence_prefixes(tree, re.I if ignore_case else 0, 1)
    return bool(firsts) and "" not in firsts and all(char.isalnum() or char == "_" for char in firsts)


def _relaxed_re2(regex: re.Pattern[str]) -> tuple[object, object] | None:
    """Two compiled relaxed copies (for ASCII text, for any text), or None when RE2 cannot stand in:
    back-references, huge repeats, or a pattern that can match the empty string (finditer's rules for
    empty matches are not worth copying)."""
    try:
        tree = _parser.parse(regex.pattern, regex.flags)
        if tree.getwidth()[0] == 0:
            return None
        ignore_case = bool(regex.flags & re.I)
        programs = (
            _re2.RE2(_relax(list(tree), ignore_case, _AT_ASCII_TEXT).encode("ascii"), _options(ignore_case, latin1=True)),
            _re2.RE2(_relax(list(tree), ignore_case, _AT_ANY_TEXT).encode("utf-8"), _options(ignore_case, latin1=False)),
        )
    except (_Untranslatable, re.error):
        return None
    return programs if all(program.ok() for program in programs) else None


def _options(ignore_case: bool, latin1: bool):
    options = _re2.RE2.Options()
    options.case_sensitive = not ignore_case
    options.max_mem = 64 << 20
    if latin1:  # the ASCII program: every character in it is ASCII, one byte each
        options.encoding = _re2.RE2.Options.Encoding.LATIN1
    return options


_NOT_YET = object()
_NOTHING: Iterator = iter(())


class Prefiltered:
    """A compiled pattern whose ``search`` and ``finditer`` are prefiltered by RE2; everything else
    (``match``, ``fullmatch``, ``sub``, ``pattern``, ``flags`` ...) is the pattern's own. The RE2
    copies are built at the first scan (a pattern only ever matched at one place needs none)."""

    __slots__ = ("regex", "_relaxed", "pattern", "flags", "match", "fullmatch", "_by_prefix")

    def __init__(self, regex: re.Pattern[str], by_prefix: _ByPrefix | None = None) -> None:
        self.regex = regex
        self._relaxed = _NOT_YET
        self.pattern, self.flags, self.fullmatch = regex.pattern, regex.flags, regex.fullmatch
        # An alternation matches at a given place with only the alternatives that can begin there.
        self.match = regex.match if by_prefix is None else self._match_at
        self._by_prefix = by_prefix

    def __getattr__(self, name: str):  # sub, split, groupindex ...: the pattern's own
        return getattr(self.regex, name)

    def __reduce__(self):
        return Prefiltered, (self.regex, self._by_prefix)

    def __repr__(self) -> str:
        return f"Prefiltered({self.regex!r})"

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        relaxed = self._relaxed if self._relaxed is not _NOT_YET else self._relaxed_copies()
        if relaxed is None:
            return self.regex.finditer(text, pos, endpos)
        if text.isascii():
            return self._scan_ascii(relaxed[0], text, pos, endpos)
        if _encodable(text):
            return self._scan(relaxed[1], text, pos, endpos)
        return self.regex.finditer(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        relaxed = self._relaxed if self._relaxed is not _NOT_YET else self._relaxed_copies()
        if relaxed is None or not text.isascii():
            return next(self.finditer(text, pos, endpos), None)
        found = self._scan_ascii(relaxed[0], text, pos, endpos)
        return None if found is _NOTHING else next(found, None)

    def _relaxed_copies(self) -> tuple | None:
        if self._relaxed is _NOT_YET:
            self._relaxed = _relaxed_re2(self.regex)
        return self._relaxed

    def _scan_ascii(self, relaxed, text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        """Offsets are bytes here; most scans find no candidate at all, so the first look is made at once."""
        size = len(text)
        if endpos > size:
            endpos = size
        if pos < 0:
            pos = 0
        if pos >= endpos:
            return _NOTHING
        data = text.encode("ascii") if endpos == size else text[:endpos].encode("ascii")
        start = relaxed.Match(_UNANCHORED, data, pos, endpos)[0][0]
        if start < 0:
            return _NOTHING
        return self._candidates_ascii(relaxed, text, data, start, endpos)

    def _candidates_ascii(self, relaxed, text: str, data: bytes, start: int, endpos: int) -> Iterator[re.Match[str]]:
        match, by_prefix = self.match, self._by_prefix
        while start >= 0:
            if by_prefix is None:
                found = match(text, start, endpos)
            else:
                alternatives = by_prefix.get(text[start: start + _ByPrefix.PREFIX])
                found = alternatives.match(text, start, endpos) if alternatives is not None else None
            if found is None:
                pos = start + 1
            else:
                yield found
                pos = found.end()
            start = relaxed.Match(_UNANCHORED, data, pos, endpos)[0][0] if pos < endpos else -1

    def _match_at(self, text: str, start: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        if self._by_prefix is None:
            return self.regex.match(text, start, endpos)
        if start < 0:
            start = 0  # as ``re`` reads it
        key = text[start: start + _ByPrefix.PREFIX]
        if not key.isascii():
            return self.regex.match(text, start, endpos)
        alternatives = self._by_prefix.get(key)
        return alternatives.match(text, start, endpos) if alternatives is not None else None

    def _scan(self, relaxed, text: str, pos: int, endpos: int) -> Iterator[re.Match[str]]:
        size = len(text)
        pos, endpos = max(0, min(pos, size)), max(0, min(endpos, size))
        data = text[:endpos].encode("utf-8")
        offsets = _Offsets(data)
        byte_pos, byte_end = offsets.to_bytes(pos), len(data)
        while byte_pos < byte_end:
            start = relaxed.Match(_UNANCHORED, data, byte_pos, byte_end)[0][0]
            if start < 0:
                return
            found = self._match_at(text, offsets.to_chars(start), endpos)
            if found is None:
                byte_pos = _next_char(data, start)
                continue
            yield found
            byte_pos = offsets.to_bytes(found.end())


class _Offsets:
    """Character <-> UTF-8 byte offsets, converted forward from the last one (scans only move on)."""

    __slots__ = ("data", "char", "byte")

    def __init__(self, data: bytes) -> None:
        self.data, self.char, self.byte = data, 0, 0

    def to_bytes(self, char: int) -> int:
        self.byte += _re2.CharLenToBytes(self.data, self.byte, char - self.char)
        self.char = char
        return self.byte

    def to_chars(self, byte: int) -> int:
        self.char += _re2.BytesToCharLen(self.data, self.byte, byte)
        self.byte = byte
        return self.char


def _next_char(data: bytes, byte: int) -> int:
    """The first byte of the character after the one starting at ``byte``."""
    byte += 1
    while byte < len(data) and data[byte] & 0xC0 == 0x80:
        byte += 1
    return byte


def _encodable(text: str) -> bool:
    """Lone surrogates (from undecodable input) cannot go to RE2: such text is scanned by ``re``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def alternation(prefix: str, alternatives: list[str], suffix: str, flags: int = 0) -> Prefiltered:
    """``prefix(?:a1|a2|...)suffix`` (``prefix`` matching no characters, as a lookbehind), prefiltered;
    a candidate is matched against only the alternatives that can begin with its first few (ASCII)
    characters, in their order: the same match as the whole alternation's (which tries hundreds of
    alternatives at each candidate), except that its ``re`` is the smaller pattern."""
    return grouped_alternation(prefix, [("", "|".join(alternatives))], suffix, flags)


def grouped_alternation(prefix: str, groups: list[tuple[str, str]], suffix: str, flags: int = 0) -> Prefiltered:
    """Likewise for ``prefix(?:(?P<name1>...)|(?P<name2>...)|...)suffix`` (a group named "" is not
    captured): each group keeps its name and number and only its alternatives that can begin with
    the candidate's characters (a group left with none never matches)."""
    if _parser.parse(prefix, flags).getwidth() != (0, 0):
        raise ValueError(f"prefix {prefix!r} must match no characters")
    whole = re.compile(_grouped(prefix, groups, suffix), flags)
    return Prefiltered(whole, _ByPrefix(prefix, groups, suffix, flags))


def _grouped(prefix: str, groups: list[tuple[str, str]], suffix: str) -> str:
    return prefix + "(?:" + "|".join(f"(?P<{name}>{source})" if name else source for name, source in groups) + ")" + suffix


def top_level_alternatives(source: str) -> list[str]:
    """``source`` cut at its top-level "|" ("|".join of the parts gives it back)."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 1 + (source[i + 1: i + 2] == "^")
            i += source[i: i + 1] == "]"  # a "]" first in a class is a literal
            continue
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    parts.append(source[start:])
    return parts


class _ByPrefix:
    """The alternation narrowed to the alternatives that can begin with a candidate's first
    ``PREFIX`` characters (its "key"), compiled when a key is first met."""

    PREFIX = 3

    def __init__(self, prefix: str, groups: list[tuple[str, str]], suffix: str, flags: int) -> None:
        self.prefix, self.suffix, self.flags = prefix, suffix, flags
        self.groups = [(name, top_level_alternatives(source)) for name, source in groups]
        self.always: list[int] = []  # alternatives whose start is not known: kept for every key
        self.by_start: dict[str, list[int]] = {}  # a possible start (up to PREFIX characters) -> alternatives
        self.capturing: set[int] = set()  # alternatives with groups of their own
        number = 0
        for _, alternatives in self.groups:
            for source in alternatives:
                if _parser.parse(source, flags).state.groups > 1:
                    self.capturing.add(number)
                starts = _prefixes(source, flags, self.PREFIX)
                if starts is None:
                    self.always.append(number)
                for start in starts or ():
                    self.by_start.setdefault(start, []).append(number)
                number += 1
        self.by_key: dict[str, re.Pattern[str] | None] = {}
        self.by_choice: dict[tuple[int, ...], re.Pattern[str] | None] = {}

    def get(self, key: str) -> re.Pattern[str] | None:
        """The narrowed pattern for a candidate whose text begins with ``key`` (ASCII, at most
        ``PREFIX`` characters: fewer at the end of the text); None when no alternative can match."""
        try:
            return self.by_key[key]
        except KeyError:
            pass
        chosen = set(self.always)
        for length in range(len(key) + 1):
            chosen.update(self.by_start.get(key[:length], ()))
        choice = tuple(sorted(chosen))
        if choice not in self.by_choice:
            self.by_choice[choice] = self._compile(choice) if choice else None
        pattern = self.by_key[key] = self.by_choice[choice]
        return pattern

    def _compile(self, choice: tuple[int, ...]) -> re.Pattern[str]:
        """Alternatives left out are dropped, or kept behind a "(?!)" when they hold groups (so the
        groups after them keep their numbers)."""
        kept, number, wanted = [], 0, set(choice)
        for name, alternatives in self.groups:
            chosen = [
                a if i in wanted else f"(?!)(?:{a})"
                for i, a in enumerate(alternatives, number) if i in wanted or i in self.capturing
            ]
            number += len(alternatives)
            kept.append((name, "|".join(chosen) or "(?!)"))
        return re.compile(_grouped(self.prefix, kept, self.suffix), self.flags)


_ASCII = tuple(map(chr, range(128)))
_CLASS_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
    sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S",
}


_MAX_PREFIXES = 4096  # beyond this an alternative's start is "unknown" ("\w+", ".*")


def _prefixes(source: str, flags: int, size: int) -> frozenset[str] | None:
    """Every ASCII string a match of ``source`` can begin with, cut to ``size`` characters (a match
    shorter than that, whole); None when that is not known or too many. Zero-width items (anchors,
    lookarounds) are stepped over: they only narrow. Paths through non-ASCII characters are left
    out: a candidate whose first characters are not ASCII is matched by the whole pattern."""
    found = _sequence_prefixes(list(_parser.parse(source, flags)), flags, size)
    return None if found is None or "" in found else frozenset(found)


def _sequence_prefixes(tree: list, flags: int, size: int) -> set[str] | None:
    found = {""}
    for op, av in tree:
        if all(len(p) >= size for p in found):
            break
        item = _item_prefixes(op, av, flags, size)
        if item is None:
            return None
        found = _concatenated(found, item, size)
        if found is None:
            return None
    return found


def _concatenated(heads: set[str], tails: set[str], size: int) -> set[str] | None:
    """Each head followed by each tail, cut to ``size``; None when that makes too many."""
    if sum(len(head) < size for head in heads) * len(tails) > _MAX_PREFIXES:
        return None
    return {head if len(head) >= size else (head + tail)[:size] for head in heads for tail in tails}


def _item_prefixes(op, av, flags: int, size: int) -> set[str] | None:
    if op is sre.LITERAL:
        return set(_ascii_matching(re.escape(chr(av)), flags))
    if op is sre.IN:
        source = _class_source(av)
        return None if source is None else set(_ascii_matching(source, flags))
    if op is sre.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            more = _sequence_prefixes(list(branch), flags, size)
            if more is None:
                return None
            found |= more
        return found
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, inner = av
        return _sequence_prefixes(list(inner), (flags | add_flags) & ~del_flags, size)
    if op is sre.ATOMIC_GROUP:
        return _sequence_prefixes(list(av), flags, size)
    if op in _REPEATS:
        return _repeat_prefixes(av, flags, size)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}
    return None  # any character, a back-reference, a conditional ...


def _repeat_prefixes(av, flags: int, size: int) -> set[str] | None:
    """Up to ``size`` copies decide a ``size``-character start (an empty copy adds nothing)."""
    low, high, item = av
    once = _sequence_prefixes(list(item), flags, size)
    if once is None:
        return None
    found: set[str] = set()
    copies = {""}
    for count in range(size + 1):
        if count >= min(low, size):
            found |= copies
        if count == high:
            break
        copies = _concatenated(copies, once, size)
        if copies is None:
            return None
    return found


def _class_source(items: list) -> str | None:
    parts = []
    for op, av in items:
        if op is sre.NEGATE:
            parts.append("^")
        elif op is sre.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CLASS_CATEGORIES:
            parts.append(_CLASS_CATEGORIES[av])
        else:
            return None
    return "[" + "".join(parts) + "]"


@lru_cache(maxsize=None)
def _ascii_matching(source: str, flags: int) -> frozenset[str]:
    """The ASCII characters one character-wide ``source`` matches under ``flags`` (Python decides:
    case folding such as "K" for the Kelvin sign is its own)."""
    single = re.compile(source, flags & (re.I | re.A | re.U))
    return frozenset(char for char in _ASCII if single.fullmatch(char))
