"""``geoinc run`` (the main job) and ``geoinc extract`` (incidents as GeoJSON, no store)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from geoinc.cli import app, fail

PublishedOption = Annotated[
    Optional[str],
    typer.Option("--published", help="Publication date (YYYY-MM-DD) for articles that carry none."),
]
BackgroundOption = Annotated[
    bool,
    typer.Option("--background", help="Also keep attacks an article recalls from more than a month before it was published."),
]
InputsArgument = Annotated[
    list[str],
    typer.Argument(help="Article files, folders (recursively), JSON-lines/RSS/Atom/CSV files, or - for stdin."),
]


def parse_published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--published {value!r} is not a date in the form YYYY-MM-DD")


def check_inputs(inputs: list[str]) -> None:
    for name in inputs:
        if name != "-" and not Path(name).exists():
            fail(f"{name}: no such file or folder")


def warn(message: str) -> None:
    typer.echo(f"geoinc: warning: {message}", err=True)


def announce_index_build() -> None:
    """The first run (or one after the gazetteer changed) builds the index: say so before the wait."""
    from geoinc.geocoding.index import is_current

    if not is_current():
        typer.echo("geoinc: building the gazetteer index (first run or changed data; about 20-30 s)", err=True)


@app.command()
def run(
    inputs: InputsArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the map and the exports.")] = Path("maps"),
    published: PublishedOption = None,
    store: Annotated[Optional[Path], typer.Option(help="Incident store (GeoPackage); default: OUT/geoinc-store.gpkg.")] = None,
    title: Annotated[str, typer.Option(help="Title of the map page.")] = "geoinc incidents",
    layers_by: Annotated[str, typer.Option(help="Field that makes the map's layers: actor1, attack_type, year, country.")] = "actor1",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    background: BackgroundOption = False,
) -> None:
    """Read articles, extract and geocode incidents, add them to the store, write map and exports."""
    from geoinc.cli.report import print_summary, progress_bar
    from geoinc.pipeline import run as run_pipeline
    from geoinc.store import StoreError

    check_inputs(inputs)
    date = parse_published(published)
    announce_index_build()
    with progress_bar(disable=quiet) as advance:
        try:
            summary = run_pipeline(
                inputs, out=out, published=date, store_path=store, title=title,
                layers_by=layers_by, progress=advance, on_problem=warn, background=background,
            )
        except StoreError as exc:
            fail(str(exc))
    print_summary(summary)
    if summary.problems:
        raise typer.Exit(1)


@app.command()
def extract(
    inputs: InputsArgument,
    published: PublishedOption = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="GeoJSON file to write (default: stdout).")] = None,
    background: BackgroundOption = False,
) -> None:
    """Extract incidents without a store; print a GeoJSON FeatureCollection (unplaced ones have null geometry)."""
    from geoinc.exports import feature_collection, write_geojson
    from geoinc.pipeline import extract_stream

    check_inputs(inputs)
    date = parse_published(published)
    announce_index_build()
    problems: list[str] = []

    def problem(message: str) -> None:
        problems.append(message)
        warn(message)

    incidents = [i for _, found in extract_stream(inputs, date, problem, background) for i in found]
    if output:
        write_geojson(incidents, output)
    else:
        json.dump(feature_collection(incidents), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
    if problems:
        raise typer.Exit(1)
