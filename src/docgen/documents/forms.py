"""修正意見表: one Word form per unit, asking for revision opinions on the draft's measures.

Who gets a form: every unit of 類別 業務單位 or 幕僚單位, except

* a unit whose 「出席」 is 「否」 (the way staff leave a unit out), and
* the ethics office itself (a unit whose name contains 「政風」), which wrote the draft.

A unit with no case of its own still gets a form: it may comment on every case. Its own cases
(主責單位 of the case, or 權責單位 or 協辦單位 of one of its measures) come first, marked.

Each form carries a hidden identity (unit code and draft fingerprint, see
:mod:`docgen.collect.identity`) that ``docgen collect`` reads back. Forms are not built once
the head has approved the draft (核定日期 set): the revision round is over.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docgen import render
from docgen.collect.embed import embed_identity
from docgen.collect.identity import FormIdentity, draft_fingerprint
from docgen.documents import Kind, Options, Rendered
from docgen.documents.common import document_time, render_kind, safe_name
from docgen.model import Case, Project, Unit
from docgen.rocdate import roc_date, roc_full

FOLDER = "修正意見表"
TITLE = "修正意見表"
OWN_MARK = "（本單位主責）"
ASSIST_MARK = "（本單位協辦）"
ETHICS_OFFICE = "政風"
NO_DEADLINE = "請於會議前回覆"


def is_ethics_office(unit: Unit) -> bool:
    """Return True for the ethics office, which prepares the draft and gets no form."""
    return ETHICS_OFFICE in unit.name


def recipients(project: Project) -> list[Unit]:
    """Return the units that get a form, in the order of the 單位 sheet."""
    return [
        unit
        for unit in project.units
        if unit.is_internal and unit.attends and not is_ethics_office(unit)
    ]


def left_out(project: Project) -> list[tuple[Unit, str]]:
    """Return the internal units that get no form, each with the reason in zh-TW."""
    found = []
    for unit in project.units:
        if not unit.is_internal:
            continue
        if is_ethics_office(unit):
            found.append((unit, "主辦單位"))
        elif not unit.attends:
            found.append((unit, "「出席」為「否」"))
    return found


class Draft:
    """The discussed cases and their measures, looked up once for every unit's form."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.cases = project.discussed_cases
        self.measures = {case.id: project.measures_of(case.id) for case in self.cases}

    def involvement(self, case: Case, code: str) -> str:
        """Return 「主責」 when the unit owns the case or one of its measures, 「協辦」, or ""."""
        measures = self.measures[case.id]
        if code in case.owner_units or any(code in m.owner_units for m in measures):
            return "主責"
        if any(code in m.assist_units for m in measures):
            return "協辦"
        return ""

    def case_context(self, case: Case, code: str) -> dict[str, Any]:
        """Return what the template shows of one case for the unit ``code``."""
        role = self.involvement(case, code)
        return {
            "id": case.id,
            "name": case.name,
            "pattern": case.pattern,
            "mark": {"主責": OWN_MARK, "協辦": ASSIST_MARK}.get(role, ""),
            "measures": [{"id": m.id, "content": m.content} for m in self.measures[case.id]],
        }

    def ordered_cases(self, code: str) -> list[Case]:
        """Return the discussed cases, the unit's own first (主責, then 協辦), else by id."""
        rank = {"主責": 0, "協辦": 1, "": 2}
        return sorted(self.cases, key=lambda case: rank[self.involvement(case, code)])

    def unit_context(self, unit: Unit) -> dict[str, Any]:
        """Return the template context of one unit's form (the settings come from common)."""
        settings = self.project.settings
        deadline = settings.reply_deadline
        cases = self.ordered_cases(unit.code)
        return {
            "unit_name": unit.name,
            "unit_code": unit.code,
            "reply_deadline_text": roc_full(deadline) if deadline else NO_DEADLINE,
            "phone_text": settings.phone or "－",
            "cases": [self.case_context(case, unit.code) for case in cases],
        }


def unit_context(project: Project, unit: Unit) -> dict[str, Any]:
    """Return the template context of ``unit``'s form."""
    return Draft(project).unit_context(unit)


def file_name(unit: Unit, taken: set[str]) -> str:
    """Return 「修正意見表_民政課.docx」, with the unit code added if two names look alike."""
    name = safe_name(f"{TITLE}_{unit.name}")
    if name.casefold() in taken:
        name = safe_name(f"{TITLE}_{unit.name}_{unit.code}")
    taken.add(name.casefold())
    return name + ".docx"


def render_forms(project: Project, options: Options) -> list[Rendered]:
    """Return one rendered form per recipient unit, under 修正意見表/."""
    fingerprint = draft_fingerprint(project)
    moment = render.stamp(document_time(project))
    draft = Draft(project)
    taken: set[str] = set()
    documents = []
    for unit in recipients(project):
        context = draft.unit_context(unit)
        data = render_kind("forms", project, options, context, f"{TITLE}（{unit.name}）")
        identity = FormIdentity(
            unit=unit.code,
            agency=project.settings.agency,
            project=project.settings.project_name,
            draft=fingerprint,
            cases=tuple(case["id"] for case in context["cases"]),
        )
        data = embed_identity(data, identity, moment)
        documents.append(Rendered(Path(FOLDER) / file_name(unit, taken), data))
    if documents:
        documents[-1] = _with_notes(documents[-1], project)
    return documents


def _with_notes(document: Rendered, project: Project) -> Rendered:
    count, fingerprint = len(recipients(project)), draft_fingerprint(project)
    notes = [f"修正意見表共 {count} 份（初稿識別碼 {fingerprint}）"]
    skipped = left_out(project)
    if skipped:
        shown = "、".join(f"{unit.name}（{reason}）" for unit, reason in skipped)
        notes.append(f"未產出修正意見表的單位：{shown}")
    return Rendered(document.relative_path, document.data, tuple(notes))


def not_ready(project: Project, options: Options) -> str | None:
    """Return why no form can be built now, or None."""
    settings = project.settings
    if settings.approval_date is not None and not options.force:
        return (
            f"會議資料已於{roc_date(settings.approval_date)}核定"
            f"（{settings.source.cell('approval_date')}），修正意見徵詢已結束，不再產出修正意見表；"
            "如需重新徵詢，請先清空核定日期，或加上 --force"
        )
    if not project.discussed_cases:
        return "沒有「列入討論」為「是」的案例（案例工作表），修正意見表無內容可徵詢"
    if not recipients(project):
        return (
            "「單位」工作表沒有須填修正意見表的單位"
            "（類別為業務單位或幕僚單位、「出席」不是「否」，政風室除外）"
        )
    return None


KIND = Kind(
    key="forms",
    title=TITLE,
    help=(
        "產出各單位的修正意見表（Word），每個單位一個檔案，置於「修正意見表」資料夾；"
        "業務單位及幕僚單位各一份，「出席」為「否」的單位及政風室不產出；已填核定日期時不再產出。"
    ),
    render=render_forms,
    not_ready=not_ready,
)
