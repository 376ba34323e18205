"""The incident store: one GeoPackage file that accumulates incidents across runs and that QGIS opens
directly (an ``incidents`` point layer, styled by group, plus ``sources`` and ``incident_sources``).

    with Store.open("maps/geoinc-store.gpkg") as store:
        store.ingest(article, incidents)      # one transaction: new / unchanged / replaced
        store.add_manual(rows, origin="analyst.csv")
        merged = store.incidents()            # merged across articles, every source listed

What each article reported is kept as it was read (``reported_incidents``); the ``incidents`` layer is
the merge of all of them (``geoinc.merge``), rebuilt in its own transaction when the store is read or
closed after a change. A row of our own export imported back is recognised by its id: unchanged, it
adds nothing; edited in a spreadsheet, it is kept as the analyst's correction of that incident and
replaces it in the layer (its sources stay those of the merge). A crash at any point leaves the reports
of every committed ingest, and the next open rebuilds the layer. The file runs in WAL mode while open and is returned to a single file on close.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn

import orjson

from geoinc.atomic import atomic_path
from geoinc.exports.gpkg import (
    GPKG_APPLICATION_ID, LAYER, STORE_META, init_geopackage, read_layer, sqlite_uri, write_layer,
)
from geoinc.exports.schema import RowMaker, column_names
from geoinc.merge import distance_km, gc_paused, merge_incidents
from geoinc.model import Article, Incident, SourceRef, content_hash

# 2: the analyst's corrections (``correction:`` entries), which geoinc with schema 1 would show as extra
# incidents. A version 1 store is upgraded when its first correction is written.
SCHEMA_VERSION = 2
MANUAL_PREFIX = "manual:"
CORRECTION_PREFIX = "correction:"
_AFTER_CORRECTIONS = "correction;"  # the first key after every "correction:..." key (":" + 1 == ";")
# Fields compared to tell an exported incident imported back unchanged from one an analyst edited; the
# sources are left out, since articles merged into the incident after the export add to them.
_SOURCE_FIELDS = frozenset({"id", "sources", "source_urls", "source_count"})

_SCHEMA = f"""
CREATE TABLE {STORE_META} (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, article_id TEXT NOT NULL UNIQUE, title TEXT, url TEXT,
  published DATE, content_hash TEXT NOT NULL, origin TEXT, kind TEXT NOT NULL, incident_count MEDIUMINT,
  ingested_at DATETIME NOT NULL);
CREATE INDEX sources_content_hash ON sources (content_hash);
CREATE TABLE reported_incidents (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, article_id TEXT NOT NULL REFERENCES sources (article_id),
  record TEXT NOT NULL);
CREATE INDEX reported_incidents_article ON reported_incidents (article_id);
CREATE TABLE incident_sources (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, incident_id TEXT NOT NULL, article_id TEXT NOT NULL, title TEXT,
  url TEXT, published DATE);
CREATE INDEX incident_sources_incident ON incident_sources (incident_id);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES
  ('sources', 'attributes', 'sources', 'Articles (and analyst files) the incidents were read from'),
  ('incident_sources', 'attributes', 'incident_sources', 'Which source reports which incident');
