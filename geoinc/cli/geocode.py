"""``geoinc geocode`` (one name or a batch of JSON lines) and ``geoinc gazetteer import|build``.

Heavy imports happen inside the commands so that ``geoinc geocode Erbil`` starts fast.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

import typer

from geoinc.cli import app, fail

if TYPE_CHECKING:
    from geoinc.geocoding import Candidate, GazetteerGeocoder, GeoContext

gazetteer_app = typer.Typer(help="Build the gazetteer index or import GeoNames dumps and CSVs of places.",
                            no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")


def _geocoder() -> GazetteerGeocoder:
    """The process geocoder, or a one-line error when its index cannot be built or read."""
    import sqlite3

    from geoinc.geocoding import default_geocoder
    from geoinc.geocoding.index import index_path

    try:
        return default_geocoder()
    except (OSError, sqlite3.Error) as exc:
        fail(f"{index_path()}: cannot build or read the gazetteer index ({exc}); "
             "set GEOINC_CACHE_DIR to a writable folder")
        raise  # unreachable: fail() exits


def _ensure_index(rebuild: bool = False) -> Path:
    import sqlite3

    from geoinc.geocoding.index import ensure_index, index_path

    try:
        return ensure_index(rebuild=rebuild)
    except (OSError, sqlite3.Error) as exc:
        fail(f"{index_path()}: cannot build the gazetteer index ({exc}); set GEOINC_CACHE_DIR to a writable folder")
        raise  # unreachable: fail() exits


def _candidate_json(name: str, candidate: Candidate | None) -> dict[str, Any]:
    from geoinc.geocoding import REVIEW_THRESHOLD

    if candidate is None:
        return {"name": name, "lat": None, "lon": None, "country": None, "gazetteer_id": None, "score": None,
                "location": None, "feature_type": None, "admin1": None, "geo_precision": None, "needs_review": True}
    p = candidate.place
    return {"name": name, "lat": p.latitude, "lon": p.longitude, "country": p.country or None,
            "gazetteer_id": p.id, "score": candidate.score, "location": p.name, "feature_type": p.feature_type,
            "admin1": p.admin1 or None, "geo_precision": p.geo_precision,
            "needs_review": candidate.score < REVIEW_THRESHOLD}


def _context(geocoder: GazetteerGeocoder, text: str, country: str | None) -> GeoContext:
    from geoinc.geocoding import GeoContext, prefer_country

    context = geocoder.context_for(text) if text else GeoContext()
    return prefer_country(context, country) if country else context


def _read_context_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        fail(f"{path}: cannot read context file ({exc.strerror or exc})")
    return ""


def _check_country(country: str | None) -> str | None:
    if country is None:
        return None
    code = country.strip().upper()
    if len(code) != 2 or not code.isalpha():
        fail(f"--country {country!r}: expected an ISO 3166-1 alpha-2 code such as IQ or SY")
    return code


def _describe(candidate: Candidate) -> str:
    p = candidate.place
    where = ", ".join(part for part in (p.admin1 if p.admin1 != p.name else "", p.country) if part)
    return (f"{p.name} ({p.feature_type}{', ' + where if where else ''})  {p.latitude:.5f}, {p.longitude:.5f}  "
            f"{p.id}  score {candidate.score:.2f}")


@app.command()
def geocode(
    name: Optional[str] = typer.Argument(None, help="Place name to resolve."),
    context_file: Optional[Path] = typer.Option(None, "--context-file", help="Article text to use as context."),
    country: Optional[str] = typer.Option(None, "--country", help="Prefer places in this country (ISO alpha-2)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
    batch: Optional[str] = typer.Option(None, "--batch", help="JSON lines {name, context} from FILE or '-'."),
    limit: int = typer.Option(5, "--limit", min=1, max=100, help="How many candidates to show."),
    online: bool = typer.Option(False, "--online", help="When nothing matches offline, ask Nominatim "
                                "(one request a second, answers cached on disk). Off by default."),
    user_agent: Optional[str] = typer.Option(None, "--user-agent", envvar="GEOINC_USER_AGENT",
                                             help="Who is asking, for Nominatim's usage policy (--online)."),
) -> None:
    """Resolve a place name offline: the best match and the other candidates."""
    country_code = _check_country(country)
    if online and not (user_agent and user_agent.strip()):
        fail("--online needs --user-agent NAME (or GEOINC_USER_AGENT): Nominatim refuses anonymous use")
    if batch is not None:
        if name is not None:
            fail("give either NAME or --batch, not both")
        _geocode_batch(batch, country_code)
        return
    if not name or not name.strip():
        fail("no place name given (usage: geoinc geocode NAME, or --batch FILE)")
    geocoder = _geocoder()
    text = _read_context_file(context_file) if context_file else ""
    found = geocoder.candidates(name, _context(geocoder, text, country_code), limit=limit)
    if as_json:
        typer.echo(json.dumps({"query": name, "best": _candidate_json(name, found[0] if found else None),
                               "candidates": [_candidate_json(name, c) for c in found]}, ensure_ascii=False))
    elif found:
        typer.echo(_describe(found[0]))
        for other in found[1:]:
            typer.echo("  also: " + _describe(other))
    if not found and online:
        found_online = _geocode_online(name, user_agent or "", as_json)
        if found_online:
            return
    if not found:
        typer.echo(f"geoinc: no match for {name!r} in the gazetteer", err=True)
        raise typer.Exit(1)


def _geocode_online(name: str, user_agent: str, as_json: bool) -> bool:
    from geoinc.geocoding.geopy_adapter import online_geocoder

    location = online_geocoder(user_agent=user_agent.strip()).geocode(name)
    if location is None:
        return False
    raw = location.raw if isinstance(location.raw, dict) else {}
    online_id = f"osm:{raw.get('osm_type', '')}/{raw.get('osm_id', '')}" if raw.get("osm_id") else "online"
    if as_json:
        typer.echo(json.dumps({"query": name, "best": {
            "name": name, "lat": location.latitude, "lon": location.longitude, "country": None,
            "gazetteer_id": online_id, "score": None, "location": location.address, "feature_type": None,
            "admin1": None, "geo_precision": None, "needs_review": True}, "candidates": []}, ensure_ascii=False))
    else:
        typer.echo(f"{location.address}  {location.latitude:.5f}, {location.longitude:.5f}  {online_id}  (online)")
    return True


def _geocode_batch(source: str, country: str | None) -> None:
    geocoder = _geocoder()
    contexts: dict[str, GeoContext] = {}
    label = "<stdin>" if source == "-" else source
    try:
        stream = sys.stdin if source == "-" else open(source, encoding="utf-8", errors="replace")
    except OSError as exc:
        fail(f"{source}: cannot read batch file ({exc.strerror or exc})")
        return
    with stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            name, text, error = _parse_batch_line(line)
            if error:
                typer.echo(f"geoinc: warning: {label}:{number}: {error}; answered with no match", err=True)
                typer.echo(json.dumps({**_candidate_json(name, None), "error": error}, ensure_ascii=False))
                continue
            if text not in contexts:
                contexts[text] = _context(geocoder, text, country)
            best = geocoder.best(name, contexts[text])
            typer.echo(json.dumps(_candidate_json(name, best), ensure_ascii=False))


def _parse_batch_line(line: str) -> tuple[str, str, str]:
    """(name, context text, error message or '')."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        return "", "", f"not valid JSON ({exc.msg})"
    if isinstance(item, str):
        return item, "", ""
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        return "", "", 'expected an object with a string "name"'
    context = item.get("context") or ""
    if not isinstance(context, str):
        return item["name"], "", '"context" must be a string'
    return item["name"], context, ""


