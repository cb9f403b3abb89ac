"""The validated project: plain frozen dataclasses that know neither Excel nor Word.

Every record remembers where it came from (:class:`Source`) so that a later stage (the pack
refusing an undecided opinion, say) can still name the sheet and cell.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from functools import cached_property
from pathlib import Path
from typing import TypeVar

from docgen.model.keys import natural_key, risk_band

T = TypeVar("T")


@dataclass(frozen=True)
class Source:
    """Where a record was read: a sheet, a row and the cell of each field."""

    sheet: str
    row: int
    cells: tuple[tuple[str, str, str], ...] = ()  # (field, cell such as "H7", header)

    def cell(self, field_name: str) -> str:
        """Return 「sheet!H7（header）」 for ``field_name``, or 「sheet!第7列」 if unknown."""
        for name, ref, header in self.cells:
            if name == field_name:
                return f"{self.sheet}!{ref}（{header}）"
        return f"{self.sheet}!第{self.row}列"


NO_SOURCE = Source("", 0)


@dataclass(frozen=True)
class Settings:
    """The 專案設定 sheet."""

    agency: str
    project_name: str
    head_title: str
    head_name: str
    ethics_director: str
    officer: str
    meeting_name: str
    meeting_date: date
    meeting_time: time
    venue: str
    basis: str = ""
    purpose: str = ""
    phone: str = ""
    email: str = ""
    recorder: str = ""
    reply_deadline: date | None = None
    approval_date: date | None = None
    project_deadline: date | None = None
    city_email: str = ""
    publish_date: date | None = None
    update_date: date | None = None
    topic_class: str = ""
    policy_class: str = ""
    service_class: str = ""
    address: str = ""
    fax: str = ""
    report_to: str = ""
    speed: str = ""
    secrecy: str = ""
    closing: str = ""
    report_copies: str = ""
    notice_remarks: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True)
class Unit:
    """A unit of the agency, or an invited one."""

    code: str
    name: str
    category: str = "業務單位"
    head_title: str = ""
    head_name: str = ""
    email: str = ""
    attends: bool = True
    source: Source = field(default=NO_SOURCE, compare=False)

    @property
    def is_internal(self) -> bool:
        """Return True for the agency's own units (業務單位 and 幕僚單位)."""
        return self.category != "受邀單位"


@dataclass(frozen=True)
class Case:
    """A corruption case collected for analysis."""

    id: str
    name: str
    source_type: str
    owner_units: tuple[str, ...]
    summary: str
    pattern: str
    source_ref: str = ""
    year: int | None = None
    business_type: str = ""
    employee_involved: bool | None = None
    systemic: bool | None = None
    discuss: bool = True
    public_summary: str = ""
    statutes: str = ""
    outcome: str = ""
    persons: str = ""
    note: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True)
class Risk:
    """A risk of a case, scored on likelihood and impact (1–3 each)."""

    id: str
    case_id: str
    item: str
    likelihood: int
    impact: int
    scenario: str = ""
    factor: str = ""
    controls: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)

    @property
    def score(self) -> int:
        """Return 可能性 × 影響程度."""
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        """Return 高, 中 or 低."""
        return risk_band(self.score)


@dataclass(frozen=True)
class Measure:
    """A countermeasure against a case's risk."""

    id: str
    case_id: str
    content: str
    owner_units: tuple[str, ...]
    risk_id: str = ""
    category: str = ""
    assist_units: tuple[str, ...] = ()
    deadline: date | str | None = None
    residual_likelihood: int | None = None
    residual_impact: int | None = None
    source: Source = field(default=NO_SOURCE, compare=False)

    @property
    def residual_score(self) -> int | None:
        """Return the residual score when both residual levels are given."""
        if self.residual_likelihood is None or self.residual_impact is None:
            return None
        return self.residual_likelihood * self.residual_impact


TO_MEETING = "提會討論"
ADOPTED = ("採納", "部分採納")


@dataclass(frozen=True)
class Opinion:
    """A unit's revision opinion on the draft, and the ethics office's decision on it."""

    unit: str
    case_id: str
    kind: str
    id: str = ""
    measure_id: str = ""
    proposal: str = ""
    reason: str = ""
    decision: str = ""
    decision_note: str = ""
    final_text: str = ""
    risk_id: str = ""  # the next four describe a proposed new measure (意見類型 新增)
    owner_units: tuple[str, ...] = ()
    assist_units: tuple[str, ...] = ()
    deadline: date | str | None = None
    meeting_decision: str = ""  # what the meeting decided on an opinion 提會討論
    source: Source = field(default=NO_SOURCE, compare=False)

    @property
    def to_meeting(self) -> bool:
        """Return True when the ethics office took the opinion to the meeting (提會討論)."""
        return self.decision == TO_MEETING

    @property
    def outcome(self) -> str:
        """Return the decision that counts: the meeting's for an opinion taken to it."""
        return self.meeting_decision if self.to_meeting else self.decision

    @property
    def adopted(self) -> bool:
        """Return True when the opinion was adopted in full or in part (by the meeting too)."""
        return self.outcome in ADOPTED

    @property
    def adopted_before_meeting(self) -> bool:
        """Return True when the ethics office itself adopted the opinion, before the meeting."""
        return self.decision in ADOPTED


