"""修正意見表: one Word form per unit, asking for revision opinions on the draft's measures.

Who gets a form, and why, is :mod:`docgen.model.consultation`'s rule; the notes of the run
name every unit with its reason, and every unit that gets none. Every form holds every
discussed case; the unit's own come first, marked for what the unit is: 「（本單位主責）」 for the
主責單位 of the case, 「（本單位權責措施M03；協辦措施M05）」 for the 權責單位 or 協辦單位 of
its measures. The form says to whom, by when and how it goes back: the 承辦人, phone, e-mail
and 修正意見回覆期限 of 專案設定. With ``--eml`` each unit also gets an e-mail draft
(:mod:`docgen.documents.form_mail`).

Each form carries an identity (unit code and draft fingerprint, sealed with the workbook's
key, see :mod:`docgen.model.identity`) where no reader sees it, that ``docgen collect`` reads
back and checks. Forms are not built once the head has approved the draft (核定日期 set): the
revision round is over.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.documents import Kind, Options, Rendered, Stage
from docgen.documents.common import document_time, render_kind, safe_name
from docgen.model.consultation import consulted, left_out, recipients
from docgen.model.dates import roc_date, roc_full
from docgen.render.stamp import stamp

if TYPE_CHECKING:
    from docgen.model.consultation import Consulted
    from docgen.model.project import Case, Project, Unit

FOLDER = "修正意見表"
TITLE = "修正意見表"
NO_DEADLINE = "請於會議前回覆"


class Consultation:
    """The discussed cases and their measures, looked up once for every unit's form."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.cases = project.discussed_cases
        self.measures = {case.id: project.measures_of(case.id) for case in self.cases}

    def roles(self, case: Case, code: str) -> tuple[bool, list[str], list[str]]:
        """Return whether the unit ``code`` owns ``case``, and the measures it owns and assists."""
        measures = self.measures[case.id]
        owned = [m.id for m in measures if code in m.owner_units]
        assisted = [m.id for m in measures if code in m.assist_units and m.id not in owned]
        return code in case.owner_units, owned, assisted

    def mark(self, case: Case, code: str) -> str:
        """Return 「（本單位主責）」, 「（本單位權責措施M03；協辦措施M05）」 and the like, or ""."""
        owner, owned, assisted = self.roles(case, code)
        parts = ["主責"] if owner else []
        parts += [f"權責措施{'、'.join(owned)}"] if owned else []
        parts += [f"協辦措施{'、'.join(assisted)}"] if assisted else []
        return f"（本單位{'；'.join(parts)}）" if parts else ""

    def rank(self, case: Case, code: str) -> int:
        """Return where ``case`` goes on the unit's form: 主責 0, 權責 1, 協辦 2, the others 3."""
        owner, owned, assisted = self.roles(case, code)
        return 0 if owner else 1 if owned else 2 if assisted else 3

    def case_context(self, case: Case, code: str) -> dict[str, Any]:
        """Return what the template shows of one case for the unit ``code``."""
        return {
            "id": case.id,
            "name": case.name,
            "pattern": case.pattern,
            "mark": self.mark(case, code),
            "measures": [{"id": m.id, "content": m.content} for m in self.measures[case.id]],
            "risks": "；".join(f"{r.id} {r.item}" for r in self.project.risks_of(case.id)) or "無",
        }

    def ordered_cases(self, code: str) -> list[Case]:
        """Return the discussed cases, the unit's own first (主責, 權責, 協辦), else by id."""
        return sorted(self.cases, key=lambda case: self.rank(case, code))

    def unit_context(self, unit: Unit) -> dict[str, Any]:
        """Return the template context of one unit's form (the settings come from common)."""
        settings = self.project.settings
        deadline = settings.reply_deadline
        cases = self.ordered_cases(unit.code)
        return {
            "unit_name": unit.name,
            "unit_code": unit.code,
            "reply_deadline_text": roc_full(deadline) if deadline else NO_DEADLINE,
            "reply_by": f"{roc_full(deadline)}前" if deadline else "會議前",
            "phone_text": settings.phone or "－",
            "contact_text": contact_text(settings.phone, settings.email),
            "cases": [self.case_context(case, unit.code) for case in cases],
        }


