"""Who is consulted on the draft: the units that get a 修正意見表, and why the others do not.

Every unit of 類別 業務單位 or 幕僚單位 gets a form, except

* a unit whose 「出席」 is 「否」 (the way staff leave a unit out), and
* the ethics office itself, which wrote the draft (:func:`ethics_offices`).

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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from docgen.model.project import Project, Unit

ETHICS_CATEGORY = "政風單位"
_ETHICS_NAME = re.compile(r"政風[室處科組]$")


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


def recipients(project: Project) -> list[Unit]:
    """Return the units that get a form, in the order of the 單位 sheet."""
    offices = {unit.code for unit in ethics_offices(project)}
    return [
        unit
        for unit in project.units
        if unit.is_internal and unit.attends and unit.code not in offices
    ]


def left_out(project: Project) -> list[tuple[Unit, str]]:
    """Return the internal units that get no form, each with the reason in zh-TW."""
    offices = {unit.code for unit in ethics_offices(project)}
    found = []
    for unit in project.units:
        if not unit.is_internal:
            continue
        if unit.code in offices:
            found.append((unit, "主辦單位"))
        elif not unit.attends:
            found.append((unit, "「出席」為「否」"))
    return found
