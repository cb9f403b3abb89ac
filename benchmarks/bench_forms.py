"""Issue 4: whole-process ``docgen forms`` on the example and on 60 units × 600 measures.

Baseline: a plain docxtpl render of the forms, as a whole process too: a fresh interpreter that
imports docxtpl, renders ``templates/forms.docx`` with one unit's context (the very context
docgen builds, read from a JSON file) once per unit and saves each to memory. It is the least
any tool rendering these forms with docxtpl pays; docgen adds reading and validating the
workbook, the sandboxed escaping render, the hidden identity and writing the files. The bare
import of the dependencies is printed too, as the floor of any such process.

One run of each (the large ones take seconds); ratios are against the baseline of that size.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from docgen.documents.common import settings_context
from docgen.documents.kinds.forms import unit_context
from docgen.model.consultation import recipients
from docgen.render.templates import template_path
from docgen.workbook.example import example_content
from docgen.workbook.loader import load_project
from docgen.workbook.writer import write_workbook
from timing import PYTHON, print_table, time_process

UNITS = 60
MEASURES = 600

PLAIN_RENDER = """
import io, json, sys
from docxtpl import DocxTemplate
template, context_file, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
context = json.load(open(context_file, encoding="utf-8"))
for _ in range(count):
    document = DocxTemplate(template)
    document.render(context, autoescape=True)
    document.save(io.BytesIO())
"""


def workbook(target: Path, units: int | None = None, measures: int | None = None) -> Path:
    """Write the example, not yet approved; with ``units``/``measures``, grown to that size."""
    content = dict(example_content())
    content["專案設定"] = [(k, v) for k, v in content["專案設定"] if k != "核定日期"]
    if units is not None:
        content["單位"] = [*content["單位"], *_more_units(content, units)]
    if measures is not None:
        content.update(_more_cases(content, measures), 修正意見=[], 決議=[])
    return write_workbook(target, content)


def _more_units(content: dict, units: int) -> list[dict[str, object]]:
    """Return business units 第1課… so that ``units`` units get a form in all."""
    have = sum(
        1 for u in content["單位"] if u["類別"] != "受邀單位" and "政風" not in u["單位名稱"]
    )
    return [
        {"單位代碼": f"U{n:02d}", "單位名稱": f"第{n}課", "類別": "業務單位", "出席": "是"}
        for n in range(1, units - have + 1)
    ]


def _more_cases(content: dict, measures: int) -> dict[str, list[dict[str, object]]]:
    """Return 案例/風險評估/防制措施 rows copied from the example until ``measures`` measures."""
    discussed = [c for c in content["案例"] if c["列入討論"] == "是"]
    rows: dict[str, list[dict[str, object]]] = {"案例": [], "風險評估": [], "防制措施": []}
    n = 0
    while len(rows["防制措施"]) < measures:
        source = discussed[n % len(discussed)]
        n += 1
        case_id = f"C{n:03d}"
        rows["案例"].append({**source, "案例編號": case_id, "案例名稱": f"{source['案例名稱']}{n}"})
        renamed = {}
        for risk in (r for r in content["風險評估"] if r["案例編號"] == source["案例編號"]):
            renamed[risk["風險編號"]] = f"R{len(rows['風險評估']) + 1:04d}"
            rows["風險評估"].append(
                {**risk, "風險編號": renamed[risk["風險編號"]], "案例編號": case_id}
            )
        for measure in (m for m in content["防制措施"] if m["案例編號"] == source["案例編號"]):
            if len(rows["防制措施"]) == measures:
                break
            rows["防制措施"].append(
                {
                    **measure,
                    "措施編號": f"M{len(rows['防制措施']) + 1:04d}",
                    "案例編號": case_id,
                    "風險編號": renamed.get(measure["風險編號"], ""),
                }
            )
    return rows


def measure(label: str, path: Path, folder: Path, repeat: int) -> None:
    """Time ``docgen forms`` on ``path`` against the plain docxtpl render of its forms."""
    project = load_project(path).project
    units = recipients(project)
    context = {**settings_context(project), **unit_context(project, units[0])}
    context_file = folder / f"{path.stem}.json"
    context_file.write_text(json.dumps(context, ensure_ascii=False), encoding="utf-8")
    template = str(template_path("forms"))
    plain = [PYTHON, "-c", PLAIN_RENDER, template, str(context_file), str(len(units))]
    baseline = (
        f"plain docxtpl render of one unit's form × {len(units)}, whole process",
        time_process(plain, repeat),
    )
    forms = [PYTHON, "-m", "docgen", "forms", "-i", str(path), "-o", str(folder / path.stem)]
    imports = [PYTHON, "-c", "import openpyxl, docx, docxtpl, jinja2, lxml"]
    rows = [
        ("bare import of the dependencies", time_process(imports, repeat)),
        (f"docgen forms ({len(units)} forms)", time_process(forms, repeat)),
    ]
    print_table(f"{label}: {len(units)} units, {len(project.measures)} measures", baseline, rows)


def main() -> None:
    """Print the timings and ratios."""
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        example = workbook(folder / "example.xlsx")
        measure("docgen forms, example (median of 3)", example, folder, repeat=3)
        big = workbook(folder / "big.xlsx", units=UNITS, measures=MEASURES)
        measure("docgen forms, large workbook (one run)", big, folder, repeat=1)


if __name__ == "__main__":
    main()
