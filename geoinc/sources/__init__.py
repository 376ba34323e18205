"""Reading sources: files, folders (recursively), stdin; plain text, Markdown, HTML, JSON lines,
RSS/Atom and CSV (articles, or incidents an analyst typed by hand).

``read_inputs`` streams: it yields one ``Article``, ``Incident`` (hand-typed CSV rows) or
``ReadProblem`` at a time, never holds a whole JSON-lines file in memory, and never raises on bad
input — one bad item becomes one ``ReadProblem`` naming it, and the rest is read.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from geoinc.model import Article, Incident, content_hash
from geoinc.sources.decode import BinaryData, decode_bytes
from geoinc.sources.html import html_fragment_to_text, html_to_document
from geoinc.sources.incidents_csv import is_incident_table, map_columns, read_incident_rows
from geoinc.sources.published import find_dateline, parse_date_value
from geoinc.sources.textclean import guess_title, markdown_to_text, strip_furniture

__all__ = ["ReadProblem", "article_from_text", "read_inputs", "MAX_ARTICLE_BYTES"]

MAX_ARTICLE_BYTES = 20 * 1024 * 1024  # one article; JSON-lines and CSV files stream and have no limit
MAX_LINE_BYTES = 20 * 1024 * 1024
_TEXT_FIELDS = ("text", "body", "content", "article", "full_text")
_SUFFIXES = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonlines": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
}

@dataclass(frozen=True)
class ReadProblem:
    """One input item that could not be read: where (file, file:line) and why, in one line."""

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


Item = Article | Incident | ReadProblem


def read_inputs(inputs: Iterable[str | os.PathLike[str]] | str | os.PathLike[str], published: dt.date | None = None) -> Iterator[Item]:
    """Articles, hand-typed incidents and problems from paths (files or folders) and "-" (stdin).
    ``published`` is the publication date for articles that carry none of their own."""
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    for raw in inputs:
        if str(raw) == "-":
            yield from _guarded("<stdin>", lambda: _read_stream(sys.stdin.buffer, "<stdin>", "", published, "stdin"))
            continue
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path):
                yield from _guarded(str(file), lambda f=file: _read_file(f, path, published))
        elif path.is_file():
            yield from _guarded(str(path), lambda: _read_file(path, path.parent, published))
        else:
            yield ReadProblem(str(path), "no such file or directory")


def _guarded(origin: str, produce: Any) -> Iterator[Item]:
    """Whatever goes wrong inside one input becomes one ReadProblem; items already read are kept."""
    try:
        yield from produce()
    except MemoryError:
        yield ReadProblem(origin, "too large to read into memory")
    except Exception as exc:  # noqa: BLE001 - the contract is: never raise on bad input
        yield ReadProblem(origin, f"unreadable: {type(exc).__name__}: {_one_line(str(exc))}")


def _one_line(message: str) -> str:
    return " ".join(message.split())[:200]


def _walk(root: Path) -> Iterator[Path]:
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith((".", "__")))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(directory) / name


def _article_id_base(path: Path, root: Path) -> str:
    try:
        relative = path.relative_to(root)
    except ValueError:
        relative = Path(path.name)
    return relative.with_suffix("").as_posix()


def _read_file(path: Path, root: Path, published: dt.date | None) -> Iterator[Item]:
    kind = _SUFFIXES.get(path.suffix.lower(), "")
    origin = str(path)
    if kind in ("jsonl", "csv") or (kind == "json" and _first_byte(path) != b"["):
        with path.open("rb") as stream:
            yield from _read_stream(stream, origin, kind if kind != "json" else "jsonl", published, _article_id_base(path, root))
        return
    size = path.stat().st_size
    if size == 0:
        yield ReadProblem(origin, "empty file")
        return
    if size > MAX_ARTICLE_BYTES:
        yield ReadProblem(origin, f"file too large for one article ({size / 2**20:.1f} MB > {MAX_ARTICLE_BYTES // 2**20} MB); split it or give it as JSON lines")
        return
    yield from _read_document(path.read_bytes(), origin, kind, published, _article_id_base(path, root))


def _first_byte(path: Path) -> bytes:
    with path.open("rb") as stream:
        return stream.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]


def _sniff(head: bytes) -> str:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:400].lower()
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"["):
        return "json"
    if b"<rss" in start or b"<feed" in start or b"<rdf:rdf" in start:
        return "feed"
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<div", b"<p>")):
        return "html"
    return "text"


def _read_stream(stream: BinaryIO, origin: str, kind: str, published: dt.date | None, id_base: str = "stdin") -> Iterator[Item]:
    """Stdin or a streaming format: JSON lines and CSV are read line by line; the rest as one document."""
    if not kind:
        head = stream.peek(4096)[:4096] if hasattr(stream, "peek") else b""
        kind = _sniff(head) if head else "text"
    if kind == "jsonl":
        yield from _read_jsonl(stream, origin, published, id_base)
    elif kind == "csv":
        yield from _read_csv(stream, origin, published, id_base)
    else:
        data = stream.read(MAX_ARTICLE_BYTES + 1)
        if len(data) > MAX_ARTICLE_BYTES:
            yield ReadProblem(origin, f"input too large for one article (> {MAX_ARTICLE_BYTES // 2**20} MB); give it as JSON lines")
            return
        yield from _read_document(data, origin, kind, published, id_base)


def _read_document(data: bytes, origin: str, kind: str, published: dt.date | None, id_base: str) -> Iterator[Item]:
    if not data.strip():
        yield ReadProblem(origin, "empty file")
        return
    try:
        text, encoding = decode_bytes(data)
    except BinaryData:
        yield ReadProblem(origin, "binary file, not text (skipped)")
        return
    if not kind:
        kind = _sniff(text[:400].encode("utf-8", "replace"))
    warnings = [f"undecodable bytes replaced ({encoding})"] if encoding.endswith("+replace") else []
    if kind == "json":
        yield from _read_json_array(text, origin, published, id_base)
    elif kind == "feed":
        yield from _read_feed(data, origin, published, id_base)
    elif kind == "html":
        doc = html_to_document(text)
        yield _article(doc.text, origin=origin, id_base=id_base, title=doc.title, url=doc.url, meta_date=doc.published, published=published, warnings=warnings)
    elif kind == "markdown":
        plain, meta = markdown_to_text(text)
        yield _article(plain, origin=origin, id_base=meta.get("id") or id_base, title=meta.get("title", ""), url=meta.get("url", ""), meta_date=meta.get("date") or meta.get("published", ""), published=published, warnings=warnings)
    else:
        yield _article(text, origin=origin, id_base=id_base, published=published, warnings=warnings)


def article_from_text(text: str, published: dt.date | None = None) -> Article | ReadProblem:
    """An article given as a string, read like a file's: furniture stripped, dateline and title found."""
    id_base = "text-" + content_hash(text)[:12]
    return _article(text, origin=id_base, id_base=id_base, published=published)


