"""Build documents: gather → model → render every requested kind → write them all.

Rendering happens in memory first; files are written only when every requested document has
rendered, each through a temporary file renamed into place, so a failure leaves the previous
outputs as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.documents import Kind, Options, Rendered, all_kinds, build_keys, kind
from docgen.files import atomic
from docgen.problems import InputError, NotReadyError, Problem

if TYPE_CHECKING:
    from docgen.model.project import Project


@dataclass
class Report:
    """What a build wrote and what it skipped, with the reason, and the warnings on the way."""

    written: list[tuple[Kind, Path]] = field(default_factory=list)
    skipped: list[tuple[Kind, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def build(
    project: Project,
    out_dir: Path,
    options: Options,
    keys: list[str] | None = None,
    strict: bool = False,
) -> Report:
    """Render the requested kinds (all by default) and write them under ``out_dir``.

    A kind that is not ready, or whose check finds errors, is skipped with its reason; when
    ``strict`` (a single document's own command) it raises :class:`NotReadyError`, or
    :class:`InputError` listing every problem the check found.
    """
    report = Report()
    rendered: list[tuple[Kind, Rendered]] = []
    for item in _kinds(keys):
        reason = item.not_ready(project, options) or _checked(
            item, project, options, report, strict
        )
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
        report.notes.extend(_superseded(out_dir, document, target))
    return report


def _superseded(out_dir: Path, document: Rendered, target: Path) -> list[str]:
    """Return a note for each earlier output ``document`` replaces that is still there."""
    return [
        _superseded_note(out_dir / older, target)
        for older in document.supersedes
        if (out_dir / older).exists()
    ]


def _superseded_note(older: Path, target: Path) -> str:
    """Return the note on ``older``, an e-mail draft or an earlier version of ``target``.

    A draft's attachment is the document as it was then, so it must not be sent.
    """
    if older.suffix.lower() == ".eml":
        return (
            f"{older} 是先前產出的郵件草稿，附件是舊的{target.stem.split('_')[0]}，"
            f"與新產出的 {target.name} 不一定相同，請勿寄出；"
            "如需郵件草稿，請加上 --eml 重新產出（舊檔可自行刪除）。"
        )
    return (
        f"{older} 是先前產出的{older.stem.split('_')[0]}，已由 {target.name} 取代，"
        "請勿再使用（可自行刪除）。"
    )


@dataclass(frozen=True)
class Readiness:
    """Whether a kind can be built now: the reason it cannot, and what its check found."""

    kind: Kind
    reason: str | None
    problems: tuple[Problem, ...] = ()

    @property
    def ready(self) -> bool:
        """Return True when the kind would be built now."""
        return self.reason is None and not any(p.is_error for p in self.problems)


def readiness(project: Project, options: Options) -> list[Readiness]:
    """Return, for every kind in build order, whether it can be built now and why not.

    The same rules as :func:`build`: the kind's stage (``not_ready``), then its check.
    """
    found = []
    for item in all_kinds():
        reason = item.not_ready(project, options)
        problems = () if reason else tuple(item.check(project, options))
        found.append(Readiness(item, reason, problems))
    return found


def _checked(
    item: Kind, project: Project, options: Options, report: Report, strict: bool
) -> str | None:
    """Run the kind's check: keep its warnings, and return why its errors stop it (if any).

    Raise :class:`InputError` with every problem when the kind was asked for by name.
    """
    found = item.check(project, options)
    errors = [problem for problem in found if problem.is_error]
    if not errors:
        report.warnings.extend(found)
        return None
    if strict:
        raise InputError(found)
    return f"有 {len(errors)} 處須先處理（執行 docgen {item.key} 可列出每一處）"


def _kinds(keys: list[str] | None) -> list[Kind]:
    return [kind(key) for key in (keys or build_keys())]
