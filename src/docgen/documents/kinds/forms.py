"""修正意見表: one Word form per unit, asking for revision opinions on the draft's measures.

Who gets a form is :mod:`docgen.model.consultation`'s rule. A unit with no case of its own
still gets a form: it may comment on every case. Its own cases (主責單位 of the case, or
權責單位 or 協辦單位 of one of its measures) come first, marked.

Each form carries a hidden identity (unit code and draft fingerprint, sealed with the workbook's
key, see :mod:`docgen.model.identity`) that ``docgen collect`` reads back and checks. Forms are
not built once the head has approved the draft (核定日期 set): the revision round is over.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.documents import Kind, Options, Rendered, Stage
from docgen.documents.common import document_time, render_kind, safe_name
from docgen.model.consultation import left_out, recipients
from docgen.model.dates import roc_date, roc_full
from docgen.render.stamp import stamp

if TYPE_CHECKING:
    from docgen.model.project import Case, Project, Unit

FOLDER = "修正意見表"
TITLE = "修正意見表"
OWN_MARK = "（本單位主責）"
ASSIST_MARK = "（本單位協辦）"
NO_DEADLINE = "請於會議前回覆"


class Consultation:
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
    return Consultation(project).unit_context(unit)


NAME_LIMIT = 80  # characters safe_name keeps
NAME_BYTES = 200  # UTF-8 bytes: a file name may hold 255, and a temporary name adds a few


def file_name(unit: Unit, taken: set[str]) -> str:
    """Return 「修正意見表_民政課.docx」, unique among the names in ``taken`` (casefolded).

    When the name had to be cut short (a very long unit name) or another unit's looks alike,
    the unit code goes at its end, inside the length limits; a number after it settles what is
    still alike. ``taken`` gains the name returned.
    """
    name = safe_name(f"{TITLE}_{unit.name}")
    if name.casefold() in taken or len(name) >= NAME_LIMIT or _too_long(name):
        name = _with_suffix(name, "_" + safe_name(unit.code)[:20])
    number = 1
    base = name
    while name.casefold() in taken:
        number += 1
        name = _with_suffix(base, f"_{number}")
    taken.add(name.casefold())
    return name + ".docx"


def _too_long(name: str) -> bool:
    return len(name.encode("utf-8")) > NAME_BYTES


def _with_suffix(name: str, suffix: str) -> str:
    head = name[: NAME_LIMIT - len(suffix)]
    while head and _too_long(head + suffix):
        head = head[:-1]
    return safe_name(head + suffix)


def render(project: Project, options: Options) -> list[Rendered]:
    """Return one rendered form per recipient unit, under 修正意見表/."""
    from docgen.model.identity import FormIdentity, draft_fingerprint, form_key, sealed
    from docgen.ooxml.embed import embed_identity
    from docgen.workbook.reader import form_key_material

    fingerprint = draft_fingerprint(project)
    key = form_key(form_key_material(project.path) if project.path is not None else "")
    moment = stamp(document_time(project))
    draft = Consultation(project)
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
        data = embed_identity(data, sealed(identity, key), moment)
        documents.append(Rendered(Path(FOLDER) / file_name(unit, taken), data))
    if documents:
        documents[-1] = _with_notes(documents[-1], project)
    return documents


def _with_notes(document: Rendered, project: Project) -> Rendered:
    from docgen.model.identity import draft_fingerprint

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
    stage=Stage.DRAFT,
    order=30,
    help=(
        "產出各單位的修正意見表（Word），置於「修正意見表」資料夾，每個單位一個檔案；"
        "受邀單位、政風室及「出席」為「否」的單位不產出。"
    ),
    force_help="已填核定日期（修正意見徵詢已結束）時仍產出。",
    render=render,
    not_ready=not_ready,
)
