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

It is also quick, and linear in the size of the document: docxtpl's steps are taken on the
package's parts with lxml (:mod:`docgen.render.engine`), without loading python-docx's object
model; a template is read once a process, its clean-up into Jinja source and its compiled code
come from the user's private cache (:mod:`docgen.render.compiled`), and the parts rendering
never changes are the template's bytes, deflated once a process.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import TemplateError
from jinja2.sandbox import SecurityError
from lxml import etree

from docgen.ooxml.zip import parse_xml, write_zip
from docgen.problems import InputError, RejectedFile
from docgen.render import engine
from docgen.render.engine import w
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
    package = _opened(template)
    env = environment(filters)
    values = dict(context)
    moment = stamp(when)
    try:
        rendered = engine.render_package(
            package, lambda source: env.from_string(source).render(values), patch, moment, title
        )
    except (TemplateError, SecurityError) as error:
        raise InputError(
            explain(error, template_lines(package)), where=f"範本「{template.name}」"
        ) from None
    except (etree.XMLSyntaxError, engine.NotWordML):  # a staff template rendering into no XML
        raise InputError(
            "範本的內容（或套入資料後的內容）不是正確的 Word 文件；"
            "請在 Word 中開啟範本另存新檔，並檢查標籤是否放在表格或功能變數中間",
            where=f"範本「{template.name}」",
        ) from None
    return _finished(rendered, template, package, moment)


def _opened(template: Path) -> engine.Package:
    """Return the template read for rendering, or raise :class:`InputError` naming it."""
    try:
        status = template.stat()
        package = _read_template(str(template.resolve()), status.st_mtime_ns, status.st_size)
    except Exception:  # not a Word file, or corrupt: say which template
        raise InputError(
            "範本檔無法開啟，不是有效的 Word（.docx）檔案", where=str(template)
        ) from None
    return engine.Package(dict(package.entries), package.main, package.content_types)


@functools.lru_cache(maxsize=32)
def _read_template(path: str, modified: int, size: int) -> engine.Package:
    """Return the template at ``path`` as it is now (the eight forms of a build read it once)."""
    return engine.open_package(Path(path))


def patch(xml: str) -> str:
    """Return docxtpl's clean-up of ``xml`` into Jinja source, from the cache when it can."""
    return _patched(xml)


@functools.lru_cache(maxsize=64)
def _patched(xml: str) -> str:
    from docgen.render.compiled import cached_text

    step = f"docxtpl {engine.docxtpl_code_digest()} patch_xml"
    return cached_text(step, xml, engine.docxtpl_patch)


def _finished(
    rendered: engine.Rendered, template: Path, package: engine.Package, moment: datetime
) -> bytes:
    """Return the rendered document as the bytes of a checked, deterministic .docx."""
    _order_cell_properties(rendered.body)
    _open_id_lists(rendered.body)
    entries = rendered.finished()
    unchanged = _unchanged(entries, package)
    _verify(entries, template.name, rendered.from_trees | _trusted(template, unchanged))
    return write_zip(entries, moment, remembered=unchanged)


def _unchanged(entries: list[tuple[str, bytes]], package: engine.Package) -> frozenset[str]:
    """Return the entries that are the template's own bytes (the same in every document)."""
    return frozenset(name for name, data in entries if package.entries.get(name) is data)


def _trusted(template: Path, unchanged: frozenset[str]) -> frozenset[str]:
    """Return the entries the reopen check may skip besides those serialised from a tree.

    A bundled template's own bytes were built and tested with docgen; every part of a staff
    template, and text docxtpl rendered (footnotes), is parsed.
    """
    if template.resolve().parent == _bundled_templates():
        return unchanged
    return frozenset()


@functools.cache
def _bundled_templates() -> Path:
    """Return the folder of the bundled templates, resolved (once: the package does not move)."""
    from docgen.files.paths import templates_dir

    return templates_dir().resolve()


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


def _order_cell_properties(body: etree._Element) -> None:
    """Put every table cell's properties in schema order, which strict readers insist on."""
    for properties in body.iter(_TC_PR):
        if not _in_schema_order(tuple(map(_tag, properties))):
            for child in sorted(properties, key=_schema_rank):
                properties.append(child)


_tag = operator.attrgetter("tag")


def _schema_rank(child: etree._Element) -> int:
    """Return the place of ``child`` in a cell's properties (anything unknown goes last)."""
    return _TC_PR_ORDER.get(child.tag, len(_TC_PR_ORDER))


@functools.lru_cache(maxsize=256)
def _in_schema_order(tags: tuple[object, ...]) -> bool:
    """Return True when children with these tags, in this order, are in schema order.

    A table has few kinds of cell, so the answer is kept for each sequence of tags.
    """
    ranks = [_TC_PR_ORDER.get(tag, len(_TC_PR_ORDER)) for tag in tags]
    return ranks == sorted(ranks)


def _open_id_lists(body: etree._Element) -> None:
    """Let a line break after each 「、」 between Latin numbers (see the module)."""
    for text in body.iter(_TEXT):
        if text.text and "、" in text.text:
            text.text = _ID_LIST.sub(BREAK_AFTER_COMMA, text.text)


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


def template_lines(package: engine.Package) -> list[str]:
    """Return the template's text line by line, tags intact (a line per paragraph)."""
    xml = engine.template_source(package, patch)
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    return [_XML_TAG.sub("", line) for line in xml.splitlines()]
