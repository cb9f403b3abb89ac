"""The sign-in sheet (簽到表): who is expected at the meeting, with room to sign.

The agency's own units (業務單位、幕僚單位) with 出席 = 是 fill the 出席 block and invited units
(受邀單位) with 出席 = 是 the 列席 block, one row per unit with its head's title and name
(主管姓名, printed so the head signs beside it; a deputy signs there too, writing 代理 in
備註); each block ends with a few spare rows for people not listed. A signed sheet holds
personal data, so it is kept on file and never published.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.documents import Kind, Options, Rendered, Stage
from docgen.documents.common import chair, dated_name, render_kind

if TYPE_CHECKING:
    from docgen.model.project import Project, Unit

TITLE = "簽到表"
SPARE_ROWS = 3
NOTE = "簽到表簽名後含個人資料，請隨會議紀錄歸檔，勿公開或上傳網站。"


def present_units(project: Project) -> list[Unit]:
    """Return the agency's own units that attend, in 單位 sheet order."""
    return [unit for unit in project.units if unit.attends and unit.is_internal]


def invited_units(project: Project) -> list[Unit]:
    """Return the invited units (受邀單位) that attend, in 單位 sheet order."""
    return [unit for unit in project.units if unit.attends and not unit.is_internal]


def sign_rows(units: Iterable[Unit], spare: int = SPARE_ROWS) -> list[dict[str, str]]:
    """Return the numbered rows of one block: a row per unit, then ``spare`` empty rows."""
    rows = [{"unit": unit.name, "title": unit.head_title, "name": unit.head_name} for unit in units]
    rows += [{"unit": "", "title": "", "name": ""} for _ in range(spare)]
    return [{"number": str(number), **row} for number, row in enumerate(rows, 1)]


def context(project: Project) -> dict[str, Any]:
    """Return what templates/signin.docx needs besides the settings."""
    return {
        "chair": chair(project),
        "present": sign_rows(present_units(project)),
        "observers": sign_rows(invited_units(project)),
    }


def render(project: Project, options: Options) -> list[Rendered]:
    """Return the sign-in sheet, named by the meeting date."""
    title = f"{project.settings.agency}{project.settings.meeting_name}{TITLE}"
    data = render_kind("signin", project, options, context(project), title)
    return [Rendered(Path(dated_name(TITLE, project)), data, (NOTE,))]


KIND = Kind(
    key="signin",
    title=TITLE,
    stage=Stage.MEETING,
    order=40,
    help="產出簽到表（出席、列席分列，簽名欄留白）。",
    render=render,
)
