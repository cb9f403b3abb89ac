"""When something may leave the office: after the meeting, and only past the guard.

Every public output (the 專區 kit, the report to the city) asks the same two questions: is
the meeting recorded and is there a case to publish (:func:`not_ready`), and what does the
personal-data guard find in what would be shown (:func:`problems`). Both outputs of a build
ask about the same project, so the guard's answer is kept while the project lives: it is a
function of the project alone, which cannot change (a frozen model).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from docgen.public.entries import public_texts, published_cases, unpublished_notes
from docgen.public.screening import guard_problems, screen

if TYPE_CHECKING:
    from docgen.model.project import Project
    from docgen.problems import Problem


def not_ready(project: Project) -> str | None:
    """Return why nothing can be made public yet.

    No meeting recorded, an opinion taken to the meeting without its decision, or no case to
    publish.
    """
    from docgen.model.revisions import decision_cells

    if not project.resolutions:
        return (
            "會議尚未紀錄（「決議」工作表沒有資料）；公開及陳報資料須經會議決議後產出，"
            "請於會後填寫「會議」「出席」「決議」工作表"
        )
    pending = [o for o in project.opinions if o.to_meeting and not o.meeting_decision]
    if pending:
        cells = decision_cells(pending)
        return (
            f"提會討論的修正意見尚未填寫會議決議（{cells}）；"
            "請依會議決定填寫採納、部分採納或不採納，公開及陳報的防制措施才能定案"
        )
    if not published_cases(project):
        return "沒有可公開的案例（須「列入討論」為「是」且已填「公開摘要」，案例工作表）"
    return None


# What problems() found, by the project's identity: its weak reference and the problems.
_FOUND: dict[int, tuple[weakref.ref[Project], tuple[Problem, ...]]] = {}


def problems(project: Project) -> list[Problem]:
    """Return what stops a public output or should be seen before it leaves the office.

    Adopted opinions that cannot be applied (the same rule as the minutes), every suspected
    personal data in what would be public, and the cases left out. Found once per project.
    """
    key = id(project)
    held = _FOUND.get(key)
    if held is not None and held[0]() is project:
        return list(held[1])
    found = _problems(project)
    _FOUND[key] = (weakref.ref(project, lambda _: _FOUND.pop(key, None)), tuple(found))
    return found


def _problems(project: Project) -> list[Problem]:
    """Return :func:`problems`, found anew."""
    from docgen.model.revisions import after_meeting_problems, apply_revisions

    result = screen(project, public_texts(project, apply_revisions(project)))
    return [
        *after_meeting_problems(project),
        *guard_problems(result),
        *unpublished_notes(project),
    ]
