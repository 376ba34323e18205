"""The incident store: a real GeoPackage, idempotent and transactional ingest, cross-article merging,
refusal of files it must not touch, and what GDAL sees in it."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
import subprocess

import pytest

from geoinc.exports import read_incidents, write_gpkg
from geoinc.model import Article, Incident
from geoinc.store import SCHEMA_VERSION, Store, StoreError

D = dt.date


def article(aid: str, text: str = "", published: dt.date = D(2023, 11, 24), title: str = "") -> Article:
    return Article(id=aid, text=text or f"Text of {aid}.", title=title or f"Title {aid}",
                   url=f"https://news.example/{aid}",
                   published=published, origin=f"articles/{aid}.txt")


def strike(day: dt.date, actor: str = "Unattributed", where=(33.7856, 42.4412), fatalities=None,
           notes: str = "Drones struck Ain al-Asad air base.", gazetteer_id: str = "geoinc:ain-al-asad") -> Incident:
    return Incident(event_date=day, time_precision=1, actor1=actor, attack_type="drone", latitude=where[0],
                    longitude=where[1], location="Ain al-Asad Air Base", gazetteer_id=gazetteer_id, country="IQ",
                    geo_precision=1, fatalities=fatalities, notes=notes)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(path) -> dict[str, list]:
    """Every row the store holds (SQLite's header bytes change when the journal mode is switched)."""
    conn = sqlite3.connect(path)
    tables = ("sources", "reported_incidents", "incidents", "incident_sources", "geoinc_meta", "layer_styles")
    rows = {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}
    conn.close()
    return rows


def test_new_store_is_a_geopackage_with_layer_sources_and_links(tmp_path):
    path = tmp_path / "store.gpkg"
    with Store.open(path) as store:
        store.ingest(article("a1"), [strike(D(2023, 11, 23))])
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 10300
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file after close
    contents = dict(conn.execute("SELECT table_name, data_type FROM gpkg_contents"))
    assert contents["incidents"] == "features"
    assert contents["sources"] == contents["incident_sources"] == "attributes"
    assert conn.execute("SELECT srs_id, geometry_type_name FROM gpkg_geometry_columns").fetchall() == [(4326, "POINT")]
    assert conn.execute("SELECT article_id, title, url, published FROM sources").fetchall() == [
        ("a1", "Title a1", "https://news.example/a1", "2023-11-24")]
    assert conn.execute("SELECT count(*) FROM rtree_incidents_geom").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM incident_sources").fetchone()[0] == 1
    conn.close()
    assert not (tmp_path / "store.gpkg-wal").exists()


def test_same_article_again_changes_nothing_and_an_edit_replaces_its_incidents(tmp_path):
    path = tmp_path / "store.gpkg"
    with Store.open(path) as store:
        first = store.ingest(article("a1", "Two drones hit the base."), [strike(D(2023, 11, 23)), strike(
            D(2023, 11, 23), where=(36.2376, 43.9632), gazetteer_id="geoinc:erbil", notes="And Erbil.")])
        assert (first.status, first.incidents) == ("new", 2)
    before = snapshot(path)
    with Store.open(path) as store:
        again = store.ingest(article("a1", "Two drones hit the base."), [strike(D(2023, 11, 23))])
        assert again.status == "unchanged"
        renamed = store.ingest(article("a1-copy", "Two drones hit the base.", title="Title a1"),
                               [strike(D(2023, 11, 23))])
        assert renamed.status == "unchanged"  # same text under another id: the same article
    assert snapshot(path) == before
    with Store.open(path) as store:
        edited = store.ingest(article("a1", "One drone hit the base (corrected)."), [strike(D(2023, 11, 23))])
        assert (edited.status, edited.incidents) == ("replaced", 1)
        assert len(store.reported()) == 1
        assert [i.location for i in store.incidents()] == ["Ain al-Asad Air Base"]
        assert [a["article_id"] for a in store.articles()] == ["a1"]


def test_same_event_from_several_articles_is_one_incident_with_every_source(tmp_path):
    path = tmp_path / "store.gpkg"
    with Store.open(path) as store:
        store.ingest(article("reuters"), [strike(D(2023, 11, 23), "Kataib Hezbollah", fatalities=2)])
        store.ingest(article("ap"), [strike(D(2023, 11, 23), fatalities=3, notes="A drone attack on the base.")])
        store.ingest(article("later"), [strike(D(2023, 11, 30), "Kataib Hezbollah")])
        merged = store.incidents()
    assert sorted((i.event_date, i.source_count) for i in merged) == [(D(2023, 11, 23), 2), (D(2023, 11, 30), 1)]
    with Store.open(path, readonly=True) as store:
        reread = store.incidents()  # from the layer and the links table this time
    assert [i.properties() for i in reread] == [i.properties() for i in merged]
    event = next(i for i in reread if i.source_count == 2)
    assert event.actor1 == "Kataib Hezbollah" and event.fatalities == 2
    assert {(s.article_id, s.url, s.published) for s in event.sources} == {
        ("reuters", "https://news.example/reuters", D(2023, 11, 24)), ("ap", "https://news.example/ap", D(2023, 11, 24))}
    assert "Fatalities reported: 2 (reuters), 3 (ap); lowest used" in event.notes
    assert [i.id for i in read_incidents(path)] == [i.id for i in merged]


def test_merging_does_not_depend_on_ingest_order(tmp_path):
    batches = [(article("a"), [strike(D(2024, 1, 5), "Kataib Hezbollah", fatalities=1)]),
               (article("b"), [strike(D(2024, 1, 6), fatalities=4)]),
               (article("c"), [strike(D(2024, 1, 5), "Islamic State", where=(35.0, 40.0), gazetteer_id="x")])]
    results = []
    for n, order in enumerate((batches, batches[::-1], [batches[1], batches[2], batches[0]])):
        with Store.open(tmp_path / f"s{n}.gpkg") as store:
            for art, incidents in order:
                store.ingest(art, [Incident(**vars(i)) for i in incidents])
            results.append([i.properties() for i in store.incidents()])
    assert results[0] == results[1] == results[2]


def test_manual_incidents_are_idempotent_and_an_edited_row_replaces_its_earlier_version(tmp_path):
    path = tmp_path / "store.gpkg"
    row = strike(D(2024, 2, 2), "Islamic State", where=(34.0, 43.0), gazetteer_id="x")
    row.id = "analyst-1"
    with Store.open(path) as store:
        assert [r.status for r in store.add_manual([row], origin="notes.csv")] == ["new"]
        assert [r.status for r in store.add_manual([row], origin="notes.csv")] == ["unchanged"]
        row.fatalities = 7
        assert [r.status for r in store.add_manual([row], origin="notes.csv")] == ["replaced"]
        [stored] = store.incidents()
    assert stored.fatalities == 7 and stored.sources[0].title == "analyst file notes.csv"


def test_a_failing_ingest_leaves_the_store_as_it_was(tmp_path):
    path = tmp_path / "store.gpkg"
    with Store.open(path) as store:
        store.ingest(article("a1"), [strike(D(2023, 11, 23))])
    bad = strike(D(2023, 11, 24))
    bad.notes = object()  # cannot be stored
    with Store.open(path) as store:
        with pytest.raises(TypeError):
            store.ingest(article("a2"), [strike(D(2023, 11, 24)), bad])
        assert [a["article_id"] for a in store.articles()] == ["a1"]
        assert len(store.reported()) == 1
        assert store.ingest(article("a3"), [strike(D(2023, 12, 1))]).status == "new"


@pytest.mark.parametrize("content, message", [
    (b"incident,date\n1,2024-01-01\n", r"not a GeoPackage \(not an SQLite database\)"),
    (b"", None),  # an empty file is taken as a new store
])
def test_non_geopackage_files_are_refused_untouched(tmp_path, content, message):
    path = tmp_path / "store.gpkg"
    path.write_bytes(content)
    if message is None:
        with Store.open(path) as store:
            assert store.incidents() == []
        return
    with pytest.raises(StoreError, match=message) as error:
        Store.open(path)
    assert str(path) in str(error.value)
    assert path.read_bytes() == content


def test_plain_sqlite_and_export_geopackages_are_refused(tmp_path):
    plain = tmp_path / "plain.gpkg"
    sqlite3.connect(plain).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="an SQLite database but not a GeoPackage"):
        Store.open(plain)
    export = write_gpkg([strike(D(2024, 1, 1))], tmp_path / "export.gpkg")
    before = digest(export)
    with pytest.raises(StoreError, match="a GeoPackage but not a geoinc store"):
        Store.open(export)
    assert digest(export) == before


