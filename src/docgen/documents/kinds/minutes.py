"""The minutes (會議紀錄), or before the meeting a draft of them to complete by hand.

The minutes follow the filed layout 一、時間 … 十、散會. 報告事項 is the ethics office's report
on the project and its cases, ending 「決定：洽悉。」; 討論事項 holds one 案由 per discussed case
with its 弊端態樣, risk summary and the countermeasures as adopted (revision opinions applied,
the meeting's decisions too), then the opinions the ethics office took to the meeting (提會討論),
each with the draft's text, the proposal and the meeting's decision (修正意見!會議決議), then the
meeting's 決議.

While the 決議 sheet has no rows the meeting has not been recorded yet: the result is a draft,
「會議紀錄（草稿）」, in which each 決議 and whatever the 會議 sheet does not yet say (主席致詞,
臨時動議, 散會, the decision on each opinion taken to the meeting) is a visible blank line to
fill in at the meeting, and the measures are those of the pack. In the minutes proper an
empty 主席致詞 or 臨時動議 reads 「無」; they are refused while an adopted opinion (the
meeting's decisions too) cannot be applied, as publish and submit are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.documents import Kind, Options, Rendered, Stage
from docgen.documents.common import NONE, chair, dated_name, discussion, render_kind
from docgen.model.dates import roc_date, roc_full, roc_time
from docgen.model.wording import basis_phrase

if TYPE_CHECKING:
    from docgen.model.project import Attendee, Case, Measure, Opinion, Project, Unit
    from docgen.model.revisions import Revision
    from docgen.problems import Problem

TITLE = "會議紀錄"
DRAFT_TITLE = "會議紀錄（草稿）"
SEE_SIGN_IN = "詳簽到表"
BLANK = "＿"
BANDS = ("高", "中", "低")
BAND_LABELS = {band: f"{band}風險" for band in BANDS}
DECISION_ORDER = ("採納", "部分採納", "不採納", "待議", "提會討論", "")
DRAFT_NOTE = (
    "會議紀錄：「決議」工作表尚無資料，已產出會議紀錄草稿，決議等欄位留空待填；"
    "會後填寫「會議」「出席」「決議」工作表，再執行 docgen minutes 即產出正式會議紀錄。"
)


def is_draft(project: Project) -> bool:
    """Return True before the meeting is recorded, i.e. while the 決議 sheet has no rows."""
    return not project.resolutions


def blank(first: int, then: int = 0) -> str:
    """Return a line of ``first`` fill-in blanks, and a second of ``then`` when asked."""
    return BLANK * first + (f"\n{BLANK * then}" if then else "")


def sentence(text: str) -> str:
    """Return ``text`` ending with a full stop unless it already ends with punctuation."""
    text = text.strip()
    return text if not text or text[-1] in "。！？；：」）" else f"{text}。"


def meeting_when(project: Project) -> str:
    """Return 中華民國106年8月15日（星期二）下午2時5分: the actual start, else the planned one."""
    settings = project.settings
    return roc_full(settings.meeting_date, project.meeting.actual_start or settings.meeting_time)


def adjourned(moment: time | None) -> str:
    """Return 下午4時10分, or blanks for the time when it is not recorded."""
    return roc_time(moment) if moment is not None else f"{blank(2)}時{blank(2)}分"


def free_text(text: str, draft: bool, first: int, then: int) -> str:
    """Return an optional part's text; empty, 「無」 in the minutes and blanks in a draft."""
    if text.strip():
        return text.strip()
    return blank(first, then) if draft else NONE


# --- 四、出席人員 and 五、列席人員 -----------------------------------------------------------


def person(attendee: Attendee) -> str:
    """Return 課長黃建國: the title, then the name."""
    return f"{attendee.title}{attendee.name}"


def by_unit(project: Project, attendees: Iterable[Attendee]) -> str:
    """Return people grouped by unit in 單位 sheet order: 人文課課員陳怡君、課員王○○、兵役課…."""
    people = list(attendees)
    groups = []
    for unit in project.units:
        names = [person(a) for a in people if a.unit == unit.code]
        if names:
            groups.append(unit.name + "、".join(names))
    return "、".join(groups)


def attendance_line(project: Project, role: str, internal: bool) -> str:
    """Return the 出席 or 列席 line: people grouped by unit, then those excused (請假)."""
    units: dict[str, Unit] = {unit.code: unit for unit in project.units}
    attending = [a for a in project.attendees if a.role == role]
    excused = [
        a for a in project.attendees if a.role == "請假" and units[a.unit].is_internal == internal
    ]
    text = by_unit(project, attending) or NONE
    if excused:
        text += f"（請假：{by_unit(project, excused)}）"
    return text


def attendance(project: Project) -> tuple[str, str]:
    """Return the 出席人員 and 列席人員 text, or 「詳簽到表」 when the 出席 sheet is empty."""
    if not project.attendees:
        return SEE_SIGN_IN, SEE_SIGN_IN
    return attendance_line(project, "出席", True), attendance_line(project, "列席", False)


