"""The renderer every document goes through: exact text, sandboxed templates, clear tag errors."""

import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from docx.oxml.ns import qn

from docgen.files.paths import templates_dir
from docgen.problems import InputError
from docgen.render.docx import render_docx
from support.docx_text import docx_text

EXACT = "A&B <c> \"引號\" '單' {{ 7*7 }} {% for %} {_{ }_} {# x #} 😀 𠀀\n第二行"


def template(tmp_path, *paragraphs: str, name: str = "t.docx"):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / name
    document.save(str(path))
    return path


def render(path, context=None) -> bytes:
    return render_docx(path, context or {}, when=datetime(2017, 8, 15))


def test_values_appear_exactly_as_typed_with_line_breaks(tmp_path):
    data = render(template(tmp_path, "{{ value }}"), {"value": EXACT})
    paragraph = docx.Document(io.BytesIO(data)).paragraphs[0]
    assert paragraph.text == EXACT
    assert paragraph._p.xml.count("<w:br/>") == 1


def test_a_5000_character_value(tmp_path):
    value = "廉" * 4999 + "𠀀"
    data = render(template(tmp_path, "{{ value }}"), {"value": value})
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == value


def test_same_inputs_give_the_same_bytes_and_epoch_is_honoured(tmp_path, monkeypatch):
    path = template(tmp_path, "{{ value }}")
    assert render(path, {"value": "甲"}) == render(path, {"value": "甲"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1502755200")
    data = render(path, {"value": "甲"})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2017, 8, 15, 0, 0, 0)}
    properties = docx.Document(io.BytesIO(data)).core_properties
    assert properties.modified == datetime(2017, 8, 15, tzinfo=UTC) and properties.revision == 1


@pytest.mark.parametrize(
    "paragraphs, message",
    [
        (["{{ agency }"], "標籤「{{ agency }」多了一個「}」或少了對應的左括號"),
        (["{{ agnecy }}"], "標籤「{{ agnecy }}」使用了不存在的欄位「agnecy」"),
        (
            ["{%p for x in items %}", "{{ x }}"],
            "標籤「{% for x in items %}」沒有對應的「{% endfor %}」",
        ),
        (["{% if agency %}a{% endfor %}"], "的「{% endfor %}」沒有對應的開始標籤"),
        (["{{ agency agency }}"], "中有多餘的「agency」"),
        (["{{ ''.__class__.__mro__ }}"], "標籤使用了不允許的操作"),
    ],
)
def test_template_errors_name_the_template_and_the_tag(tmp_path, paragraphs, message):
    path = template(tmp_path, *paragraphs, name="自訂範本.docx")
    with pytest.raises(InputError) as caught:
        render(path, {"agency": "臺南市南區區公所", "items": ["1"]})
    (problem,) = caught.value.problems
    assert problem.where == "範本「自訂範本.docx」"
    assert message in problem.message
    assert "Jinja" not in problem.message and "unexpected" not in problem.message


def test_a_tag_split_across_runs_by_word_still_renders(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("機關：")
    for piece in ("{", "{ age", "ncy }", "}"):
        paragraph.add_run(piece).bold = piece == "{ age"
    path = tmp_path / "split.docx"
    document.save(str(path))
    assert "機關：臺南市南區區公所" in docx_text(render(path, {"agency": "臺南市南區區公所"}))


def test_a_file_that_is_not_a_template(tmp_path):
    path = tmp_path / "draft.docx"
    path.write_text("not a docx", encoding="utf-8")
    with pytest.raises(InputError, match="範本檔無法開啟"):
        render(path)


def staff_signin_template(folder, added: str):
    """Return a folder holding the sign-in template as staff edited it: one paragraph added."""
    folder.mkdir()
    edited = docx.Document(str(templates_dir() / "signin.docx"))
    edited.add_paragraph(added)
    edited.save(str(folder / "signin.docx"))
    return folder


def test_staff_templates_through_the_command_line(run, tmp_path):
    folder = staff_signin_template(tmp_path / "我的範本", "請於會議開始前10分鐘簽到（{{ venue }}）")
    code, _, err = run("signin", "-t", str(folder), "-o", "out")
    assert code == 0, err
    (written,) = (tmp_path / "out").glob("簽到表_*.docx")
    assert "請於會議開始前10分鐘簽到（本所3樓第一會議室）" in docx_text(written)


def test_a_hostile_staff_template_is_stopped_and_nothing_is_written(run, tmp_path):
    attack = "{{ cycler.__init__.__globals__.os.system('touch pwned') }}"
    folder = staff_signin_template(tmp_path / "範本", attack)
    code, _, err = run("signin", "-t", str(folder), "-o", "out")
    assert code == 1
    assert "範本「signin.docx」" in err and "不允許的操作" in err
    assert not (tmp_path / "pwned").exists() and not (tmp_path / "out").exists()


def test_a_staff_folder_with_some_templates_falls_back_for_the_rest(run, tmp_path):
    folder = staff_signin_template(tmp_path / "只改簽到表", "自訂簽到說明")
    code, out, err = run("build", "-t", str(folder), "-o", "out")
    assert code == 0, err
    assert "已產出 會議資料初稿" in out
    (signin,) = (tmp_path / "out").glob("簽到表_*.docx")
    assert "自訂簽到說明" in docx_text(signin)


def test_shaded_cells_keep_their_properties_in_schema_order(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "{% cellbg fill %}風險"
    path = tmp_path / "shade.docx"
    document.save(str(path))
    rendered = docx.Document(io.BytesIO(render(path, {"fill": "F4CCCC"})))
    properties = rendered.tables[0].cell(0, 0)._tc.tcPr
    tags = [child.tag.split("}")[1] for child in properties]
    assert tags.index("tcW") < tags.index("shd")
    assert properties.find(qn("w:shd")).get(qn("w:fill")) == "F4CCCC"


def test_core_properties_stay_in_their_namespace_with_docxcompose_installed(tmp_path):
    """Importing docxcompose (docxtpl does) repoints python-docx's ``cp`` prefix; ours is kept."""
    import docxcompose.utils  # noqa: F401  (the import is what repoints the prefix)
    from lxml import etree

    from docgen.ooxml.namespaces import CORE_PROPERTIES

    data = render_docx(template(tmp_path, "{{ x }}"), {"x": "1"}, datetime(2017, 8, 15), "標題")
    core = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml"))
    names = {child.tag for child in core}
    for tag in ("lastModifiedBy", "revision", "lastPrinted"):
        assert f"{{{CORE_PROPERTIES}}}{tag}" in names
