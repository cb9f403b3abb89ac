"""Apply the units' adopted revision opinions to the draft's countermeasures.

採納 takes the 建議內容 (or the 定案內容 where given); 部分採納 takes the 定案內容; an adopted
刪除 removes the measure; an adopted 新增 adds one, owned by the proposing unit. 不採納, 待議 and
其他 change nothing. What cannot be applied unambiguously is reported, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from docgen.model.keys import natural_key
from docgen.problems import Problem, Problems

if TYPE_CHECKING:
    from docgen.model.project import Measure, Opinion, Project


@dataclass(frozen=True)
class Revision:
    """The measures after revision, and the problems that stop a final pack."""

    measures: tuple[Measure, ...]
    problems: tuple[Problem, ...] = field(default=())
    added: frozenset[str] = field(default=frozenset())
    changed: frozenset[str] = field(default=frozenset())
    removed: frozenset[str] = field(default=frozenset())

    def of_case(self, case_id: str) -> tuple[Measure, ...]:
        """Return the revised measures of one case, in 措施編號 order."""
        return self._by_case.get(case_id, ())

    @cached_property
    def _by_case(self) -> dict[str, tuple[Measure, ...]]:
        from docgen.model.project import by_case  # the dataclasses cost import time: load on use

        return by_case(self.measures)


def ordered(opinions: Iterable[Opinion]) -> list[Opinion]:
    """Return opinions in 意見編號 order (those without one last, in sheet order)."""
    return sorted(opinions, key=lambda o: (not o.id, natural_key(o.id), o.source.row))


def undecided(project: Project) -> list[Opinion]:
    """Return the opinions still 待議 or with no 處理結果."""
    return [o for o in ordered(project.opinions) if o.decision in ("", "待議")]


def apply_revisions(project: Project) -> Revision:
    """Return the project's measures with every adopted opinion applied."""
    measures = {m.id: m for m in project.measures}
    problems = Problems()
    changed: set[str] = set()
    removed: set[str] = set()
    added: set[str] = set()
    claimed: dict[str, Opinion] = {}
    for opinion in ordered(o for o in project.opinions if o.adopted):
        text = opinion.final_text or (opinion.proposal if opinion.decision == "採納" else "")
        if opinion.decision == "部分採納" and not opinion.final_text:
            problems.error(
                opinion.source.cell("final_text"), "處理結果為「部分採納」，請填寫定案內容"
            )
            continue
        if opinion.kind in ("新增", "修改") and not text:
            problems.error(
                opinion.source.cell("final_text"),
                f"已採納的「{opinion.kind}」意見沒有建議內容或定案內容，無法套用；請填寫定案內容",
            )
            continue
        if opinion.kind == "新增":
            new = _new_measure(opinion, text, measures)
            measures[new.id] = new
            added.add(new.id)
            continue
        if opinion.kind not in ("修改", "刪除") or opinion.measure_id not in measures:
            continue
        earlier = claimed.get(opinion.measure_id)
        if earlier is not None:
            problems.error(
                opinion.source.cell("decision"),
                f"措施「{opinion.measure_id}」已有另一則採納的意見（{earlier.source.cell('decision')}），"
                "請合併為一則並於定案內容寫明最終文字",
            )
            continue
        claimed[opinion.measure_id] = opinion
        if opinion.kind == "刪除" and not opinion.final_text:
            del measures[opinion.measure_id]
            removed.add(opinion.measure_id)
        elif text:
            measures[opinion.measure_id] = replace(measures[opinion.measure_id], content=text)
            changed.add(opinion.measure_id)
    ordered_measures = tuple(sorted(measures.values(), key=lambda m: natural_key(m.id)))
    return Revision(
        ordered_measures, tuple(problems), frozenset(added), frozenset(changed), frozenset(removed)
    )


def _new_measure(opinion: Opinion, text: str, measures: dict[str, Measure]) -> Measure:
    from docgen.model.project import Measure  # the dataclasses cost import time: load on use

    return Measure(
        id=next_measure_id(measures),
        case_id=opinion.case_id,
        content=text,
        owner_units=(opinion.unit,),
        category="新增",
        source=opinion.source,
    )


def next_measure_id(measures: Iterable[str] | dict[str, Measure]) -> str:
    """Return the next 措施編號 after the highest one (M23 → M24; keeps zero padding)."""
    best: tuple[int, str, int] | None = None
    for measure_id in measures:
        match = re.fullmatch(r"(.*?)(\d+)", measure_id)
        if match and (best is None or int(match.group(2)) > best[0]):
            best = (int(match.group(2)), match.group(1), len(match.group(2)))
    if best is None:
        return "M1"
    number, prefix, width = best
    return f"{prefix}{number + 1:0{width}d}"