# --- 七、報告事項 ---------------------------------------------------------------------------


def count_text(
    counts: Counter[str], order: Iterable[str], unit: str, labels: dict[str, str]
) -> str:
    """Return 高風險2項、中風險1項: the non-zero counts in ``order``, labelled."""
    return "、".join(f"{labels.get(key, key)}{counts[key]}{unit}" for key in order if counts[key])


def progress(project: Project) -> str:
    """Return the report's 辦理情形 item: basis, cases collected, opinions and approval."""
    settings = project.settings
    total, discussed = len(project.cases), len(project.discussed_cases)
    text = f"依{basis_phrase(settings.basis)}辦理，" if settings.basis else ""
    text += f"蒐集本機關及他機關貪瀆違失案例計{total}案，"
    if discussed == total:
        text += "均提列本次會議討論，"
    elif discussed:
        text += f"其中{discussed}案提列本次會議討論，"
    text += "逐案研析弊端態樣、評估廉政風險並研提防制措施"
    if project.opinions:
        counts = Counter(o.decision for o in project.opinions)
        labels = {decision: decision for decision in DECISION_ORDER} | {"": "尚未處理"}
        detail = count_text(counts, DECISION_ORDER, "則", labels)
        text += f"；會議資料初稿經各單位提出修正意見計{len(project.opinions)}則（{detail}），"
        text += "已據以修正彙整"
        from docgen.model.revisions import undecided

        pending = len(undecided(project)) + sum(1 for o in project.opinions if o.to_meeting)
        text += f"，未決之{pending}則提請本次會議討論" if pending else ""
    if settings.approval_date:
        text += f"，並於{roc_date(settings.approval_date)}陳奉{settings.head_title}核定"
    return f"辦理情形：{text}。"


def analysis(project: Project, revision: Revision) -> str:
    """Return the report's 案例研析 item: counts of cases, risks by band and measures."""
    cases = project.discussed_cases
    if not cases:
        return "案例研析：本次無提列討論之案例。"
    risks = [risk for case in cases for risk in project.risks_of(case.id)]
    measures = sum(len(revision.of_case(case.id)) for case in cases)
    bands = count_text(Counter(r.band for r in risks), BANDS, "項", BAND_LABELS)
    text = f"案例研析：提列討論案例計{len(cases)}案，評估風險{len(risks)}項"
    text += f"（{bands}）" if bands else ""
    return f"{text}，研提防制措施{measures}項，案例如下："


# --- 八、討論事項 ---------------------------------------------------------------------------


def measure_line(project: Project, measure: Measure) -> str:
    """Return a measure as adopted, with its owners: 「…附卷（權責單位：社會課）。」."""
    content = measure.content.strip().rstrip("。")
    return f"{content}（權責單位：{project.unit_names(measure.owner_units)}）。"


def case_points(project: Project, case: Case) -> list[str]:
    """Return a case's first 說明 items: 弊端態樣, and 風險評估 when it has risks."""
    points = [f"弊端態樣：{sentence(case.pattern)}"]
    risks = project.risks_of(case.id)
    if risks:
        bands = count_text(Counter(r.band for r in risks), BANDS, "項", BAND_LABELS)
        points.append(f"風險評估：評估風險{len(risks)}項，計{bands}。")
    return points


def measures_heading(project: Project, revision: Revision, case: Case) -> str:
    """Return 「防制措施：」, saying so when revision opinions changed the case's measures."""
    if not revision.of_case(case.id):
        return f"防制措施：{NONE}"
    original = {measure.id for measure in project.measures_of(case.id)}
    revised = original & (revision.changed | revision.removed)
    added = {measure.id for measure in revision.of_case(case.id)} & revision.added
    return "防制措施（已依各單位修正意見修正）：" if revised or added else "防制措施："


def to_meeting_of(project: Project, case_id: str) -> list[Opinion]:
    """Return the case's opinions taken to the meeting (提會討論), in 意見編號 order."""
    from docgen.model.revisions import to_meeting

    return [opinion for opinion in to_meeting(project) if opinion.case_id == case_id]


def opinion_line(project: Project, revision: Revision, opinion: Opinion, draft: bool) -> str:
    """Return an opinion taken to the meeting: both versions, then the meeting's decision."""
    shown = discussion(project, opinion)
    text = f"{shown['who']}{shown['action']}："
    if opinion.measure_id:
        text += f"初稿內容「{shown['current'].rstrip('。')}」；建議內容"
    text += f"「{shown['proposal'].rstrip('。')}」。"
    decided = "" if draft else meeting_decision_text(revision, opinion)
    return f"{text}會議決議：{decided or blank(12)}"


