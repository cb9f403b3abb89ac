"""A small factory that builds input workbooks in code, valid by default, for tests to bend.

It writes with openpyxl directly (not with docgen's own writer) so tests can produce any shape
staff might: missing sheets, renamed headers, odd values, Excel dates, stray columns.
"""

from __future__ import annotations

import copy
from datetime import date, time
from pathlib import Path
from typing import Any

from openpyxl import Workbook

SETTINGS: dict[str, Any] = {
    "機關名稱": "臺南市南區區公所",
    "專案名稱": "廉政細工專案 2.0",
    "依據": "臺南市政府106年7月6日府政預字第1060699847號函",
    "首長職稱": "區長",
    "首長姓名": "林大明",
    "政風室主任": "陳正直",
    "承辦人": "王小華",
    "聯絡電話": "(06)2911234#301",
    "電子郵件": "officer@nan.example.gov.tw",
    "會議名稱": "廉政細工專案座談會",
    "會議日期": "106/8/15",
    "會議時間": "14:00",
    "會議地點": "本所3樓第一會議室",
    "修正意見回覆期限": "106/8/4",
    "核定日期": "106/8/9",
}

TABLES: dict[str, list[str]] = {
    "單位": ["單位代碼", "單位名稱", "類別", "主管職稱", "主管姓名", "電子郵件", "出席"],
    "案例": [
        "案例編號",
        "案例名稱",
        "來源類型",
        "出處",
        "發生年度",
        "業務類別",
        "主責單位",
        "員工涉案",
        "通案性",
        "列入討論",
        "案情概述",
        "公開摘要",
        "弊端態樣",
        "涉犯法條",
        "處分結果",
        "涉案人員",
        "備註",
    ],
    "風險評估": [
        "風險編號",
        "案例編號",
        "風險項目",
        "風險情境",
        "風險因子",
        "現有控制措施",
        "可能性",
        "影響程度",
        "風險值",
    ],
    "防制措施": [
        "措施編號",
        "案例編號",
        "風險編號",
        "措施內容",
        "類別",
        "權責單位",
        "協辦單位",
        "完成期限",
        "殘餘可能性",
        "殘餘影響程度",
    ],
    "修正意見": [
        "意見編號",
        "單位",
        "案例編號",
        "措施編號",
        "意見類型",
        "建議內容",
        "理由",
        "處理結果",
        "處理說明",
        "定案內容",
    ],
    "出席": ["類別", "單位", "職稱", "姓名"],
    "決議": ["案例編號", "討論摘要", "決議"],
}

ROWS: dict[str, list[dict[str, Any]]] = {
    "單位": [
        {
            "單位代碼": "社會",
            "單位名稱": "社會課",
            "類別": "業務單位",
            "主管職稱": "課長",
            "主管姓名": "張社福",
            "出席": "是",
        },
        {
            "單位代碼": "民政",
            "單位名稱": "民政課",
            "類別": "業務單位",
            "主管職稱": "課長",
            "主管姓名": "李民安",
            "出席": "是",
        },
        {
            "單位代碼": "政風",
            "單位名稱": "政風室",
            "類別": "幕僚單位",
            "主管職稱": "主任",
            "主管姓名": "陳正直",
            "出席": "是",
        },
        {
            "單位代碼": "市政風處",
            "單位名稱": "臺南市政府政風處",
            "類別": "受邀單位",
            "主管職稱": "科長",
            "主管姓名": "周督導",
            "出席": "是",
        },
    ],
    "案例": [
        {
            "案例編號": "C01",
            "案例名稱": "急難救助金重複核發",
            "來源類型": "本機關",
            "發生年度": "105",
            "主責單位": "社會",
            "列入討論": "是",
            "案情概述": "某課員甲受理急難救助申請，未查核已核發紀錄，致同一事故重複核發。",
            "弊端態樣": "同一事故重複申領救助金",
            "涉犯法條": "貪污治罪條例第5條第1項第2款",
        },
        {
            "案例編號": "C02",
            "案例名稱": "里長事務補助費侵占",
            "來源類型": "新聞",
            "發生年度": "104",
            "主責單位": "民政課",
            "列入討論": "是",
            "案情概述": "某里長以不實單據核銷事務補助費。",
            "弊端態樣": "以不實單據核銷補助費",
        },
    ],
    "風險評估": [
        {
            "風險編號": "R01",
            "案例編號": "C01",
            "風險項目": "重複核發",
            "風險因子": "制度",
            "可能性": 2,
            "影響程度": 3,
            "風險值": 6,
        },
        {
            "風險編號": "R02",
            "案例編號": "C02",
            "風險項目": "不實核銷",
            "風險因子": "監督",
            "可能性": "高",
            "影響程度": "嚴重",
        },
    ],
    "防制措施": [
        {
            "措施編號": "M01",
            "案例編號": "C01",
            "風險編號": "R01",
            "措施內容": "建立核發資料比對機制",
            "類別": "新增",
            "權責單位": "社會",
            "協辦單位": "政風",
            "完成期限": "106/12/31",
            "殘餘可能性": 1,
            "殘餘影響程度": 2,
        },
        {
            "措施編號": "M02",
            "案例編號": "C02",
            "風險編號": "R02",
            "措施內容": "核銷單據抽查",
            "類別": "現有",
            "權責單位": "民政",
            "完成期限": "持續辦理",
        },
    ],
}


