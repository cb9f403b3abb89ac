"""The e-mail that carries a unit's 修正意見表 (``docgen forms --eml``): one draft per unit.

Each draft goes to the unit's 電子郵件 (單位 sheet), from the 承辦人 and 電子郵件 of 專案設定,
with the unit's form attached; its zh-TW body says why the unit is asked, the reply deadline and
how to return the form. It is composed by the office's one e-mail machinery
(:mod:`docgen.mail.office`), the one the report to the city uses. A unit without a usable
address gets no draft and is named with its cell; without a sender address there is nothing to
write, and the command stops before writing anything, naming the cell.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from docgen.documents.common import settings_cell
from docgen.model.dates import roc_date, roc_full
from docgen.model.wording import self_reference
from docgen.problems import InputError, Problem, Severity

if TYPE_CHECKING:
    from docgen.model.consultation import Consulted
    from docgen.model.project import Project, Unit

FORMATS_ACCEPTED = ".docx 或 .odt"
REPLY_WEEK = 7  # days between a draft's Date and the reply deadline


# The 專案設定 items the drafts' headers carry: the sender's name, and the subject.
HEADER_SETTINGS = (("agency", "機關名稱"), ("officer", "承辦人"), ("meeting_name", "會議名稱"))


def check_sender(project: Project) -> None:
    """Raise InputError naming the cell when 專案設定 cannot give the drafts' headers.

    That is: no or a bad 電子郵件, or a line break in an item the headers carry (承辦人 and
    機關名稱 in the sender's name, 會議名稱 in the subject), every such cell named at once.
    """
    from docgen.mail.message import address_problem, header_text_problem

    found = [
        Problem(
            Severity.ERROR,
            settings_cell(project, field, name),
            f"{name}{problem}（郵件草稿的寄件者名稱或主旨會用到），請改為一行後再試",
        )
        for field, name in HEADER_SETTINGS
        for problem in (header_text_problem(getattr(project.settings, field)),)
        if problem
    ]
    if found:
        raise InputError(found)
    email = project.settings.email
    where = settings_cell(project, "email", "電子郵件")
    if not email:
        raise InputError(
            "產出修正意見表郵件草稿（--eml）須以承辦人電子郵件為寄件者，請填寫後再試", where=where
        )
    problem = address_problem(email)
    if problem:
        raise InputError(f"承辦人電子郵件「{email}」不是有效的電子郵件地址：{problem}", where=where)


def unit_address_problem(unit: Unit) -> str:
    """Return why no draft can go to ``unit`` (no or a bad address), naming the cell, or ""."""
    from docgen.mail.message import address_problem

    where = unit.source.cell("email")
    if not unit.email:
        return f"{unit.name}：{where}未填"
    problem = address_problem(unit.email)
    if problem:
        return f"{unit.name}：{where}「{unit.email}」不是有效的電子郵件地址（{problem}）"
    return ""


def subject(project: Project, unit: Unit) -> str:
    """Return 「請於106年8月4日前回覆廉政細工專案座談會會議資料初稿修正意見表（民政課）」."""
    settings = project.settings
    deadline = settings.reply_deadline
    by = f"請於{roc_date(deadline)}前回覆" if deadline else "請於會議前回覆"
    return f"{by}「{settings.meeting_name}」會議資料初稿修正意見表（{unit.name}）"


def body_lines(project: Project, item: Consulted, file_name: str) -> list[str]:
    """Return the message text above the signature, in zh-TW."""
    settings = project.settings
    own = self_reference(settings.agency)
    when = roc_full(settings.meeting_date, settings.meeting_time)
    deadline = settings.reply_deadline
    by = f"{roc_full(deadline)}前" if deadline else "會議前"
    asked = (
        f"貴單位為{item.involvement.text()}，請就相關案例及措施惠提修正意見，其他案例亦歡迎提供意見。"
        if item.involvement
        else "請就各討論案例之防制措施惠提修正意見。"
    )
    return [
        f"{item.unit.name}　您好：",
        "",
        f"{own}訂於{when}於{settings.venue}召開「{settings.meeting_name}」，"
        f"檢附會議資料初稿修正意見表1份。{asked}",
        f"請於{by}，直接於附件檔案填寫（請勿更動表格標題列），存為 {FORMATS_ACCEPTED} 後，"
        f"以電子郵件回覆本信（寄至 {settings.email}）；請勿轉為 PDF 或掃描檔。"
        "無修正意見者，亦請回覆告知。",
        "",
        "附件：",
        f"　{file_name}",
    ]


def form_mail(project: Project, item: Consulted, file_name: str, data: bytes) -> bytes:
    """Return the .eml draft to ``item``'s unit with its form ``data`` attached."""
    from docgen.mail.office import office_mail

    settings = project.settings
    return office_mail(
        settings,
        sender=settings.email,
        to=[item.unit.email],
        subject=subject(project, item.unit),
        lines=body_lines(project, item, file_name),
        attachments=[(file_name, data)],
        day=draft_day(project),
    )


def draft_day(project: Project) -> date:
    """Return the day the drafts are dated: a week before the reply deadline (else the meeting).

    The draft is unsent: the mail program dates it anew when it is sent, so its Date only has
    to make sense while the draft waits, and be the same every time (the drafts are compared
    byte for byte). The meeting day (what the forms' own properties record) is after the reply
    deadline, so a draft dated then would ask for a reply by a day already past; a week before
    the deadline is when such a request normally goes out. Nothing in the workbook says when
    the forms were made, and today's date would make every run differ.
    """
    settings = project.settings
    return (settings.reply_deadline or settings.meeting_date) - timedelta(days=REPLY_WEEK)