"""


class StoreError(Exception):
    """The store cannot be used; the message names the file and says why."""


@dataclass(frozen=True)
class IngestResult:
    article_id: str
    status: str  # "new" | "unchanged" | "replaced"
    incidents: int


def _utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


_FIELDS = tuple(f.name for f in dataclasses.fields(Incident))


def _record(incident: Incident) -> str:
    """An incident as reported, every field kept as it is (sources with their URLs and dates)."""
    data = {name: getattr(incident, name) for name in _FIELDS}
    data["sources"] = [[s.article_id, s.title, s.url, s.published] for s in incident.sources]
    return orjson.dumps(data).decode()


def _incident(record: str) -> Incident:
    data = orjson.loads(record)
    if data.get("event_date"):
        data["event_date"] = dt.date.fromisoformat(data["event_date"])
    data["sources"] = [SourceRef(a, t or "", u or "", dt.date.fromisoformat(p) if p else None)
                       for a, t, u, p in data.get("sources") or ()]
    return Incident(**{name: value for name, value in data.items() if name in _FIELD_SET})


_FIELD_SET = frozenset(_FIELDS)


class Store:
    """An open store; use ``Store.open(path)`` as a context manager."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool) -> None:
        self.path = path
        self._conn = conn
        self._readonly = readonly
        self._known: tuple[dict[str, Incident], frozenset[str]] | None = None  # for add_manual, read once

    # --- opening -----------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str], readonly: bool = False) -> Store:
        """Open the store at ``path``, creating it if missing; refuse anything that is not one we can use."""
        path = Path(path)
        if not path.exists() or path.stat().st_size == 0:
            if readonly:
                raise StoreError(f"{path}: no such store")
            try:
                _create(path)
            except (OSError, sqlite3.Error) as exc:
                raise StoreError(f"{path}: cannot create the store: {exc}") from None
        _check_header(path)
        try:
            conn = sqlite3.connect(sqlite_uri(path, "ro" if readonly else "rw"), uri=True, isolation_level=None,
                                   timeout=30)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open store: {exc}") from None
        try:
            _check_schema(path, conn)
            if not readonly:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"{path}: cannot open the store: {exc}") from None
        except BaseException:
            conn.close()
            raise
        return cls(path, conn, readonly)

    @staticmethod
    def is_store(path: str | os.PathLike[str]) -> bool:
        from geoinc.exports.gpkg import is_store_file

        return is_store_file(Path(path))

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close(refresh=kind is None)

    def close(self, refresh: bool = True) -> None:
        """Rebuild the merged layer if it is out of date, then leave a single self-contained file."""
        if self._conn is None:
            return
        try:
            if refresh and not self._readonly and self._stale():
                self.refresh()
            if not self._readonly:
                try:
                    self._conn.execute("PRAGMA journal_mode = DELETE")
                except sqlite3.OperationalError:
                    pass  # another connection still has the file open; it stays in WAL mode until then
        finally:
            self._conn.close()
            self._conn = None

    # --- writing -----------------------------------------------------------------------------------

    def ingest(self, article: Article, incidents: Sequence[Incident]) -> IngestResult:
        """Add an article's incidents in one transaction (same content again: unchanged; an edited
        article: its earlier incidents are replaced)."""
        ref = SourceRef(article.id, article.title, article.url, article.published)
        reported = [_with_source(i, ref) for i in incidents]
        return self._put(article.id, article.content_hash, reported, title=article.title, url=article.url,
                         published=article.published, origin=article.origin, kind="article")

    def add_manual(self, incidents: Iterable[Incident], origin: str) -> list[IngestResult]:
        """Incidents from an analyst's file (no article). Each row is its own entry, keyed by its id (an
        edited row replaces the earlier one) or, without an id, by its content. A row of a geoinc export
        whose incident is in the store adds nothing; if it was edited, it becomes that incident's correction."""
        results = []
        for incident in incidents:
            kind = self._manual_kind(incident)
            if kind is None:
                results.append(IngestResult(incident.id, "unchanged", 1))
                continue
            record_hash = content_hash(_record(incident))
            key = (CORRECTION_PREFIX if kind == "correction" else MANUAL_PREFIX) + (incident.id or record_hash[:16])
            if not incident.sources:
                incident = _with_source(incident, SourceRef(key, f"analyst file {origin}"))
            elif not incident.id:
                incident = dataclasses.replace(incident)
                incident.assign_id()
            results.append(self._put(key, record_hash, [incident], title=f"analyst file {origin}", url="",
                                     published=None, origin=origin, kind=kind))
        return results

    def _manual_kind(self, incident: Incident) -> str | None:
        """"manual" for the analyst's own row, "correction" for an edited row of a geoinc export, or None
        for an incident the store already holds (an export imported back)."""
        if not incident.id:
            return "manual"
        merged, reported_ids = self._known_incidents()
        stored = merged.get(incident.id)
        if stored is not None and _comparable(stored) == _comparable(incident):
            return None
        if all(s.article_id in (incident.id, MANUAL_PREFIX + incident.id) for s in incident.sources):
            return "manual"  # read from the analyst's own table, not from articles: an edit replaces it
        if stored is not None:
            return "correction"
        # Known only as one report among others: the export predates a later merge that gave the incident
        # another id, so an edit has nothing sure to attach to; the incident itself is in the store.
        return None if incident.id in reported_ids else "manual"

    def _known_incidents(self) -> tuple[dict[str, Incident], frozenset[str]]:
        """The merged incidents by id and every reported incident's id, read once per open store."""
        if self._known is None:
            merged = {i.id: i for i in self.incidents()}
            ids = frozenset(row[0] for row in self._conn.execute(
                "SELECT json_extract(record, '$.id') FROM reported_incidents"))
            self._known = merged, ids
        return self._known

    def _put(self, article_id: str, text_hash: str, incidents: Sequence[Incident], *, title: str, url: str,
             published: dt.date | None, origin: str, kind: str) -> IngestResult:
        self._writable()
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            row = conn.execute("SELECT content_hash, incident_count FROM sources WHERE article_id = ?",
                               (article_id,)).fetchone()
            same = row is not None and row[0] == text_hash
            if not same and row is None:
                same_text = conn.execute("SELECT incident_count FROM sources WHERE content_hash = ? LIMIT 1",
                                         (text_hash,)).fetchone()
                if same_text is not None:  # the same article under another name (e.g. a renamed file)
                    conn.execute("COMMIT")
                    return IngestResult(article_id, "unchanged", same_text[0] or 0)
            if same:
                conn.execute("COMMIT")
                return IngestResult(article_id, "unchanged", row[1] or 0)
            if row is not None:
                conn.execute("DELETE FROM reported_incidents WHERE article_id = ?", (article_id,))
                conn.execute("DELETE FROM sources WHERE article_id = ?", (article_id,))
            conn.execute(
                "INSERT INTO sources (article_id, title, url, published, content_hash, origin, kind, "
                "incident_count, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (article_id, title, url, published.isoformat() if published else None, text_hash, origin, kind,
                 len(incidents), _utc_now()),
            )
            conn.executemany("INSERT INTO reported_incidents (article_id, record) VALUES (?, ?)",
                             ((article_id, _record(i)) for i in incidents))
            if kind == "correction":
                conn.execute(f"UPDATE {STORE_META} SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))
            conn.execute(f"INSERT OR REPLACE INTO {STORE_META} VALUES ('stale', '1')")
            conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback(exc, f"cannot store article {article_id}")
        return IngestResult(article_id, "new" if row is None else "replaced", len(incidents))

    def refresh(self) -> list[Incident]:
        """Rebuild the merged ``incidents`` layer, its links and its style from every report (one transaction)."""
        self._writable()
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            with gc_paused():
                merged = self._merged()
                write_layer(conn, merged, LAYER, "geoinc incidents, merged across articles")
                conn.execute("DELETE FROM incident_sources")
                conn.executemany(
                    "INSERT INTO incident_sources (incident_id, article_id, title, url, published) "
                    "VALUES (?, ?, ?, ?, ?)",
                    ((i.id, s.article_id, s.title, s.url, s.published.isoformat() if s.published else None)
                     for i in merged for s in i.sources),
                )
            conn.execute(f"INSERT OR REPLACE INTO {STORE_META} VALUES ('stale', '0')")
            conn.execute("COMMIT")
        except BaseException as exc:
            self._rollback(exc, "cannot rebuild the incidents layer")
        self._known = None
        return merged

    def _rollback(self, error: BaseException, doing: str) -> NoReturn:
        """Undo the open transaction; SQLite's errors (locked, disk full, read-only) become a StoreError."""
        if self._conn.in_transaction:
            self._conn.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error):
            raise StoreError(f"{self.path}: {doing}: {error}") from None
        raise error

    # --- reading -----------------------------------------------------------------------------------

    def incidents(self) -> list[Incident]:
        """Every incident, merged across articles, with all its sources (``source_count``)."""
        if self._stale():
            if self._readonly:
                with gc_paused():
                    return self._merged()
            return self.refresh()
        with gc_paused():
            return self._read_merged()

    def _merged(self) -> list[Incident]:
        """The reports merged, then the analyst's corrections put in place of the incidents they correct."""
        reports = self._reported()
        merged = merge_incidents(reports)
        corrections = {c.id: c for c in self._decode_reported(None, corrections=True)}
        if not corrections:
            return merged
        result = [_corrected(i, corrections.pop(i.id)) if i.id in corrections else i for i in merged]
        # A correction whose id is gone: a later article joined the event with a lower report id (the merged
        # id is the lowest), so it goes to the incident that now holds the report it was made from.
        reports_by_id = {r.id: r for r in reports}
        taken = {i.id for i in result} - {i.id for i in merged}
        for correction in corrections.values():
            n = _holder(reports_by_id.get(correction.id), result)
            if n is not None and result[n].id not in taken:
                result[n] = _corrected(result[n], correction)
                taken.add(result[n].id)
                continue
            orphan = dataclasses.replace(correction, review_reasons=list(correction.review_reasons))
            orphan.flag("analyst correction of an incident no longer in the store (its article was edited?)")
            result.append(orphan)
        return result

    def _read_merged(self) -> list[Incident]:
        incidents = read_layer(self._conn, LAYER)
        links: dict[str, list[SourceRef]] = {}
        for incident_id, article_id, title, url, published in self._conn.execute(
                "SELECT incident_id, article_id, title, url, published FROM incident_sources ORDER BY fid"):
            links.setdefault(incident_id, []).append(
                SourceRef(article_id, title or "", url or "", dt.date.fromisoformat(published) if published else None))
        for incident in incidents:
            incident.sources = links.get(incident.id, incident.sources)
        return incidents

    def reported(self, article_id: str | None = None) -> list[Incident]:
        """Incidents as each article reported them (before merging)."""
        return self._reported(article_id)

    def articles(self) -> list[dict[str, Any]]:
        cursor = self._conn.execute("SELECT article_id, title, url, published, content_hash, origin, kind, "
                                    "incident_count, ingested_at FROM sources ORDER BY fid")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def _reported(self, article_id: str | None = None) -> list[Incident]:
        with gc_paused():
            return self._decode_reported(article_id)

    def _decode_reported(self, article_id: str | None, corrections: bool = False) -> list[Incident]:
        """The reports of one article, or of all (the analyst's corrections apart: ``corrections=True``)."""
        if article_id is None:
            among = "article_id >= ? AND article_id < ?" if corrections else "NOT (article_id >= ? AND article_id < ?)"
            rows = self._conn.execute(f"SELECT record FROM reported_incidents WHERE {among} ORDER BY fid",
                                      (CORRECTION_PREFIX, _AFTER_CORRECTIONS))
        else:
            rows = self._conn.execute("SELECT record FROM reported_incidents WHERE article_id = ? ORDER BY fid",
                                      (article_id,))
        return [_incident(record) for (record,) in rows]

    def _stale(self) -> bool:
        row = self._conn.execute(f"SELECT value FROM {STORE_META} WHERE key = 'stale'").fetchone()
        return row is None or row[0] != "0"

    def _writable(self) -> None:
        if self._conn is None:
            raise StoreError(f"{self.path}: store is closed")
        if self._readonly:
            raise StoreError(f"{self.path}: store was opened read-only")


