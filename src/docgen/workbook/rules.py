"""Cross-sheet rules, run on the parsed project after every sheet has been read.

Each rule is a small function that adds problems naming the offending cell; none raises. A
rule that looks IDs up in another sheet stays quiet when that sheet is missing (or, for 案例,
holds no case at all): that one problem is already reported, not once for every row naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from docgen.model.keys import natural_key
from docgen.model.project import Measure, Opinion, Project
from docgen.problems import Problems
from docgen.workbook.schema import NEW_MEASURE_FIELDS

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Known:
    """IDs present in the workbook, including those of rows that had errors."""

    cases: frozenset[str] = frozenset()
    risks: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()


def check_project(
    project: Project, problems: Problems, known: Known | None = None, settings_ok: bool = True
) -> None:
    """Add every cross-sheet problem of ``project`` to ``problems``.

    ``known`` widens the existence checks to rows that had errors of their own; settings-based
    rules are skipped when the settings themselves had errors.
    """
    known = known or Known(
        frozenset(c.id for c in project.cases),
        frozenset(r.id for r in project.risks),
        frozenset(m.id for m in project.measures),
    )
    for rule in RULES:
        rule(project, problems, known)
    if settings_ok:
        for settings_rule in SETTINGS_RULES:
            settings_rule(project, problems)


def _missing(project: Project, sheet: str) -> bool:
    """Return True when the workbook has no sheet ``sheet`` (the loader reported it)."""
    return bool(project.present_sheets) and sheet not in project.present_sheets


def check_has_cases(project: Project, problems: Problems, known: Known) -> None:
    """Check that there are cases, and at least one on the agenda."""
    if _missing(project, "案例"):
        return
    if not known.cases:
        problems.error(
            "案例", "沒有任何案例，請至少填寫一列（灰色、以「範例：」開頭的範例列不會讀取）"
        )
    elif project.cases and not project.discussed_cases:
        problems.warning("案例", "沒有「列入討論」為「是」的案例，會議資料將沒有案例章節")


def check_case_references(project: Project, problems: Problems, known: Known) -> None:
    """Check that risks, measures, opinions and resolutions name an existing case."""
    if not known.cases:
        return  # no case at all: reported once, by check_has_cases or as a missing sheet
    rows = [*project.risks, *project.measures, *project.opinions, *project.resolutions]
    for row in rows:
        if row.case_id not in known.cases:
            problems.error(
                row.source.cell("case_id"), f"找不到案例「{row.case_id}」，請先在「案例」工作表新增"
            )


def check_measure_risks(project: Project, problems: Problems, known: Known) -> None:
    """Check that the 風險編號 of a measure, or of a proposed new one, is a risk of its case."""
    risks = {risk.id: risk for risk in project.risks}
    rows = [(m, "本措施") for m in project.measures]
    rows += [(o, "本意見") for o in project.opinions]
    for row, label in rows:
        if not row.risk_id:
            continue
        risk = risks.get(row.risk_id)
        where = row.source.cell("risk_id")
        if row.risk_id not in known.risks and not _missing(project, "風險評估"):
            problems.error(where, f"找不到風險「{row.risk_id}」，請先在「風險評估」工作表新增")
        elif risk is not None and risk.case_id != row.case_id:
            problems.error(
                where,
                f"風險「{risk.id}」屬於案例「{risk.case_id}」，不是{label}的案例「{row.case_id}」",
            )


def check_residuals(project: Project, problems: Problems, known: Known) -> None:
    """Check that residual levels come in pairs and do not exceed the risk they reduce."""
    risks = {risk.id: risk for risk in project.risks}
    for measure in project.measures:
        pair = (measure.residual_likelihood, measure.residual_impact)
        if (pair[0] is None) != (pair[1] is None):
            missing = "residual_impact" if pair[1] is None else "residual_likelihood"
            problems.warning(
                measure.source.cell(missing),
                "殘餘可能性與殘餘影響程度須同時填寫，否則不列入風險圖像",
            )
            continue
        risk = risks.get(measure.risk_id)
        score = measure.residual_score
        if risk is not None and score is not None and score > risk.score:
            problems.warning(
                measure.source.cell("residual_likelihood"),
                f"殘餘風險值{score}高於風險「{risk.id}」原本的風險值{risk.score}，請確認",
            )


def check_opinions(project: Project, problems: Problems, known: Known) -> None:
    """Check that opinions name a measure of their case where their kind needs one."""
    measures = {m.id: m for m in project.measures}
    sheet_missing = _missing(project, "防制措施")
    agenda = {case.id for case in project.discussed_cases}
    parsed = {case.id for case in project.cases}
    for opinion in project.opinions:
        _check_opinion_measure(opinion, measures, known, problems, sheet_missing)
        # 部分採納 without 定案內容 is not checked here: model/revisions.py reports it, the
        # same words for docgen check and for every document that applies the opinions.
        if opinion.kind in ("修改", "新增") and not opinion.proposal:
            problems.warning(
                opinion.source.cell("proposal"), f"意見類型為「{opinion.kind}」，但未填建議內容"
            )
        _check_new_measure_fields(opinion, problems)
        _check_meeting_decision(opinion, problems, agenda, parsed)


def _check_new_measure_fields(opinion: Opinion, problems: Problems) -> None:
    """Warn when a non-新增 opinion carries a new measure's 風險編號, units or deadline."""
    if opinion.kind == "新增":
        return
    for name in NEW_MEASURE_FIELDS:
        if getattr(opinion, name):
            problems.warning(
                opinion.source.cell(name),
                f"此欄只用於意見類型「新增」的新措施；本意見為「{opinion.kind}」，此欄不會套用",
            )