@pytest.mark.parametrize("version, message", [
    (str(SCHEMA_VERSION + 1), f"schema version {SCHEMA_VERSION + 1} is newer than this geoinc understands"),
    ("banana", "unknown schema version"),
])
def test_newer_or_unknown_schema_is_refused_untouched(tmp_path, version, message):
    path = tmp_path / "store.gpkg"
    with Store.open(path) as store:
        store.ingest(article("a1"), [strike(D(2023, 11, 23))])
    conn = sqlite3.connect(path)
    conn.execute("UPDATE geoinc_meta SET value = ? WHERE key = 'schema_version'", (version,))
    conn.commit()
    conn.close()
    before = digest(path)
    for readonly in (False, True):
        with pytest.raises(StoreError, match=message):
            Store.open(path, readonly=readonly)
    assert digest(path) == before


def test_a_stale_layer_left_by_a_crash_is_rebuilt_on_next_use(tmp_path):
    path = tmp_path / "store.gpkg"
    store = Store.open(path)
    store.ingest(article("a1"), [strike(D(2023, 11, 23))])
    store._conn.close()  # like a process that died before close(): the merged layer was never rebuilt
    store._conn = None
    with Store.open(path, readonly=True) as reader:
        assert len(reader.incidents()) == 1  # merged in memory, file untouched
    with Store.open(path) as store:
        assert len(store.incidents()) == 1
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM incidents").fetchone()[0] == 1
    assert conn.execute("SELECT value FROM geoinc_meta WHERE key = 'stale'").fetchone()[0] == "0"


