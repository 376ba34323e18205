"""``geoinc export``: write a store's incidents (or another export's) as GeoJSON, GeoPackage or CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from geoinc.cli import app, fail, read_incidents_or_fail


@app.command("export")
def export_command(
    source: Annotated[Path, typer.Argument(help="A geoinc store, or a GeoJSON / GeoPackage / CSV export.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write: .geojson, .json, .gpkg or .csv.")],
    split_by: Annotated[Optional[str], typer.Option(
        "--split-by", help="Write one file per value of this field (e.g. actor1): NAME.<value>.SUFFIX.")] = None,
    bom: Annotated[bool, typer.Option(
        "--bom/--no-bom", help="Start a CSV with the UTF-8 byte order mark, which Excel needs to read Arabic right.")] = True,
) -> None:
    """Export incidents for QGIS and spreadsheets (the GeoPackage opens in QGIS coloured by group)."""
    from geoinc.exports import WRITERS, export
    from geoinc.exports.schema import column_names

    if output.suffix.lower() not in WRITERS:
        fail(f"{output}: unknown export format {output.suffix or '(no suffix)'!r}; use .geojson, .json, .gpkg or .csv")
    if split_by and split_by not in column_names():
        fail(f"--split-by {split_by!r} is not an incident field (e.g. actor1, attack_type, country)")
    incidents = read_incidents_or_fail(source)
    try:
        written = export(incidents, output, split_by=split_by, bom=bom)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}")
    for path in written:
        typer.echo(f"{path}")
    typer.echo(f"{len(incidents)} incidents written to {len(written)} file(s)", err=True)
