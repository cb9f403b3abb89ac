"""What the agency makes public of each case: the abstracted pattern, never the case itself.

An entry holds the pattern as its title (弊端態樣), the 公開摘要 (never 案情概述), the risk
points with their level before and after controls, the countermeasures as finally adopted
(revision opinions applied) with their 權責單位 and 完成期限, the 參考法條, 發生年度 and
業務類別. Only cases with 列入討論 = 是 and a 公開摘要 are published; every field an entry takes
from the workbook is listed with its cell (:func:`public_texts`) for the personal-data guard.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from docgen.model.assessment import residual_levels
from docgen.model.dates import deadline_text, roc_date
from docgen.model.keys import risk_band
from docgen.problems import Problem, Severity
from docgen.public.guard import PublicText

if TYPE_CHECKING:
    from docgen.model.project import Case, Measure, Opinion, Project, Risk, Source
    from docgen.model.revisions import Revision

NONE = "無"
DEFAULT_CLASSES = ("公共資訊", "政風業務", "其他")


@dataclass(frozen=True)
class RiskLevel:
    """A risk's level: 可能性 × 影響程度 = 風險值, and its band."""

    likelihood: int
    impact: int

    @property
    def score(self) -> int:
        """Return 可能性 × 影響程度."""
        return self.likelihood * self.impact

    @property
    def band(self) -> str:
        """Return 高, 中 or 低."""
        return risk_band(self.score)

    def text(self) -> str:
        """Return 「中（可能性2 × 影響程度2 ＝ 4）」."""
        return f"{self.band}（可能性{self.likelihood} × 影響程度{self.impact} ＝ {self.score}）"

    def short(self) -> str:
        """Return 「中（2×2＝4）」, for a narrow table column."""
        return f"{self.band}（{self.likelihood}×{self.impact}＝{self.score}）"


@dataclass(frozen=True)
class PublicRisk:
    """A risk point: what can go wrong, before and (where rated) after the controls."""

    id: str
    item: str
    before: RiskLevel
    after: RiskLevel | None


@dataclass(frozen=True)
class PublicMeasure:
    """An adopted countermeasure, with the units responsible and its deadline."""

    id: str
    content: str
    owners: str
    deadline: str


@dataclass(frozen=True)
class PublicEntry:
    """One post of the 清廉共同監督專區: one case's abstracted pattern."""

    number: int
    case_id: str
    title: str
    summary: str
    business_type: str
    year: int | None
    statutes: str
    risks: tuple[PublicRisk, ...]
    measures: tuple[PublicMeasure, ...]

    @property
    def year_text(self) -> str:
        """Return 「105年」, or 「未註明」 when the year is not given."""
        return f"{self.year}年" if self.year else "未註明"

    @property
    def category(self) -> str:
        """Return the 業務類別 the preview groups the entry under."""
        return self.business_type or "其他"


@dataclass(frozen=True)
class Post:
    """What the CMS post carries besides its entries: publisher, dates and classification."""

    agency: str
    published: date
    updated: date
    topic: str
    policy: str
    service: str

    @property
    def published_text(self) -> str:
        """Return the 發布日期 as 106年8月15日."""
        return roc_date(self.published)

    @property
    def updated_text(self) -> str:
        """Return the 更新日期 as 106年8月15日."""
        return roc_date(self.updated)

    @property
    def classes(self) -> str:
        """Return 「主題：…；施政：…；服務：…」."""
        return f"主題：{self.topic}；施政：{self.policy}；服務：{self.service}"


def post_of(project: Project) -> Post:
    """Return the post's publisher, dates (default: the meeting day) and classification."""
    settings = project.settings
    published = settings.publish_date or settings.meeting_date
    topic, policy, service = DEFAULT_CLASSES
    return Post(
        agency=settings.agency,
        published=published,
        updated=settings.update_date or published,
        topic=settings.topic_class or topic,
        policy=settings.policy_class or policy,
        service=settings.service_class or service,
    )


def published_cases(project: Project) -> list[Case]:
    """Return the cases that are published: 列入討論 = 是 and a 公開摘要 given."""
    return [case for case in project.discussed_cases if case.public_summary.strip()]


def unpublished_notes(project: Project) -> list[Problem]:
    """Return a warning, naming the cell, for each discussed case left out for want of a summary."""
    return [
        Problem(
            Severity.WARNING,
            case.source.cell("public_summary"),
            f"未填寫，案例「{case.id} {case.name}」不公開於專區",
        )
        for case in project.discussed_cases
        if not case.public_summary.strip()
    ]


def public_entries(project: Project, revision: Revision) -> list[PublicEntry]:
    """Return the entry of every published case, numbered in 案例編號 order."""
    return [
        _entry(project, revision, number, case)
        for number, case in enumerate(published_cases(project), start=1)
    ]


def _entry(project: Project, revision: Revision, number: int, case: Case) -> PublicEntry:
    risks = project.risks_of(case.id)
    measures = revision.of_case(case.id)
    return PublicEntry(
        number=number,
        case_id=case.id,
        title=case.pattern.strip(),
        summary=case.public_summary.strip(),
        business_type=case.business_type.strip(),
        year=case.year,
        statutes=case.statutes.strip(),
        risks=tuple(_risk(risk, measures) for risk in risks),
        measures=tuple(_measure(project, measure) for measure in measures),
    )


def _risk(risk: Risk, measures: tuple[Measure, ...]) -> PublicRisk:
    residual = residual_levels([risk], measures).get(risk.id)
    after = RiskLevel(*residual) if residual else None
    return PublicRisk(risk.id, risk.item.strip(), RiskLevel(risk.likelihood, risk.impact), after)


def _measure(project: Project, measure: Measure) -> PublicMeasure:
    owners = project.unit_names(measure.owner_units) if measure.owner_units else NONE
    deadline = deadline_text(measure.deadline, none=NONE)
    return PublicMeasure(measure.id, measure.content.strip(), owners, deadline)


# --- what the guard scans ---------------------------------------------------------------------


def public_texts(project: Project, revision: Revision) -> list[PublicText]:
    """Return every workbook text the public outputs show, each with its sheet!cell."""
    texts = []
    for case in published_cases(project):
        for name in ("pattern", "public_summary", "statutes", "business_type"):
            texts.append(_text(case.source, name, getattr(case, name)))
        texts.extend(_text(risk.source, "item", risk.item) for risk in project.risks_of(case.id))
        for measure in revision.of_case(case.id):
            texts.append(_measure_text(project, revision, measure))
    return [text for text in texts if text.text.strip()]


def _text(source: Source, name: str, text: str) -> PublicText:
    for field_name, ref, header in source.cells:
        if field_name == name:
            return PublicText(f"{source.sheet}!{ref}", header, text)
    return PublicText(f"{source.sheet}!第{source.row}列", name, text)


def _measure_text(project: Project, revision: Revision, measure: Measure) -> PublicText:
    """Return a measure's text located where it was typed: the adopted opinion, if it changed."""
    if measure.id in revision.changed:
        for opinion in project.opinions:
            if opinion.adopted and opinion.measure_id == measure.id:
                return _text(opinion.source, _typed_in(opinion), measure.content)
    if measure.id in revision.added:
        for opinion in project.opinions:
            if opinion.adopted and opinion.source == measure.source:
                return _text(opinion.source, _typed_in(opinion), measure.content)
    return _text(measure.source, "content", measure.content)


def _typed_in(opinion: Opinion) -> str:
    """Return the column an adopted opinion's text came from: 定案內容 when given, else 建議內容."""
    return "final_text" if opinion.final_text else "proposal"
