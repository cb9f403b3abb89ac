"""The personal-data guard over the 彙編, which the city publishes.

Every text the book holds passes :func:`docgen.public.guard.scan`, each hit named by file,
entry and field (「南區區公所.docx 第2則（公開摘要）」).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from docgen.compile.cases import Case
from docgen.compile.gather import Report
from docgen.compile.progress import Progress
from docgen.problems import Problem, Severity
from docgen.public.guard import PublicText, scan


def case_texts(case: Case) -> Iterator[PublicText]:
    """Yield every text of ``case`` the book shows, labelled by its field."""
    where = case.where
    yield PublicText(where, "弊端態樣", case.title)
    yield PublicText(where, "業務類別", case.business_type)
    yield PublicText(where, "公開摘要", case.summary)
    yield PublicText(where, "參考法條", case.statutes)
    for risk in case.risks:
        yield PublicText(where, f"風險項目{risk.id}", risk.item)
    for measure in case.measures:
        yield PublicText(where, f"防治措施{measure.id}", measure.content)
        yield PublicText(where, f"防治措施{measure.id}權責單位", measure.owners)
        yield PublicText(where, f"防治措施{measure.id}完成期限", measure.deadline)


def _texts(
    cases: Iterable[Case], appended: Sequence[tuple[Report, list[str]]], progress: Progress
) -> Iterator[PublicText]:
    for report, paragraphs in appended:
        for number, text in enumerate(paragraphs, 1):
            yield PublicText(report.path.name, f"本文第{number}段", text)
        progress.advance()
    for case in cases:
        yield PublicText(case.where, "陳報機關", case.agency)
        yield from case_texts(case)
        progress.advance()


def screen(
    cases: Sequence[Case], appended: Sequence[tuple[Report, list[str]]], progress: Progress
) -> list[Problem]:
    """Return an error for each suspected personal data in the book's texts (none: all clear).

    A text found in many places (a 權責單位, a 完成期限, a statute) is scanned once, and a hit
    in it is reported at each place.
    """
    progress.begin("個資檢核", len(cases) + len(appended))
    places: dict[str, list[PublicText]] = {}
    for item in _texts(cases, appended, progress):
        if item.text.strip():
            places.setdefault(item.text, []).append(item)
    texts = list(places)
    result = scan(PublicText(str(number), "", text) for number, text in enumerate(texts))
    progress.finish()
    return [
        Problem(
            Severity.ERROR,
            f"{place.where}（{place.label}）",
            f"{hit.reason}「{hit.masked}」；請陳報機關修正後重新陳報",
        )
        for hit in result.hits
        for place in places[texts[int(hit.where)]]
    ]
