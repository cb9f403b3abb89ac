"""A second agency, filled in differently from the bundled example, typed the way a clerk types.

新北市板橋區公所 fills the blank workbook of ``docgen init``: settings in the 內容 column,
its rows from row 3 under the grey example rows, dates and times in the forms staff use
(民國 with 年月日, slashes, 西元), a unit that does not attend yet assists on a measure, the
ethics office marked as 政風單位, and a case that is not discussed. Nothing in it comes from
臺南市南區區公所, so any of the example's people in a document is a leak.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

AGENCY = "新北市板橋區公所"
OFFICER = "吳佳蓉"
EXAMPLE_PEOPLE = ("張雅婷", "林振宏", "王文彬", "李淑芬", "黃建國", "南區")

SETTINGS: dict[str, Any] = {
    "機關名稱": AGENCY,
    "專案名稱": "廉政細工專案",
    "依據": "新北市政府115年1月12日新北府政預字第1150045678號函",
    "首長職稱": "區長",
    "首長姓名": "鄭國興",
    "政風室主任": "高明潔",
    "承辦人": OFFICER,
    "聯絡電話": "(02)29681234#512",
    "電子郵件": "ethics@banqiao.example.gov.tw",
    "會議名稱": "廉政細工專案研討會",
    "會議日期": "115年3月20日",
    "會議時間": "下午2時30分",
    "會議地點": "本所5樓大禮堂",
    "紀錄": OFFICER,
    "修正意見回覆期限": "115/3/10",
    "專案截止日": "2026-04-30",
    "政風處信箱": "ethics@ntpc.example.gov.tw",
    "陳報機關": "新北市政府政風處",
}

UNITS = [
    ("民政", "民政課", "業務單位", "課長", "許志明", "civil@banqiao.example.gov.tw", "是"),
    ("社會", "社會課", "業務單位", "課長", "蔡淑惠", "social@banqiao.example.gov.tw", "是"),
    ("工務", "工務課", "業務單位", "課長", "楊文雄", "works@banqiao.example.gov.tw", "否"),
    ("秘書", "秘書室", "幕僚單位", "主任", "林美玲", "", "是"),
    ("政風", "政風室", "政風單位", "主任", "高明潔", "ethics@banqiao.example.gov.tw", "是"),
    ("市政風", "新北市政府政風處", "受邀單位", "專員", "周志成", "", "是"),
]
UNIT_HEADERS = ("單位代碼", "單位名稱", "類別", "主管職稱", "主管姓名", "電子郵件", "出席")

CASES = [
    {
        "案例編號": "B01",
        "案例名稱": "低收入戶資格審查不實案",
        "來源類型": "他機關",
        "出處": "某縣政府社會處115年度專案稽核（已去識別化）",
        "發生年度": "113",
        "業務類別": "社會福利",
        "主責單位": "社會課",
        "員工涉案": "否",
        "通案性": "是",
        "列入討論": "是",
        "案情概述": "承辦人受理低收入戶申請，未實地訪視即核定資格，致不符資格者長期領取補助。",
        "公開摘要": "受理低收入戶申請未實地訪視即核定資格，致不符資格者長期領取補助。",
        "弊端態樣": "未實地訪視即核定社會救助資格",
        "涉犯法條": "刑法第213條",
        "處分結果": "記過一次",
        "涉案人員": "某課員乙",
    },
    {
        "案例編號": "B02",
        "案例名稱": "道路維修小額採購分批案",
        "來源類型": "新聞",
        "出處": "地方新聞報導（已去識別化）",
        "發生年度": "112",
        "業務類別": "工程採購",
        "主責單位": "民政",
        "員工涉案": "是",
        "通案性": "是",
        "列入討論": "是",
        "案情概述": "承辦人將同一道路維修工程分批辦理小額採購，規避公開招標。",
        "公開摘要": "將同一道路維修工程分批辦理小額採購，規避公開招標。",
        "弊端態樣": "分批辦理採購規避公開招標",
        "涉犯法條": "政府採購法第14條",
        "處分結果": "判決有罪",
        "涉案人員": "某技士丙",
    },
    {
        "案例編號": "B03",
        "案例名稱": "里鄰活動費核銷不實案",
        "來源類型": "本機關",
        "發生年度": "111",
        "業務類別": "里鄰業務",
        "主責單位": "民政",
        "列入討論": "否",
        "案情概述": "里辦公處以不實單據核銷活動費。",
        "弊端態樣": "以不實單據核銷補助款",
    },
]

RISKS = [
    {
        "風險編號": "BR1",
        "案例編號": "B01",
        "風險項目": "資格審查未實地訪視",
        "風險情境": "案件量大時承辦人僅書面審查即核定資格。",
        "風險因子": "人員",
        "現有控制措施": "每月抽查核定案件。",
        "可能性": "中",
        "影響程度": "3",
    },
    {
        "風險編號": "BR2",
        "案例編號": "B02",
        "風險項目": "同一工程分批採購",
        "風險情境": "以多筆小額採購辦理同一工程，規避招標。",
        "風險因子": "制度",
        "可能性": "3",
        "影響程度": "嚴重",
    },
    {
        "風險編號": "BR3",
        "案例編號": "B03",
        "風險項目": "單據不實",
        "風險情境": "以不實單據核銷。",
        "風險因子": "監督",
        "可能性": "1",
        "影響程度": "1",
    },
]

MEASURES = [
    {
        "措施編號": "BM1",
        "案例編號": "B01",
        "風險編號": "BR1",
        "措施內容": "新申請案件一律實地訪視，並留存訪視紀錄。",
        "類別": "新增",
        "權責單位": "社會課",
        "完成期限": "115年6月30日",
        "殘餘可能性": "1",
        "殘餘影響程度": "3",
    },
    {
        "措施編號": "BM2",
        "案例編號": "B02",
        "風險編號": "BR2",
        "措施內容": "同一工程之採購應合併計算金額，由秘書室每季檢核。",
        "類別": "策進",
        "權責單位": "民政課",
        "協辦單位": "工務課、秘書室",
        "完成期限": "持續辦理",
    },
    {
        "措施編號": "BM3",
        "案例編號": "B03",
        "風險編號": "BR3",
        "措施內容": "核銷時查核原始單據。",
        "權責單位": "民政課",
    },
]

MEETING = {
    "實際開會時間": "14:35",
    "主席": "區長鄭國興",
    "主席致詞": "請各單位依決議落實辦理。",
    "散會時間": "下午4時",
    "紀錄": OFFICER,
}
ATTENDANCE = [
    ("出席", "民政課", "課長", "許志明"),
    ("出席", "社會課", "課長", "蔡淑惠"),
    ("請假", "工務課", "課長", "楊文雄"),
    ("列席", "新北市政府政風處", "專員", "周志成"),
]
ATTENDANCE_HEADERS = ("類別", "單位", "職稱", "姓名")
RESOLUTION_HEADERS = ("案例編號", "討論摘要", "決議")
RESOLUTIONS = [
    ("B01", "與會單位同意實地訪視。", "照案通過。"),
    ("B02", "秘書室將每季檢核。", "修正通過。"),
]


def fill_blank(path: Path) -> Path:
    """Type the agency's data into the blank workbook at ``path``, before the meeting."""
    book = openpyxl.load_workbook(path)
    _settings(book["專案設定"], SETTINGS)
    _rows(book["單位"], [dict(zip(UNIT_HEADERS, unit, strict=True)) for unit in UNITS])
    _rows(book["案例"], CASES)
    _rows(book["風險評估"], RISKS)
    _rows(book["防制措施"], MEASURES)
    book.save(path)
    return path


