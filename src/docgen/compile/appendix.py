"""Reports written by hand, appended to the 彙編 as they are, with docxcompose.

docxcompose copies what each appended body refers to: its styles (kept under a new name where
the book has a different style of the same name, so its headings and lists look as the agency
made them), its list numbering, its images and other media, its footnotes. It appends to a
small master made from the template: the composed body is then written out as text between the
book's own parts, and the master's package (styles, numbering, media, relationships) becomes
the book's package. A report docxcompose cannot append is left out, naming the file.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from docgen.compile.gather import Left, Report
from docgen.ooxml.namespaces import restore_core_properties_prefix, w
from docgen.ooxml.zip import read_parts

MARKER = "docgen-compile-appendix-"
FAILED = "無法併入彙編（Word 文件內容無法解讀），請機關重新存檔後再陳報"
SHIFT = 2  # outline levels an appended report's headings move down
BODY_TEXT = 9  # the outline level of plain text


@dataclass
class Composed:
    """The package holding what the appended reports need, and their bodies as text."""

    parts: dict[str, bytes]
    bodies: list[str | int] = field(default_factory=list)  # XML, or the index of a report
    appended: list[Report] = field(default_factory=list)
    skipped: list[Left] = field(default_factory=list)
    texts: list[tuple[Report, list[str]]] = field(default_factory=list)


def _load(path: Path) -> Any:
    """Return the report at ``path`` opened with python-docx."""
    import docx

    return docx.Document(str(path))


def _unclip_pictures(document: Any) -> None:
    """Give each paragraph holding a picture single line spacing unless it sets its own.

    Plain paragraphs take the book's Normal style, whose lines are exactly 26 pt: a picture in
    such a line would be cut to that height.
    """
    for paragraph in document.element.body.iter(w("p")):
        if next(paragraph.iter(w("drawing"), w("pict")), None) is None:
            continue
        spacing = paragraph.get_or_add_pPr().get_or_add_spacing()
        if spacing.get(w("line")) is None:
            spacing.set(w("line"), "240")
            spacing.set(w("lineRule"), "auto")


def _paragraph_texts(document: Any) -> list[str]:
    """Return the text of every paragraph of ``document``'s body, tables included."""
    texts = []
    for paragraph in document.element.body.iter(w("p")):
        text = "".join(node.text or "" for node in paragraph.iter(w("t")))
        if text.strip():
            texts.append(text)
    return texts


def _master(template: Path) -> Any:
    """Return the template opened as the composing master, its body emptied."""
    master = _load(template)
    body = master.element.body
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)
    return master


def _compose(template: Path, documents: Sequence[tuple[Report, Any]]) -> tuple[Any, int | None]:
    """Return the master with ``documents`` appended, or the index of the one that failed."""
    from docxcompose.composer import Composer

    master = _master(template)
    kept, styles = _abstract_ids(master), _style_ids(master)
    composer = Composer(master, preserve_styles=True)
    try:
        for number, (_, document) in enumerate(documents):
            master.add_paragraph(f"{MARKER}{number}")
            try:
                composer.append(document)
            except Exception:  # docxcompose meets what it cannot copy: leave that report out
                return None, number
    finally:
        restore_core_properties_prefix()  # docxcompose repointed python-docx's ``cp`` prefix
    _steady_nsids(master, kept)
    _below_the_book(master, styles)
    return master, None


def _steady_nsids(master: Any, kept: set[str]) -> None:
    """Give each list definition docxcompose added a w:nsid derived from its id, not random.

    docxcompose draws new nsids at random (so that the lists restart); deriving them keeps the
    book the same from the same submissions. ``kept`` are the template's own definitions.
    """
    numbering = master.part.numbering_part.element
    for abstract in numbering.iter(w("abstractNum")):
        number = abstract.get(w("abstractNumId"))
        nsid = abstract.find(w("nsid"))
        if number not in kept and nsid is not None:
            nsid.set(w("val"), f"{zlib.crc32(f'docgen-appendix-{number}'.encode()):08X}")


def _style_ids(master: Any) -> set[str]:
    return {style.get(w("styleId")) for style in master.styles.element.iter(w("style"))}


def _below_the_book(master: Any, kept: set[str]) -> None:
    """Move the appended reports' headings two outline levels down, under their agency.

    Their heading 1 then sits at level 3, below the book's part (level 1) and the agency's
    heading (level 2): the table of contents (levels 1–2) lists each report by its agency.
    ``kept`` are the template's own styles.
    """
    levels = [
        level
        for style in master.styles.element.iter(w("style"))
        if style.get(w("styleId")) not in kept
        for level in style.iter(w("outlineLvl"))
    ]
    levels += list(master.element.body.iter(w("outlineLvl")))
    for level in levels:
        value = level.get(w("val"), "9")
        if value.isdigit():
            level.set(w("val"), str(min(int(value) + SHIFT, BODY_TEXT)))


def _abstract_ids(master: Any) -> set[str]:
    numbering = master.part.numbering_part.element
    return {abstract.get(w("abstractNumId")) for abstract in numbering.iter(w("abstractNum"))}


def _bodies(master: Any) -> list[str | int]:
    """Return the composed body as XML pieces, each marker as its report's index."""
    pieces: list[str | int] = []
    for child in master.element.body:
        if child.tag == w("sectPr"):
            continue
        text = "".join(node.text or "" for node in child.iter(w("t")))
        if child.tag == w("p") and text.startswith(MARKER):
            pieces.append(int(text[len(MARKER) :]))
        else:
            pieces.append(etree.tostring(child, encoding="unicode"))
    return pieces


def compose(template: Path, reports: Sequence[Report], step: Callable[[], None]) -> Composed:
    """Return the reports appended to the template's package; skip one that cannot be."""
    loaded: list[tuple[Report, Any]] = []
    skipped: list[Left] = []
    for report in reports:
        try:
            document = _load(report.path)
            _unclip_pictures(document)
            loaded.append((report, document))
        except Exception:  # python-docx cannot read what the safe reader let through
            skipped.append(Left(report.path, FAILED))
        step()
    while True:
        master, failed = _compose(template, loaded)
        if failed is None:
            break
        skipped.append(Left(loaded.pop(failed)[0].path, FAILED))
    buffer = io.BytesIO()
    master.save(buffer)
    return Composed(
        parts=read_parts(buffer.getvalue()),
        bodies=_bodies(master),
        appended=[report for report, _ in loaded],
        skipped=skipped,
        texts=[(report, _paragraph_texts(document)) for report, document in loaded],
    )
