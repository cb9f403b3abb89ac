"""The paragraph styles and table columns of the 彙編, by the styleId the body refers to.

The template ``templates/compile.docx`` (built by ``tools/templates/compile.py``) defines every
style named here; :mod:`docgen.compile.book` writes paragraphs and tables that only name them,
so the book's look lives in the template.
"""

from __future__ import annotations

from docgen.render.styles import (
    BODIES as BODIES,
)
from docgen.render.styles import (
    COVER_TITLE as COVER_TITLE,
)
from docgen.render.styles import (
    HEADINGS as HEADINGS,
)
from docgen.render.styles import (
    NORMAL as NORMAL,
)
from docgen.render.styles import (
    OUTLINES as OUTLINES,
)
from docgen.render.styles import (
    TABLE_HEADER as TABLE_HEADER,
)
from docgen.render.styles import (
    TABLE_TEXT as TABLE_TEXT,
)
from docgen.render.styles import (
    TABLE_TEXT_CENTER as TABLE_TEXT_CENTER,
)

TEMPLATE = "compile"

COVER_AGENCY = "CoverAgency"
COVER_YEAR = "CoverYear"
COVER_IMPRINT = "CoverImprint"
PART_TITLE = "PartTitle"
TOC_HEADING = "TocHeading"
TOC_LEVELS = ("TOC1", "TOC2")
APPENDIX_HEADING = "AppendixHeading"
INDEX_GROUP = "IndexGroup"
NOTE = "BookNote"

TEXT_WIDTH_CM = 16.0
HEADER_FILL = "D9D9D9"
GROUP_FILL = "F2F2F2"
BAND_FILLS = {"高": "F4CCCC", "中": "FFF2CC", "低": "D9EAD3"}

RISK_COLUMNS = (("編號", 1.4), ("風險項目", 7.4), ("控制前", 3.6), ("控制後", 3.6))
MEASURE_COLUMNS = (("編號", 1.4), ("措施內容", 8.2), ("權責單位", 3.6), ("完成期限", 2.8))
AGENCY_INDEX_COLUMNS = (("業務類別", 2.8), ("弊端態樣", 7.6), ("章節", 3.8), ("頁次", 1.8))
PATTERN_INDEX_COLUMNS = (("陳報機關", 6.0), ("業務類別", 4.2), ("章節", 4.0), ("頁次", 1.8))
