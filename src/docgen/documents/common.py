"""What every document kind shares: file names, the settings context and the render call."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from docgen.documents import Options
from docgen.model.dates import roc_date, roc_full, roc_short, roc_time

if TYPE_CHECKING:
    from docgen.model.project import Project

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


__all__ = ["dated_name", "document_time", "render_kind", "safe_name", "settings_context"]
