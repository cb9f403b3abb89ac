"""Turn the workbook's raw rows into the validated :class:`~docgen.model.project.Project`.

Each sheet is parsed as :mod:`.schema` declares it: headers are matched by name, each cell by
its column's kind, and every problem is recorded with its sheet and cell. Cross-sheet rules live
in :mod:`.rules`. Nothing is raised until every sheet has been read, so the user sees every
problem at once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from datetime import date, time
from pathlib import Path

from docgen.model import project as model
from docgen.problems import InputError, Problems
from docgen.workbook import rules, schema
from docgen.workbook.leftovers import leftovers
from docgen.workbook.reader import UNCACHED_FORMULA, RawRow, RawSheet, read_workbook
from docgen.workbook.schema import CellKind, Column, Sheet
from docgen.workbook.values import (
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    ValueProblem,
    clean_text,
    looks_like_date,
    normalize_header,
    normalize_key,
    parse_bool,
    parse_date,
    parse_level,
    parse_roc_year,
    parse_time,
    split_list,
)

HEADER_SEARCH_ROWS = 10


@dataclass
class ParsedRow:
    """The parsed values of one row (or of a key-value sheet), and whether all were valid."""

    source: model.Source
    values: dict[str, object]
    ok: bool


@dataclass(frozen=True)
class LoadResult:
    """A validated project and the warnings found on the way."""

    project: model.Project
    problems: Problems


class UnitIndex:
    """Resolves what staff type for a unit (its code or its name) to the unit's code."""

    def __init__(self) -> None:
        self._by_key: dict[str, str] = {}
        self._labels: dict[str, str] = {}

    def add(self, code: str, name: str) -> None:
        """Register a unit under its code and its name."""
        for label in (code, name):
            if label:
                self._by_key.setdefault(normalize_key(label), code)
                self._labels[label] = code

    def resolve(self, text: str) -> str | None:
        """Return the code of the unit called ``text``, or None."""
        return self._by_key.get(normalize_key(text))

    def suggest(self, text: str) -> str | None:
        """Return the closest known unit name or code, for a 「是不是指…」 hint."""
        close = difflib.get_close_matches(text, list(self._labels), n=1, cutoff=0.5)
        return close[0] if close else None


def load_project(path: Path) -> LoadResult:
    """Return the validated project in the workbook at ``path``.

    Raise :class:`InputError` with every problem (warnings included) when any is an error.
    """
    raw = read_workbook(path)
    problems = raw.problems
    loader = _Loader(raw.sheets, problems, str(path))
    project = loader.load(path)
    # Cross-sheet rules run even when rows had errors, so every problem shows in one run; IDs of
    # rows with errors still count as known, so one mistake does not cascade into many.
    known = rules.Known(**{key: frozenset(ids) for key, ids in loader.seen_ids.items()})
    rules.check_project(project, problems, known=known, settings_ok=loader.settings_ok)
    if not _is_bundled_example(path):
        problems.extend(leftovers(project))
    if problems.has_errors:
        raise InputError(list(problems))
    return LoadResult(project=project, problems=problems)


def _is_bundled_example(path: Path) -> bool:
    """Return True for the example shipped in the package (its values are the example's)."""
    from docgen.files.paths import example_workbook

    try:
        return path.resolve() == example_workbook().resolve()
    except OSError:
        return False


