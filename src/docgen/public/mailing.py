"""The e-mail that carries the report to the city: addressed, signed and ready to send."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docgen.model.wording import self_reference

if TYPE_CHECKING:
    from docgen.model.project import Project
    from docgen.public.entries import Post


def report_subject(project: Project) -> str:
    """Return the subject: 「臺南市南區區公所陳報廉政細工專案防貪策略資料」."""
    return f"{project.settings.agency}陳報廉政細工專案防貪策略資料"


def report_lines(project: Project, recipient: str, names: list[str]) -> list[str]:
    """Return the message text above the signature (:func:`docgen.mail.office.signature`)."""
    settings = project.settings
    own = self_reference(settings.agency)
    closing = settings.closing or "鑒核"
    return [
        f"{recipient}　鈞鑒：",
        "",
        f"檢送{own}廉政細工專案防貪策略資料1份及陳報函稿，請　{closing}。",
        "附件：",
        *(f"　{name}" for name in names),
    ]


def report_mail(
    project: Project, post: Post, attachments: list[tuple[str, bytes]], recipient: str
) -> bytes:
    """Return the .eml draft to 政風處信箱 with ``attachments`` (name, bytes)."""
    from docgen.mail.office import office_mail

    settings = project.settings
    return office_mail(
        settings,
        sender=settings.email or settings.city_email,
        to=[settings.city_email],
        subject=report_subject(project),
        lines=report_lines(project, recipient, [name for name, _ in attachments]),
        attachments=attachments,
        day=post.updated,
    )