def _with_source(incident: Incident, ref: SourceRef) -> Incident:
    """A copy that lists ``ref`` among its sources and has an id (the caller's object is left alone)."""
    incident = dataclasses.replace(incident, sources=list(incident.sources),
                                   review_reasons=list(incident.review_reasons))
    if all(s.article_id != ref.article_id for s in incident.sources):
        incident.sources.insert(0, ref)
    if not incident.id:
        incident.assign_id()
    return incident


def _comparable(incident: Incident) -> tuple:
    """What an analyst can edit in an export's row, as the CSV gives it back (floats to the 6 decimals that
    survive a spreadsheet, text without the spaces a spreadsheet may add or trim)."""
    return tuple(round(v, 6) if isinstance(v, float) else v.strip() if isinstance(v, str) else v
                 for v in _editable_values()(incident))


@lru_cache(maxsize=1)
def _editable_values() -> RowMaker:
    return RowMaker([name for name in column_names() if name not in _SOURCE_FIELDS])


def _holder(report: Incident | None, merged: Sequence[Incident]) -> int | None:
    """The position of the merged incident that ``report`` is part of: one listing all its sources with an
    id no higher than its own; of several (an article reporting two attacks), the closest in date and place."""
    if report is None:
        return None
    sources = {s.article_id for s in report.sources}
    candidates = [n for n, i in enumerate(merged)
                  if i.id <= report.id and sources <= {s.article_id for s in i.sources}]

    def distance(n: int) -> tuple:
        other = merged[n]
        days = abs((other.event_date - report.event_date).days) if other.event_date and report.event_date else 999
        km = (distance_km(other.latitude, other.longitude, report.latitude, report.longitude)
              if other.is_mappable and report.is_mappable else 1e6)
        return days, km, other.id

    return min(candidates, key=distance, default=None)