class _Loader:
    def __init__(self, sheets: dict[str, RawSheet], problems: Problems, where: str) -> None:
        self.problems = problems
        self.where = where
        self.units = UnitIndex()
        self.sheets = self._match_sheets(sheets)
        self.seen_ids: dict[str, set[str]] = {"cases": set(), "risks": set(), "measures": set()}
        self.settings_ok = False

    def _match_sheets(self, sheets: dict[str, RawSheet]) -> dict[str, RawSheet]:
        by_key = {normalize_key(name): sheet for name, sheet in sheets.items()}
        known = {normalize_key(s.name) for s in (*schema.SHEETS,)} | {schema.HELP_SHEET}
        matched: dict[str, RawSheet] = {}
        for spec in schema.SHEETS:
            sheet = by_key.get(normalize_key(spec.name))
            if sheet is not None:
                matched[spec.name] = sheet
            elif spec.required:
                hint = difflib.get_close_matches(spec.name, list(sheets), n=1, cutoff=0.3)
                extra = f"（是不是「{hint[0]}」？請將工作表改名為「{spec.name}」）" if hint else ""
                self.problems.error(self.where, f"缺少必要的工作表「{spec.name}」{extra}")
        for name in sheets:
            if normalize_key(name) not in known:
                self.problems.warning(f"{name}", "不是 docgen 使用的工作表，已略過")
        return matched

    def load(self, path: Path) -> model.Project:
        """Return the project built from every row without errors (partial when some had)."""
        settings = self._key_values(schema.SETTINGS)
        units = self._table(schema.UNITS, _build_unit, register_units=True)
        cases = self._table(schema.CASES, _build_case)
        risks = self._table(schema.RISKS, _build_risk)
        measures = self._table(schema.MEASURES, _build_measure)
        opinions = self._table(schema.OPINIONS, _build_opinion)
        meeting = self._key_values(schema.MEETING)
        attendees = self._table(schema.ATTENDANCE, _build_attendee)
        resolutions = self._table(schema.RESOLUTIONS, _build_resolution)
        waivers = self._table(schema.WAIVERS, _build_waiver)
        self.settings_ok = settings is not None and settings.ok
        return model.Project(
            settings=_build_settings(settings),
            units=units,
            cases=cases,
            risks=risks,
            measures=measures,
            opinions=opinions,
            meeting=_build(model.MeetingRecord, meeting) if meeting else model.MeetingRecord(),
            attendees=attendees,
            resolutions=resolutions,
            waivers=waivers,
            path=path,
            present_sheets=frozenset(self.sheets),
        )

    # --- sheets -------------------------------------------------------------------------------

    def _table(
        self,
        spec: Sheet,
        build: Callable[[ParsedRow], object],
        register_units: bool = False,
    ) -> tuple:
        sheet = self.sheets.get(spec.name)
        if sheet is None:
            return ()
        header = self._header_row(sheet, spec, [c.name for c in spec.columns])
        if header is None:
            return ()
        header_number, letters = header
        columns = {letter: spec.columns[_index(spec, name)] for letter, name in letters.items()}
        rows = [row for row in sheet.rows if row.number > header_number]
        rows = self._without_examples(spec, rows, columns)
        parsed = [self._parse_row(spec, row, columns) for row in rows]
        parsed = [p for p in parsed if p is not None]
        self._check_duplicates(spec, parsed)
        self._remember_ids(spec, parsed)
        if spec is schema.RISKS:
            for row in parsed:
                self._check_score(row)
        if register_units:
            self._register_units(parsed)
        present = set(letters.values())
        if any(c.required and c.name not in present for c in spec.columns):
            return ()  # the missing column is already reported; records would be incomplete
        return tuple(build(p) for p in parsed if p.ok)

    def _without_examples(
        self, spec: Sheet, rows: list[RawRow], columns: dict[str, Column]
    ) -> list[RawRow]:
        """Return ``rows`` without the blank workbook's example rows (first cell 「範例：…」).

        An example row that differs from the shipped example (the clerk typed over it and kept
        the mark) is still not read, and the warning says how to make it count.
        """
        from docgen.workbook.example import is_shipped_example

        first = next((letter for letter, c in columns.items() if c is spec.columns[0]), None)
        if first is None:
            return rows
        kept = []
        for row in rows:
            text = clean_text(row.value(first))[0]
            if not text.startswith(schema.EXAMPLE_MARK):
                kept.append(row)
            elif not is_shipped_example(
                spec.name, {c.name: row.value(letter) for letter, c in columns.items()}
            ):
                self.problems.warning(
                    f"{spec.name}!{first}{row.number}",
                    f"此列標示為「{schema.EXAMPLE_MARK}」，不會讀取；若是貴機關的資料，"
                    f"請刪除儲存格開頭的「{schema.EXAMPLE_MARK}」",
                )
        return kept

    def _key_values(self, spec: Sheet) -> ParsedRow | None:
        sheet = self.sheets.get(spec.name)
        if sheet is None:
            return None
        header = self._header_row(sheet, spec, list(schema.KV_HEADERS))
        if header is None:
            return None
        header_number, letters = header
        by_header = {name: letter for letter, name in letters.items()}
        item_letter, value_letter = by_header.get("項目"), by_header.get("內容")
        if item_letter is None or value_letter is None:
            self.problems.error(
                f"{spec.name}!第{header_number}列", "標題列須有「項目」與「內容」兩欄"
            )
            return None
        return self._parse_items(spec, sheet, header_number, item_letter, value_letter)

    def _parse_items(
        self, spec: Sheet, sheet: RawSheet, header_number: int, item_letter: str, value_letter: str
    ) -> ParsedRow:
        by_key = {normalize_header(c.name): c for c in spec.columns}
        values: dict[str, object] = {}
        placed: list[tuple[str, str, str]] = []  # (field, cell, header)
        seen: dict[str, int] = {}
        ok = True
        for row in sheet.rows:
            if row.number <= header_number:
                continue
            label = clean_text(row.value(item_letter))[0]
            if not label:
                continue
            column = by_key.get(normalize_header(label))
            if column is None:
                self.problems.warning(
                    f"{spec.name}!{item_letter}{row.number}", f"未知的項目「{label}」，已略過"
                )
                continue
            where = f"{spec.name}!{value_letter}{row.number}（{column.name}）"
            if column.field in seen:
                self.problems.error(
                    where, f"項目「{column.name}」重複（已見於第{seen[column.field]}列）"
                )
                ok = False
                continue
            seen[column.field] = row.number
            placed.append((column.field, f"{value_letter}{row.number}", column.name))
            ok &= self._parse_cell(column, row.value(value_letter), where, values)
        for column in spec.columns:
            if column.required and column.field not in seen:
                self.problems.error(
                    spec.name, f"缺少必填項目「{column.name}」，請在「項目」欄新增一列"
                )
                ok = False
        source = model.Source(spec.name, header_number, tuple(placed))
        return ParsedRow(source=source, values=values, ok=ok)

    def _header_row(
        self, sheet: RawSheet, spec: Sheet, names: list[str]
    ) -> tuple[int, dict[str, str]] | None:
        wanted = {normalize_header(n): n for n in names}
        best: tuple[int, RawRow] | None = None
        for row in sheet.rows[:HEADER_SEARCH_ROWS]:
            hits = sum(
                1 for v in row.cells.values() if normalize_header(clean_text(v)[0]) in wanted
            )
            if hits and (best is None or hits > best[0]):
                best = (hits, row)
        if best is None:
            if sheet.rows:
                self.problems.error(
                    f"{spec.name}!第1列", f"找不到標題列（應有「{'」「'.join(names[:3])}」等欄位）"
                )
            elif spec.required:
                self.problems.error(
                    spec.name, f"工作表是空的；請填寫標題列（「{'」「'.join(names[:3])}」等）與資料"
                )
            return None
        return best[1].number, self._map_headers(spec, best[1], wanted)

    def _map_headers(self, spec: Sheet, row: RawRow, wanted: dict[str, str]) -> dict[str, str]:
        letters: dict[str, str] = {}
        for letter, value in row.cells.items():
            text = clean_text(value)[0]
            if not text:
                continue
            name = wanted.get(normalize_header(text))
            where = f"{spec.name}!{letter}{row.number}"
            if spec.key_value and normalize_header(text) == normalize_header(schema.EXAMPLE_HEADER):
                continue  # the blank workbook's examples, never read
            if name is None:
                self.problems.warning(where, f"未知的欄位「{text}」，已略過")
            elif name in letters.values():
                self.problems.warning(where, f"欄位「{name}」重複，只讀取第一欄")
            else:
                letters[letter] = name
        if not spec.key_value:
            present = set(letters.values())
            for column in spec.columns:
                if column.required and column.name not in present:
                    self.problems.error(
                        f"{spec.name}!第{row.number}列", f"缺少必填欄位「{column.name}」"
                    )
        return letters

    # --- rows and cells -----------------------------------------------------------------------

    def _parse_row(self, spec: Sheet, row: RawRow, columns: dict[str, Column]) -> ParsedRow | None:
        if all(_blank(row.value(letter)) for letter in columns):
            return None
        placed = tuple(
            (column.field, f"{letter}{row.number}", column.name)
            for letter, column in columns.items()
        )
        source = model.Source(spec.name, row.number, placed)
        values: dict[str, object] = {}
        ok = True
        for letter, column in columns.items():
            where = f"{spec.name}!{letter}{row.number}（{column.name}）"
            ok &= self._parse_cell(column, row.value(letter), where, values)
        return ParsedRow(source=source, values=values, ok=ok)

    def _check_score(self, row: ParsedRow) -> None:
        given, likelihood, impact = (row.values.get(k) for k in ("score", "likelihood", "impact"))
        if not all(isinstance(v, int) for v in (given, likelihood, impact)):
            return
        product = likelihood * impact
        if given != product:
            self.problems.error(
                row.source.cell("score"),
                f"風險值{given}與可能性×影響程度（{likelihood}×{impact}＝{product}）"
                "不符；請更正或留空由系統計算",
            )
            row.ok = False

    def _parse_cell(self, column: Column, raw: object, where: str, out: dict[str, object]) -> bool:
        if raw is UNCACHED_FORMULA:
            self.problems.error(
                where,
                "此儲存格是公式，但尚未計算出結果（工作簿可能由程式產生）；"
                "請在 Excel 開啟後存檔再試",
            )
            return False
        text, dropped = clean_text(raw)
        if dropped:
            self.problems.warning(where, f"已移除 {dropped} 個文件不允許的控制字元")
        if not text:
            if column.required:
                self.problems.error(where, f"「{column.name}」為必填，請填寫")
                return False
            return True
        try:
            out[column.field] = self._convert(column, raw, text, where)
        except ValueProblem as problem:
            self.problems.error(where, str(problem))
            return False
        return True

    def _convert(self, column: Column, raw: object, text: str, where: str) -> object:
        kind = column.kind
        if kind in (CellKind.TEXT, CellKind.LONGTEXT):
            return text
        if kind is CellKind.ID:
            return normalize_key(text)
        if kind is CellKind.UNITS:
            return self._resolve_units(split_list(text))
        if kind is CellKind.UNIT:
            return self._resolve_units([text])[0]
        if kind is CellKind.CHOICE:
            return _choice(column, text)
        return _SIMPLE_PARSERS[kind](column, raw if not isinstance(raw, str) else text)

    def _resolve_units(self, names: list[str]) -> tuple[str, ...]:
        codes = []
        for name in names:
            code = self.units.resolve(name)
            if code is None:
                hint = self.units.suggest(name)
                extra = f"（是不是「{hint}」？）" if hint else ""
                if re.search(r"\s|及|與|和|/|／", name):
                    extra += "；多個單位請以「、」分隔"
                raise ValueProblem(f"找不到單位「{name}」{extra}，請先在「單位」工作表新增")
            if code not in codes:
                codes.append(code)
        return tuple(codes)

    def _check_duplicates(self, spec: Sheet, rows: list[ParsedRow]) -> None:
        if spec.id_field is None:
            return
        seen: dict[str, str] = {}
        for row in rows:
            key = row.values.get(spec.id_field)
            if not key:
                continue
            where = row.source.cell(spec.id_field)
            if key in seen:
                column = spec.column(spec.id_field).name
                self.problems.error(where, f"{column}「{key}」重複（已見於 {seen[key]}）")
                row.ok = False
            else:
                seen[str(key)] = where

    def _remember_ids(self, spec: Sheet, rows: list[ParsedRow]) -> None:
        key = {"案例": "cases", "風險評估": "risks", "防制措施": "measures"}.get(spec.name)
        if key is not None:
            self.seen_ids[key].update(str(r.values["id"]) for r in rows if r.values.get("id"))

    def _register_units(self, rows: list[ParsedRow]) -> None:
        names: dict[str, str] = {}
        for row in rows:
            code, name = row.values.get("code"), row.values.get("name")
            if not isinstance(code, str) or not isinstance(name, str):
                continue
            key = normalize_key(name)
            if key in names:
                self.problems.error(
                    row.source.cell("name"), f"單位名稱「{name}」重複（已見於 {names[key]}）"
                )
            names.setdefault(key, row.source.cell("name"))
        for row in rows:
            code, name = row.values.get("code"), row.values.get("name")
            if isinstance(code, str) and isinstance(name, str):
                clash = names.get(normalize_key(code))
                if clash and clash != row.source.cell("name"):
                    self.problems.error(
                        row.source.cell("code"),
                        f"單位代碼「{code}」與另一單位的名稱相同（{clash}），無法分辨",
                    )
                self.units.add(code, name)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _choice(column: Column, text: str) -> str:
    key = normalize_key(text)
    for choice in column.choices:
        if normalize_key(choice) == key:
            return choice
    allowed = "、".join(column.choices)
    raise ValueProblem(f"「{text}」不是可選的值，請填：{allowed}")