def test_gdal_reads_the_store(tmp_path):
    path = tmp_path / "store.gpkg"
    with Store.open(path) as store:
        store.ingest(article("a1"), [strike(D(2023, 11, 23), fatalities=1)])
        store.ingest(article("a2"), [strike(D(2023, 12, 23), "Islamic State")])
    out = subprocess.run([shutil.which("ogrinfo"), "-al", "-so", str(path)], capture_output=True, text=True,
                         check=True).stdout
    assert "Layer name: incidents" in out and "Layer name: sources" in out
    incidents_part = out.split("Layer name: incidents")[1].split("Layer name:")[0]
    assert "Feature Count: 2" in incidents_part
    assert "event_date: Date" in incidents_part and "fatalities: Integer " in incidents_part
    assert 'ID["EPSG",4326]' in incidents_part


def test_a_locked_store_gives_a_clear_error_and_keeps_earlier_work(tmp_path):
    path = tmp_path / "store.gpkg"
    with Store.open(path) as store:
        store.ingest(article("a1"), [strike(D(2023, 11, 23))])
    store = Store.open(path)
    store._conn.execute("PRAGMA busy_timeout = 100")
    other = sqlite3.connect(path, timeout=0)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    with pytest.raises(StoreError, match="cannot store article a2: database is locked"):
        store.ingest(article("a2"), [strike(D(2023, 11, 24))])
    other.rollback()
    other.close()
    assert store.ingest(article("a2"), [strike(D(2023, 11, 24))]).status == "new"
    store.close()
    with Store.open(path, readonly=True) as reader:
        assert [a["article_id"] for a in reader.articles()] == ["a1", "a2"]


