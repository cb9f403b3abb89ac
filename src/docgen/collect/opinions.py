"""Turn the rows of a returned form into revision opinions the workbook accepts.

A row is an opinion when it has an 意見類型 or any text in 建議內容 or 理由. What the unit
left unclear is settled the same way every time, and said in a warning:

* no 意見類型: with a 措施編號 it is 「修改」, without one 「新增」;
* a 措施編號 the workbook does not know: dropped for 新增 and 其他; for 修改 and 刪除 the opinion
  becomes 「其他」 and keeps the typed number at the front of its 建議內容;
* a measure of another case: the opinion goes to that measure's case;
* the 現行內容 edited in place (often with Track Changes) and 建議內容 left empty: the edited
  text is the proposal;
* a row of a case's 新增措施 table is a 「新增」 opinion with its 對應風險, 權責單位, 協辦單位
  and 完成期限; a risk of another case, or a unit the workbook does not know, is left out with a
  warning (a blank 權責單位 means the proposing unit).

Opinions are returned without 意見編號; the collector numbers the new ones.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from docgen.collect.reader import FormContent, FormRow, FormTable
from docgen.model.identity import FormIdentity
from docgen.model.project import Measure, Opinion, Project
from docgen.problems import Problems
from docgen.workbook.schema import OPINION_KINDS
from docgen.workbook.values import (
    ValueProblem,
    clean_typed_text,
    looks_like_date,
    normalize_key,
    parse_date,
    split_list,
)

EXCEL_CELL_LIMIT = 32767
PLACEHOLDERS = {"請選擇", "選擇一個項目。", "選擇一個項目", "CHOOSEANITEM.", "CHOOSEANITEM"}
NO_OPINION = {"無", "無意見", "免填", "-", "－", "—", "/", "／"}
KIND_WORDS = {
    "修改": "修改",
    "修正": "修改",
    "變更": "修改",
    "新增": "新增",
    "增加": "新增",
    "增列": "新增",
    "刪除": "刪除",
    "删除": "刪除",
    "其他": "其他",
    "其它": "其他",
}
_TOKEN = re.compile(r"[0-9A-Za-z０-９Ａ-Ｚａ-ｚ_\-.．]+")


@dataclass
class FormOpinions:
    """The opinions read from one form, and the rows that could not be kept."""

    opinions: list[tuple[Opinion, str]] = field(default_factory=list)  # (opinion, where)
    skipped: list[str] = field(default_factory=list)
    changed_measures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Context:
    project: Project
    unit: str
    label: str
    current_draft: bool
    measures: dict[str, Measure]


def read_opinions(
    content: FormContent,
    identity: FormIdentity,
    project: Project,
    label: str,
    current_draft: bool,
    problems: Problems,
) -> FormOpinions:
    """Return the opinions in ``content``; warnings and errors go to ``problems``."""
    context = _Context(
        project, identity.unit, label, current_draft, {m.id: m for m in project.measures}
    )
    result = FormOpinions()
    if not content.tables:
        problems.warning(
            label, "找不到意見表格（標題列應為：措施編號、現行內容、意見類型、建議內容、理由）"
        )
    count = sum(1 for table in content.tables if not table.new_measures)
    case_id: str | None = None
    for table in content.tables:
        if table.new_measures:
            case_id = _preceding_case(table, context) or case_id
            for row in table.rows:
                _read_new_measure(row, case_id, context, result, problems)
            continue
        case_id = _table_case(table, count, identity, context)
        for row in table.rows:
            _read_row(row, case_id, context, result, problems)
    return result


# --- which case a table is about ----------------------------------------------------------------


def _preceding_case(table: FormTable, context: _Context) -> str | None:
    """Return the case a table's heading names (the first word of a paragraph just before)."""
    known = {case.id for case in context.project.cases}
    for text in table.preceding:
        token = _TOKEN.search(text)
        if token and normalize_key(token.group()) in known:
            return normalize_key(token.group())
    return None


def _table_case(
    table: FormTable, count: int, identity: FormIdentity, context: _Context
) -> str | None:
    known = {case.id for case in context.project.cases}
    named = _preceding_case(table, context)
    if named is not None:
        return named
    if count == len(identity.cases) and identity.cases[table.index] in known:
        return identity.cases[table.index]
    cases = [
        context.measures[key].case_id
        for key in (_measure_key(row.measure) for row in table.rows)
        if key in context.measures
    ]
    return Counter(cases).most_common(1)[0][0] if cases else None


# --- one row ------------------------------------------------------------------------------------


