"""Reading sources: formats, encodings, page furniture, publication dates, ids, bad input."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoinc.model import Article, Incident
from geoinc.sources import ReadProblem, read_inputs

BODY = "Three rockets struck Ain al-Asad air base in Anbar province on Tuesday, officials said."


def read_all(*paths: object, published: dt.date | None = None) -> list[object]:
    return list(read_inputs([str(p) for p in paths], published=published))


def only_article(items: list[object]) -> Article:
    articles = [i for i in items if isinstance(i, Article)]
    assert len(articles) == 1, items
    return articles[0]


# --- encodings ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "encoding, text",
    [
        ("utf-8", "Le café de l’armée — “Erbil” was hit."),
        ("utf-8-sig", "Le café de l’armée — “Erbil” was hit."),
        ("utf-16", "Drones hit Erbil; café “quoted”."),
        ("utf-16-le", "Drones hit Erbil airport overnight, officials said, and flights resumed."),
        ("cp1252", "The “Kata’ib Hizballah” café — naïve résumé of the strike on Jurf al-Sakhar, officials said."),
        ("cp1256", "سقطت ثلاثة صواريخ على قاعدة عين الأسد الجوية في محافظة الأنبار غربي العراق مساء الثلاثاء، وقال مسؤولون إن الهجوم لم يسفر عن إصابات."),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, text: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode(encoding))
    article = only_article(read_all(path))
    assert article.text == text


def test_undecodable_bytes_never_crash(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Rockets hit Erbil café.\n".encode("utf-8") + b"\xff\xfe\x81 broken \x9d tail\n")
    article = only_article(read_all(path))
    assert article.text.startswith("Rockets hit Erbil")


# --- formats ---------------------------------------------------------------------------------------

HTML = """<!doctype html><html><head><title>Site | Rockets hit base</title>
<meta property="og:title" content="Rockets hit Ain al-Asad">
<meta property="article:published_time" content="2024-05-01T08:30:00Z">
<link rel="canonical" href="https://example.org/news/1"></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/iraq">Iraq</a></li></ul></nav>
<header class="site-header">Breaking news ticker</header>
<article><h1>Rockets hit Ain al-Asad</h1>
<p>Three <a href="/rockets">rockets</a> struck <b>Ain al-Asad</b> air base on Tuesday.</p>
<div class="share-buttons">Share on Facebook</div>
<p>No casualties were reported.</p>
<aside class="related"><h3>Related</h3><ul><li><a href="/2">Drone shot down over Erbil</a></li></ul></aside>
<ul class="more"><li><a href="/3">Another headline about a strike in Syria</a></li><li><a href="/4">A third one</a></li></ul>
</article><footer>© 2024 Example News. All rights reserved.</footer>
<script>var x = "attack";</script></body></html>"""


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, "utf-8")
    article = only_article(read_all(path))
    assert article.title == "Rockets hit Ain al-Asad"
    assert article.url == "https://example.org/news/1"
    assert article.published == dt.date(2024, 5, 1) and article.published_from == "metadata"
    assert "Three rockets struck Ain al-Asad air base on Tuesday." in article.text
    assert "No casualties were reported." in article.text
    for furniture in ("Home", "Share on Facebook", "Drone shot down over Erbil", "Another headline", "All rights reserved", "var x", "ticker"):
        assert furniture not in article.text


def test_json_lines_stream_with_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": BODY, "title": "T1", "published": "2024-05-01", "url": "https://x/1"}),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps([1, 2]),
        json.dumps({"text": BODY + " Again."}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    items = read_all(path)
    articles = [i for i in items if isinstance(i, Article)]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert [a.id for a in articles][0] == "a1"
    assert articles[0].published == dt.date(2024, 5, 1) and articles[0].url == "https://x/1"
    assert len(articles) == 2 and articles[1].id.startswith("feed-")
    assert [p.origin for p in problems] == [f"{path}:2", f"{path}:3", f"{path}:5"]
    assert all("\n" not in str(p) for p in problems)


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    rss = tmp_path / "feed.xml"
    rss.write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<item><title>Drone downed near Erbil</title><link>https://w/1</link><guid>w-1</guid>
<pubDate>Sun, 10 Mar 2024 21:00:00 GMT</pubDate><description>&lt;p&gt;A drone approaching Erbil air base was &lt;b&gt;shot down&lt;/b&gt;.&lt;/p&gt;</description></item>
<item><title>Second</title><link>https://w/2</link><description>Rockets hit Harir.</description></item>
</channel></rss>""",
        "utf-8",
    )
    atom = tmp_path / "feed.atom"
    atom.write_text(
        """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>Strike on Jurf al-Sakhar</title><id>urn:a:1</id><updated>2024-03-12T04:00:00Z</updated>
<content type="html">&lt;p&gt;US aircraft struck Jurf al-Sakhar.&lt;/p&gt;</content></entry></feed>""",
        "utf-8",
    )
    items = read_all(rss, atom)
    assert [type(i) for i in items] == [Article, Article, Article]
    first, second, third = items
    assert first.id == "w-1" and first.published == dt.date(2024, 3, 10)
    assert "A drone approaching Erbil air base was shot down." in first.text
    assert second.id.startswith("url-") and second.published is None
    assert third.id == "urn:a:1" and third.published == dt.date(2024, 3, 12) and "US aircraft struck Jurf al-Sakhar." in third.text


