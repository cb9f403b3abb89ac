"""Run the personal-data guard over what a public output shows, with what the workbook knows.

The guard is told every name the workbook holds (涉案人員, the people of 專案設定, the unit
heads, the attendees), the agency's own published phone number, the unit names (so that
「社會課承辦人」 is no name) and the waivers of the 個資檢核 sheet. Its unresolved hits become
errors naming sheet!cell, which stop every public output; waived hits become warnings, so
that what was waived, by whom, is always shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from docgen.model.dates import roc_date
from docgen.problems import Problem, Severity
from docgen.public.guard import GuardResult, PublicText, Waiver, scan

if TYPE_CHECKING:
    from docgen.model.project import PrivacyWaiver, Project

_SEPARATORS = re.compile(r"[、，,；;／/\s]+|及|與|和")
_PARENTHESES = re.compile(r"[（(][^）)]*[）)]")
# A de-identified label, not a name: 某課員, 承辦人甲, 甲○○, A廠商負責人乙.
_DEIDENTIFIED = re.compile(r"[某○〇ＯOＸX＊*]|[甲乙丙戊己庚辛壬癸]$|^[A-Za-zＡ-Ｚ]")
FIX = "請改寫為去識別化的文字；確認並非個人資料時，於「個資檢核」工作表登錄"


def screen(project: Project, texts: Iterable[PublicText]) -> GuardResult:
    """Return what the guard finds in ``texts``, given everything the workbook knows."""
    return scan(
        texts,
        names=sorted(set(people(project))),
        allowed_phones=[project.settings.phone] if project.settings.phone else [],
        units=[project.settings.agency, *(unit.name for unit in project.units)],
        waivers=[_waiver(item) for item in project.waivers],
    )


def people(project: Project) -> Iterator[str]:
    """Yield every personal name the workbook holds (de-identified labels left out)."""
    settings = project.settings
    typed = [
        settings.head_name,
        settings.ethics_director,
        settings.officer,
        settings.recorder,
        project.meeting.chair,
        project.meeting.recorder,
        *(unit.head_name for unit in project.units),
        *(attendee.name for attendee in project.attendees),
        *(case.persons for case in project.cases),
    ]
    for text in typed:
        for name in _SEPARATORS.split(_PARENTHESES.sub("", text or "")):
            name = name.strip()
            if len(name) >= 2 and not _DEIDENTIFIED.search(name):
                yield name


def guard_problems(result: GuardResult) -> list[Problem]:
    """Return each unresolved hit as an error and each waived one as a warning."""
    found = [
        Problem(
            Severity.ERROR, _place(hit.where, hit.label), f"{hit.reason}「{hit.masked}」；{FIX}"
        )
        for hit in result.hits
    ]
    for hit, waiver in result.waived:
        who = "、".join(part for part in (waiver.by, waiver.on) if part)
        found.append(
            Problem(
                Severity.WARNING,
                _place(hit.where, hit.label),
                f"{hit.reason}「{hit.masked}」已由「個資檢核」工作表豁免（{who}）",
            )
        )
    return found


def _place(where: str, label: str) -> str:
    return f"{where}（{label}）" if label else where


def _waiver(item: PrivacyWaiver) -> Waiver:
    return Waiver(item.matched, item.where, item.by, roc_date(item.on), item.reason)
