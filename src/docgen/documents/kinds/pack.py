"""會議資料: the final meeting pack, handed out before the meeting.

開會通知單, 議程, then 依據、目的 and the case chapters with the adopted revision opinions
applied, then the opinions taken to the meeting (提會討論: the draft's text beside the
proposal, each also an item of the agenda's 討論事項), then the appendix 修正意見處理情形表
(``templates/pack.docx``). The pack is final: it is refused while an opinion is undecided (待議
or blank; 提會討論 is decided, by the meeting), a revision cannot be applied or the head has not
approved (核定日期); ``--force`` builds it anyway with 「未核定」 in every page's header. The pack
is what goes out before the meeting: the meeting's decisions (會議決議) are never applied in it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.documents import Kind, Options, Rendered, Stage
from docgen.documents.common import (
    NONE,
    case_name,
    dated_name,
    discussion,
    notice_context,
    render_kind,
    settings_cell,
    unit_name,
)
from docgen.model.dates import roc_date

if TYPE_CHECKING:
    from docgen.model.project import Opinion, Project
    from docgen.model.revisions import Revision

TITLE = "會議資料"
UNAPPROVED = "未核定－本會議資料尚未經首長核定，僅供預覽"
BLANK_DATE = "中華民國　　年　　月　　日"


def reasons(project: Project, revision: Revision | None = None) -> list[str]:
    """Return why the pack is not final yet, each naming the cells to fill (empty if final)."""
    from docgen.model.revisions import apply_revisions, undecided

    revision = revision or apply_revisions(project, meeting=False)
    found = []
    pending = undecided(project)
    if pending:
        cells = "、".join(opinion.source.cell("decision") for opinion in pending)
        found.append(
            f"尚有修正意見為待議或未填處理結果：{cells}"
            "（要交由會議決定者，處理結果請填「提會討論」）"
        )
    found.extend(str(problem) for problem in revision.problems)
    if project.settings.approval_date is None:
        found.append(
            f"{settings_cell(project, 'approval_date', '核定日期')}未填寫，會議資料尚未經首長核定"
        )
    return found


def not_ready(project: Project, options: Options) -> str | None:
    """Return why the final pack cannot be built, unless ``--force`` was given."""
    found = reasons(project)
    if not found or options.force:
        return None
    return "；".join(found) + "。（確需預覽者可加 --force，將於每頁標示「未核定」）"


def context(project: Project, revision: Revision, approved: bool) -> dict[str, Any]:
    """Return the pack's context (the settings are merged in by ``render_kind``)."""
    from docgen.documents.chapters import chapters, intro_context
    from docgen.model.revisions import ordered

    settings = project.settings
    issued = settings.approval_date
    return {
        **intro_context(project),
        **notice_context(project),
        "stamp": "" if approved else UNAPPROVED,
        "issue_date": f"中華民國{roc_date(issued)}" if issued else BLANK_DATE,
        "chapters": chapters(project, revision.of_case),
        "discussions": discussions(project),
        "opinions": [opinion_row(project, revision, o) for o in ordered(project.opinions)],
    }


def discussions(project: Project) -> list[dict[str, str]]:
    """Return the opinions taken to the meeting, each with the draft's text and the proposal."""
    from docgen.model.revisions import to_meeting

    return [discussion(project, opinion) for opinion in to_meeting(project)]


def opinion_row(project: Project, revision: Revision, opinion: Opinion) -> dict[str, str]:
    """Return one row of the 修正意見處理情形表."""
    return {
        "id": opinion.id or NONE,
        "unit": unit_name(project, opinion.unit),
        "case": case_name(project, opinion.case_id),
        "measure": _measure_of(revision, opinion) or NONE,
        "kind": opinion.kind or NONE,
        "proposal": opinion.proposal or NONE,
        "decision": decision_text(opinion),
        "note": opinion.decision_note or NONE,
    }


def decision_text(opinion: Opinion) -> str:
    """Return the 處理結果 as the table shows it: 「提會討論」 with the meeting's decision."""
    if opinion.to_meeting and opinion.meeting_decision:
        return f"提會討論（會議決議：{opinion.meeting_decision}）"
    return opinion.decision or "未處理"


def _measure_of(revision: Revision, opinion: Opinion) -> str:
    """Return the measure an opinion concerns; for an adopted 新增, the number it was given."""
    if opinion.measure_id:
        return opinion.measure_id
    added = (m for m in revision.measures if m.id in revision.added and m.source == opinion.source)
    return next((m.id for m in added), "")


def render(project: Project, options: Options) -> list[Rendered]:
    """Return the rendered pack, named 「會議資料_106年8月15日.docx」."""
    from docgen.model.revisions import apply_revisions

    revision = apply_revisions(project, meeting=False)
    found = reasons(project, revision)
    data = render_kind("pack", project, options, context(project, revision, not found), TITLE)
    notes = ()
    if found:
        notes = (f"會議資料尚未核定，已於每頁頁首標示「未核定」：{'；'.join(found)}",)
    return [Rendered(Path(dated_name(TITLE, project)), data, notes)]


KIND = Kind(
    key="pack",
    title=TITLE,
    stage=Stage.APPROVED,
    order=20,
    help=(
        "產出正式會議資料：開會通知單、議程、各案例（已套用採納的修正意見）及修正意見處理情形表。"
        "須全部修正意見已有處理結果（提會討論者列入討論事項）且已填核定日期；"
        "--force 可強制產出並標示「未核定」。"
    ),
    force_help="未核定或尚有未決意見時仍產出，並於每頁標示「未核定」。",
    render=render,
    not_ready=not_ready,
)
