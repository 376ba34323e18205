"""The ``geoinc`` command: a thin layer over the library API.

Each stage's commands live in a module of this package and register themselves on ``app``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from geoinc.model import Incident

app = typer.Typer(
    name="geoinc",
    help="Turn news articles into geocoded incidents, self-contained HTML maps and QGIS-ready exports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 2) -> None:
    """Stop with a one-line error on stderr and a non-zero exit status (never a traceback)."""
    typer.echo(f"geoinc: error: {message}", err=True)
    raise typer.Exit(code)


def read_incidents_or_fail(path: Path) -> list[Incident]:
    """The incidents of a store or an export; a file that cannot be read ends the command in one line."""
    from geoinc.exports import read_incidents
    from geoinc.store import StoreError

    try:
        return read_incidents(path)
    except (StoreError, ValueError, OSError, KeyError) as err:
        message = str(err)
        fail(message if str(path) in message else f"{path}: {message}")


def _register_commands() -> None:
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")


_register_commands()


def main() -> None:
    """Console entry point: an unexpected error becomes one line (set GEOINC_DEBUG=1 for the traceback)."""
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("geoinc: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("GEOINC_DEBUG"):
            raise
        typer.echo(f"geoinc: error: {type(exc).__name__}: {exc} (set GEOINC_DEBUG=1 for details)", err=True)
        sys.exit(2)
