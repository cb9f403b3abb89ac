"""Chinese typesetting in rendered documents: titles broken at sensible places, id lists breakable.

The printed result (LibreOffice) is checked in tests/office/test_layout.py; here, what the
renderer writes into the .docx.
"""

import io
from datetime import datetime

import docx
import pytest

from docgen.render.docx import render_docx
from docgen.render.typeset import TITLE_CHARS, text_width, title_lines

AGENCY = "臺南市南區區公所"
LONG_MEETING = "廉政細工專案暨跨局處採購及救助業務廉政風險評估聯合座談會"


def test_a_title_that_fits_stays_on_one_line():
    assert (
        title_lines([AGENCY, "廉政細工專案座談會", "簽到表"]) == AGENCY + "廉政細工專案座談會簽到表"
    )


def test_a_long_title_breaks_between_its_parts_first():
    lines = title_lines([AGENCY, "廉政細工專案暨跨局處採購業務座談會", "簽到表"]).split("\n")
    assert lines == [AGENCY, "廉政細工專案暨跨局處採購業務座談會簽到表"]


def test_a_part_longer_than_a_line_breaks_after_a_joining_word_never_inside_the_suffix():
    lines = title_lines([AGENCY, LONG_MEETING, "簽到表"]).split("\n")
    assert lines == [AGENCY, "廉政細工專案暨跨局處採購及救助業務", "廉政風險評估聯合座談會簽到表"]
    assert all(text_width(line) <= TITLE_CHARS for line in lines)


@pytest.mark.parametrize("width", [10, 14, 22, 28])
def test_no_line_is_wider_than_asked_and_no_character_is_lost(width):
    parts = [AGENCY, LONG_MEETING * 2, "會議資料"]
    lines = title_lines(parts, width).split("\n")
    assert "".join(lines) == "".join(parts)
    assert all(text_width(line) <= width for line in lines)


def test_ascii_counts_half_a_character():
    assert text_width("廉政2.0") == 3.5


def render(tmp_path, text: str, context: dict) -> docx.document.Document:
    template = docx.Document()
    template.add_paragraph(text)
    template.save(str(tmp_path / "t.docx"))
    data = render_docx(tmp_path / "t.docx", context, when=datetime(2017, 8, 15))
    return docx.Document(io.BytesIO(data))


def test_templates_call_title_lines_and_get_line_breaks(tmp_path):
    document = render(
        tmp_path,
        "{{ [agency, name, '簽到表'] | title_lines }}",
        {"agency": AGENCY, "name": LONG_MEETING},
    )
    paragraph = document.paragraphs[0]
    assert paragraph.text.split("\n")[0] == AGENCY
    assert paragraph._p.xml.count("<w:br/>") == 2


def test_a_list_of_latin_numbers_may_break_after_each_comma(tmp_path):
    document = render(
        tmp_path, "{{ ids }}；{{ units }}", {"ids": "R01、R02、M08-1", "units": "社會課、政風室"}
    )
    assert document.paragraphs[0].text == "R01、\u200bR02、\u200bM08-1；社會課、政風室"
