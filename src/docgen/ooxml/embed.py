"""Write a form's hidden identity into a rendered .docx (the counterpart of :mod:`.reader`).

The identity goes into ``docProps/custom.xml`` (with its relationship and content type) and
into a hidden run at the end of the first paragraph. The drop-down content controls copied by
the template's row loop get unique ids, as Word expects. The result is deterministic: the same
inputs give the same bytes.
"""

from __future__ import annotations

import itertools
import re
from datetime import datetime

from lxml import etree
from markupsafe import escape

from docgen.model.identity import FormIdentity
from docgen.ooxml.namespaces import CUSTOM, CUSTOM_REL, CUSTOM_TYPE, VT
from docgen.ooxml.package import with_override, with_relationship, xml_bytes
from docgen.ooxml.zip import read_parts, write_zip
from docgen.problems import InputError

CUSTOM_PART = "docProps/custom.xml"
PROPERTY_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
DOCUMENT_PART = "word/document.xml"


def embed_identity(data: bytes, identity: FormIdentity, moment: datetime) -> bytes:
    """Return the .docx ``data`` carrying ``identity``, zip entries dated ``moment``."""
    parts = read_parts(data)
    parts[DOCUMENT_PART] = _stamp_document(parts[DOCUMENT_PART], identity)
    parts[CUSTOM_PART] = _custom_properties(parts.get(CUSTOM_PART), identity)
    parts["_rels/.rels"] = _with_relationship(parts["_rels/.rels"])
    parts["[Content_Types].xml"] = _with_content_type(parts["[Content_Types].xml"])
    return write_zip(parts.items(), moment)


_CONTROL_ID = re.compile(rb'<w:id w:val="-?\d+"/>')
_FIRST_PARAGRAPH_END = re.compile(rb"</w:p>")


def _stamp_document(xml: bytes, identity: FormIdentity) -> bytes:
    """Return document.xml with unique content-control ids and the hidden identity run.

    Works on the bytes docxtpl wrote (prefix ``w``): a ``<w:id>`` element only occurs in a
    content control's properties, and the run goes before the end of the first paragraph.
    """
    numbers = itertools.count(1)
    xml = _CONTROL_ID.sub(lambda _: b'<w:id w:val="%d"/>' % next(numbers), xml)
    body = xml.find(b"<w:body")
    end = _FIRST_PARAGRAPH_END.search(xml, body)
    if body < 0 or end is None:
        raise InputError("修正意見表範本沒有任何段落，無法放入識別資料", where="forms.docx")
    text = escape(identity.hidden_text()).encode("utf-8")
    run = b'<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">%s</w:t></w:r>' % text
    return xml[: end.start()] + run + xml[end.start() :]


def _custom_properties(existing: bytes | None, identity: FormIdentity) -> bytes:
    ours = identity.properties()
    if existing is None:
        root = etree.Element(f"{{{CUSTOM}}}Properties", nsmap={None: CUSTOM, "vt": VT})
    else:
        root = etree.fromstring(existing)
        for item in list(root):
            if item.get("name") in ours:
                root.remove(item)
    pids = [int(item.get("pid", "1")) for item in root if item.get("pid", "").isdigit()]
    pid = max(pids, default=1)
    for name, value in ours.items():
        pid += 1
        item = etree.SubElement(root, f"{{{CUSTOM}}}property")
        item.set("fmtid", PROPERTY_FMTID)
        item.set("pid", str(pid))
        item.set("name", name)
        etree.SubElement(item, f"{{{VT}}}lpwstr").text = value
    return xml_bytes(root)


def _with_relationship(xml: bytes) -> bytes:
    """Return the package relationships relating the custom properties, unless some already do."""
    if any(r.get("Type") == CUSTOM_REL for r in etree.fromstring(xml)):
        return xml
    return with_relationship(xml, CUSTOM_REL, CUSTOM_PART)


def _with_content_type(xml: bytes) -> bytes:
    return with_override(xml, CUSTOM_PART, CUSTOM_TYPE)
