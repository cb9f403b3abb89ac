"""The e-mail that carries the report to the city: addressed, signed and ready to send."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from docgen.model.wording import self_reference

if TYPE_CHECKING:
    from docgen.model.project import Project
    from docgen.public.entries import Post

TAIPEI = timezone(timedelta(hours=8), "Asia/Taipei")
SENT_AT = time(9, 0)


def report_subject(project: Project) -> str:
    """Return the subject: 「臺南市南區區公所陳報廉政細工專案防貪策略資料」."""
    return f"{project.settings.agency}陳報廉政細工專案防貪策略資料"


def report_body(project: Project, recipient: str, names: list[str]) -> str:
    """Return the message text, signed by the 承辦人 with the office's contact details."""
    settings = project.settings
    own = self_reference(settings.agency)
    closing = settings.closing or "鑒核"
    lines = [
        f"{recipient}　鈞鑒：",
        "",
        f"檢送{own}廉政細工專案防貪策略資料1份及陳報函稿，請　{closing}。",
        "附件：",
        *(f"　{name}" for name in names),
        "",
        f"{settings.agency}政風室",
        f"承辦人：{settings.officer}",
    ]
    lines += [f"電話：{settings.phone}"] if settings.phone else []
    lines += [f"電子郵件：{settings.email}"] if settings.email else []
    return "\n".join(lines) + "\n"


def report_mail(
    project: Project, post: Post, attachments: list[tuple[str, bytes]], recipient: str
) -> bytes:
    """Return the .eml draft to 政風處信箱 with ``attachments`` (name, bytes)."""
    from docgen.mail.message import compose

    settings = project.settings
    return compose(
        sender_name=f"{settings.agency}政風室 {settings.officer}",
        sender=settings.email or settings.city_email,
        to=[settings.city_email],
        subject=report_subject(project),
        body=report_body(project, recipient, [name for name, _ in attachments]),
        attachments=attachments,
        date=datetime.combine(post.updated, SENT_AT, tzinfo=TAIPEI),
    )
