"""Who is consulted on the draft: the units that get a 修正意見表, why, and why the others do not.

Consultation follows involvement, not attendance. An internal unit (類別 業務單位 or 幕僚單位)
gets a form when

* it is involved in a discussed case: 主責單位 of the case, or 權責單位 or 協辦單位 of one of
  the case's measures, whatever its 「出席」 says (a unit that does not attend still answers for
  its own measures); or
* it attends the meeting (「出席」 not 「否」): it may comment on every case.

Every form holds every discussed case, the unit's own first. No form goes to

* an uninvolved unit whose 「出席」 is 「否」 (the way staff leave a unit out);
* the ethics office itself, which wrote the draft (:func:`ethics_offices`);
* a 受邀單位 (an outside agency: the city's 政風處, an invited advisor). The draft is the agency's
  internal paper before the head approves it, and the form's answers are sealed for the agency's
  own units; an outside agency named 權責單位 or 協辦單位 of a measure is listed with those
  measures, so that staff ask for its view by letter or telephone.

The ethics office is marked, not guessed from a word in a name (財政風險管理科 holds 「政風」 and
is a unit like any other): it is the unit whose 類別 is 「政風單位」. A workbook where no unit
is so marked (every workbook made before the marker existed, the bundled example among them)
keeps working: there, it is the agency's own unit whose name is, or ends with, 政風室, 政風處,
政風科 or 政風組.

Both the forms (who is sent one) and ``docgen collect`` (who may answer) follow this rule.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from docgen.model.keys import natural_key

if TYPE_CHECKING:
    from docgen.model.project import Project, Unit

ETHICS_CATEGORY = "政風單位"
_ETHICS_NAME = re.compile(r"政風[室處科組]$")
ATTENDING = "出席會議"


@dataclass(frozen=True)
class Involvement:
    """What a unit answers for in the discussed cases: cases it owns, measures it owns or helps."""

    cases: tuple[str, ...] = ()
    owned_measures: tuple[str, ...] = ()
    assisted_measures: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.cases or self.owned_measures or self.assisted_measures)

    def text(self) -> str:
        """Return 「主責案例 C01；權責措施 M03、M04；協辦措施 M05」, the parts that apply."""
        parts = [
            (label, ids)
            for label, ids in (
                ("主責案例", self.cases),
                ("權責措施", self.owned_measures),
                ("協辦措施", self.assisted_measures),
            )
            if ids
        ]
        return "；".join(f"{label} {'、'.join(ids)}" for label, ids in parts)


@dataclass(frozen=True)
class Consulted:
    """A unit that gets a form, and why: its involvement, or its attending the meeting."""

    unit: Unit
    involvement: Involvement = field(default_factory=Involvement)

    @property
    def reason(self) -> str:
        """Return why the unit gets a form, in zh-TW."""
        if not self.involvement:
            return ATTENDING
        if not self.unit.attends:
            return f"{self.involvement.text()}（「出席」為「否」，仍依權責徵詢）"
        return self.involvement.text()


def ethics_offices(project: Project) -> tuple[Unit, ...]:
    """Return the units that are the ethics office: those marked 政風單位, else by their name."""
    marked = tuple(unit for unit in project.units if unit.category == ETHICS_CATEGORY)
    if marked:
        return marked
    return tuple(unit for unit in project.units if unit.is_internal and _named_ethics(unit))


def _named_ethics(unit: Unit) -> bool:
    name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", unit.name))
    return bool(_ETHICS_NAME.search(name))


def is_ethics_office(unit: Unit, project: Project) -> bool:
    """Return True for the ethics office, which prepares the draft and gets no form."""
    return any(office.code == unit.code for office in ethics_offices(project))


def involvements(project: Project) -> dict[str, Involvement]:
    """Return, by unit code, what each unit answers for in the discussed cases (one pass)."""
    cases: dict[str, list[str]] = {}
    owned: dict[str, list[str]] = {}
    assisted: dict[str, list[str]] = {}
    discussed = project.discussed_cases
    for case in discussed:
        for code in case.owner_units:
            _add(cases, code, case.id)
    order = {case.id: number for number, case in enumerate(discussed)}
    measures = sorted(
        (m for m in project.measures if m.case_id in order),
        key=lambda m: (order[m.case_id], natural_key(m.id)),
    )
    for measure in measures:
        for code in measure.owner_units:
            _add(owned, code, measure.id)
        for code in measure.assist_units:
            _add(assisted, code, measure.id)
    codes = {*cases, *owned, *assisted}
    return {
        code: Involvement(
            tuple(cases.get(code, ())),
            tuple(owned.get(code, ())),
            tuple(assisted.get(code, ())),
        )
        for code in codes
    }


def _add(found: dict[str, list[str]], code: str, item: str) -> None:
    items = found.setdefault(code, [])
    if item not in items:
        items.append(item)


def consulted(project: Project) -> list[Consulted]:
    """Return the units that get a form, in the order of the 單位 sheet, each with its reason."""
    offices = {unit.code for unit in ethics_offices(project)}
    involved = involvements(project)
    found = []
    for unit in project.units:
        involvement = involved.get(unit.code, Involvement())
        if not unit.is_internal or unit.code in offices:
            continue
        if involvement or unit.attends:
            found.append(Consulted(unit, involvement))
    return found


def recipients(project: Project) -> list[Unit]:
    """Return the units that get a form, in the order of the 單位 sheet."""
    return [item.unit for item in consulted(project)]


def left_out(project: Project) -> list[tuple[Unit, str]]:
    """Return every unit that gets no form, each with the reason in zh-TW."""
    offices = {unit.code for unit in ethics_offices(project)}
    involved = involvements(project)
    found = []
    for unit in project.units:
        involvement = involved.get(unit.code, Involvement())
        if unit.code in offices:
            found.append((unit, "主辦單位"))
        elif not unit.is_internal:
            found.append((unit, _invited(involvement)))
        elif not involvement and not unit.attends:
            found.append((unit, "「出席」為「否」，且未主責、權責或協辦討論案例"))
    return found


def _invited(involvement: Involvement) -> str:
    if not involvement:
        return "受邀單位"
    return f"受邀單位，{involvement.text()}；外機關不在本機關內部徵詢範圍，如需其意見請另行洽詢"