def _score(column: Column, raw: object) -> int:
    try:
        number = float(normalize_key(str(raw)))
    except ValueError:
        raise ValueProblem(f"「{raw}」不是數字") from None
    if not number.is_integer() or not 1 <= number <= 9:
        raise ValueProblem(f"{column.name}「{raw}」超出範圍，應為1至9")
    return int(number)


def _index(spec: Sheet, name: str) -> int:
    return next(i for i, column in enumerate(spec.columns) if column.name == name)


def _date_or_text(column: Column, raw: object) -> object:
    text = clean_text(raw)[0]
    if looks_like_date(raw) or looks_like_date(text):
        return parse_date(raw if not isinstance(raw, int | float) else text)
    return text


def _date(column: Column, raw: object) -> object:
    return parse_date(raw)


_SIMPLE_PARSERS: dict[CellKind, Callable[[Column, object], object]] = {
    CellKind.BOOL: lambda c, v: parse_bool(v),
    CellKind.LIKELIHOOD: lambda c, v: parse_level(v, LIKELIHOOD_WORDS),
    CellKind.IMPACT: lambda c, v: parse_level(v, IMPACT_WORDS),
    CellKind.SCORE: _score,
    CellKind.DATE: _date,
    CellKind.TIME: lambda c, v: parse_time(v),
    CellKind.DATE_OR_TEXT: _date_or_text,
    CellKind.YEAR: lambda c, v: parse_roc_year(v),
}


