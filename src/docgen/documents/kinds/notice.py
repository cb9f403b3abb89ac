"""開會通知單: the meeting notice on its own, as it goes out through the document system.

The pack keeps the notice as its first page; this is the same notice as a document of its own,
with the fields a 公文 carries (發文字號 left for the clerk, 速別, 密等), the chair written the
official way (「林區長振宏」: surname, title, given name) and the 備註 lines from the workbook
(專案設定!開會通知備註, one per line; the usual three when it is empty). Built once the head
has approved the meeting pack it announces.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.documents import Kind, Options, Rendered, Stage
from docgen.documents.common import dated_name, notice_context, render_kind, settings_cell
from docgen.model.dates import roc_date

if TYPE_CHECKING:
    from docgen.model.project import Project

TITLE = "開會通知單"
DEFAULT_REMARKS = (
    "檢附會議資料1份，請攜帶與會。",
    "請各單位主管準時出席；如不克出席，請指派熟悉業務之人員代理。",
)
COMPOUND_SURNAMES = ("歐陽", "司馬", "上官", "諸葛", "東方", "張簡", "范姜", "周黃", "張廖")


def official_name(title: str, name: str) -> str:
    """Return a person as a 公文 names them: surname, title, given name (「林區長振宏」)."""
    name = name.strip()
    if not title or len(name) < 2:
        return f"{title}{name}"
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > 2), "")
    surname = surname or name[0]
    return f"{surname}{title}{name[len(surname) :]}"


def not_ready(project: Project, options: Options) -> str | None:
    """Return why the notice cannot go out yet: the pack it announces is not approved."""
    if project.settings.approval_date is None and not options.force:
        where = settings_cell(project, "approval_date", "核定日期")
        return f"會議資料尚未核定（{where}未填寫），開會通知單於核定後發出；預覽可加 --force"
    return None


def context(project: Project) -> dict[str, Any]:
    """Return the notice's fields that are not plain settings."""
    settings = project.settings
    typed = [line.strip() for line in settings.notice_remarks.splitlines() if line.strip()]
    issued = settings.approval_date
    return {
        **notice_context(project),
        "official_chair": official_name(settings.head_title, settings.head_name),
        "issue_date": f"中華民國{roc_date(issued)}" if issued else "中華民國　　年　　月　　日",
        "speed": settings.speed or "普通件",
        "secrecy": settings.secrecy,
        "notice_attachments": "會議資料1份",
        "remarks": typed or list(DEFAULT_REMARKS),
    }


def render(project: Project, options: Options) -> list[Rendered]:
    """Return the notice, named 「開會通知單_106年8月15日.docx」."""
    data = render_kind("notice", project, options, context(project), TITLE)
    return [Rendered(Path(dated_name(TITLE, project)), data)]


KIND = Kind(
    key="notice",
    title=TITLE,
    stage=Stage.APPROVED,
    order=25,
    help="產出開會通知單（單獨發文用，含發文字號、速別、密等欄位）；須會議資料已核定。",
    force_help="會議資料未核定時仍產出（預覽用）。",
    render=render,
    not_ready=not_ready,
)