def approve(path: Path, decisions: Mapping[str, str], approved: str = "115年3月13日") -> Path:
    """Write the ethics office's 處理結果 per 意見編號 and the head's 核定日期."""
    book = openpyxl.load_workbook(path)
    sheet = book["修正意見"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        decision = decisions.get(str(row[0].value or ""))
        if decision:
            row[header.index("處理結果")].value = decision
    _settings(book["專案設定"], {"核定日期": approved})
    book.save(path)
    return path


def record_meeting(path: Path) -> Path:
    """Fill 會議, 出席 and 決議 after the meeting."""
    book = openpyxl.load_workbook(path)
    _settings(book["會議"], MEETING)
    _rows(book["出席"], [dict(zip(ATTENDANCE_HEADERS, a, strict=True)) for a in ATTENDANCE])
    _rows(book["決議"], [dict(zip(RESOLUTION_HEADERS, r, strict=True)) for r in RESOLUTIONS])
    book.save(path)
    return path


def _settings(sheet: Any, values: Mapping[str, Any]) -> None:
    """Write each item's value in the 內容 column, adding an item row the sheet lacks."""
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for item, value in values.items():
        if item in rows:
            rows[item][1].value = value
        else:
            sheet.append([item, value])


def _rows(sheet: Any, records: Sequence[Mapping[str, Any]]) -> None:
    """Append ``records`` under the sheet's last row, each value under its header."""
    header = [cell.value for cell in sheet[1]]
    for record in records:
        sheet.append([record.get(name) for name in header])
