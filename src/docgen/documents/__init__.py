"""The document kinds docgen produces, keyed by name.

A kind is one module in this package with one function from the validated project to rendered
files; adding a kind is one module, one template and one test. The registry below lists them in
the order ``docgen build`` reports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docgen.model import Project


@dataclass(frozen=True)
class Options:
    """What the user asked for on the command line, shared by every document kind."""

    force: bool = False
    templates: Path | None = None


@dataclass(frozen=True)
class Rendered:
    """A finished document in memory, and where under the output folder it goes."""

    relative_path: Path
    data: bytes
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Kind:
    """One kind of document: its title, when it can be built, and how it is rendered."""

    key: str
    title: str
    help: str
    render: Callable[[Project, Options], list[Rendered]]
    not_ready: Callable[[Project, Options], str | None] = lambda project, options: None


def kind(key: str) -> Kind:
    """Return the document kind ``key`` (importing only its module)."""
    import importlib

    return importlib.import_module(f"docgen.documents.{key}").KIND


def registry() -> dict[str, Kind]:
    """Return every document kind by key, in build order."""
    return {key: kind(key) for key in KIND_MODULES}


KIND_MODULES: tuple[str, ...] = ("draft", "pack", "forms", "signin", "minutes")