def contact_text(phone: str, email: str) -> str:
    """Return 「（電子郵件：…；電話：…）」 with what is given, or "" when neither is."""
    parts = [f"電子郵件：{email}"] if email else []
    parts += [f"電話：{phone}"] if phone else []
    return f"（{'；'.join(parts)}）" if parts else ""


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

    if options.eml:
        from docgen.documents.form_mail import check_sender

        check_sender(project)
    fingerprint = draft_fingerprint(project)
    key = form_key(form_key_material(project.path) if project.path is not None else "")
    moment = stamp(document_time(project))
    draft = Consultation(project)
    taken: set[str] = set()
    documents = []
    mails: list[Rendered] = []
    unmailed: list[str] = []
    for item in consulted(project):
        unit = item.unit
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
        path = Path(FOLDER) / file_name(unit, taken)
        # Without --eml a draft left by an earlier --eml carries an older form: name it.
        stale = () if options.eml else (path.with_suffix(".eml"),)
        documents.append(Rendered(path, data, supersedes=stale))
        if options.eml:
            _mail(project, item, path, data, mails, unmailed)
    documents += mails
    if documents:
        extra = _mail_notes(len(mails), unmailed) if options.eml else ()
        documents[-1] = _with_notes(documents[-1], project, extra)
    return documents


def _mail(
    project: Project,
    item: Consulted,
    path: Path,
    data: bytes,
    mails: list[Rendered],
    unmailed: list[str],
) -> None:
    """Add the e-mail draft carrying the form at ``path`` to ``mails``, or note why none."""
    from docgen.documents.form_mail import form_mail, unit_address_problem

    problem = unit_address_problem(item.unit)
    if problem:
        unmailed.append(problem)
        return
    mail = form_mail(project, item, path.name, data)
    mails.append(Rendered(path.with_suffix(".eml"), mail))


def _mail_notes(count: int, unmailed: list[str]) -> tuple[str, ...]:
    notes = [f"修正意見表郵件草稿共 {count} 份（.eml，與各單位的修正意見表同名，開啟後即可寄出）"]
    if unmailed:
        notes.append("未產出郵件草稿的單位（請另行寄送）：")
        notes += [f"　{line}" for line in unmailed]
    return tuple(notes)


def _with_notes(document: Rendered, project: Project, extra: tuple[str, ...] = ()) -> Rendered:
    """Return ``document`` carrying the notes on who got a form and why, and who did not."""
    from docgen.model.identity import draft_fingerprint

    sent = consulted(project)
    notes = [f"修正意見表共 {len(sent)} 份（初稿識別碼 {draft_fingerprint(project)}）："]
    notes += [f"　{item.unit.name}：{item.reason}" for item in sent]
    skipped = left_out(project)
    if skipped:
        notes.append("未產出修正意見表的單位：")
        notes += [f"　{unit.name}：{reason}" for unit, reason in skipped]
    return replace(document, notes=(*notes, *extra))


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
            "「單位」工作表沒有須填修正意見表的單位（類別為業務單位或幕僚單位，"
            "且主責、權責或協辦討論案例，或「出席」不是「否」；政風室除外）"
        )
    return None


KIND = Kind(
    key="forms",
    title=TITLE,
    stage=Stage.DRAFT,
    order=30,
    help=(
        "產出各單位的修正意見表（Word），置於「修正意見表」資料夾，每個單位一個檔案："
        "主責、權責或協辦討論案例的單位（即使「出席」為「否」）及出席會議的單位各一份；"
        "受邀單位及政風室不產出。輸出列出每個單位收到或未收到的原因。"
    ),
    force_help="已填核定日期（修正意見徵詢已結束）時仍產出。",
    eml_help=(
        "另為每個單位產出一封郵件草稿（.eml，附上該單位的修正意見表，寄給「單位」工作表的"
        "電子郵件，寄件者為專案設定的承辦人）；未填電子郵件的單位列於輸出中。"
    ),
    render=render,
    not_ready=not_ready,
)
