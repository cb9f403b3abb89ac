"""The renderer gives what docxtpl and python-docx give: the oracle is docxtpl itself.

Every document of ``docgen build --force`` for the example and the stress workbook, and a
hand-made template using what docgen's own templates do not (headers and footers with tags,
footnotes, a loop over table cells, a drawing, tabs and page breaks in values), is rendered
both ways; every entry of the package must be the same bytes, in the same order, and the core
properties the same values.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docxtpl import DocxTemplate
from lxml import etree

from docgen.documents import Options
from docgen.files.paths import resolve_input
from docgen.ooxml.namespaces import restore_core_properties_prefix
from docgen.render import docx as renderer
from docgen.render.sandbox import environment
from docgen.render.stamp import stamp
from docgen.workbook.loader import load_project
from support.imports import imported
from support.stress import stress_workbook

CORE = "docProps/core.xml"


def docxtpl_render(template: Path, context: dict[str, Any], when: datetime, title: str) -> bytes:
    """Return the document as docxtpl renders it and python-docx saves it (docgen's passes run)."""
    document = DocxTemplate(str(template))
    document.render(dict(context), jinja_env=environment(), autoescape=True)
    restore_core_properties_prefix()
    body = document.docx.element.body
    renderer._order_cell_properties(body)
    renderer._open_id_lists(body)
    properties = document.docx.core_properties
    naive = stamp(when).astimezone(UTC).replace(tzinfo=None)
    properties.created = properties.modified = properties.last_printed = naive
    properties.revision = 1
    properties.author = properties.last_modified_by = "docgen"
    if title:
        properties.title = title
    buffer = io.BytesIO()
    document.docx.save(buffer)
    return buffer.getvalue()


def entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def core_values(data: bytes) -> dict[str, str]:
    return {element.tag: element.text or "" for element in etree.fromstring(data)}


def assert_same_document(ours: bytes, theirs: bytes) -> None:
    mine, oracle = entries(ours), entries(theirs)
    assert [name for name, _ in mine] == [name for name, _ in oracle]
    for (name, data), (_, expected) in zip(mine, oracle, strict=True):
        if name == CORE:
            assert core_values(data) == core_values(expected)
        else:
            assert data == expected, name


def recorded_calls(monkeypatch, workbook: Path, out: Path) -> list[tuple[Any, ...]]:
    """Return the (template, context, when, title) of every document a forced build renders."""
    from docgen.build import build

    calls: list[tuple[Any, ...]] = []
    original = renderer.render_docx

    def recording(template, context, when, title="", filters=None):
        calls.append((template, dict(context), when, title))
        return original(template, context, when, title, filters)

    with monkeypatch.context() as patched:
        patched.setattr(renderer, "render_docx", recording)
        build(load_project(workbook).project, out, Options(force=True))
    return calls


@pytest.mark.parametrize("workbook", ["example", "stress"])
def test_every_document_is_what_docxtpl_gives(monkeypatch, tmp_path, workbook):
    path = resolve_input(None)[0] if workbook == "example" else stress_workbook(tmp_path)
    calls = recorded_calls(monkeypatch, path, tmp_path / "out")
    assert len({template.name for template, *_ in calls}) >= 6
    for template, context, when, title in calls:
        ours = renderer.render_docx(template, context, when, title)
        assert_same_document(ours, docxtpl_render(template, context, when, title))


def hand_made_template(path: Path) -> Path:
    """Write a template with tags in its header, footer and footnotes, and a cell loop."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "頁首：{{ name }}"
    section.footer.paragraphs[0].text = "頁尾：{{ note }}"
    document.add_paragraph("本文：{{ name }}，{{ note }}")
    table = document.add_table(rows=2, cols=3)  # the loop makes the first row wider
    table.cell(0, 0).text = "{%tc for v in columns %}"
    table.cell(0, 1).text = "{{ v }}"
    table.cell(0, 2).text = "{%tc endfor %}"
    table.cell(1, 0).text = "尾列"
    document.add_paragraph("{%p if flag %}")
    document.add_paragraph("條件段落")
    document.add_paragraph("{%p endif %}")
    document.core_properties.subject = "{{ name }}的主旨"
    document.save(str(path))
    return path


def test_a_template_with_every_part_rendered_is_what_docxtpl_gives(tmp_path):
    template = hand_made_template(tmp_path / "hand.docx")
    context = {
        "name": "甲&乙<丙>",
        "note": "一\n二\t三\f四",
        "columns": ["A", "B", "C", "D", "E"],
        "flag": True,
    }
    when = datetime(2017, 8, 15, tzinfo=UTC)
    ours = renderer.render_docx(template, context, when, "標題")
    assert_same_document(ours, docxtpl_render(template, context, when, "標題"))
    body = dict(entries(ours))["word/document.xml"].decode()
    assert body.count("<w:gridCol ") == 5 and "<w:br/>" in body and "<w:tab/>" in body


def test_rendering_never_imports_python_docx_nor_docxtpl(tmp_path):
    template = hand_made_template(tmp_path / "hand.docx")
    code = (
        "from datetime import datetime\n"
        "from pathlib import Path\n"
        "from docgen.render.docx import render_docx\n"
        f"render_docx(Path({str(template)!r}), {{'name': '甲', 'note': '乙', 'columns': ['A'],"
        " 'flag': False}, datetime(2017, 8, 15))\n"
    )
    modules = ["docx", "docxtpl", "openpyxl"]
    # The first run fills the private cache with docxtpl's clean-up; the next finds it there.
    assert imported(code, modules, home=tmp_path) == ["docx", "docxtpl"]
    assert imported(code, modules, home=tmp_path) == []


def test_a_staff_template_rendering_into_broken_xml_is_refused_by_name(tmp_path):
    from docgen.problems import InputError

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "{{ '<w:p>'|safe }}"  # markup let through
    document.add_paragraph("本文")
    document.save(str(tmp_path / "header.docx"))
    with pytest.raises(InputError) as caught:
        renderer.render_docx(tmp_path / "header.docx", {}, datetime(2017, 8, 15))
    (problem,) = caught.value.problems
    assert problem.where == "範本「header.docx」" and "不是正確的 Word 文件" in problem.message


@pytest.mark.parametrize(
    "damage",
    [b"<w:document", b'<w:document xmlns:w="urn:not-word"/>', b"\xff\xfe"],
    ids=["not xml", "no body", "not utf-8"],
)
def test_a_template_whose_main_document_is_damaged_is_refused_by_name(tmp_path, damage):
    from docgen.problems import InputError

    source = hand_made_template(tmp_path / "source.docx")
    target = tmp_path / "damaged.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, damage if info.filename == "word/document.xml" else data)
    with pytest.raises(InputError) as caught:
        renderer.render_docx(target, {"name": "甲"}, datetime(2017, 8, 15))
    (problem,) = caught.value.problems
    assert "damaged.docx" in problem.where


def test_a_template_that_inflates_past_the_cap_is_refused_by_name(tmp_path, monkeypatch):
    from docgen.problems import InputError
    from docgen.render import engine

    monkeypatch.setattr(engine, "MAX_TEMPLATE_BYTES", 20_000)
    target = hand_made_template(tmp_path / "big.docx")
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr("word/media/filler.bin", b"\0" * 50_000, zipfile.ZIP_DEFLATED)
    with pytest.raises(InputError) as caught:
        renderer.render_docx(target, {"name": "甲"}, datetime(2017, 8, 15))
    assert "big.docx" in caught.value.problems[0].where