def test_markdown_front_matter_and_markup(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("---\ntitle: Rockets at Harir\ndate: 2024-06-03\n---\n# Rockets at Harir\n\n**Three rockets** hit [Harir](https://x) air base.\n", "utf-8")
    article = only_article(read_all(path))
    assert article.title == "Rockets at Harir" and article.published == dt.date(2024, 6, 3)
    assert "Three rockets hit Harir air base." in article.text and "**" not in article.text and "https" not in article.text


def test_csv_of_incidents(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "event_id,Event Date,Actor1,Location,Country,Latitude,Longitude,Fatalities,Attack Type,Notes,Source\n"
        "X1,2024-01-28,Kataib Hizballah,Tower 22,Jordan,33.32,38.70,3,drone,Drone struck Tower 22,AP\n"
        "X2,28 January 2024,KH,al-Tanf,SY,,,0,one-way attack drones,,\n"
        "X3,2024-01-29,Unknown,Nowhere,IQ,95,40,,rocket,,\n"
        "X4,2024-01-30,IRI,Erbil,IQ,abc,44,,rocket,,\n",
        "utf-8",
    )
    items = read_all(path)
    incidents = [i for i in items if isinstance(i, Incident)]
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert [i.id for i in incidents] == ["X1", "X2"]
    first, second = incidents
    assert first.actor1 == "Kataib Hezbollah" and first.country == "JO" and first.fatalities == 3
    assert first.latitude == 33.32 and first.longitude == 38.70 and first.event_date == dt.date(2024, 1, 28)
    assert first.sub_event_type == "Air/drone strike"
    assert second.event_date == dt.date(2024, 1, 28) and second.latitude is None and second.location == "al-Tanf"
    assert second.attack_type == "drone" and not second.needs_review
    assert [p.origin for p in problems] == [f"{path}:4", f"{path}:5"]
    assert "Latitude 95.0 is outside" in problems[0].message and "'abc' is not a number" in problems[1].message


def test_csv_of_articles_and_unknown_csv(tmp_path: Path) -> None:
    articles = tmp_path / "articles.csv"
    articles.write_text(f'id,title,published,text\nr1,Rockets,2024-06-02,"{BODY}"\n', "utf-8")
    other = tmp_path / "prices.csv"
    other.write_text("item,price\napple,3\n", "utf-8")
    items = read_all(articles, other)
    assert isinstance(items[0], Article) and items[0].id == "r1" and items[0].published == dt.date(2024, 6, 2)
    assert isinstance(items[1], ReadProblem) and "neither" in items[1].message


# --- publication dates -----------------------------------------------------------------------------

def test_dateline_gives_the_publication_date(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text("May 26, 2024\n\nThe US conducts strikes in Iraq\n\n" + BODY, "utf-8")
    article = only_article(read_all(path, published=dt.date(2020, 1, 1)))
    assert article.published == dt.date(2024, 5, 26) and article.published_from == "dateline"
    assert article.title == "The US conducts strikes in Iraq"


def test_yearless_dateline_invents_no_year(tmp_path: Path) -> None:
    path = tmp_path / "y.txt"
    path.write_text("Controversy over US troops in Iraq, 25 NOV\n" + BODY, "utf-8")
    article = only_article(read_all(path))
    assert article.published is None and article.published_from == ""
    assert any("25 NOV" in w and "no year" in w for w in article.warnings)
    given = only_article(read_all(path, published=dt.date(2023, 11, 25)))
    assert given.published == dt.date(2023, 11, 25) and given.published_from == "option"


def test_metadata_beats_option(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps({"text": BODY, "published": "2024-02-02T10:00:00+03:00"}) + "\n" + json.dumps({"text": BODY + "!"}) + "\n", "utf-8")
    first, second = read_all(path, published=dt.date(2024, 3, 3))
    assert first.published == dt.date(2024, 2, 2) and first.published_from == "metadata"
    assert second.published == dt.date(2024, 3, 3) and second.published_from == "option"


# --- page furniture in plain text ---------------------------------------------------------------------

def test_trailing_teaser_list_and_copyright_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_text(
        "Rockets hit base\nThree rockets struck the base on Tuesday.\nThe attack left no casualties.\n"
        "Iraq reveals details on assassination attempt targeting PM\nHassan Ali Ahmed | Iraq | Nov 29, 2021\n"
        "Subscribe to Our Newsletters\nSign Me Up!\nDrone strike kills commander in Syria\n"
        "© 2021 Al-Monitor, LLC. All rights reserved.\n",
        "utf-8",
    )
    text = only_article(read_all(path)).text
    assert text.endswith("The attack left no casualties.")


def test_bulleted_and_numbered_related_lists_are_dropped_dates_and_all(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(
        "Rockets hit Camp Taji\nTwo rockets struck Camp Taji on Sunday, causing no damage.\n\n"
        "Related news\n- Drone strike hits vehicle in Sinjar, two dead  (03/10/2024)\n- Rocket lands near Baghdad airport (Sept. 30)\n\n"
        "Most Read\n1. Oil prices slip as Red Sea fears ease\n2. Turkish strikes in Duhok kill four, officials say\n",
        "utf-8",
    )
    text = only_article(read_all(path)).text
    assert text.endswith("causing no damage.")


def test_closing_list_of_the_article_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "k.txt"
    path.write_text(
        "Attacks this week\nThe following attacks were reported:\n- Rockets hit Harir air base on Monday\n- A drone was shot down over Erbil\n",
        "utf-8",
    )
    text = only_article(read_all(path)).text
    assert "- A drone was shot down over Erbil" in text


def test_seed_furniture_is_stripped(shared_dir: Path) -> None:
    article = only_article(read_all(shared_dir / "seeds" / "004_c48e3d4a1ad9203a.txt"))
    assert "assassination attempt targeting PM" not in article.text
    assert "All rights reserved" not in article.text
    assert article.text.rstrip().endswith("will be felt in Iraq.")
    assert article.published == dt.date(2021, 7, 6)
    plain = only_article(read_all(shared_dir / "seeds" / "001_ea14664ba9abae13.txt"))
    assert "Leave a Reply" not in plain.text


# --- folders, ids, stdin, bad items ---------------------------------------------------------------------

def test_folder_with_bad_items(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(BODY, "utf-8")
    (folder / "sub" / "also.md").write_text("# Drone over Erbil\n\nA drone was shot down over Erbil.", "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 64)
    with (folder / "huge.txt").open("wb") as out:
        chunk = (BODY + "\n").encode() * 1000
        while out.tell() < 50 * 2**20:
            out.write(chunk)
    (folder / "lines.jsonl").write_text(json.dumps({"id": "j1", "text": BODY}) + "\n{bad\n", "utf-8")
    (folder / ".hidden.txt").write_text(BODY, "utf-8")
    items = read_all(folder)
    articles = {i.id for i in items if isinstance(i, Article)}
    problems = {Path(p.origin.split(":")[0]).name: p.message for p in items if isinstance(p, ReadProblem)}
    assert articles == {"good", "sub/also", "j1"}
    assert set(problems) == {"empty.txt", "image.png", "blob.bin", "huge.txt", "lines.jsonl"}
    assert "empty" in problems["empty.txt"] and "binary" in problems["image.png"] and "too large" in problems["huge.txt"]
    assert "bad JSON" in problems["lines.jsonl"]


def test_missing_path_is_a_problem() -> None:
    items = read_all("/nonexistent/geoinc/input.txt")
    assert len(items) == 1 and isinstance(items[0], ReadProblem) and "no such file" in items[0].message


def test_ids_are_stable(tmp_path: Path) -> None:
    path = tmp_path / "stable.txt"
    path.write_text(BODY, "utf-8")
    assert only_article(read_all(path)).id == only_article(read_all(path)).id == "stable"


def test_stdin_json_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (json.dumps({"id": "s1", "text": BODY}) + "\n" + json.dumps({"id": "s2", "text": BODY}) + "\n").encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    assert [i.id for i in read_inputs(["-"])] == ["s1", "s2"]


def test_stdin_html(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(HTML.encode()))))
    article = only_article(list(read_inputs(["-"])))
    assert article.title == "Rockets hit Ain al-Asad" and "Home" not in article.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".xml", ".md", ".json", ".dat"]))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"x{suffix}"
    path.write_bytes(data)
    for item in read_inputs([path]):
        assert isinstance(item, (Article, Incident, ReadProblem))


