"""Workbook content for ``docgen init``: the full example, or one consistent example row a sheet.

The rows come from :mod:`.example_data`, keyed by the sheets' headers exactly as staff see
them, so the bundled example workbook and the blank workbook's example rows never disagree.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from docgen.workbook import example_data as data
from docgen.workbook.content import Content, cell_value, example_row
from docgen.workbook.values import clean_text


def example_content() -> Content:
    """Return the whole bundled example: 臺南市南區區公所's 廉政細工專案 2.0."""
    return {
        "專案設定": data.SETTINGS,
        "單位": data.UNITS,
        "案例": data.CASES,
        "風險評估": data.RISKS,
        "防制措施": data.MEASURES,
        "修正意見": data.OPINIONS,
        "會議": data.MEETING,
        "出席": data.ATTENDANCE,
        "決議": data.RESOLUTIONS,
    }


def starter_examples() -> Content:
    """Return the blank workbook's guidance: one consistent example row per sheet.

    The rows follow one case of the example with a single responsible unit, so they show
    staff how every sheet refers to the others. :func:`docgen.workbook.writer.write_workbook`
    marks them (「範例：」 in the first cell, the 填寫範例 column of key-value sheets) and the
    loader never reads them, so no example person or resolution reaches a document.
    """
    case = next(c for c in data.CASES if "、" not in str(c["主責單位"]))
    unit_code = str(case["主責單位"])
    unit = next(u for u in data.UNITS if u["單位代碼"] == unit_code)
    risk = next(r for r in data.RISKS if r["案例編號"] == case["案例編號"])
    measure = {
        **next(m for m in data.MEASURES if m.get("風險編號") == risk["風險編號"]),
        "權責單位": unit_code,
        "協辦單位": "",
    }
    opinion = {
        **next(o for o in data.OPINIONS if o["意見類型"] == "修改"),
        "單位": unit_code,
        "案例編號": case["案例編號"],
        "措施編號": measure["措施編號"],
    }
    return {
        "專案設定": data.SETTINGS,
        "單位": [unit],
        "案例": [case],
        "風險評估": [risk],
        "防制措施": [measure],
        "修正意見": [opinion],
        "會議": data.MEETING,
        "出席": [next(a for a in data.ATTENDANCE if a.get("單位") == unit_code)],
        "決議": [next(r for r in data.RESOLUTIONS if r["案例編號"] == case["案例編號"])],
    }


def is_shipped_example(sheet: str, values: Mapping[str, object]) -> bool:
    """Return True when ``values`` (cell values by header) still are an example row of ``sheet``.

    Compared as the cells show, after the writer's own conversion (dates as ROC text).
    """
    found = {name: _shown(value) for name, value in values.items()}
    return any(
        all(found.get(name, "") == shown for name, shown in example.items())
        for example in _shipped_rows(sheet)
    )


@functools.cache
def _shipped_rows(sheet: str) -> tuple[dict[str, str], ...]:
    """Return the blank workbook's marked example rows of ``sheet``, as their cells show."""
    rows = starter_examples().get(sheet, ())
    return tuple({k: _shown(v) for k, v in example_row(r).items()} for r in rows)


def _shown(value: object) -> str:
    """Return a cell's value as text, as the written workbook shows it."""
    return clean_text(cell_value(value))[0] if value is not None else ""
