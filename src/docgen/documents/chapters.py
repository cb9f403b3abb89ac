"""The case chapters shared by the meeting draft and the meeting pack.

One function, :func:`chapter`, turns a case with its risks and its measures (as drafted, or
as revised for the pack) into the plain context one chapter of ``templates/draft.docx`` or
``templates/pack.docx`` renders: 案例來源, 案情概述, 弊端態樣, 涉犯法條及處分結果, the
風險評估 rows, the 3×3 風險圖像 grids and the 防制措施 rows. Everything is already text, so
templates only place values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from docgen.documents.common import NONE
from docgen.model.assessment import residual_levels
from docgen.model.dates import deadline_text
from docgen.model.keys import natural_key, risk_band

if TYPE_CHECKING:
    from docgen.model.project import Case, Measure, Project, Risk

BAND_FILLS: Mapping[str, str] = {"高": "F4CCCC", "中": "FFF2CC", "低": "D9EAD3"}
"""Pale, print-friendly cell shading per band: red, yellow, green tints."""

LIKELIHOODS: Mapping[int, str] = {3: "幾乎確定", 2: "可能", 1: "幾乎不可能"}
IMPACTS: Mapping[int, str] = {1: "輕微", 2: "嚴重", 3: "非常嚴重"}

DEFAULT_PURPOSE = (
    "為落實廉政風險管理，蒐集本機關及他機關貪瀆違失案例，分析其弊端態樣及風險因子，"
    "研訂具體可行之防制措施，經各單位討論後據以執行，俾防杜貪瀆不法，提升機關廉能形象。"
)

Chapter = dict[str, Any]
Placed = Mapping[str, tuple[int, int]]  # risk id → (likelihood, impact)


def chapters(project: Project, measures_of: Callable[[str], Sequence[Measure]]) -> list[Chapter]:
    """Return the chapter context of every discussed case, in 案例編號 order.

    ``measures_of(case_id)`` gives a case's measures: the drafted ones
    (``project.measures_of``) or the revised ones (``Revision.of_case``).
    """
    return [
        chapter(project, case, project.risks_of(case.id), measures_of(case.id))
        for case in project.discussed_cases
    ]


def chapter(
    project: Project, case: Case, risks: Sequence[Risk], measures: Sequence[Measure]
) -> Chapter:
    """Return one case's chapter context: texts, risk rows, grids and measure rows."""
    residual = residual_levels(risks, measures)
    return {
        "id": case.id,
        "name": case.name,
        "source": source_text(case),
        "facts": facts_text(project, case),
        "summary": case.summary or NONE,
        "pattern": case.pattern or NONE,
        "statutes": case.statutes or NONE,
        "outcome": case.outcome or NONE,
        "risks": [risk_row(risk) for risk in risks],
        "grid": grid({risk.id: (risk.likelihood, risk.impact) for risk in risks}),
        "residual_grid": grid(residual) if residual else [],
        "unrated": "、".join(risk.id for risk in risks if risk.id not in residual),
        "measures": [measure_row(project, measure) for measure in measures],
    }


def source_text(case: Case) -> str:
    """Return 「來源類型：出處」, or the 來源類型 alone when there is no 出處."""
    if case.source_ref:
        return f"{case.source_type}：{case.source_ref}"
    return case.source_type or NONE


def facts_text(project: Project, case: Case) -> str:
    """Return 「發生年度：104年；業務類別：社會救助；主責單位：社會課」 from what is given."""
    facts = []
    if case.year is not None:
        facts.append(f"發生年度：{case.year}年")
    if case.business_type:
        facts.append(f"業務類別：{case.business_type}")
    if case.owner_units:
        facts.append(f"主責單位：{project.unit_names(case.owner_units)}")
    return "；".join(facts)


def risk_row(risk: Risk) -> dict[str, Any]:
    """Return one row of the 風險評估 table."""
    return {
        "id": risk.id,
        "item": risk.item or NONE,
        "scenario": risk.scenario or NONE,
        "factor": risk.factor or NONE,
        "controls": risk.controls or NONE,
        "likelihood": str(risk.likelihood),
        "impact": str(risk.impact),
        "score": str(risk.score),
        "band": risk.band,
        "fill": BAND_FILLS[risk.band],
    }


def measure_row(project: Project, measure: Measure) -> dict[str, Any]:
    """Return one row of the 防制措施 table, units by name and the deadline in ROC form."""
    return {
        "id": measure.id,
        "content": measure.content or NONE,
        "risk": measure.risk_id or NONE,
        "category": measure.category or NONE,
        "owners": project.unit_names(measure.owner_units) or NONE,
        "assists": project.unit_names(measure.assist_units) or NONE,
        "deadline": deadline_text(measure.deadline),
    }


def grid(placed: Placed) -> dict[str, str]:
    """Return the 3×3 風險圖像 as {"l3i1": "R01、R04", …}: the risk numbers in each cell.

    The key names the cell by 可能性 (l1–l3) and 影響程度 (i1–i3); every cell is present,
    empty where no risk lands. The template shades each cell by its band.
    """
    ordered = sorted(placed.items(), key=lambda item: natural_key(item[0]))
    return {
        cell_key(likelihood, impact): "、".join(
            risk_id for risk_id, levels in ordered if levels == (likelihood, impact)
        )
        for likelihood in (3, 2, 1)
        for impact in (1, 2, 3)
    }


def cell_key(likelihood: int, impact: int) -> str:
    """Return the grid key of a cell: 可能性 3, 影響程度 1 → "l3i1"."""
    return f"l{likelihood}i{impact}"


def band_fill(likelihood: int, impact: int) -> str:
    """Return the shading of a grid cell, by the band of 可能性 × 影響程度."""
    return BAND_FILLS[risk_band(likelihood * impact)]


def purpose_text(project: Project) -> str:
    """Return the 目的 section: the workbook's text, or a sensible default."""
    return project.settings.purpose.strip() or DEFAULT_PURPOSE


def intro_context(project: Project) -> dict[str, Any]:
    """Return the context of the sections before the chapters: 依據 and 目的."""
    return {"basis": project.settings.basis.strip(), "purpose": purpose_text(project)}


__all__ = [
    "BAND_FILLS",
    "DEFAULT_PURPOSE",
    "IMPACTS",
    "LIKELIHOODS",
    "band_fill",
    "cell_key",
    "chapter",
    "chapters",
    "grid",
    "intro_context",
    "purpose_text",
]