@dataclass(frozen=True)
class MeetingRecord:
    """The 會議 sheet: what happened at the meeting."""

    actual_start: time | None = None
    chair: str = ""
    chair_remarks: str = ""
    motions: str = ""
    adjourned: time | None = None
    recorder: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True)
class Attendee:
    """A person at (or excused from) the meeting."""

    role: str
    unit: str
    title: str = ""
    name: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True)
class Resolution:
    """The meeting's resolution on one discussed case."""

    case_id: str
    discussion: str = ""
    resolution: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True)
class PrivacyWaiver:
    """A row of 個資檢核: text the guard flagged that a named person judged not personal data."""

    matched: str
    by: str
    on: date
    where: str = ""
    reason: str = ""
    source: Source = field(default=NO_SOURCE, compare=False)


@dataclass(frozen=True)
class Project:
    """The whole validated workbook."""

    settings: Settings
    units: tuple[Unit, ...]
    cases: tuple[Case, ...]
    risks: tuple[Risk, ...]
    measures: tuple[Measure, ...]
    opinions: tuple[Opinion, ...] = ()
    meeting: MeetingRecord = MeetingRecord()
    attendees: tuple[Attendee, ...] = ()
    resolutions: tuple[Resolution, ...] = ()
    waivers: tuple[PrivacyWaiver, ...] = ()
    path: Path | None = field(default=None, compare=False)
    present_sheets: frozenset[str] = field(default=frozenset(), compare=False)

    def unit(self, code: str) -> Unit:
        """Return the unit with ``code``."""
        return self._units_by_code[code]

    def unit_names(self, codes: Iterable[str]) -> str:
        """Return the units' names joined with 、."""
        return "、".join(self.unit(code).name for code in codes)

    def case(self, case_id: str) -> Case:
        """Return the case with ``case_id``."""
        return self._cases_by_id[case_id]

    @property
    def discussed_cases(self) -> tuple[Case, ...]:
        """Return the cases with 列入討論 = 是, in 案例編號 order."""
        return tuple(sorted((c for c in self.cases if c.discuss), key=lambda c: natural_key(c.id)))

    def risks_of(self, case_id: str) -> tuple[Risk, ...]:
        """Return the case's risks in 風險編號 order."""
        return self._risks_by_case.get(case_id, ())

    def measures_of(self, case_id: str) -> tuple[Measure, ...]:
        """Return the case's measures in 措施編號 order."""
        return self._measures_by_case.get(case_id, ())

    def resolution_of(self, case_id: str) -> Resolution | None:
        """Return the meeting's resolution on the case, if recorded."""
        return self._resolutions_by_case.get(case_id)

    # Indexes, built on first use: a lookup per case must not scan every record.

    @cached_property
    def _units_by_code(self) -> dict[str, Unit]:
        return first_by(self.units, lambda unit: unit.code)

    @cached_property
    def _cases_by_id(self) -> dict[str, Case]:
        return first_by(self.cases, lambda case: case.id)

    @cached_property
    def _resolutions_by_case(self) -> dict[str, Resolution]:
        return first_by(self.resolutions, lambda resolution: resolution.case_id)

    @cached_property
    def _risks_by_case(self) -> dict[str, tuple[Risk, ...]]:
        return by_case(self.risks)

    @cached_property
    def _measures_by_case(self) -> dict[str, tuple[Measure, ...]]:
        return by_case(self.measures)

    @property
    def recorder(self) -> str:
        """Return who keeps the minutes: 會議!紀錄, else 專案設定!紀錄, else 承辦人."""
        return self.meeting.recorder or self.settings.recorder or self.settings.officer


R = TypeVar("R", "Risk", "Measure")


def first_by(records: Iterable[T], key: Callable[[T], str]) -> dict[str, T]:
    """Return each record by ``key``, the first one where several share a key."""
    index: dict[str, T] = {}
    for record in records:
        index.setdefault(key(record), record)
    return index


def by_case(records: Iterable[R]) -> dict[str, tuple[R, ...]]:
    """Return the records grouped by 案例編號, each group in natural order of its 編號."""
    groups: dict[str, list[R]] = {}
    for record in records:
        groups.setdefault(record.case_id, []).append(record)
    return {
        case_id: tuple(sorted(group, key=lambda r: natural_key(r.id)))
        for case_id, group in groups.items()
    }
