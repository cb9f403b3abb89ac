"""``docgen compile``: the city's 廉政細工防貪策略彙編 from every agency's submission.

:mod:`.gather` finds and reads the submissions (one per agency), :mod:`.cases` checks their
entries, :mod:`.outline` places the cases (業務類別 → 弊端態樣 → agency), :mod:`.screening`
runs the personal-data guard, :mod:`.appendix` appends the hand-written reports with
docxcompose, :mod:`.book` and :mod:`.indexes` write the body as WordprocessingML text, and
:mod:`.package` streams it into the template's package; :mod:`.compiler` runs them in turn.
"""

from __future__ import annotations

from docgen.compile.compiler import CompileReport, book_name, compile_book

__all__ = ["CompileReport", "book_name", "compile_book"]
