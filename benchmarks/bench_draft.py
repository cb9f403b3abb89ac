"""Issue 3: the meeting draft of a 600-case workbook, against a plain docxtpl render.

Baseline: ``DocxTemplate(templates/draft.docx).render(context)`` saved to a BytesIO, with the
very context docgen builds, in this same process. Measured against it: docgen's whole draft
render (load the workbook → validate → context → sandboxed, escaped render → deterministic
zip → reopen check), and its parts. Also the whole ``docgen draft`` process on the example.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from docgen.documents import Options
from docgen.documents.common import settings_context
from docgen.documents.kinds import draft
from docgen.files.paths import example_workbook
from docgen.render.templates import template_path
from docgen.workbook.example import example_content
from docgen.workbook.loader import load_project
from docgen.workbook.writer import write_workbook
from timing import PYTHON, print_table, time_call, time_process

CASES = 600


def big_workbook(target: Path, cases: int = CASES) -> Path:
    """Write a valid workbook with ``cases`` discussed cases copied from the example's six."""
    content = dict(example_content())
    discussed = [c for c in content["案例"] if c["列入討論"] == "是"]
    rows: dict[str, list[dict[str, object]]] = {"案例": [], "風險評估": [], "防制措施": []}
    risk_no = measure_no = 0
    for n in range(cases):
        source = discussed[n % len(discussed)]
        case_id = f"C{n + 1:03d}"
        rows["案例"].append(
            {**source, "案例編號": case_id, "案例名稱": f"{source['案例名稱']}{n + 1}"}
        )
        renamed: dict[object, str] = {}
        for risk in (r for r in content["風險評估"] if r["案例編號"] == source["案例編號"]):
            risk_no += 1
            renamed[risk["風險編號"]] = f"R{risk_no:04d}"
            rows["風險評估"].append({**risk, "風險編號": f"R{risk_no:04d}", "案例編號": case_id})
        for measure in (m for m in content["防制措施"] if m["案例編號"] == source["案例編號"]):
            measure_no += 1
            rows["防制措施"].append(
                {
                    **measure,
                    "措施編號": f"M{measure_no:04d}",
                    "案例編號": case_id,
                    "風險編號": renamed.get(measure["風險編號"], ""),
                }
            )
    content.update(rows, 修正意見=[], 決議=[])
    return write_workbook(target, content)


def docgen_render(path: Path) -> bytes:
    """Return the draft as ``docgen draft`` renders it, from the workbook file."""
    project = load_project(path).project
    (rendered,) = draft.render(project, Options())
    return rendered.data


def plain_render(context: dict[str, object]) -> bytes:
    """Return the same template rendered by docxtpl with its defaults."""
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template_path("draft")))
    document.render(context)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main() -> None:
    """Print the timings and ratios."""
    with tempfile.TemporaryDirectory() as folder:
        path = big_workbook(Path(folder) / "big.xlsx")
        project = load_project(path).project
        context = {**settings_context(project), **draft.context(project)}
        size = len(docgen_render(path))
        baseline = (
            f"plain docxtpl render, {CASES} cases",
            time_call(lambda: plain_render(context)),
        )
        whole = time_call(lambda: docgen_render(path))
        rows = [
            ("docgen draft render (load → context → render → bytes)", whole),
            ("  of which: load and validate the workbook", time_call(lambda: load_project(path))),
            ("  of which: build the context", time_call(lambda: draft.context(project))),
        ]
        print_table(
            f"draft of a {CASES}-case workbook ({size:,} bytes), same process", baseline, rows
        )
        example = str(example_workbook())
        command = [PYTHON, "-m", "docgen", "draft", "-i", example, "-o", folder]
        import_only = [PYTHON, "-c", "import openpyxl, docx, docxtpl, jinja2"]
        print_table(
            "docgen draft on the bundled example, whole process (median of 3)",
            ("import openpyxl, docx, docxtpl, jinja2", time_process(import_only)),
            [("docgen draft (example)", time_process(command))],
        )


if __name__ == "__main__":
    main()