def test_a_store_that_cannot_be_created_is_reported(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the store"):
        Store.open(blocker / "store.gpkg")


def test_paths_with_uri_characters_work(tmp_path):
    path = tmp_path / "week #3 100% ?.gpkg"
    with Store.open(path) as store:
        store.ingest(article("a1"), [strike(D(2023, 11, 23))])
    assert len(read_incidents(path)) == 1


# --- our own CSV export imported back ------------------------------------------------------------------

def store_with_merged_event(path):
    """Two articles on one attack (merged: two sources), another attack, and a row an analyst typed."""
    typed = strike(D(2024, 2, 2), "Islamic State", where=(34.0, 43.0), gazetteer_id="x", notes="typed")
    typed.id = "analyst-1"
    with Store.open(path) as store:
        store.ingest(article("reuters"), [strike(D(2023, 11, 23), "Kataib Hezbollah", fatalities=2)])
        store.ingest(article("ap"), [strike(D(2023, 11, 23), fatalities=3, notes="Drones hit the base.")])
        store.ingest(article("afp"), [strike(D(2023, 12, 20), "Islamic Resistance in Iraq", where=(36.24, 43.96),
                                             gazetteer_id="geoinc:erbil-air-base", notes='=HYPERLINK("http://x")')])
        store.add_manual([typed], origin="notes.csv")
        return store.incidents()


def csv_rows_back(path) -> list[Incident]:
    """The rows of a CSV as ``geoinc run`` reads them."""
    from geoinc.sources import read_inputs

    items = list(read_inputs([str(path)]))
    assert all(isinstance(i, Incident) for i in items), items
    return items


def test_a_csv_export_imported_back_is_recognised_not_added_again(tmp_path):
    from geoinc.exports import write_csv

    before = store_with_merged_event(tmp_path / "store.gpkg")
    assert len(before) == 3 and sorted(i.source_count for i in before) == [1, 1, 2]
    exported = write_csv(before, tmp_path / "incidents.csv")
    with Store.open(tmp_path / "store.gpkg") as store:
        entries = len(store.articles())
        results = store.add_manual(csv_rows_back(exported), origin="incidents.csv")
        assert [r.status for r in results] == ["unchanged"] * 3
        assert len(store.articles()) == entries
        after = store.incidents()
    assert [i.properties() for i in after] == [i.properties() for i in before]


def test_a_csv_export_imported_into_another_store_keeps_ids_and_sources_and_is_idempotent(tmp_path):
    from geoinc.exports import write_csv

    before = store_with_merged_event(tmp_path / "mine.gpkg")
    exported = write_csv(before, tmp_path / "incidents.csv")
    for attempt in ("new", "unchanged"):
        with Store.open(tmp_path / "colleague.gpkg") as store:
            assert {r.status for r in store.add_manual(csv_rows_back(exported), origin="incidents.csv")} == {attempt}
            theirs = store.incidents()
        assert sorted(i.id for i in theirs) == sorted(i.id for i in before)
        assert sorted((i.id, [s.article_id for s in i.sources]) for i in theirs) == \
            sorted((i.id, [s.article_id for s in i.sources]) for i in before)


def test_an_export_row_edited_in_a_spreadsheet_corrects_its_incident(tmp_path):
    import csv

    from geoinc.exports import write_csv

    before = store_with_merged_event(tmp_path / "store.gpkg")
    merged = next(i for i in before if i.source_count == 2)
    exported = write_csv(before, tmp_path / "incidents.csv")
    with open(exported, encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    row = next(r for r in rows if r[0] == merged.id)
    row[header.index("fatalities")], row[header.index("needs_review")] = "5", "0"  # the analyst's review
    row[header.index("target")] = "@SUM(1)"
    edited = tmp_path / "reviewed.csv"
    with open(edited, "w", encoding="utf-8", newline="") as handle:  # saved again, without the BOM
        csv.writer(handle).writerows([header, *rows])

    with Store.open(tmp_path / "store.gpkg") as store:
        results = store.add_manual(csv_rows_back(edited), origin="reviewed.csv")
        assert sorted(r.status for r in results) == ["new", "unchanged", "unchanged"]
        after = {i.id: i for i in store.incidents()}
        assert [r.status for r in store.add_manual(csv_rows_back(edited), origin="reviewed.csv")] == ["unchanged"] * 3
    assert after.keys() == {i.id for i in before}
    corrected = after[merged.id]
    assert corrected.fatalities == 5 and corrected.target == "@SUM(1)" and not corrected.needs_review
    assert [(s.article_id, s.published) for s in corrected.sources] == [(s.article_id, s.published) for s in merged.sources]

    # The store's next export, imported back, is recognised too; and a later article still joins the event.
    with Store.open(tmp_path / "store.gpkg") as store:
        again = write_csv(store.incidents(), tmp_path / "again.csv")
        assert {r.status for r in store.add_manual(csv_rows_back(again), origin="again.csv")} == {"unchanged"}
        late = next(a for a in (f"late-{n}" for n in range(50))  # one whose report does not take over the id
                    if _report_id(a, strike(D(2023, 11, 24), fatalities=4)) > merged.id)
        store.ingest(article(late), [strike(D(2023, 11, 24), fatalities=4)])
        event = next(i for i in store.incidents() if i.id == merged.id)
    assert event.fatalities == 5 and {s.article_id for s in event.sources} == {"reuters", "ap", late}
    assert len(read_incidents(tmp_path / "store.gpkg")) == 3


def _report_id(article_id: str, incident: Incident) -> str:
    from geoinc.model import SourceRef

    incident.sources = [SourceRef(article_id)]
    return incident.assign_id()


def test_a_correction_follows_its_event_when_a_later_article_gives_the_event_a_new_id(tmp_path):
    from geoinc.exports import write_csv

    before = store_with_merged_event(tmp_path / "store.gpkg")
    merged = next(i for i in before if i.source_count == 2)
    corrected = Incident.from_properties(merged.properties(), merged.longitude, merged.latitude)
    corrected.attack_type, corrected.notes = "rocket", "Rockets, not drones (checked by the analyst)."
    with Store.open(tmp_path / "store.gpkg") as store:
        store.add_manual(csv_rows_back(write_csv([corrected], tmp_path / "fix.csv")), origin="fix.csv")
        late = next(a for a in (f"late-{n}" for n in range(50))  # its report's id is lower: it names the event
                    if _report_id(a, strike(D(2023, 11, 24), fatalities=4)) < merged.id)
        store.ingest(article(late), [strike(D(2023, 11, 24), fatalities=4)])
        after = store.incidents()
    assert len(after) == 3 and merged.id not in {i.id for i in after}
    event = next(i for i in after if late in {s.article_id for s in i.sources})
    assert event.attack_type == "rocket" and event.notes == "Rockets, not drones (checked by the analyst)."
    assert event.source_count == 3 and not event.needs_review


def test_geoinc_run_on_its_own_csv_export_adds_nothing(tmp_path):
    import geoinc

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "wire.txt").write_text("Rockets struck Erbil air base on Monday, Kurdish officials said. "
                                       "Drones hit Ain al-Asad air base in Anbar on Sunday.")
    (articles / "local.txt").write_text("Two rockets hit Erbil air base on Monday, a security source said.")
    out = tmp_path / "maps"
    first = geoinc.run([articles], out=out, published="2024-01-17")
    assert len(first.incidents) >= 2
    for inputs in ([out / "incidents.csv"], [articles, out / "incidents.csv"]):
        again = geoinc.run(inputs, out=out, published="2024-01-17")
        assert again.manual_incidents == len(first.incidents)
        assert [i.properties() for i in again.incidents] == [i.properties() for i in first.incidents]


def test_a_version_1_store_opens_and_is_upgraded_only_when_it_gets_a_correction(tmp_path):
    """Schema 2 adds the analyst's corrections; geoinc with schema 1 would show them as extra incidents."""
    from geoinc.exports import write_csv

    path = tmp_path / "store.gpkg"
    before = store_with_merged_event(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE geoinc_meta SET value = '1' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()

    def version() -> str:
        with sqlite3.connect(path) as db:
            return db.execute("SELECT value FROM geoinc_meta WHERE key = 'schema_version'").fetchone()[0]

    with Store.open(path) as store:
        store.add_manual(csv_rows_back(write_csv(before, tmp_path / "same.csv")), origin="same.csv")
    assert version() == "1"
    edited = next(i for i in before if i.source_count == 2)
    edited.fatalities = 9
    with Store.open(path) as store:
        store.add_manual(csv_rows_back(write_csv([edited], tmp_path / "edited.csv")), origin="edited.csv")
    assert version() == str(SCHEMA_VERSION) == "2"
