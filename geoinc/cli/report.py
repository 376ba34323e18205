"""Terminal output of the main job: a progress bar while it reads, a short summary at the end."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from geoinc.model import Article
from geoinc.pipeline import RunSummary

console = Console(stderr=True, highlight=False)


@contextlib.contextmanager
def progress_bar(disable: bool = False) -> Iterator[Callable[[Article | None], None]]:
    """Yield a callback that advances a bar by one article (the total is unknown: inputs stream)."""
    columns = (SpinnerColumn(), TextColumn("reading articles"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, disable=disable, transient=True) as progress:
        task = progress.add_task("read", total=None)
        yield lambda _article: progress.advance(task)


def print_summary(summary: RunSummary, top_groups: int = 12, top_unresolved: int = 10) -> None:
    incidents = summary.incidents
    console.print(
        f"[bold]{summary.articles_read}[/] articles read "
        f"({summary.articles_new} new, {summary.articles_replaced} replaced, {summary.articles_unchanged} unchanged)"
        + (f", {summary.manual_incidents} typed incidents" if summary.manual_incidents else "")
        + f"; [bold]{len(incidents)}[/] incidents in the store "
        f"({len(incidents) - len(summary.unplaced)} on the map, {len(summary.unplaced)} without a place, "
        f"{summary.needs_review} to review)"
    )
    if incidents:
        groups = ", ".join(f"{name} {count}" for name, count in summary.by_group.most_common(top_groups))
        console.print(f"by group: {groups}", markup=False)
    unresolved = summary.unresolved_places
    if unresolved:
        names = ", ".join(f"{name} ({count})" for name, count in unresolved.most_common(top_unresolved))
        console.print(f"unresolved places: {names}", markup=False)
    if summary.problems:
        console.print(f"[red]{len(summary.problems)} input problem(s)[/] (listed above)")
    for path in summary.outputs:
        console.print(f"wrote {path}", markup=False)
