"""What every document kind must meet, derived from the registry: a new kind is tested here too.

For each kind: its templates exist, match their builders and have the official page set-up;
rendered from the bundled example it matches its golden text (``tests/golden/<key>.txt``),
reopens with python-docx and converts with headless LibreOffice; it has a command whose help is
zh-TW.
"""

import io
import re

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from tools.build_templates import TEMPLATES, template_bytes, template_names

from docgen.cli.main import cli
from docgen.documents import Kind, Options, Rendered, all_kinds
from docgen.files.paths import example_workbook, templates_dir
from docgen.workbook.loader import load_project
from support.docx_text import assert_golden, docx_text
from support.pdfcheck import docx_to_pdf, pdf_pages

KINDS = all_kinds()
DOCX_KINDS = [kind for kind in KINDS if kind.format == "docx"]
OTHER_KINDS = [kind for kind in KINDS if kind.format != "docx"]
HIDDEN_IDENTITY = re.compile(r"docgen-form:\{.*?\}(?=\n|$)")


def keyed(kinds: list[Kind]) -> dict[str, list[Kind]]:
    return {"argvalues": kinds, "ids": [kind.key for kind in kinds]}


@pytest.fixture(scope="module")
def example():
    return load_project(example_workbook()).project


@pytest.fixture(scope="module")
def first_documents(example) -> dict[str, Rendered]:
    """Return each kind's first document rendered from the example (forms: the first unit's)."""
    return {kind.key: kind.render(example, Options(force=True))[0] for kind in KINDS}


def test_keys_are_unique_and_every_kind_has_a_stage_title_and_help():
    assert len({kind.key for kind in KINDS}) == len(KINDS)
    assert len({kind.order for kind in KINDS}) == len(KINDS)
    for kind in KINDS:
        assert kind.title and re.search(r"[\u4e00-\u9fff]", kind.help)
        assert kind.short_help and len(kind.short_help) < len(kind.help)


@pytest.mark.parametrize("kind", **keyed(KINDS))
def test_every_kind_has_its_own_command_with_the_kinds_help(kind):
    command = cli.commands[kind.key]
    assert command.help == kind.help
    options = {name for parameter in command.params for name in parameter.opts}
    assert {"-i", "-o", "-t"} <= options
    assert ("--force" in options) == (kind.force_help is not None)


@pytest.mark.parametrize("name", template_names())
def test_committed_template_matches_its_builder(name):
    """Regenerate with ``python -m tools.build_templates NAME`` after changing the builder."""
    assert (TEMPLATES / f"{name}.docx").read_bytes() == template_bytes(name)


@pytest.mark.parametrize("name", template_names())
def test_template_has_the_official_setup(name):
    document = docx.Document(str(templates_dir() / f"{name}.docx"))
    section = document.sections[0]
    assert {round(section.page_width.cm, 1), round(section.page_height.cm, 1)} == {21.0, 29.7}
    assert round(section.left_margin.cm, 1) == round(Cm(2.5).cm, 1)
    compat = document.settings.element.find(qn("w:compat"))
    assert compat is not None and compat.find(qn("w:doNotExpandShiftReturn")) is not None
    fonts = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "標楷體"
    assert fonts.get(qn("w:ascii")) == "Times New Roman"


def test_every_kind_has_a_template_and_nothing_else_is_there():
    present = {p.stem for p in templates_dir().glob("*.docx")}
    assert present == set(template_names())


@pytest.mark.parametrize("kind", **keyed(OTHER_KINDS))
def test_templates_of_other_formats_are_bundled(kind):
    for name in kind.template_names:
        assert (templates_dir() / f"{name}.{kind.format}").is_file()


def readable(kind: Kind, data: bytes) -> str:
    """Return a rendered document as golden text: a .docx's visible text, else its own text."""
    if kind.format == "docx":
        return HIDDEN_IDENTITY.sub("〔識別資料〕", docx_text(data))
    return data.decode("utf-8-sig")


@pytest.mark.parametrize("kind", **keyed(list(KINDS)))
def test_golden_text_of_the_example(kind, first_documents):
    assert_golden(readable(kind, first_documents[kind.key].data), f"{kind.key}.txt")


@pytest.mark.soffice
@pytest.mark.parametrize("kind", **keyed(DOCX_KINDS))
def test_the_example_reopens_and_converts_with_its_text(kind, first_documents, tmp_path):
    rendered = first_documents[kind.key]
    reopened = docx.Document(io.BytesIO(rendered.data))
    assert reopened.core_properties.title
    pdf = docx_to_pdf(rendered.data, tmp_path, rendered.relative_path.name)
    pages = pdf_pages(pdf)
    assert pages and kind.title[:2] in "".join(pages).replace(" ", "")
