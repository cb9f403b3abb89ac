"""The Office Open XML namespaces docgen uses (ECMA-376), the same as python-docx's.

Written out rather than taken from python-docx, so that using them never imports it.
"""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
CUSTOM_REL = f"{R}/custom-properties"
CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
# Markup compatibility, custom properties and their value types, and SpreadsheetML (the
# workbook that collect writes back to).
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


def restore_core_properties_prefix() -> None:
    """Map python-docx's ``cp`` prefix back to the core properties, where python-docx wants it.

    docxcompose, which docxtpl imports when it is installed, points python-docx's shared
    ``cp`` prefix at the custom-properties namespace; the core properties python-docx then
    writes (lastModifiedBy, revision, lastPrinted) would land in the wrong namespace. Call this
    after docxtpl or docxcompose is imported and before python-docx writes a document.
    """
    from docx.oxml.ns import nsmap

    nsmap["cp"] = CORE_PROPERTIES


def w(tag: str) -> str:
    """Return the Clark name of a WordprocessingML tag, e.g. ``{…/main}tcPr``."""
    return f"{{{W}}}{tag}"
