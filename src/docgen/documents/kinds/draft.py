"""會議資料初稿: the meeting draft sent to every unit for revision opinions.

A cover, 依據 and 目的, then one chapter per case listed for discussion with the measures as
drafted; every page is marked as a draft in the header (``templates/draft.docx``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.documents import Kind, Options, Rendered, Stage
from docgen.documents.common import dated_name, render_kind
from docgen.model.dates import roc_full

if TYPE_CHECKING:
    from docgen.model.project import Project

TITLE = "會議資料初稿"


def context(project: Project) -> dict[str, Any]:
    """Return the draft's context (the settings are merged in by ``render_kind``)."""
    from docgen.documents.chapters import chapters, intro_context

    deadline = project.settings.reply_deadline
    return {
        **intro_context(project),
        "meeting_day": roc_full(project.settings.meeting_date),
        "reply_by": roc_full(deadline) if deadline else "",
        "chapters": chapters(project, project.measures_of),
    }


def not_ready(project: Project, options: Options) -> str | None:
    """Return why the draft cannot be built: no case is listed for discussion."""
    if not project.discussed_cases:
        return "沒有「列入討論」為「是」的案例（案例工作表「列入討論」欄），初稿沒有可討論的章節"
    return None


def render(project: Project, options: Options) -> list[Rendered]:
    """Return the rendered draft, named 「會議資料初稿_106年8月15日.docx」."""
    data = render_kind("draft", project, options, context(project), TITLE)
    return [Rendered(Path(dated_name(TITLE, project)), data)]


KIND = Kind(
    key="draft",
    title=TITLE,
    stage=Stage.DRAFT,
    order=10,
    help="產出會議資料初稿：每個列入討論的案例一章，每頁標示「初稿」。",
    render=render,
    not_ready=not_ready,
)
