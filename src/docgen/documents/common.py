"""What every document kind shares: file names, the settings context and the render call.

Also how an opinion taken to the meeting is told: the pack lists it, the minutes record it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from docgen.documents import Options
from docgen.model.dates import roc_date, roc_full, roc_short, roc_time

if TYPE_CHECKING:
    from docgen.model.project import Opinion, Project

NONE = "無"
"""What an empty optional field prints."""

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_name(text: str) -> str:
    """Return ``text`` usable as a file name on Windows, macOS and Linux, still readable.

    Characters a file name cannot hold become a full-width equivalent or 「_」; surrounding
    dots and spaces go; an empty result becomes 「未命名」.
    """
    text = text.replace("/", "／").replace("\\", "＼").replace(":", "：").replace("?", "？")
    text = text.replace("*", "＊").replace('"', "＂").replace("<", "＜").replace(">", "＞")
    text = text.replace("|", "｜")
    text = _UNSAFE.sub("_", text).strip(" .")
    return text[:80] or "未命名"


def settings_cell(project: Project, field: str, name: str) -> str:
    """Return where a 專案設定 item is typed (「專案設定!B18（核定日期）」), or its name."""
    source = project.settings.source
    if any(item == field for item, _, _ in source.cells):
        return source.cell(field)
    return f"專案設定工作表的「{name}」"


def dated_name(title: str, project: Project, suffix: str = ".docx") -> str:
    """Return 「title_106年8月15日.docx」, dated by the meeting."""
    return safe_name(f"{title}_{roc_date(project.settings.meeting_date)}") + suffix


def document_time(project: Project) -> datetime:
    """Return the time recorded in a document's properties and zip entries: the meeting day."""
    return datetime.combine(project.settings.meeting_date, time(0))


def settings_context(project: Project) -> dict[str, Any]:
    """Return the settings every template may use, dates already in ROC form."""
    settings = project.settings
    return {
        "agency": settings.agency,
        "project_name": settings.project_name,
        "basis": settings.basis,
        "head_title": settings.head_title,
        "head_name": settings.head_name,
        "ethics_director": settings.ethics_director,
        "officer": settings.officer,
        "phone": settings.phone,
        "email": settings.email,
        "meeting_name": settings.meeting_name,
        "meeting_date": roc_date(settings.meeting_date),
        "meeting_date_short": roc_short(settings.meeting_date),
        "meeting_time": roc_time(settings.meeting_time),
        "meeting_when": roc_full(settings.meeting_date, settings.meeting_time),
        "venue": settings.venue,
        "recorder": project.recorder,
        "reply_deadline": roc_full(settings.reply_deadline) if settings.reply_deadline else "",
        "approval_date": roc_date(settings.approval_date) if settings.approval_date else "",
    }


def render_kind(
    key: str,
    project: Project,
    options: Options,
    context: Mapping[str, Any],
    title: str,
) -> bytes:
    """Render ``templates/<key>.docx`` (or the user's) with the settings plus ``context``."""
    from docgen.render.docx import render_docx
    from docgen.render.templates import template_path

    template = template_path(key, options.templates)
    full = {**settings_context(project), **context}
    return render_docx(template, full, when=document_time(project), title=title)


def chair(project: Project) -> str:
    """Return who chairs the meeting: 會議!主席 when given, else the agency head."""
    settings = project.settings
    return project.meeting.chair or f"{settings.head_title}{settings.head_name}"


def notice_context(project: Project) -> dict[str, str]:
    """Return the 開會通知單 fields that are not plain settings (the notice and the pack)."""
    settings = project.settings
    attending = [unit for unit in project.units if unit.attends]
    contact = " ".join(part for part in (settings.officer, settings.phone) if part)
    return {
        "chair": f"{settings.head_title}{settings.head_name}",
        "contact": contact,
        "attendees": "、".join(u.name for u in attending if u.is_internal) or NONE,
        "observers": "、".join(u.name for u in attending if not u.is_internal) or NONE,
        "copies": NONE,
    }


# --- opinions taken to the meeting: the pack lists them, the minutes record their decision ---


def unit_name(project: Project, code: str) -> str:
    """Return a unit's name (社會課), or its code when the 單位 sheet does not list it."""
    try:
        return project.unit(code).name
    except KeyError:
        return code


def unit_names(project: Project, codes: tuple[str, ...]) -> str:
    """Return units' names joined by 「、」."""
    return "、".join(unit_name(project, code) for code in codes)


def case_name(project: Project, case_id: str) -> str:
    """Return a case's name, or its number when the 案例 sheet does not list it."""
    try:
        return project.case(case_id).name
    except KeyError:
        return case_id


def discussion(project: Project, opinion: Opinion) -> dict[str, str]:
    """Return one opinion for the meeting: who proposes what, on which measure, both versions.

    ``action`` reads 「建議修改措施M01」, 「建議刪除措施M01」, 「建議新增措施」 or
    「就措施M01提出意見」.
    """
    target = f"措施{opinion.measure_id}" if opinion.measure_id else "新增措施"
    if opinion.kind == "新增":
        action = "建議新增措施"
    elif opinion.kind in ("修改", "刪除"):
        action = f"建議{opinion.kind}{target}"
    else:
        action = f"就{target}提出意見"
    unit = unit_name(project, opinion.unit)
    number = f"（{opinion.id}）" if opinion.id else ""
    return {
        "title": f"{unit}修正意見{number}：{case_name(project, opinion.case_id)}之{target}"
        f"（{opinion.kind}）",
        "who": f"{unit}（意見{opinion.id}）" if opinion.id else unit,
        "action": action,
        "current": current_text(project, opinion),
        "proposal": proposal_text(project, opinion),
        "reason": opinion.reason or NONE,
    }


def current_text(project: Project, opinion: Opinion) -> str:
    """Return the draft's text of the measure an opinion concerns (none for a new measure)."""
    measure = next((m for m in project.measures if m.id == opinion.measure_id), None)
    if measure is None:
        return "（初稿無此措施）"
    return measure.content


def proposal_text(project: Project, opinion: Opinion) -> str:
    """Return what the opinion proposes, with a new measure's risk, units and deadline."""
    from docgen.model.dates import deadline_text

    if opinion.kind == "刪除":
        return f"刪除本措施。{opinion.proposal}".strip()
    text = opinion.proposal or NONE
    if opinion.kind != "新增":
        return text
    owners = opinion.owner_units or (opinion.unit,)
    details = [f"權責單位：{unit_names(project, owners)}"]
    if opinion.risk_id:
        details.insert(0, f"對應風險：{opinion.risk_id}")
    if opinion.assist_units:
        details.append(f"協辦單位：{unit_names(project, opinion.assist_units)}")
    if opinion.deadline:
        details.append(f"完成期限：{deadline_text(opinion.deadline)}")
    return f"{text}（{'；'.join(details)}）"


__all__ = [
    "case_name",
    "chair",
    "current_text",
    "dated_name",
    "discussion",
    "document_time",
    "notice_context",
    "proposal_text",
    "render_kind",
    "safe_name",
    "settings_context",
    "unit_name",
    "unit_names",
]
