"""The renderer's steps give exactly what the steps they stand for give.

The table grids are fitted as docxtpl fits them, values are escaped as before, docxtpl's
paragraph lines are added and removed and its line breaks resolved as docxtpl does, and the zip
is the very bytes :mod:`zipfile` writes, whether an entry's deflated form is remembered or not.
"""

import io
import itertools
import random
import zipfile
from datetime import datetime

import pytest
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup, escape

from docgen.ooxml.zip import write_zip, zip_date
from docgen.render.engine import (
    fit_table_grids,
    listings_resolved,
    paragraph_lines,
    render_part,
    resolve_listing,
)
from docgen.render.sandbox import environment, escape_value

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --- docxtpl's fix_tables -------------------------------------------------------------------


def cell(span: str | None = None) -> str:
    """Return a cell, spanning ``span`` columns when given (a ``w:val`` of that text)."""
    if span is None:
        return "<w:tc><w:p/></w:tc>"
    value = "" if span == "missing" else f' w:val="{span}"'
    return f"<w:tc><w:tcPr><w:gridSpan{value}/></w:tcPr><w:p/></w:tc>"


def table(columns: int, rows: list[list[str | None]], grid: bool = True) -> str:
    """Return a table with a grid of ``columns`` columns (1000 wide) and the rows of cells."""
    cols = "".join('<w:gridCol w:w="1000"/>' for _ in range(columns))
    body = "".join("<w:tr>" + "".join(cell(c) for c in row) + "</w:tr>" for row in rows)
    return (
        "<w:tbl><w:tblPr/>" + (f"<w:tblGrid>{cols}</w:tblGrid>" if grid else "") + body + "</w:tbl>"
    )


def body(*parts: str) -> str:
    return f'<w:body xmlns:w="{W}">' + "".join(parts) + "<w:sectPr/></w:body>"


def docxtpl_result(xml: str) -> bytes | type:
    """Return docxtpl's fixed tree as bytes, or the type of what it raised."""
    try:
        return etree.tostring(DocxTemplate.fix_tables(None, xml))
    except Exception as error:  # the same failure is what is compared
        return type(error)


def ours(xml: str) -> bytes:
    return etree.tostring(fit_table_grids(xml))


def parsed(xml: str) -> bytes:
    return etree.tostring(etree.fromstring(xml, parser=etree.XMLParser(recover=True)))


FITTING = [
    body(),
    body("<w:p/>"),
    body(table(3, [[None, None, None], [None, None, None]])),
    body(table(4, [[None, None, None, None], ["3", None], ["2", "2"]])),
    body(table(2, [[None, None]]), "<w:p/>", table(1, [[None]])),
    body(table(3, [["2", None], ["2", None]])),
]
CHANGED = [
    body(table(2, [[None, None, None]])),  # more cells than columns: a column is added
    body(table(3, [[None, None]])),  # no row spans the grid: a column is removed
    body(table(3, [])),  # no row at all
    body(table(2, [[None, None]]), table(3, [[None]])),  # the second table only
]
# Where docxtpl stops with an error, the table is read as Word reads it.
FAILING = [
    (body(table(2, [[None, None]], grid=False)), "no grid: left alone"),
    (body(table(2, [[None, None], ["missing", None]])), "a span without a value counts 1"),
    (body(table(2, [[None, None], ["zwei", None]])), "a span that is no number counts 1"),
    (f'<w:body xmlns:x="{W}"><x:tbl/></w:body>', "another prefix"),
]


@pytest.mark.parametrize("xml", FITTING)
def test_tables_docxtpl_would_leave_are_left(xml):
    assert docxtpl_result(xml) == parsed(xml) == ours(xml)


@pytest.mark.parametrize("xml", CHANGED)
def test_tables_are_fitted_as_docxtpl_fits_them(xml):
    assert ours(xml) == docxtpl_result(xml) != parsed(xml)


