"""The ``geoinc`` command: a thin layer over the library API.

Each stage's commands live in a module of this package and register themselves on ``app``.
"""

from __future__ import annotations

import os
import sys

import typer

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
