"""``geoinc map INPUT -o FILE.html``: the self-contained incident map from a store or an export."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from geoinc.cli import app, fail, read_incidents_or_fail


class LayersBy(str, Enum):
    actor1 = "actor1"
    attack_type = "attack_type"
    year = "year"
    country = "country"


@app.command("map")
def map_command(
    input: Annotated[Path, typer.Argument(help="A geoinc store, or a GeoJSON / GeoPackage / CSV export.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")],
    title: Annotated[str, typer.Option("--title", help="Page title.")] = "geoinc incidents",
    layers_by: Annotated[LayersBy, typer.Option("--layers-by", help="One overlay layer per value of this field.")] = LayersBy.actor1,
    packed: Annotated[
        Optional[bool],
        typer.Option("--packed/--plain", help="Compress the embedded data (default: only above 20,000 incidents)."),
    ] = None,
) -> None:
    """Draw incidents on one self-contained HTML map (works offline), a layer per attributed group."""
    from geoinc.mapping import render_map

    incidents = read_incidents_or_fail(input)
    try:
        path = render_map(incidents, output, title=title, layers_by=layers_by.value, packed=packed)
    except OSError as err:
        fail(f"{output}: cannot write the map: {err.strerror or err}")
    placed = sum(1 for i in incidents if i.is_mappable)
    typer.echo(f"{path}: {len(incidents)} incidents, {placed} on the map, {len(incidents) - placed} not placed")