def _text(value: str) -> str:
    text = clean_typed_text(value)[0]
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _measure_key(text: str) -> str:
    """Return the 措施編號 typed in a cell: its first line, folded (「Ｍ05（修正）」 → M05…)."""
    return normalize_key(_text(text).split("\n", 1)[0])


def _find_measure(text: str, measures: dict[str, Measure]) -> Measure | None:
    """Return the measure a 措施編號 cell names: the whole first line, else its first token."""
    key = _measure_key(text)
    if key in measures:
        return measures[key]
    token = _TOKEN.search(key)
    return measures.get(token.group()) if token else None


def _kind(text: str) -> tuple[str, str]:
    """Return (kind, unrecognised word) for what is in the 意見類型 cell."""
    word = normalize_key(_text(text)) if text else ""
    for placeholder in PLACEHOLDERS:
        word = word.replace(normalize_key(placeholder), "")
    if not word or word in NO_OPINION:
        return "", ""
    kinds = {kind for typed, kind in KIND_WORDS.items() if typed in word}
    if len(kinds) == 1:
        return kinds.pop(), ""
    return "", word


def _read_row(
    row: FormRow,
    case_id: str | None,
    context: _Context,
    result: FormOpinions,
    problems: Problems,
) -> None:
    where = f"{context.label}（{case_id or '?'} 表格第{row.number}列）"
    kind, unknown = _kind(row.kind)
    proposal, reason = _text(row.proposal), _text(row.reason)
    typed_id = _measure_key(row.measure)
    measure = _find_measure(row.measure, context.measures)
    measure = measure or _measure_by_content(row, case_id, context)
    if not proposal and measure is not None:
        if context.current_draft:
            proposal = _edited_current(row, measure, kind, where, problems)
        else:
            _note_changed_measure(row, measure, result)
    if not (kind or proposal or reason):
        if unknown:
            problems.warning(where, f"意見類型「{unknown}」無法辨識，且未填建議內容或理由，已略過")
        return
    if unknown:
        problems.warning(where, f"意見類型「{unknown}」無法辨識，請選擇{'、'.join(OPINION_KINDS)}")
    if not kind:
        kind = "修改" if (measure is not None or typed_id) else "新增"
        problems.warning(where, f"未選擇意見類型，依填寫內容推定為「{kind}」，請確認")
    if measure is not None and row.current and not context.current_draft:
        _note_changed_measure(row, measure, result)
    opinion = _settle(kind, typed_id, measure, case_id, proposal, reason, where, context, problems)
    if opinion is None:
        result.skipped.append(where)
        return
    result.opinions.append((opinion, where))


def _measure_by_content(row: FormRow, case_id: str | None, context: _Context) -> Measure | None:
    """Return the measure whose text is the row's 現行內容 when its 措施編號 was cleared."""
    current = _text(row.current)
    if _measure_key(row.measure) or not current or case_id is None:
        return None
    matches = [m for m in context.project.measures_of(case_id) if _text(m.content) == current]
    return matches[0] if len(matches) == 1 else None


def _edited_current(
    row: FormRow, measure: Measure, kind: str, where: str, problems: Problems
) -> str:
    """Return the 現行內容 as edited by the unit when it differs from the measure, else ""."""
    current = _text(row.current)
    if not current or current == _text(measure.content) or kind in ("刪除", "其他"):
        return ""
    problems.warning(
        where, f"單位直接修改了措施「{measure.id}」的現行內容，已將修改後的文字作為建議內容"
    )
    return current


def _note_changed_measure(row: FormRow, measure: Measure, result: FormOpinions) -> None:
    if _text(row.current) != _text(measure.content) and measure.id not in result.changed_measures:
        result.changed_measures.append(measure.id)


def _settle(
    kind: str,
    typed_id: str,
    measure: Measure | None,
    case_id: str | None,
    proposal: str,
    reason: str,
    where: str,
    context: _Context,
    problems: Problems,
) -> Opinion | None:
    """Return the opinion made valid for the workbook, or None when its case is unknown."""
    measure_id = measure.id if measure is not None else ""
    if measure is None and typed_id:
        if kind in ("修改", "刪除"):
            problems.warning(
                where,
                f"工作簿中沒有措施「{typed_id}」，此「{kind}」意見改記為「其他」，"
                "原填措施編號保留於建議內容開頭",
            )
            proposal = f"〔原填措施編號{typed_id}、意見類型{kind}〕{proposal}"
            kind = "其他"
        else:
            problems.warning(where, f"工作簿中沒有措施「{typed_id}」，措施編號已留空")
    elif measure is None and kind in ("修改", "刪除"):
        problems.warning(where, f"意見類型為「{kind}」但未填措施編號，改記為「其他」，請確認")
        kind = "其他"
    if measure is not None and case_id is not None and measure.case_id != case_id:
        problems.warning(
            where, f"措施「{measure.id}」屬於案例「{measure.case_id}」，意見記於該案例"
        )
    if measure is not None:
        case_id = measure.case_id
    if case_id is None:
        problems.error(where, "無法判斷此意見屬於哪個案例（案例標題已被修改），未寫入")
        return None
    proposal = _fit(proposal, where, "建議內容", problems)
    reason = _fit(reason, where, "理由", problems)
    return Opinion(
        unit=context.unit,
        case_id=case_id,
        kind=kind,
        measure_id=measure_id,
        proposal=proposal,
        reason=reason,
    )


