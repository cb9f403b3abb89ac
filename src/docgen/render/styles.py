"""The paragraph style ids every docgen template defines, shared by its builders and renderers.

The template builders (``tools/templates/base.py``) define styles under these ids; code that
writes WordprocessingML itself (the city's 彙編) names them, so both agree on one spelling.
"""

NORMAL = "Normal"
TITLE = "Title"
SUBTITLE = "Subtitle"
COVER_TITLE = "CoverTitle"
HEADINGS = ("Heading1", "Heading2", "Heading3", "Heading4", "Heading5")
BODIES = ("Body1", "Body2", "Body3", "Body4", "Body5")
OUTLINES = ("Outline1", "Outline2", "Outline3", "Outline4")
TABLE_TEXT = "TableText"
TABLE_TEXT_CENTER = "TableTextCenter"
TABLE_HEADER = "TableHeader"
SMALL = "Small"