def _check_meeting_decision(
    opinion: Opinion, problems: Problems, agenda: set[str], parsed: set[str]
) -> None:
    """Check 提會討論 and 會議決議: a discussed case, and a decision only where one is asked."""
    if opinion.meeting_decision and not opinion.to_meeting:
        problems.warning(
            opinion.source.cell("meeting_decision"),
            "會議決議只用於處理結果為「提會討論」的意見；本意見的處理結果不是「提會討論」，"
            "會議決議不會套用",
        )
    if opinion.to_meeting and opinion.case_id in parsed and opinion.case_id not in agenda:
        problems.error(
            opinion.source.cell("decision"),
            f"案例「{opinion.case_id}」未列入討論，意見無法提會討論；"
            "請將該案例的「列入討論」改為「是」，或改填其他處理結果",
        )


def _check_opinion_measure(
    opinion: Opinion,
    measures: dict[str, Measure],
    known: Known,
    problems: Problems,
    sheet_missing: bool = False,
) -> None:
    where = opinion.source.cell("measure_id")
    if not opinion.measure_id:
        if opinion.kind in ("修改", "刪除"):
            problems.error(where, f"意見類型為「{opinion.kind}」時須填寫措施編號")
        return
    measure = measures.get(opinion.measure_id)
    if opinion.measure_id not in known.measures:
        if sheet_missing:
            return
        problems.error(where, f"找不到措施「{opinion.measure_id}」，請先在「防制措施」工作表新增")
    elif measure is not None and measure.case_id != opinion.case_id:
        problems.error(
            where,
            f"措施「{measure.id}」屬於案例「{measure.case_id}」，不是本意見的案例「{opinion.case_id}」",
        )


def check_resolutions(project: Project, problems: Problems, known: Known) -> None:
    """Check that 決議 rows name a discussed case, once each."""
    agenda = {case.id for case in project.discussed_cases}
    parsed = {case.id for case in project.cases}
    seen: dict[str, str] = {}
    for resolution in project.resolutions:
        where = resolution.source.cell("case_id")
        if resolution.case_id in parsed and resolution.case_id not in agenda:
            problems.error(
                where,
                f"案例「{resolution.case_id}」未列入討論，不應有決議；"
                "請將該案例的「列入討論」改為「是」或刪除此列",
            )
        if resolution.case_id in seen:
            problems.error(
                where,
                f"案例「{resolution.case_id}」的決議重複（已見於 {seen[resolution.case_id]}）",
            )
        seen.setdefault(resolution.case_id, where)


def check_meeting_times(project: Project, problems: Problems) -> None:
    """Check that the meeting does not end before it starts."""
    meeting = project.meeting
    start = meeting.actual_start or project.settings.meeting_time
    if meeting.adjourned is not None and meeting.adjourned <= start:
        problems.error(
            meeting.source.cell("adjourned"),
            f"散會時間{meeting.adjourned:%H:%M}早於或等於開會時間{start:%H:%M}",
        )


def check_dates(project: Project, problems: Problems) -> None:
    """Warn when deadlines and approval are out of order around the meeting."""
    settings = project.settings
    meeting = settings.meeting_date
    if settings.reply_deadline and settings.reply_deadline > meeting:
        problems.warning(
            settings.source.cell("reply_deadline"), "修正意見回覆期限晚於會議日期，請確認"
        )
    if settings.approval_date and settings.approval_date > meeting:
        problems.warning(settings.source.cell("approval_date"), "核定日期晚於會議日期，請確認")
    if settings.project_deadline and settings.project_deadline < meeting:
        problems.warning(settings.source.cell("project_deadline"), "專案截止日早於會議日期，請確認")


def check_emails(project: Project, problems: Problems) -> None:
    """Warn about e-mail addresses that do not look like addresses."""
    settings = project.settings
    pairs = [
        (settings.email, settings.source.cell("email")),
        (settings.city_email, settings.source.cell("city_email")),
    ]
    pairs += [(unit.email, unit.source.cell("email")) for unit in project.units]
    for address, where in pairs:
        if address and not _EMAIL.match(address):
            problems.warning(where, f"「{address}」不像電子郵件地址，請確認")


def check_case_content(project: Project, problems: Problems, known: Known) -> None:
    """Warn when a discussed case has no risks or no measures."""
    with_risks = {risk.case_id for risk in project.risks}
    with_measures = {measure.case_id for measure in project.measures}
    for case in sorted(project.discussed_cases, key=lambda c: natural_key(c.id)):
        if case.id not in with_risks:
            problems.warning(case.source.cell("id"), f"案例「{case.id}」沒有風險評估")
        if case.id not in with_measures:
            problems.warning(case.source.cell("id"), f"案例「{case.id}」沒有防制措施")


RULES: tuple[Callable[[Project, Problems, Known], None], ...] = (
    check_has_cases,
    check_case_references,
    check_measure_risks,
    check_residuals,
    check_opinions,
    check_resolutions,
    check_case_content,
)

SETTINGS_RULES: tuple[Callable[[Project, Problems], None], ...] = (
    check_meeting_times,
    check_dates,
    check_emails,
)