def _article(text: str, *, origin: str, id_base: str, published: dt.date | None, title: str = "", url: str = "", meta_date: Any = "", given_id: str = "", warnings: list[str] | None = None) -> Article | ReadProblem:
    text = strip_furniture(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return ReadProblem(origin, "no article text (empty after removing page furniture)")
    article = Article(id="", text=text, title=title or guess_title(text), url=url, origin=origin, warnings=list(warnings or ()))
    _set_published(article, meta_date, published)
    article.id = given_id or (_url_id(url) if url and id_base.startswith("stdin") else id_base)
    return article


def _url_id(url: str) -> str:
    return "url-" + hashlib.sha1(url.strip().encode("utf-8", "replace")).hexdigest()[:16]


def _set_published(article: Article, meta_date: Any, option: dt.date | None) -> None:
    if (found := parse_date_value(meta_date)) is not None:
        article.published, article.published_from = found, "metadata"
        return
    if meta_date:
        article.warnings.append(f"unreadable publication date {str(meta_date)[:40]!r}")
    found, yearless = find_dateline(article.text)
    if found is not None:
        article.published, article.published_from = found, "dateline"
    elif option is not None:
        article.published, article.published_from = option, "option"
    elif yearless:
        article.warnings.append(f"dateline {yearless!r} has no year: publication date unknown (give --published)")


def _record_article(record: Any, origin: str, published: dt.date | None, id_base: str) -> Article | ReadProblem:
    if not isinstance(record, dict):
        return ReadProblem(origin, f"expected a JSON object, got {type(record).__name__}")
    text = next((record[k] for k in _TEXT_FIELDS if isinstance(record.get(k), str)), None)
    if text is None:
        return ReadProblem(origin, "no 'text' field")
    given = record.get("id")
    url = record.get("url") or record.get("link") or ""
    url = url if isinstance(url, str) else ""
    title = record.get("title") if isinstance(record.get("title"), str) else ""
    if given not in (None, ""):
        article_id = str(given)
    elif url:
        article_id = _url_id(url)
    else:
        article_id = f"{id_base}-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    meta_date = record.get("published") or record.get("date") or ""
    return _article(text, origin=origin, id_base=id_base, title=title, url=url, meta_date=meta_date, published=published, given_id=article_id)


def _read_jsonl(stream: BinaryIO, origin: str, published: dt.date | None, id_base: str) -> Iterator[Item]:
    for lineno, raw in enumerate(stream, 1):
        where = f"{origin}:{lineno}"
        if len(raw) > MAX_LINE_BYTES:
            yield ReadProblem(where, f"line too long ({len(raw) / 2**20:.1f} MB)")
            continue
        line = raw.strip()
        if lineno == 1:
            line = line.lstrip(b"\xef\xbb\xbf")
        if not line:
            continue
        try:
            record = json.loads(line.decode("utf-8", errors="replace"))
        except ValueError as exc:
            yield ReadProblem(where, f"bad JSON line: {_one_line(str(exc))}")
            continue
        yield _record_article(record, where, published, id_base)


def _read_json_array(text: str, origin: str, published: dt.date | None, id_base: str) -> Iterator[Item]:
    try:
        records = json.loads(text)
    except ValueError as exc:
        yield ReadProblem(origin, f"bad JSON: {_one_line(str(exc))}")
        return
    for i, record in enumerate(records if isinstance(records, list) else [records], 1):
        yield _record_article(record, f"{origin}[{i}]", published, id_base)


def _read_csv(stream: BinaryIO, origin: str, published: dt.date | None, id_base: str) -> Iterator[Item]:
    head = stream.peek(65536)[:65536] if hasattr(stream, "peek") else b""
    try:
        _, encoding = decode_bytes(_without_cut_character(head)) if head else ("", "utf-8")
    except BinaryData:
        yield ReadProblem(origin, "binary file, not CSV (skipped)")
        return
    encoding = encoding.replace("+replace", "")
    text = io.TextIOWrapper(stream, encoding="utf-8-sig" if encoding == "utf-8" else encoding, errors="replace", newline="")
    first = text.readline()
    delimiter = max((",", "\t", ";"), key=first.count)  # ";": spreadsheets in comma-decimal locales
    reader = csv.DictReader(_chain_first(first, text), delimiter=delimiter)
    header = reader.fieldnames or []
    articles = map_columns(list(header), "article_columns")
    incidents = map_columns(list(header), "incident_columns")
    if "text" in articles:
        for row in reader:
            yield _record_article({k: row.get(v) for k, v in articles.items()}, f"{origin}:{reader.line_num}", published, id_base)
    elif is_incident_table(incidents):
        rows = ((reader.line_num, row) for row in reader)
        for line, result in read_incident_rows(rows, incidents, Path(origin).name):
            yield result if isinstance(result, Incident) else ReadProblem(f"{origin}:{line}", result)
    else:
        yield ReadProblem(origin, "CSV has neither a 'text' column (articles) nor incident columns (location or latitude/longitude plus event_date, actor1, event_type or notes)")


def _without_cut_character(head: bytes) -> bytes:
    """The first bytes of a stream without a UTF-8 character cut in two at their end (``peek`` returns a
    buffer's worth, often mid-character in Arabic text, which would make valid UTF-8 look like cp1251)."""
    for back in range(1, min(4, len(head)) + 1):
        byte = head[-back]
        if byte < 0x80:
            return head
        if byte >= 0xC0:  # the lead byte of the last character: 2, 3 or 4 bytes long
            length = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return head if back >= length else head[:-back]
    return head


def _chain_first(first: str, rest: io.TextIOWrapper) -> Iterator[str]:
    yield first
    yield from rest


def _read_feed(data: bytes, origin: str, published: dt.date | None, id_base: str) -> Iterator[Item]:
    import feedparser  # lazily: ~30 ms to import, only feeds need it

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = _one_line(str(feed.get("bozo_exception", ""))) or "no entries"
        yield ReadProblem(origin, f"not a readable RSS/Atom feed: {reason}")
        return
    for i, entry in enumerate(feed.entries, 1):
        where = f"{origin}[{i}]"
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        text = html_fragment_to_text(body or "")
        title = html_fragment_to_text(entry.get("title", ""))
        if title and not text.startswith(title):
            text = f"{title}\n{text}"
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        meta_date = dt.date(stamp.tm_year, stamp.tm_mon, stamp.tm_mday) if stamp else entry.get("published", "")
        url = entry.get("link", "")
        given = entry.get("id") or ""
        article_id = given or (_url_id(url) if url else f"{id_base}-{i}")
        yield _article(text, origin=where, id_base=id_base, title=title, url=url, meta_date=meta_date, published=published, given_id=article_id)
