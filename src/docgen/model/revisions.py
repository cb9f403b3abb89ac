"""Apply the units' adopted revision opinions to the draft's countermeasures.

採納 takes the 建議內容 (or the 定案內容 where given); 部分採納 takes the 定案內容; an adopted
刪除 removes the measure; an adopted 新增 adds one with the opinion's 風險編號, 權責單位 (the
proposing unit when blank), 協辦單位 and 完成期限, numbered after its case's last measure
(M04 → M04-1, M04-2) so that it follows them. 不採納, 待議 and 其他 change nothing. An opinion
taken to the meeting (提會討論) counts as the meeting decided (會議決議) once that is asked
for: not in the pack made before the meeting, in the minutes and everything after them. The
office's adoptions are applied before the meeting's, so the numbers the pack printed never
change.

What cannot be applied unambiguously is reported, never guessed or dropped: two adopted
opinions on one measure (a 刪除 and a 修改, say) stop with both named.
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
    """Return the opinions still 待議 or with no 處理結果 (提會討論 is decided: by the meeting)."""
    return [o for o in ordered(project.opinions) if o.decision in ("", "待議")]


def to_meeting(project: Project) -> list[Opinion]:
    """Return the opinions taken to the meeting (提會討論), in 意見編號 order."""
    return [o for o in ordered(project.opinions) if o.to_meeting]


NO_DECISION_COLUMN = (
    "工作表沒有「會議決議」欄，是較早版本的工作簿：請在標題列最後新增一欄，標題填「會議決議」，"
    "再於該列填寫"
)


def decision_cells(opinions: Iterable[Opinion]) -> str:
    """Return where the meeting's decisions on ``opinions`` go: 「修正意見!K2（會議決議）」.

    A sheet made before the 會議決議 column existed has no such cell: the rows are named and
    the clerk told to add the column, by its header.
    """
    opinions = list(opinions)
    cells = "、".join(o.source.cell("meeting_decision") for o in opinions)
    missing = any(
        not any(name == "meeting_decision" for name, _, _ in o.source.cells) for o in opinions
    )
    return f"{cells}（{NO_DECISION_COLUMN}）" if missing else cells


PARTIAL_WITHOUT_TEXT = "處理結果為「部分採納」，請填寫定案內容（定案的措施文字）"


def apply_revisions(project: Project, meeting: bool = True) -> Revision:
    """Return the project's measures with every adopted opinion applied.

    ``meeting`` says whether the meeting's decisions (會議決議 of opinions 提會討論) count.
    """
    originals = {m.id: m for m in project.measures}
    state = _State(dict(originals))
    adopted = ordered(o for o in project.opinions if _adopted(o, meeting))
    # The office's adoptions first, then the meeting's: a measure the pack numbered M04-1
    # keeps that number in the minutes and everything after them.
    for opinion in sorted(adopted, key=lambda o: o.to_meeting):
        _apply(opinion, originals, state)
    ordered_measures = tuple(sorted(state.measures.values(), key=lambda m: natural_key(m.id)))
    return Revision(
        ordered_measures,
        tuple(state.problems),
        frozenset(state.added),
        frozenset(state.changed),
        frozenset(state.removed),
    )


def after_meeting_problems(project: Project) -> list[Problem]:
    """Return what stops the documents made after the meeting (minutes, publish, submit).

    Every adopted opinion, the meeting's decisions included, that cannot be applied, named by
    its cell: those documents are refused rather than leave the opinion out.
    """
    return list(apply_revisions(project).problems)


def _adopted(opinion: Opinion, meeting: bool) -> bool:
    return opinion.adopted if meeting else opinion.adopted_before_meeting


@dataclass
class _State:
    """The measures while opinions are applied, and what happened to them."""

    measures: dict[str, Measure]
    problems: Problems = field(default_factory=Problems)
    added: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    claimed: dict[str, Opinion] = field(default_factory=dict)


def _apply(opinion: Opinion, originals: dict[str, Measure], state: _State) -> None:
    """Apply one adopted opinion, or report why it cannot be."""
    decision = opinion.outcome
    text = opinion.final_text or (opinion.proposal if decision == "採納" else "")
    if decision == "部分採納" and not opinion.final_text:
        state.problems.error(opinion.source.cell("final_text"), PARTIAL_WITHOUT_TEXT)
        return
    if opinion.kind in ("新增", "修改") and not text:
        state.problems.error(
            opinion.source.cell("final_text"),
            f"已採納的「{opinion.kind}」意見沒有建議內容或定案內容，無法套用；請填寫定案內容",
        )
        return
    if opinion.kind == "新增":
        new = _new_measure(opinion, text, originals, state.measures)
        state.measures[new.id] = new
        state.added.add(new.id)
        return
    if opinion.kind not in ("修改", "刪除") or opinion.measure_id not in originals:
        return  # 其他 changes nothing; an unknown measure is the workbook rules' error
    earlier = state.claimed.get(opinion.measure_id)
    if earlier is not None:
        state.problems.error(opinion.source.cell("decision"), _conflict(earlier, opinion))
        return
    state.claimed[opinion.measure_id] = opinion
    if opinion.kind == "刪除" and not opinion.final_text:
        del state.measures[opinion.measure_id]
        state.removed.add(opinion.measure_id)
    elif text:
        state.measures[opinion.measure_id] = replace(
            state.measures[opinion.measure_id], content=text
        )
        state.changed.add(opinion.measure_id)


def _conflict(earlier: Opinion, later: Opinion) -> str:
    """Return the message naming both adopted opinions on one measure, and the measure."""
    return (
        f"措施「{later.measure_id}」有兩則採納的意見，無法同時套用："
        f"{describe(earlier)}與{describe(later)}；"
        "請將其中一則改為「不採納」，或合併為一則並於定案內容寫明最終文字"
    )


def describe(opinion: Opinion) -> str:
    """Return 「意見O03（修改，修正意見!H4（處理結果））」: which opinion, of what kind, where."""
    name = f"意見{opinion.id}" if opinion.id else "意見"
    return f"{name}（{opinion.kind}，{opinion.source.cell('decision')}）"


def _new_measure(
    opinion: Opinion, text: str, originals: dict[str, Measure], measures: dict[str, Measure]
) -> Measure:
    from docgen.model.project import Measure  # the dataclasses cost import time: load on use

    return Measure(
        id=new_measure_id(opinion.case_id, originals, measures),
        case_id=opinion.case_id,
        content=text,
        owner_units=opinion.owner_units or (opinion.unit,),
        risk_id=opinion.risk_id,
        category="新增",
        assist_units=opinion.assist_units,
        deadline=opinion.deadline,
        source=opinion.source,
    )


def new_measure_id(
    case_id: str, originals: dict[str, Measure], measures: Iterable[str] | dict[str, Measure]
) -> str:
    """Return the number of a measure added to ``case_id``: after the case's last drafted one.

    M04 being the case's last, the new ones are M04-1, M04-2 (sorted right after M04, before
    the next case's M05); a case without measures takes the next number after every other.
    """
    taken = set(measures) | set(originals)
    own = sorted((m.id for m in originals.values() if m.case_id == case_id), key=natural_key)
    if not own:
        return next_measure_id(taken)
    number = 1
    while f"{own[-1]}-{number}" in taken:
        number += 1
    return f"{own[-1]}-{number}"


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
