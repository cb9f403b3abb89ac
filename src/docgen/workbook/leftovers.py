"""Values the bundled example put in a new workbook that nobody changed: another agency's people.

``docgen init`` writes one example row a sheet so that staff see how the sheets fit together;
an item the clerk never touched would print the example's 南區 people in the clerk's own
documents. Every value that still equals the example's, in the items that name a person or a
contact (首長, 政風室主任, 承辦人, 紀錄, phones and e-mail addresses, unit heads), is reported
as a warning naming its cell. The bundled example itself
is not checked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docgen.problems import Problem, Severity
from docgen.workbook import example_data

if TYPE_CHECKING:
    from docgen.model.project import Project

SETTINGS = {
    "head_name": "首長姓名",
    "ethics_director": "政風室主任",
    "officer": "承辦人",
    "phone": "聯絡電話",
    "email": "電子郵件",
    "recorder": "紀錄",
    "city_email": "政風處信箱",
}
UNIT_FIELDS = {"head_name": "主管姓名", "email": "電子郵件"}
FIX = "仍是內建範例的內容，請改為貴機關的資料（或清空）"


def leftovers(project: Project) -> list[Problem]:
    """Return a warning for every identifying value still equal to the bundled example's."""
    example = dict(example_data.SETTINGS)
    found = [
        _warning(project.settings.source.cell(field), value)
        for field, item in SETTINGS.items()
        if (value := str(getattr(project.settings, field) or "")) and value == example.get(item)
    ]
    examples = {str(unit[name]) for unit in example_data.UNITS for name in UNIT_FIELDS.values()}
    for unit in project.units:
        for field in UNIT_FIELDS:
            value = str(getattr(unit, field) or "")
            if value and value in examples:
                found.append(_warning(unit.source.cell(field), value))
    return found


def _warning(where: str, value: str) -> Problem:
    shown = value if len(value) <= 20 else value[:20] + "…"
    return Problem(Severity.WARNING, where, f"「{shown}」{FIX}")