# --- CSV exports of geoinc read back -------------------------------------------------------------------

def test_a_geoinc_csv_export_is_read_back_exactly_with_or_without_bom(tmp_path: Path) -> None:
    from test_export import FORMULA_PAYLOADS, payload_incidents, sample_incidents

    from geoinc.exports import write_csv

    incidents = sample_incidents() + payload_incidents()
    for bom in (True, False):
        path = write_csv(incidents, tmp_path / f"export-{bom}.csv", bom=bom)
        items = read_all(path)
        assert all(isinstance(i, Incident) for i in items), items
        assert [i.properties() for i in items] == [i.properties() for i in incidents], bom
    back = {i.id: i for i in items}
    first = back[incidents[0].id]
    assert [(s.article_id, s.url) for s in first.sources] == [("reuters-1", "https://example.org/r1"), ("ap-7", "")]
    assert first.gazetteer_id == "geoinc:ain-al-asad-air-base" and first.injured == 3
    assert [back[i.id].notes for i in incidents[4:]] == list(FORMULA_PAYLOADS)
    assert back[incidents[4].id].longitude == -74.1


def test_a_spreadsheet_edited_export_keeps_working(tmp_path: Path) -> None:
    """Saved again from a spreadsheet: its own date format, a row added by hand (no event_id) with a
    quoted formula, and a bad latitude that is reported on its line while the rest is read."""
    from test_export import sample_incidents

    from geoinc.exports import write_csv

    path = write_csv(sample_incidents()[:2], tmp_path / "export.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    rows[0][header.index("event_date")] = "23 November 2023"
    added = dict.fromkeys(header, "")
    added.update(event_date="2023-12-01", actor1="KH", attack_type="rocket", location="Erbil Air Base",
                 latitude="36.24", longitude="43.96", notes="'=1+2", source="my notes")
    bad = dict(added, latitude="123", notes="bad")
    uncounted = list(rows[1])
    uncounted[header.index("fatalities")], uncounted[header.index("event_id")] = "many", "inc-other"
    rows[1][header.index("latitude")] = rows[1][header.index("latitude")].replace(".", ",")
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows, [added[h] for h in header], [bad[h] for h in header],
                                      uncounted])
    items = read_all(path)
    edited, unchanged, typed = items[:3]
    assert edited.id == sample_incidents()[0].id and edited.event_date == dt.date(2023, 11, 23)
    assert unchanged.properties() == sample_incidents()[1].properties()
    assert typed.actor1 == "Kataib Hezbollah" and typed.notes == "=1+2" and typed.id.startswith("inc-")
    # line 6 of the file: the first row's notes hold a line break
    assert isinstance(items[3], ReadProblem) and items[3].origin == f"{path}:6" and "latitude" in items[3].message
    assert isinstance(items[4], ReadProblem) and items[4].message == "fatalities 'many' is not a number"


