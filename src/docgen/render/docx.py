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
* what is returned reopens as a Word document: every XML part of it parses.

It is also quick, and linear in the size of the document: the parts rendering never changes
(styles, numbering, settings) are copied as the template's bytes
(:mod:`docgen.ooxml.wordpackage`), the zip is written once, templates compile once a process
(:mod:`docgen.render.sandbox`), and the rendered body is put in place paragraph by paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import SecurityError

from docgen.ooxml.namespaces import restore_core_properties_prefix, w
from docgen.ooxml.wordpackage import package_entries, serialized_parts, unchanged_parts
from docgen.ooxml.zip import parse_xml, write_zip
from docgen.problems import InputError, RejectedFile
from docgen.render.docxtemplate import template_class
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
    document = _opened(template)
    try:
        document.render(dict(context), jinja_env=environment(filters), autoescape=True)
    except (TemplateError, SecurityError) as error:
        raise InputError(
            explain(error, template_lines(document)), where=f"範本「{template.name}」"
        ) from None
    return _finished(document.docx, template, stamp(when), title)


def _opened(template: Path) -> Any:
    """Return the template opened for rendering, or raise :class:`InputError` naming it."""
    template_type = template_class()  # imports docxtpl, which moves the ``cp`` prefix
    restore_core_properties_prefix()
    try:
        document = template_type(str(template))
        document.init_docx()
    except Exception:  # not a Word file, or corrupt: say which template
        raise InputError(
            "範本檔無法開啟，不是有效的 Word（.docx）檔案", where=str(template)
        ) from None
    return document


def _finished(document: Any, template: Path, moment: datetime, title: str) -> bytes:
    """Return the rendered ``document`` as the bytes of a checked, deterministic .docx."""
    _order_cell_properties(document)
    _open_id_lists(document)
    _fix_properties(document, moment, title)
    entries = package_entries(document)
    _verify(entries, template.name, _needing_no_check(template, document))
    _release(document)
    return write_zip(entries, moment)


def _release(document: Any) -> None:
    """Free the rendered body now that it is serialised.

    python-docx's package and its parts refer to each other, so without this the body's XML
    (hundreds of MB for a long draft) would live on, while the next document renders, until
    Python's next full garbage collection.
    """
    document.element.body.clear()


def _needing_no_check(template: Path, document: Any) -> frozenset[str]:
    """Return the entries that reopen by construction, which the reopen check may skip.

    python-docx wrote those parts by serialising an XML tree, which gives well-formed XML;
    and the styles, numbering and settings of a bundled template are its own bytes, built and
    tested with docgen. Everything else is parsed: parts docxtpl rendered as text (footnotes),
    and every part copied from a staff template.
    """
    from docgen.files.paths import templates_dir

    skipped = serialized_parts(document)
    if template.resolve().parent == templates_dir().resolve():
        skipped |= unchanged_parts(document)
    return skipped


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


def _verify(entries: list[tuple[str, bytes]], name: str, skipped: frozenset[str]) -> None:
    """Refuse a document with an XML part that would not parse when it is reopened.

    The parts in ``skipped`` are not parsed.
    """
    for part, data in entries:
        if part in skipped or not part.endswith((".xml", ".rels")):
            continue
        try:
            parse_xml(data, part)
        except RejectedFile:  # a document that does not reopen must never be written
            raise InputError(
                "產出的文件無法重新開啟，已停止寫入", where=f"範本「{name}」"
            ) from None


def template_lines(document: Any) -> list[str]:
    """Return the template's text line by line, tags intact (a line per paragraph)."""
    xml = document.patch_xml(document.get_xml())
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    return [_XML_TAG.sub("", line) for line in xml.splitlines()]
