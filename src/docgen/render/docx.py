"""Render a .docx template (docxtpl tags) with a context into the bytes of a finished document.

This is the only module that renders Word documents. It guarantees that:

* data appears exactly as typed (see :mod:`docgen.render.sandbox`), and line breaks in a value
  become line breaks in Word;
* a mistyped or Word-split tag gives an error naming the template and the tag
  (:mod:`docgen.render.explain`);
* the same inputs give byte-identical files: fixed zip timestamps and document properties
  (``SOURCE_DATE_EPOCH`` honoured);
* table cell properties are in schema order, which strict readers insist on;
* a list of Latin numbers joined by 「、」 (R11、R12、M03) may break after each 、: LibreOffice
  finds no break there by itself and breaks inside a number or starts a line with 「、」, so a
  zero-width space (U+200B, invisible, a break opportunity in Word and LibreOffice) follows it;
* what is returned reopens as a Word document.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import SecurityError

from docgen.ooxml.namespaces import restore_core_properties_prefix, w
from docgen.ooxml.zip import normalize_zip
from docgen.problems import InputError
from docgen.render.explain import explain
from docgen.render.sandbox import environment
from docgen.render.stamp import stamp

_XML_TAG = re.compile(r"<[^>]+>")


def render_docx(
    template: Path,
    context: Mapping[str, Any],
    when: datetime,
    title: str = "",
    filters: Mapping[str, Callable[..., Any]] | None = None,
) -> bytes:
    """Return the bytes of ``template`` rendered with ``context``.

    Raise :class:`InputError` naming the template (and the tag) when it cannot be rendered.
    """
    from docxtpl import DocxTemplate

    restore_core_properties_prefix()

    name = template.name
    try:
        document = DocxTemplate(str(template))
        document.init_docx()
    except Exception:  # not a Word file, or corrupt: say which template
        raise InputError(
            "範本檔無法開啟，不是有效的 Word（.docx）檔案", where=str(template)
        ) from None
    try:
        document.render(dict(context), jinja_env=environment(filters), autoescape=True)
    except (TemplateError, SecurityError) as error:
        raise InputError(
            explain(error, template_lines(document)), where=f"範本「{name}」"
        ) from None
    moment = stamp(when)
    _order_cell_properties(document.docx)
    _open_id_lists(document.docx)
    _fix_properties(document.docx, moment, title)
    buffer = io.BytesIO()
    document.save(buffer)
    data = normalize_zip(buffer.getvalue(), moment)
    _verify(data, name)
    return data


# The order the OOXML schema requires inside w:tcPr (docxtpl's cellbg puts w:shd first).
_TC_PR_ORDER = {
    w(name): index
    for index, name in enumerate(
        [
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
            "headers",
            "cellIns",
            "cellDel",
            "cellMerge",
            "tcPrChange",
        ]
    )
}
_TC_PR = w("tcPr")
_TEXT = w("t")
_ID_LIST = re.compile(r"(?<=[A-Za-z0-9])、(?=[A-Za-z0-9])")
BREAK_AFTER_COMMA = "、\u200b"


def _order_cell_properties(document: Any) -> None:
    """Put every table cell's properties in schema order, which strict readers insist on."""
    last = len(_TC_PR_ORDER)
    for properties in document.element.body.iter(_TC_PR):
        children = list(properties)
        ordered = sorted(children, key=lambda child: _TC_PR_ORDER.get(child.tag, last))
        if ordered != children:
            for child in ordered:
                properties.append(child)


def _open_id_lists(document: Any) -> None:
    """Let a line break after each 「、」 between Latin numbers (see the module)."""
    for text in document.element.body.iter(_TEXT):
        if text.text and "、" in text.text:
            text.text = _ID_LIST.sub(BREAK_AFTER_COMMA, text.text)


def _fix_properties(document: Any, moment: datetime, title: str) -> None:
    properties = document.core_properties
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    properties.created = naive
    properties.modified = naive
    properties.last_printed = naive
    properties.revision = 1
    properties.author = "docgen"
    properties.last_modified_by = "docgen"
    if title:
        properties.title = title


def _verify(data: bytes, name: str) -> None:
    import docx

    try:
        docx.Document(io.BytesIO(data))
    except Exception:  # a document that does not reopen must never be written
        raise InputError("產出的文件無法重新開啟，已停止寫入", where=f"範本「{name}」") from None


def template_lines(document: Any) -> list[str]:
    """Return the template's text line by line, tags intact (a line per paragraph)."""
    xml = document.patch_xml(document.get_xml())
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    return [_XML_TAG.sub("", line) for line in xml.splitlines()]