@gazetteer_app.command("import")
def import_places(
    file: Path = typer.Argument(..., help="GeoNames dump (IQ.txt, allCountries.txt) or CSV of places."),
    alternate_names: Optional[Path] = typer.Option(None, "--alternate-names",
                                                   help="GeoNames alternateNamesV2.txt to add names from."),
) -> None:
    """Add places to the gazetteer; the index is rebuilt to include them."""
    from geoinc.geocoding import default_geocoder
    from geoinc.geocoding.importer import ImportError_, import_file
    from geoinc.geocoding.index import IMPORTS_DIR, cache_dir

    try:
        report = import_file(file, cache_dir() / IMPORTS_DIR, alternate_names)
    except ImportError_ as exc:
        fail(str(exc))
        return
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{file}: cannot read ({exc})")
        return
    for error in report.errors:
        typer.echo(f"geoinc: warning: {error} (line skipped)", err=True)
    if report.error_count > len(report.errors):
        typer.echo(f"geoinc: warning: … and {report.error_count - len(report.errors)} more bad lines", err=True)
    _ensure_index()
    default_geocoder.cache_clear()
    typer.echo(f"imported {report.imported} places from {file} ({report.error_count} bad lines skipped); "
               f"index rebuilt")


@gazetteer_app.command("remove")
def remove_import(
    name: str = typer.Argument(..., help="Name of an import, as `geoinc gazetteer info` lists it."),
) -> None:
    """Take an imported file's places out of the gazetteer again."""
    from geoinc.geocoding import default_geocoder
    from geoinc.geocoding.index import imported_files

    matching = [p for p in imported_files() if p.stem == Path(name).stem]
    if not matching:
        fail(f"no import named {name!r} (see `geoinc gazetteer info`)")
    matching[0].unlink()
    _ensure_index()
    default_geocoder.cache_clear()
    typer.echo(f"removed {matching[0].stem}; index rebuilt")


@gazetteer_app.command("info")
def info() -> None:
    """Where the index is, what it holds and which imports it includes."""
    import sqlite3

    from geoinc.geocoding.index import imported_files

    path = _ensure_index()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        places = db.execute("SELECT COUNT(*) FROM places").fetchone()[0]
        names = db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        kinds = db.execute("SELECT substr(pid, 1, instr(pid, ':') - 1) AS source, COUNT(*) FROM places "
                           "GROUP BY source ORDER BY 2 DESC").fetchall()
    typer.echo(f"index: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    typer.echo(f"places: {places:,}  names: {names:,}")
    typer.echo("by source: " + ", ".join(f"{source} {count:,}" for source, count in kinds))
    for imported in imported_files():
        typer.echo(f"import: {imported.stem} ({imported})")


@gazetteer_app.command("build")
def build(force: bool = typer.Option(False, "--force", help="Rebuild even when the index is up to date.")) -> None:
    """Build (or refresh) the cached gazetteer index."""
    typer.echo(f"index ready: {_ensure_index(rebuild=force)}")