class WorkbookFactory:
    """A valid workbook's content, to change and then save as .xlsx."""

    def __init__(self) -> None:
        self.settings: dict[str, Any] = dict(SETTINGS)
        self.headers: dict[str, list[str]] = copy.deepcopy(TABLES)
        self.rows: dict[str, list[dict[str, Any]]] = copy.deepcopy(ROWS)
        self.meeting: dict[str, Any] = {}
        self.settings_header = True
        self.dropped: set[str] = set()
        self.extra_sheets: dict[str, list[list[Any]]] = {}

    def set(self, sheet: str, index: int, column: str, value: Any) -> WorkbookFactory:
        """Set ``column`` of the data row ``index`` (0-based) of ``sheet``."""
        self.rows.setdefault(sheet, [])[index][column] = value
        return self

    def add(self, sheet: str, **values: Any) -> WorkbookFactory:
        """Append a data row to ``sheet``."""
        self.rows.setdefault(sheet, []).append(values)
        return self

    def drop_sheet(self, sheet: str) -> WorkbookFactory:
        """Leave ``sheet`` out of the workbook."""
        self.dropped.add(sheet)
        return self

    def rename_header(self, sheet: str, old: str, new: str) -> WorkbookFactory:
        """Write ``new`` where the header ``old`` was (values stay in that column)."""
        headers = self.headers[sheet]
        headers[headers.index(old)] = new
        for row in self.rows.get(sheet, []):
            if old in row:
                row[new] = row.pop(old)
        return self

    def save(self, path: Path) -> Path:
        """Write the workbook to ``path`` and return it."""
        workbook = Workbook()
        settings = workbook.active
        settings.title = "專案設定"
        if self.settings_header:
            settings.append(["項目", "內容"])
        for item, value in self.settings.items():
            settings.append([item, value])
        for sheet, headers in self.headers.items():
            self._table(workbook, sheet, headers)
        if self.meeting:
            meeting = workbook.create_sheet("會議")
            meeting.append(["項目", "內容"])
            for item, value in self.meeting.items():
                meeting.append([item, value])
        for name, rows in self.extra_sheets.items():
            extra = workbook.create_sheet(name)
            for row in rows:
                extra.append(row)
        for name in self.dropped:
            if name in workbook.sheetnames:
                del workbook[name]
        workbook.save(path)
        return path

    def _table(self, workbook: Workbook, sheet: str, headers: list[str]) -> None:
        worksheet = workbook.create_sheet(sheet)
        if headers:
            worksheet.append(headers)
        for row in self.rows.get(sheet, []):
            worksheet.append([row.get(header) for header in headers])


def make(tmp_path: Path, name: str = "廉政細工專案.xlsx", **changes: Any) -> Path:
    """Save the default valid workbook under ``tmp_path``."""
    return WorkbookFactory().save(tmp_path / name)


__all__ = ["WorkbookFactory", "date", "make", "time"]
