"""Build documents: gather → model → render every requested kind → write them all.

Rendering happens in memory first; files are written only when every requested document has
rendered, each through a temporary file renamed into place, so a failure leaves the previous
outputs as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.documents import Kind, Options, Rendered, build_keys, kind
from docgen.files import atomic
from docgen.problems import NotReadyError

if TYPE_CHECKING:
    from docgen.model.project import Project


@dataclass
class Report:
    """What a build wrote and what it skipped, with the reason."""

    written: list[tuple[Kind, Path]] = field(default_factory=list)
    skipped: list[tuple[Kind, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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
    for item in _kinds(keys):
        reason = item.not_ready(project, options)
        if reason is not None:
            if strict:
                raise NotReadyError(reason, where=item.title)
            report.skipped.append((item, reason))
            continue
        rendered.extend((item, document) for document in item.render(project, options))
    targets = [out_dir / document.relative_path for _, document in rendered]
    atomic.write_all([(t, d.data) for t, (_, d) in zip(targets, rendered, strict=True)])
    for target, (item, document) in zip(targets, rendered, strict=True):
        report.written.append((item, target))
        report.notes.extend(document.notes)
    return report


def _kinds(keys: list[str] | None) -> list[Kind]:
    return [kind(key) for key in (keys or build_keys())]
