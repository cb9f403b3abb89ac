"""Who is consulted on the draft: the units that get a 修正意見表, and why the others do not.

Every unit of 類別 業務單位 or 幕僚單位 gets a form, except

* a unit whose 「出席」 is 「否」 (the way staff leave a unit out), and
* the ethics office itself (a unit whose name contains 「政風」), which wrote the draft.

Both the forms (who is sent one) and ``docgen collect`` (who may answer) follow this rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.model.project import Project, Unit

ETHICS_OFFICE = "政風"


def is_ethics_office(unit: Unit) -> bool:
    """Return True for the ethics office, which prepares the draft and gets no form."""
    return ETHICS_OFFICE in unit.name


def recipients(project: Project) -> list[Unit]:
    """Return the units that get a form, in the order of the 單位 sheet."""
    return [
        unit
        for unit in project.units
        if unit.is_internal and unit.attends and not is_ethics_office(unit)
    ]


def left_out(project: Project) -> list[tuple[Unit, str]]:
    """Return the internal units that get no form, each with the reason in zh-TW."""
    found = []
    for unit in project.units:
        if not unit.is_internal:
            continue
        if is_ethics_office(unit):
            found.append((unit, "主辦單位"))
        elif not unit.attends:
            found.append((unit, "「出席」為「否」"))
    return found
