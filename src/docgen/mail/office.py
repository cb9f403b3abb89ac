"""The ethics office's e-mails: who sends them, how they are signed, the moment they carry.

Every e-mail docgen writes for the 政風室 (the report to the city, each unit's 修正意見表) is
sent by the 承辦人 of 專案設定, signed with the office's contact details, and dated on a given
day at 09:00 Taipei time so that a rebuild writes the same bytes; :func:`office_mail` composes
it with :func:`docgen.mail.message.compose`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from docgen.mail.message import compose

if TYPE_CHECKING:
    from docgen.model.project import Settings

TAIPEI = timezone(timedelta(hours=8), "Asia/Taipei")
SENT_AT = time(9, 0)


def sender_name(settings: Settings) -> str:
    """Return the From name: 「臺南市南區區公所政風室 張雅婷」."""
    return f"{settings.agency}政風室 {settings.officer}".strip()


def signature(settings: Settings) -> list[str]:
    """Return the signature lines: the office, the 承辦人, and the phone and e-mail given."""
    lines = [f"{settings.agency}政風室", f"承辦人：{settings.officer}"]
    lines += [f"電話：{settings.phone}"] if settings.phone else []
    lines += [f"電子郵件：{settings.email}"] if settings.email else []
    return lines


def office_mail(
    settings: Settings,
    *,
    sender: str,
    to: Sequence[str],
    subject: str,
    lines: Sequence[str],
    attachments: Sequence[tuple[str, bytes]],
    day: date,
) -> bytes:
    """Return the .eml draft from the office: ``lines``, a blank line, the signature."""
    body = "\n".join([*lines, "", *signature(settings)]) + "\n"
    return compose(
        sender_name=sender_name(settings),
        sender=sender,
        to=list(to),
        subject=subject,
        body=body,
        attachments=attachments,
        date=datetime.combine(day, SENT_AT, tzinfo=TAIPEI),
    )