@pytest.mark.parametrize(("xml", "why"), FAILING, ids=[why for _, why in FAILING])
def test_where_docxtpl_fails_the_table_is_read_as_word_reads_it(xml, why):
    assert isinstance(docxtpl_result(xml), type)
    assert ours(xml) == parsed(xml)


def random_table(rng: random.Random, depth: int = 0) -> str:
    """Return a table, often a plain one (every row spanning its grid), often not."""
    columns = rng.randint(0, 4)
    rows = []
    for _ in range(rng.randint(0, 4)):
        if rng.random() < 0.6:  # a plain row, sometimes a valid span
            row: list[str | None] = [None] * columns
            if columns > 1 and rng.random() < 0.3:
                row[-2:] = ["2"]
        else:
            choices = [None, None, None, "1", "2", "3", "0", "-1", " 2", "missing", "x"]
            row = [rng.choice(choices) for _ in range(rng.randint(0, 5))]
        rows.append(row)
    xml = table(columns, rows, grid=rng.random() > 0.05)
    if depth == 0 and rng.random() < 0.1:  # a table in a cell
        xml = xml.replace("<w:p/>", random_table(rng, 1) + "<w:p/>", 1)
    if rng.random() < 0.05:  # a row in no table
        xml += "<w:tr>" + cell() + "</w:tr>"
    return xml


def test_random_tables_are_fitted_as_docxtpl_fits_them():
    rng = random.Random(20170815)
    compared = changed = 0
    for _ in range(3000):
        xml = body(*(random_table(rng) for _ in range(rng.randint(1, 3))))
        expected = docxtpl_result(xml)
        if isinstance(expected, type):
            continue  # docxtpl fails: see the test above
        compared += 1
        assert ours(xml) == expected, xml
        changed += expected != parsed(xml)
    assert compared > 1500 and changed > 300


# --- escaping values --------------------------------------------------------------------------


def escape_value_before(value: object) -> object:
    """Return ``value`` escaped as the first version of escape_value did."""
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return value
    text = str(escape(str(value)))
    return Markup(text.replace("{", "&#123;").replace("}", "&#125;"))


class Text(str):
    """A str subclass, as enumerations of text are."""


VALUES = [
    None,
    "",
    "平常文字",
    "a & b < c > d 'e' \"f\"",
    "{{ 7*7 }} {% if %}",
    "}{",
    "\n\t",
    0,
    -12,
    3.5,
    True,
    Markup("<w:br/>{x}"),
    Text("甲{乙}&"),
    ["{a}", "<b>"],
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_values_are_escaped_as_before(value):
    new, old = escape_value(value), escape_value_before(value)
    assert type(new) is type(old) and new == old


# --- docxtpl's paragraph lines ----------------------------------------------------------------


XML = (
    '<w:body><w:p><w:r><w:t>{{ a }}</w:t></w:r></w:p><w:pPr/><w:p w:x="1"/>\n<w:p>'
    "<w:proofErr/><w:p\n<w:pict/></w:body>"
)


def test_paragraph_lines_are_docxtpls():
    import re

    assert paragraph_lines(XML) == re.sub(r"<w:p([ >])", r"\n<w:p\1", XML)


@pytest.mark.parametrize("jinja", [None, "environment"])
def test_a_part_renders_as_docxtpl_renders_it(jinja):
    from jinja2 import Template

    env = environment() if jinja else None
    xml = XML.replace("{{ a }}", "{{ a }}\n{_{x}_}{_%y%_}")
    context = {"a": "一\n二"}

    def render(source: str) -> str:
        return (env.from_string(source) if env else Template(source)).render(context)

    docxtpls = DocxTemplate("unused.docx").render_xml_part(xml, None, context, env)
    assert render_part(xml, render) == docxtpls


# --- docxtpl's listing step ------------------------------------------------------------------

PARAGRAPH = r"<w:p(?: [^>]*)?>.*?</w:p>"
TOKENS = [
    "<w:p>",
    "<w:p ",
    '<w:p w:x="1">',
    "</w:p>",
    "<w:pPr><w:jc/></w:pPr>",
    "<w:r>",
    "<w:r><w:rPr><w:b/></w:rPr>",
    "</w:r>",
    "<w:t>",
    '<w:t xml:space="preserve">',
    "</w:t>",
    ">",
    "<!-- ",
    " -->",
    "甲",
    "a",
    " ",
    "\n",
    "\t",
    "\a",
    "\f",
]


def listing_as_before(xml: str, resolve) -> str:
    """Return ``xml`` with ``resolve`` applied as the first version did: every paragraph."""
    import re

    def paragraph(match):
        text = match.group(0)
        return resolve(text) if re.search("[\t\a\n\f]", text) else text

    return re.sub(PARAGRAPH, paragraph, xml, flags=re.DOTALL)


def test_paragraphs_with_listing_characters_are_those_a_full_scan_finds():
    rng = random.Random(8)
    docxtpl = DocxTemplate("unused.docx")  # its resolve_listing, the oracle
    marked = 0
    for _ in range(20000):
        weights = [1] * len(TOKENS)
        weights[-4:] = [rng.choice([0, 0.1, 1])] * 4  # often no listing character at all
        xml = "".join(rng.choices(TOKENS, weights, k=rng.randint(0, 40)))
        mark = listings_resolved(xml, lambda text: f"[{text}]")
        assert mark == listing_as_before(xml, lambda text: f"[{text}]"), repr(xml)
        marked += mark != xml
        expected = listing_as_before(xml, docxtpl.resolve_listing)
        assert resolve_listing(xml) == expected, repr(xml)
    assert marked > 1000


# --- the zip ----------------------------------------------------------------------------------


def zipfile_bytes(parts, moment):
    """Return the zip as write_zip wrote it with zipfile alone."""
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=zip_date(moment))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return output.getvalue()


