"""The renderer's quick paths give the very XML of docxtpl's own steps, in linear time."""

import io
import zipfile
from datetime import datetime

import docx
import pytest
from docxtpl import DocxTemplate
from lxml import etree

from docgen.files.paths import templates_dir
from docgen.problems import InputError
from docgen.render.docx import render_docx
from docgen.render.engine import SMALL_SUBTREE, replace_children, resolve_listing

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ROOT = f'<w:document xmlns:w="{W}" xmlns:r="urn:r"><w:body><w:p/></w:body></w:document>'


def rendered_body(rows: int) -> str:
    """Return a body like docxtpl's: namespaces declared on it, a long table, text with tails."""
    run = '<w:r><w:t xml:space="preserve">甲 </w:t></w:r>'
    table = "".join(f"<w:tr><w:tc><w:p>{run}{run}</w:p></w:tc></w:tr>" for _ in range(rows))
    return (
        f'<w:body xmlns:w="{W}" xmlns:r="urn:r"><w:p>{run}</w:p><!-- note -->'
        f'<w:tbl><w:tblPr/>{table}</w:tbl>\n<w:sectPr r:id="x"/></w:body>'
    )


@pytest.mark.parametrize("rows", [3, SMALL_SUBTREE * 3])
def test_moving_the_body_in_pieces_gives_the_xml_of_moving_it_whole(rows):
    whole, pieces = etree.fromstring(ROOT), etree.fromstring(ROOT)
    whole.replace(whole[0], etree.fromstring(rendered_body(rows)))  # what docxtpl does
    replace_children(pieces[0], etree.fromstring(rendered_body(rows)))
    assert etree.tostring(pieces) == etree.tostring(whole)


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["<w:p><w:r><w:t>無換行</w:t></w:r></w:p>"],
        [
            "<w:p><w:pPr><w:jc/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>一\n二\t三</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>平常</w:t></w:r></w:p>",
            '<w:p w:x="1"><w:r><w:t xml:space="preserve">分\f頁\a段</w:t></w:r></w:p>',
        ],
    ],
)
def test_line_breaks_in_values_become_the_markup_docxtpl_gives(paragraphs):
    xml = "<w:body>" + "".join(paragraphs) + "</w:body>"
    assert resolve_listing(xml) == DocxTemplate("unused.docx").resolve_listing(xml)


@pytest.mark.parametrize("name", sorted(p.name for p in templates_dir().glob("*.docx")))
def test_a_bundled_template_is_what_python_docx_would_save_of_it(name):
    """So keeping a template's parts as its bytes, in its order, is what python-docx writes."""
    path = templates_dir() / name
    buffer = io.BytesIO()
    docx.Document(str(path)).save(buffer)
    with zipfile.ZipFile(buffer) as saved, zipfile.ZipFile(path) as template:
        assert saved.namelist() == template.namelist()
        for entry in saved.namelist():
            assert saved.read(entry) == template.read(entry), entry


def broken_styles_template(tmp_path):
    source = tmp_path / "source.docx"
    document = docx.Document()
    document.add_paragraph("{{ value }}")
    document.save(str(source))
    target = tmp_path / "notice.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, b"<w:styles><broken" if info.filename == "word/styles.xml" else data)
    return target


def test_a_staff_template_with_a_broken_styles_part_is_refused(tmp_path):
    with pytest.raises(InputError) as raised:
        render_docx(broken_styles_template(tmp_path), {"value": "甲"}, when=datetime(2017, 8, 15))
    assert "無法重新開啟" in str(raised.value) and "notice.docx" in str(raised.value)
