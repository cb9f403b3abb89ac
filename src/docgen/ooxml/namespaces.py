"""The Office Open XML namespaces docgen uses, taken from python-docx where it has them."""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE, NAMESPACE, RELATIONSHIP_TYPE
from docx.oxml.ns import nsmap

W = nsmap["w"]
R = nsmap["r"]
RELS = NAMESPACE.OPC_RELATIONSHIPS
TYPES = NAMESPACE.OPC_CONTENT_TYPES
CUSTOM_REL = RELATIONSHIP_TYPE.CUSTOM_PROPERTIES
CUSTOM_TYPE = CONTENT_TYPE.OFC_CUSTOM_PROPERTIES
# Not in python-docx's map: markup compatibility, custom properties and their value types, and
# SpreadsheetML (the workbook that collect writes back to).
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def w(tag: str) -> str:
    """Return the Clark name of a WordprocessingML tag, e.g. ``{…/main}tcPr``."""
    return f"{{{W}}}{tag}"