def meeting_decision_text(revision: Revision, opinion: Opinion) -> str:
    """Return what the meeting decided on an opinion, as the minutes say it (or "")."""
    decision = opinion.meeting_decision
    if not decision:
        return ""
    if decision == "不採納":
        return "不採納，不予新增。" if opinion.kind == "新增" else "不採納，維持原措施。"
    if opinion.kind == "新增":
        added = [m for m in revision.measures if m.id in revision.added]
        number = next((m.id for m in added if m.source == opinion.source), "")
        return f"{decision}，新增措施{number}。" if number else f"{decision}。"
    if opinion.kind == "刪除" and not opinion.final_text:
        return f"{decision}，刪除措施{opinion.measure_id}。"
    if opinion.kind in ("修改", "刪除"):
        final = opinion.final_text.strip().rstrip("。")
        if final:
            return f"{decision}，措施{opinion.measure_id}修正為「{final}」。"
        return f"{decision}，措施{opinion.measure_id}依建議內容修正。"
    return f"{decision}。"


def agenda_item(project: Project, revision: Revision, case: Case, draft: bool) -> dict[str, Any]:
    """Return one 案由: subject, 說明 items, measures, 討論 and 決議 (blank lines in a draft)."""
    found = None if draft else project.resolution_of(case.id)
    resolution = found.resolution.strip() if found else ""
    opinions = to_meeting_of(project, case.id)
    return {
        "subject": f"{case.name}之廉政風險評估及防制措施，提請討論。",
        "points": case_points(project, case),
        "measures_heading": measures_heading(project, revision, case),
        "measures": [measure_line(project, measure) for measure in revision.of_case(case.id)],
        "opinions": [opinion_line(project, revision, o, draft) for o in opinions],
        "discussion": found.discussion.strip() if found else "",
        "resolution": resolution or blank(23, 23),
    }


# --- the whole document ---------------------------------------------------------------------


def context(project: Project) -> dict[str, Any]:
    """Return what templates/minutes.docx needs besides the settings."""
    from docgen.model.revisions import apply_revisions

    draft = is_draft(project)
    revision = apply_revisions(project, meeting=not draft)
    meeting = project.meeting
    present, observers = attendance(project)
    cases = project.discussed_cases
    return {
        "doc_title": DRAFT_TITLE if draft else TITLE,
        "stamp": "草稿" if draft else "",
        "when": meeting_when(project),
        "chair": chair(project),
        "present": present,
        "observers": observers,
        "remarks": free_text(meeting.chair_remarks, draft, 20, 25),
        "progress": progress(project),
        "analysis": analysis(project, revision),
        "case_names": [case.name for case in cases],
        "agenda": [agenda_item(project, revision, case, draft) for case in cases],
        "agenda_none": "" if cases else f"：{NONE}",
        "motions": free_text(meeting.motions, draft, 20, 25),
        "adjourned": adjourned(meeting.adjourned),
    }


def blanks_left(project: Project) -> list[str]:
    """Return where the minutes proper leave a blank: a case without 決議, no 散會時間."""
    found = []
    for case in project.discussed_cases:
        resolution = project.resolution_of(case.id)
        if resolution is None:
            found.append(f"案例「{case.id}」（{case.source.cell('id')}）在「決議」工作表沒有決議")
        elif not resolution.resolution.strip():
            found.append(f"{resolution.source.cell('resolution')}未填寫")
    from docgen.model.revisions import decision_cells

    for opinion in project.opinions:
        if opinion.to_meeting and not opinion.meeting_decision:
            found.append(f"提會討論的意見{opinion.id}，{decision_cells([opinion])}未填寫")
    if project.meeting.adjourned is None:
        found.append("「會議」工作表未填散會時間")
    return [f"會議紀錄：{text}，已留空待填。" for text in found]


def notes(project: Project) -> tuple[str, ...]:
    """Return what the user should know: a draft was written, or what was left blank.

    A draft shows the pack's measures and names the opinions the pack could not apply; the
    minutes proper are refused for those instead (:func:`check`).
    """
    from docgen.model.revisions import apply_revisions

    if not is_draft(project):
        return tuple(blanks_left(project))
    problems = apply_revisions(project, meeting=False).problems
    return (DRAFT_NOTE, *(f"會議紀錄：{problem}" for problem in problems))


def check(project: Project, options: Options) -> list[Problem]:
    """Return the adopted opinions the minutes proper cannot apply, each by its cell."""
    from docgen.model.revisions import after_meeting_problems

    return [] if is_draft(project) else after_meeting_problems(project)


def render(project: Project, options: Options) -> list[Rendered]:
    """Return the minutes (or their draft), named by the meeting date."""
    title = DRAFT_TITLE if is_draft(project) else TITLE
    full_title = f"{project.settings.agency}{project.settings.meeting_name}{title}"
    data = render_kind("minutes", project, options, context(project), full_title)
    older = () if is_draft(project) else (Path(dated_name(DRAFT_TITLE, project)),)
    return [Rendered(Path(dated_name(title, project)), data, notes(project), supersedes=older)]


KIND = Kind(
    key="minutes",
    title=TITLE,
    stage=Stage.MEETING,
    order=50,
    help="產出會議紀錄；尚無決議時產出紀錄草稿，決議留空待填。",
    render=render,
    check=check,
)
