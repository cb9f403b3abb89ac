"""Open a Word template for rendering and list the entries of the finished package.

Rendering changes the main document, its headers and footers and the core properties; it never
touches the styles, the numbering or the settings. python-docx parses those three at open and
serialises them again at save (a template's styles part alone is about 350 kB), so
:func:`open_for_rendering` keeps them as the template's own bytes, written back unchanged.

:func:`package_entries` returns every entry python-docx would write, in its order, so that the
caller writes the zip once (with fixed dates) instead of saving it and rewriting it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.package import Unmarshaller
from docx.opc.part import Part, PartFactory, XmlPart
from docx.opc.pkgreader import PackageReader
from docx.opc.pkgwriter import PackageWriter
from docx.package import Package

if TYPE_CHECKING:
    from docx.document import Document
    from docx.opc.packuri import PackURI

# The parts rendering never changes: kept as bytes, never parsed nor serialised.
UNCHANGED_TYPES = frozenset({CT.WML_STYLES, CT.WML_NUMBERING, CT.WML_SETTINGS})


class _RenderingPartFactory(PartFactory):
    """python-docx's part factory, with the parts rendering never changes left as bytes."""

    @classmethod
    def _part_cls_for(cls, content_type: str) -> type[Part]:
        if content_type in UNCHANGED_TYPES:
            return Part
        return super()._part_cls_for(content_type)


def open_for_rendering(path: Path | str) -> Document:
    """Return the Word document at ``path``, its styles, numbering and settings unparsed.

    Raise :class:`ValueError` when the package's main part is not a Word document.
    """
    package = Package()
    Unmarshaller.unmarshal(PackageReader.from_file(str(path)), package, _RenderingPartFactory)
    part = package.main_document_part
    if part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(f"not a Word document: {part.content_type}")
    return part.document  # type: ignore[attr-defined]


class _Entries:
    """Stands in for python-docx's zip writer: collects each entry's name and bytes."""

    def __init__(self) -> None:
        self.entries: list[tuple[str, bytes]] = []

    def write(self, uri: PackURI, blob: bytes) -> None:
        """Record the entry ``uri`` holding ``blob``."""
        self.entries.append((uri.membername, blob))


def package_entries(document: Document) -> list[tuple[str, bytes]]:
    """Return the (name, bytes) of every entry of ``document``'s package, in save order.

    The same entries, in the same order, as ``document.save`` writes to its zip.
    """
    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    collected = _Entries()
    # PackageWriter.write does these three steps on a zip writer; ours collects instead.
    PackageWriter._write_content_types_stream(collected, parts)
    PackageWriter._write_pkg_rels(collected, package.rels)
    PackageWriter._write_parts(collected, parts)
    return collected.entries


def serialized_parts(document: Document) -> frozenset[str]:
    """Return the entry names python-docx writes by serialising an XML tree.

    The package's content types and relationships, and its parsed parts (the main document,
    headers, footers, core properties): well-formed XML by construction.
    """
    package = document.part.package
    names = {"[Content_Types].xml", "_rels/.rels"}
    for part in package.parts:
        if len(part.rels):
            names.add(part.partname.rels_uri.membername)
        if isinstance(part, XmlPart):
            names.add(part.partname.membername)
    return frozenset(names)


def unchanged_parts(document: Document) -> frozenset[str]:
    """Return the entry names of the parts kept as the template's bytes, never parsed."""
    return frozenset(
        part.partname.membername
        for part in document.part.package.parts
        if part.content_type in UNCHANGED_TYPES
    )
