"""Every bundled template: present, a real .docx, in the official page set-up and settings."""

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from docgen.documents import KIND_MODULES
from docgen.paths import templates_dir


@pytest.mark.parametrize("kind", KIND_MODULES)
def test_template_has_the_official_setup(kind):
    document = docx.Document(str(templates_dir() / f"{kind}.docx"))
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
    assert present == set(KIND_MODULES)