# --- records ----------------------------------------------------------------------------------


def _build(cls: type, row: ParsedRow) -> object:
    values = {k: v for k, v in row.values.items() if v is not None}
    return cls(**values, source=row.source)


_PLACEHOLDERS = {"str": "", "date": date.min, "time": time(0)}


def _build_settings(row: ParsedRow | None) -> model.Settings:
    """Return the settings; fields that failed to parse get neutral placeholders.

    A placeholder only ever reaches the cross-sheet rules, which skip settings-based checks
    when the settings had errors; a project with errors is never rendered.
    """
    values = {k: v for k, v in (row.values if row else {}).items() if v is not None}
    for item in fields(model.Settings):
        if item.name not in values and item.default is MISSING:
            values[item.name] = _PLACEHOLDERS[str(item.type)]
    return model.Settings(**values, source=row.source if row else model.NO_SOURCE)


def _build_unit(row: ParsedRow) -> model.Unit:
    values = dict(row.values)
    values.setdefault("category", "業務單位")
    if values.get("attends") is None:
        values["attends"] = True
    return model.Unit(**values, source=row.source)


def _build_case(row: ParsedRow) -> model.Case:
    values = dict(row.values)
    values["source_ref"] = values.pop("source", "")
    if values.get("discuss") is None:
        values["discuss"] = True
    return model.Case(**{k: v for k, v in values.items() if v is not None}, source=row.source)


def _build_risk(row: ParsedRow) -> model.Risk:
    values = dict(row.values)
    values.pop("score", None)  # derived; rules check a given one against the levels
    return model.Risk(**values, source=row.source)


def _build_measure(row: ParsedRow) -> model.Measure:
    return _build(model.Measure, row)  # type: ignore[return-value]


def _build_opinion(row: ParsedRow) -> model.Opinion:
    return _build(model.Opinion, row)  # type: ignore[return-value]


def _build_attendee(row: ParsedRow) -> model.Attendee:
    return _build(model.Attendee, row)  # type: ignore[return-value]


def _build_resolution(row: ParsedRow) -> model.Resolution:
    return _build(model.Resolution, row)  # type: ignore[return-value]


def _build_waiver(row: ParsedRow) -> model.PrivacyWaiver:
    return _build(model.PrivacyWaiver, row)  # type: ignore[return-value]


__all__ = ["LoadResult", "UnitIndex", "load_project"]