STYLES = (
    b"<w:styles>" + b"".join(b'<w:style w:id="s%d"/>' % n for n in range(5000)) + b"</w:styles>"
)
PARTS = [
    ("[Content_Types].xml", b"<Types/>"),
    ("word/document.xml", "文件 {{ 甲 }}".encode() * 500),
    ("word/styles.xml", STYLES),
    ("word/empty.xml", b""),
    ("word/media/圖片.png", bytes(range(256)) * 40),
    ("customXml/item1.xml", "<x>文字</x>"),
]
MOMENTS = [datetime(2017, 8, 15, 9, 30, 59), datetime(1970, 1, 1), datetime(2200, 1, 1)]


@pytest.mark.parametrize(
    ("moment", "remembered"),
    list(itertools.product(MOMENTS, [(), {"word/styles.xml", "word/empty.xml"}])),
)
def test_the_zip_is_the_bytes_zipfile_writes(moment, remembered):
    for _ in range(2):  # the second time, remembered entries come from memory
        assert write_zip(PARTS, moment, remembered) == zipfile_bytes(PARTS, moment)


def test_the_same_content_under_two_names_and_a_name_given_twice():
    parts = [("a.xml", STYLES), ("b.xml", STYLES)]
    moment = datetime(2017, 8, 15)
    assert write_zip(parts, moment, {"a.xml", "b.xml"}) == zipfile_bytes(parts, moment)
    twice = [("a.xml", b"1"), ("a.xml", b"2")]
    with pytest.warns(UserWarning, match="Duplicate name"):
        written = write_zip(twice, moment)
    with pytest.warns(UserWarning):
        assert written == zipfile_bytes(twice, moment)


def test_what_a_plain_zip_cannot_hold_is_left_to_zipfile(monkeypatch):
    import docgen.ooxml.zip as zip_module

    moment = datetime(2017, 8, 15)
    monkeypatch.setattr(zip_module, "_MAX_SIZE", 1000)  # as if the parts needed ZIP64
    assert write_zip(PARTS, moment) == zipfile_bytes(PARTS, moment)
    monkeypatch.undo()
    odd = [("a.xml", bytearray(b"<a/>")), ("b.xml", memoryview(b"<b/>"))]
    assert write_zip(odd, moment) == zipfile_bytes(odd, moment)