def test_an_arabic_csv_is_read_as_utf8_when_the_first_buffer_ends_inside_a_character(tmp_path: Path) -> None:
    # The encoding is guessed from the stream's first buffer; cut inside a two-byte Arabic letter it was
    # once not valid UTF-8, and the whole file was read as cp1251 (mojibake).
    prefix = "event_date,location,latitude,longitude,actor1,notes\n2024-01-01,Erbil,36.19,44.01,KH,"
    if len(prefix.encode()) % 2 == 0:
        prefix = prefix.replace("Erbil", "Erbil ")  # every buffer boundary (an even offset) then cuts a letter
    notes = "هجوم" * 20000
    path = tmp_path / "arabic.csv"
    path.write_bytes((prefix + notes + "\n").encode("utf-8"))
    [incident] = read_all(path)
    assert incident.notes == notes


def test_an_export_saved_again_by_a_comma_decimal_spreadsheet_reads_back_the_same(tmp_path: Path) -> None:
    """Excel in a German or French locale saves "CSV" with semicolons, decimal commas, 23.11.2023 dates and
    the Windows code page."""
    from test_export import payload_incidents

    from geoinc.exports import write_csv

    incidents = payload_incidents()
    path = write_csv(incidents, tmp_path / "export.csv")
    with open(path, encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    numbers = [header.index(c) for c in ("latitude", "longitude", "launch_latitude", "launch_longitude", "confidence")]
    for row in rows:
        row[1] = ".".join(reversed(row[1].split("-")))
        for n in numbers:
            row[n] = row[n].replace(".", ",")
    with open(path, "w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([header, *rows])
    assert b";" in path.read_bytes()[:200] and "Bogotá".encode("cp1252") in path.read_bytes()
    items = read_all(path)
    assert [i.properties() for i in items] == [i.properties() for i in incidents]


def test_numeric_dates_take_the_day_month_order_the_file_shows(tmp_path: Path) -> None:
    path = tmp_path / "us.csv"
    path.write_text("id,date,actor1,location,latitude,longitude\n"
                    "a,3/4/2024,KH,Erbil,36.19,44.01\n"     # April 3 or March 4: the next row says
                    "b,11/23/2023,KH,Erbil,36.19,44.01\n"   # month first
                    "c,2/1/2024,KH,Erbil,36.19,44.01\n", "utf-8")
    dates = {i.id: i.event_date for i in read_all(path)}
    assert dates == {"a": dt.date(2024, 3, 4), "b": dt.date(2023, 11, 23), "c": dt.date(2024, 2, 1)}
    undecided = tmp_path / "undecided.csv"
    undecided.write_text("id,date,actor1,location,latitude,longitude\na,3/4/2024,KH,Erbil,36.19,44.01\n", "utf-8")
    [incident] = read_all(undecided)
    assert incident.event_date is None and "day-first or month-first" in incident.review_reasons[0]