def _corrected(incident: Incident, correction: Incident) -> Incident:
    """The analyst's version of a merged incident, listing every source of the merge (and any the
    correction names that the merge does not)."""
    known = {s.article_id for s in incident.sources}
    sources = list(incident.sources) + [s for s in correction.sources if s.article_id not in known]
    return dataclasses.replace(correction, id=incident.id, sources=sources,
                               review_reasons=list(correction.review_reasons))


def _create(path: Path) -> None:
    """A new, empty store, made beside the target and renamed into place (never half-created)."""
    with atomic_path(path) as tmp:
        tmp.unlink()
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:  # a private temporary file: no transaction needed, the rename is the commit
            init_geopackage(conn)
            conn.executescript(_SCHEMA)
            conn.execute(f"INSERT INTO {STORE_META} VALUES ('schema_version', ?), ('stale', '0'), "
                         "('created', ?)", (str(SCHEMA_VERSION), _utc_now()))
            write_layer(conn, [], LAYER, "geoinc incidents, merged across articles")
        finally:
            conn.close()


def _check_header(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a store file")
    with open(path, "rb") as handle:
        header = handle.read(72)
    if header[:16] != b"SQLite format 3\x00":
        raise StoreError(f"{path}: not a GeoPackage (not an SQLite database); refusing to use it as a store")
    if int.from_bytes(header[68:72], "big") != GPKG_APPLICATION_ID:
        raise StoreError(f"{path}: an SQLite database but not a GeoPackage; refusing to use it as a store")


def _check_schema(path: Path, conn: sqlite3.Connection) -> None:
    has_meta = conn.execute(f"SELECT 1 FROM sqlite_master WHERE name = '{STORE_META}'").fetchone()
    row = conn.execute(f"SELECT value FROM {STORE_META} WHERE key = 'schema_version'").fetchone() if has_meta else None
    if not has_meta:
        raise StoreError(f"{path}: a GeoPackage but not a geoinc store (an export?); use a new --store path")
    try:
        version = int(row[0]) if row else None
    except ValueError:
        version = None
    if version is None:
        raise StoreError(f"{path}: geoinc store with an unknown schema version; refusing to change it")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: store schema version {version} is newer than this geoinc understands "
                         f"({SCHEMA_VERSION}); upgrade geoinc, the store was left untouched")
