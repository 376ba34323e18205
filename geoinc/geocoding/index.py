"""The on-disk gazetteer index: one SQLite file in the cache folder, rebuilt when its inputs change.

SQLite because a cold process must answer in well under a second (no 100 MB unpickling), several
worker processes can read it at once, and it needs no server. Tables:
- ``places``: one row per place (rowid = internal number);
- ``names``: (key, place, form, alias, spot) — every name of every place under its ``name_key``,
  clustered by key; ``alias`` marks demonyms and abbreviations, which resolve but are never spotted in
  free text; ``spot`` marks the names ``spot`` may find in running text;
- ``codes``: exact codes (ICAO, ISO alpha-3) for whole-query lookups;
- ``spot_heads``: the first word of every spottable key and the most words such a key has;
- ``fuzzy``: keys of prominent places, the only ones fuzzy matching searches (so a misspelling lands on
  "Mosul", not on a hamlet that happens to be one letter away);
- ``filters``: Bloom filters (``KeyFilter``) over the spottable keys and over ``spot_heads``: spotting
  asks about many spans and words that are no name, and a filter's "no" needs no query.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from geoinc.atomic import atomic_path
from geoinc.geocoding import sources
from geoinc.geocoding.normalize import fold, is_arabic_script, name_key

SCHEMA_VERSION = "9"
INDEX_FILE = "gazetteer.sqlite"
IMPORTS_DIR = "imports"
FUZZY_MIN_PRIOR = 0.55  # cities of ~15,000+ people, provinces, countries, curated sites, air bases
# Free-text spotting trusts a place's main name, but alternate names only of prominent places: GeoNames
# lists odd alternates for villages ("Yet", "Our") that would turn common words into places.
SPOT_MIN_PRIOR = 0.55
CURATED_PREFIX = "geoinc:"  # every name of a curated place is vetted, so all of them are spotted
_SOURCE_MODULES = ("normalize.py", "sources.py", "index.py", "importer.py")
FILTER_BITS_PER_KEY = 10
FILTER_HASHES = 5  # with 10 bits a key: about 1 % of absent keys pass and need a query
SPOT_KEYS_FILTER = "spot_keys"
SPOT_HEADS_FILTER = "spot_heads"


def cache_dir() -> Path:
    return Path(os.environ.get("GEOINC_CACHE_DIR") or Path.home() / ".cache" / "geoinc")


def index_path() -> Path:
    return cache_dir() / INDEX_FILE


def imported_files() -> list[Path]:
    folder = cache_dir() / IMPORTS_DIR
    return sorted(folder.glob("*.tsv")) if folder.is_dir() else []


def fingerprint() -> str:
    """Changes whenever an input (packaged data, imports, or the code that builds keys) changes."""
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    here = Path(__file__).parent
    for module in _SOURCE_MODULES:
        path = here / module
        if path.exists():
            digest.update(path.read_bytes())
    for path in [*sources.package_data_files(), *imported_files()]:
        stat = path.stat()
        digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def stored_fingerprint(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def is_current() -> bool:
    """Whether the cached index matches its inputs (``ensure_index`` would not rebuild it)."""
    return stored_fingerprint(index_path()) == fingerprint()


def ensure_index(rebuild: bool = False) -> Path:
    """The path of an up-to-date index, building it first when missing or stale."""
    path = index_path()
    current = fingerprint()
    if rebuild or stored_fingerprint(path) != current:
        build_index(path, current)
    return path


def _all_entries() -> Iterable[sources.Entry]:
    from geoinc.geocoding.importer import read_imported

    yield from sources.with_aliases(sources.packaged_entries())
    for path in imported_files():
        yield from read_imported(path)


def build_index(path: Path, fingerprint_value: str, entries: Iterable[sources.Entry] | None = None) -> None:
    with atomic_path(path) as tmp:
        db = sqlite3.connect(tmp)
        try:
            _create_schema(db)
            _fill(db, entries if entries is not None else _all_entries())
            db.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint_value,))
            db.commit()
            db.execute("ANALYZE")
        finally:
            db.close()


def _create_schema(db: sqlite3.Connection) -> None:
    db.executescript(
        """
        PRAGMA journal_mode = OFF;
        PRAGMA synchronous = OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE places (
            id INTEGER PRIMARY KEY, pid TEXT, name TEXT, lat REAL, lon REAL, ftype TEXT, country TEXT,
            admin1 TEXT, population INTEGER, precision_km REAL, prior REAL);
        CREATE TABLE names (key TEXT, place INTEGER, form TEXT, alias INTEGER, spot INTEGER,
                            PRIMARY KEY (key, place)) WITHOUT ROWID;
        CREATE TEMP TABLE staged_names (key TEXT, place INTEGER, form TEXT, alias INTEGER, spot INTEGER);
        CREATE TABLE codes (code TEXT, place INTEGER, PRIMARY KEY (code, place)) WITHOUT ROWID;
        CREATE TABLE fuzzy (key TEXT PRIMARY KEY) WITHOUT ROWID;
        CREATE TABLE spot_heads (head TEXT PRIMARY KEY, tokens INTEGER) WITHOUT ROWID;
        CREATE TABLE filters (name TEXT PRIMARY KEY, bits BLOB);
        """
    )


def _fill(db: sqlite3.Connection, entries: Iterable[sources.Entry]) -> None:
    place_rows, name_rows, code_rows, fuzzy_keys = [], [], [], set()
    for number, e in enumerate(entries, start=1):
        place_rows.append((number, e.id, e.name, e.latitude, e.longitude, e.feature_type, e.country,
                           e.admin1, e.population, e.precision_km, e.prior))
        seen: set[str] = set()
        for name, alias in [(n, 0) for n in (e.name, *e.alternates)] + [(a, 1) for a in e.aliases]:
            key = name_key(name)
            if not key or key in seen:
                continue
            seen.add(key)
            spot = not alias and (name == e.name or e.prior >= SPOT_MIN_PRIOR or e.id.startswith(CURATED_PREFIX))
            name_rows.append((key, number, fold(name), alias, int(spot)))
            if e.prior >= FUZZY_MIN_PRIOR and len(key) >= 5 and not is_arabic_script(key):
                fuzzy_keys.add(key)
        code_rows.extend((code.upper(), number) for code in e.codes if code)
        if len(name_rows) > 200_000:
            _flush(db, place_rows, name_rows, code_rows)
    _flush(db, place_rows, name_rows, code_rows)
    # Appending to a staging table and copying it over in key order is several times faster than
    # inserting into the key-clustered table in arrival order.
    db.execute("INSERT OR IGNORE INTO names SELECT * FROM staged_names ORDER BY key, place")
    db.execute("DROP TABLE staged_names")
    _fill_spot_heads(db)
    db.executemany("INSERT INTO fuzzy VALUES (?)", ((k,) for k in sorted(fuzzy_keys)))


def _fill_spot_heads(db: sqlite3.Connection) -> None:
    """The first word of every spottable key and the most words such a key has: spotting tries a span
    only as long as a name starting with its first word can be."""
    heads: dict[str, int] = {}
    keys = [key for (key,) in db.execute("SELECT DISTINCT key FROM names WHERE spot = 1")]
    for key in keys:
        words = key.split()
        if len(words) > heads.get(words[0], 0):
            heads[words[0]] = len(words)
    db.executemany("INSERT INTO spot_heads VALUES (?, ?)", sorted(heads.items()))
    db.executemany("INSERT INTO filters VALUES (?, ?)", [(SPOT_KEYS_FILTER, KeyFilter.of(keys).bits),
                                                         (SPOT_HEADS_FILTER, KeyFilter.of(list(heads)).bits)])


class KeyFilter:
    """A Bloom filter over a set of keys: ``may_hold`` is False only for a key not in the set (and True
    for about 1 % of those), so a False spares a query and a True asks the table as before."""

    __slots__ = ("bits", "size")

    def __init__(self, bits: bytes) -> None:
        self.bits, self.size = bits, len(bits) * 8

    @classmethod
    def of(cls, keys: list[str]) -> KeyFilter:
        bits = bytearray(max(8, len(keys) * FILTER_BITS_PER_KEY // 8))
        size = len(bits) * 8
        for key in keys:
            for position in _positions(key, size):
                bits[position >> 3] |= 1 << (position & 7)
        return cls(bytes(bits))

    @classmethod
    def stored(cls, db: sqlite3.Connection, name: str) -> KeyFilter | None:
        """The filter ``name`` of an index; None for an index built before filters were stored."""
        try:
            row = db.execute("SELECT bits FROM filters WHERE name = ?", (name,)).fetchone()
        except sqlite3.OperationalError:
            return None
        return cls(row[0]) if row else None

    def may_hold(self, key: str) -> bool:
        bits = self.bits
        for position in _positions(key, self.size):
            if not bits[position >> 3] >> (position & 7) & 1:
                return False
        return True


def _positions(key: str, size: int) -> list[int]:
    digest = hashlib.blake2b(key.encode(), digest_size=16).digest()
    first, step = int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little") | 1
    return [(first + i * step) % size for i in range(FILTER_HASHES)]


def _flush(db: sqlite3.Connection, places: list, names: list, codes: list) -> None:
    db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
    db.executemany("INSERT INTO staged_names VALUES (?,?,?,?,?)", names)
    db.executemany("INSERT OR IGNORE INTO codes VALUES (?,?)", codes)
    places.clear()
    names.clear()
    codes.clear()