def _fit(text: str, where: str, column: str, problems: Problems) -> str:
    if len(text) <= EXCEL_CELL_LIMIT:
        return text
    problems.warning(where, f"{column}超過 Excel 儲存格上限 {EXCEL_CELL_LIMIT} 字，已截斷")
    return text[:EXCEL_CELL_LIMIT]


# --- a row of the new-measures table ------------------------------------------------------------


def _read_new_measure(
    row: FormRow,
    case_id: str | None,
    context: _Context,
    result: FormOpinions,
    problems: Problems,
) -> None:
    """Add the 「新增」 opinion a row of a case's 新增措施 table proposes, if it proposes one."""
    where = f"{context.label}（{case_id or '?'} 新增措施表格第{row.number}列）"
    proposal, reason = _text(row.proposal), _text(row.reason)
    details = [_text(value) for value in (row.risk, row.owner, row.assist, row.deadline)]
    if not proposal:
        if reason or any(details):
            problems.warning(where, "新增措施未填「新增措施內容」，已略過此列")
        return
    if case_id is None:
        problems.error(where, "無法判斷此新增措施屬於哪個案例（案例標題已被修改），未寫入")
        result.skipped.append(where)
        return
    risk, owner, assist, deadline = details
    opinion = Opinion(
        unit=context.unit,
        case_id=case_id,
        kind="新增",
        proposal=_fit(proposal, where, "新增措施內容", problems),
        reason=_fit(reason, where, "理由", problems),
        risk_id=_risk(risk, case_id, where, context, problems),
        owner_units=_units(owner, "權責單位", where, context, problems),
        assist_units=_units(assist, "協辦單位", where, context, problems),
        deadline=_deadline(deadline, where, problems),
    )
    result.opinions.append((opinion, where))


def _risk(text: str, case_id: str, where: str, context: _Context, problems: Problems) -> str:
    """Return the 風險編號 typed (its first word), when it is a risk of the case."""
    token = _TOKEN.search(normalize_key(text)) if text else None
    if token is None:
        return ""
    risk_id = token.group()
    if risk_id in {risk.id for risk in context.project.risks_of(case_id)}:
        return risk_id
    problems.warning(where, f"「{text}」不是案例「{case_id}」的風險編號，對應風險已留空")
    return ""


def _units(
    text: str, column: str, where: str, context: _Context, problems: Problems
) -> tuple[str, ...]:
    """Return the codes of the units typed (by code or name); unknown ones are left out."""
    by_key = {}
    for unit in context.project.units:
        by_key.setdefault(normalize_key(unit.name), unit.code)
        by_key.setdefault(normalize_key(unit.code), unit.code)
    codes: list[str] = []
    for name in split_list(text):
        code = by_key.get(normalize_key(name))
        if code is None:
            problems.warning(where, f"{column}「{name}」不是工作簿「單位」工作表中的單位，已略過")
        elif code not in codes:
            codes.append(code)
    return tuple(codes)


def _deadline(text: str, where: str, problems: Problems) -> date | str | None:
    """Return the 完成期限 typed: a date when it reads as one, else the text (持續辦理).

    A date that does not exist (115年6月31日) is left out with a warning naming the form, the
    row and what was typed: the workbook would refuse it, and with it every other opinion.
    """
    if not text:
        return None
    if looks_like_date(text):
        try:
            return parse_date(text)
        except ValueProblem as problem:
            problems.warning(
                where,
                f"完成期限「{_shown(text)}」：{problem}；此欄已留空，其餘內容照常寫入，"
                "請向該單位確認後於「修正意見」工作表補填完成期限",
            )
            return None
    return _fit(text, where, "完成期限", problems)


def _shown(text: str, limit: int = 40) -> str:
    """Return ``text`` for a message: at most ``limit`` characters, the rest marked 「…」."""
    return text if len(text) <= limit else text[:limit] + "…"
