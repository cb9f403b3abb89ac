"""Build documents: gather → model → render every requested kind → write them all.

Rendering happens in memory first; files are written only when every requested document has
rendered, each through a temporary file renamed into place, so a failure leaves the previous
outputs as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen import atomic
from docgen.documents import Kind, Options, Rendered, registry
from docgen.model import Project
from docgen.problems import NotReadyError


@dataclass
class Report:
    """What a build wrote and what it skipped, with the reason."""

    written: list[tuple[Kind, Path]] = field(default_factory=list)
    skipped: list[tuple[Kind, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def plan(project: Project, options: Options, keys: list[str] | None = None) -> Report:
    """Return which kinds would be built and which skipped, without rendering anything."""
    report = Report()
    for kind in _kinds(keys):
        reason = kind.not_ready(project, options)
        if reason is not None:
            report.skipped.append((kind, reason))
        else:
            report.written.append((kind, Path()))
    return report


def build(
    project: Project,
    out_dir: Path,
    options: Options,
    keys: list[str] | None = None,
    strict: bool = False,
) -> Report:
    """Render the requested kinds (all by default) and write them under ``out_dir``.

    A kind that is not ready is skipped with its reason, or, when ``strict`` (a single
    document's own command), raises :class:`NotReadyError`.
    """
    report = Report()
    rendered: list[tuple[Kind, Rendered]] = []
    for kind in _kinds(keys):
        reason = kind.not_ready(project, options)
        if reason is not None:
            if strict:
                raise NotReadyError(reason, where=kind.title)
            report.skipped.append((kind, reason))
            continue
        rendered.extend((kind, item) for item in kind.render(project, options))
    for kind, item in rendered:
        target = out_dir / item.relative_path
        atomic.write_bytes(target, item.data)
        report.written.append((kind, target))
        report.notes.extend(item.notes)
    return report


def _kinds(keys: list[str] | None) -> list[Kind]:
    kinds = registry()
    return [kinds[key] for key in (keys or list(kinds))]
