"""Write the 彙編's package: the template's (or composed) parts, the body streamed into it.

``word/document.xml`` is written piece by piece into the zip as the body is generated, between
the template's root element and its section properties; every other part is copied. Every
entry is dated by one moment, so the same submissions give the same bytes.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

DOCUMENT = "word/document.xml"
_BODY = re.compile(rb"<w:body\s*>")
FLUSH_CHARS = 1 << 20


def frame(document_xml: bytes) -> tuple[bytes, bytes]:
    """Return what goes before the body's content (root and ``<w:body>``) and after it.

    After it come the body's own section properties: the last ``w:sectPr`` (those of earlier
    sections sit inside paragraphs, before it).
    """
    body = _BODY.search(document_xml)
    section = document_xml.rfind(b"<w:sectPr")
    if body is None or section < body.end():
        raise ValueError("the template's document.xml has no body with section properties")
    return document_xml[: body.end()], document_xml[section:]


def _info(name: str, moment: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=moment.astimezone(UTC).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _stream(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, xml: bytes, body: Iterable[str]
) -> None:
    head, tail = frame(xml)
    with archive.open(info, "w", force_zip64=True) as stream:
        stream.write(head)
        pending: list[str] = []
        size = 0
        for piece in body:
            pending.append(piece)
            size += len(piece)
            if size >= FLUSH_CHARS:
                stream.write("".join(pending).encode("utf-8"))
                pending, size = [], 0
        stream.write("".join(pending).encode("utf-8"))
        stream.write(tail)


def write_package(
    target: Path, parts: Mapping[str, bytes], body: Iterable[str], moment: datetime
) -> None:
    """Write the package ``parts`` to ``target``, its document's body content being ``body``."""
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in parts.items():
            if name == DOCUMENT:
                _stream(archive, _info(name, moment), data, body)
            else:
                archive.writestr(_info(name, moment), data)
