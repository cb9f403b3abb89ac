"""docgen: 廉政細工專案文件自動產製.

Staff fill one Excel workbook; docgen validates it into a model (:mod:`docgen.model`) and
renders every meeting document from that model. ``ARCHITECTURE.md`` shows the layers.
"""

__version__ = "0.1.0"
