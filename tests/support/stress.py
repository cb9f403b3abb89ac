"""A stress workbook for layout tests: long texts, many risks, a 30-row table, a 40-character unit.

Built on :class:`support.factory.WorkbookFactory`, so it is valid and complete for every
document kind (the meeting held, its 決議 and attendance recorded, opinions answered). The
texts are long on purpose, hold long digit strings (文號) and full-width punctuation where a
careless line breaker would put it at a line start.
"""

from __future__ import annotations

from pathlib import Path

from support.factory import WorkbookFactory

LONG_UNIT = "臺南市政府工務局新建工程處第二工程科道路養護及人行環境改善業務股"  # 31
LONG_UNIT = (LONG_UNIT + "暨區域排水與側溝清淤股")[:40]
LONG_MEETING = "廉政細工專案暨跨局處採購及救助業務廉政風險評估聯合座談會"
RISKS = 12  # in case C01
MEASURES = 30  # in case C01: the 30-row table
BASIS = (
    "臺南市政府政風處106年7月6日南市政預字第1060699847號函、"
    "臺南市政府106年7月20日府政預字第10607123456789號函及"
    "法務部廉政署106年5月1日廉預字第10605001230號函"
)
SENTENCE = (
    "承辦人員於受理申請時，未依規定查詢社政資訊系統及戶政資料，"
    "亦未函詢他機關有無核發紀錄（含106年度第1060699847號函所列事項），"
    "致同一事故重複核發救助金新臺幣123456789元；"
)


def long_text(repeat: int) -> str:
    """Return ``repeat`` copies of a sentence full of digits, commas and colons."""
    return (SENTENCE * repeat).rstrip("；") + "。"


def stress_factory() -> WorkbookFactory:
    """Return a factory holding the stress workbook (see the module docstring)."""
    factory = WorkbookFactory()
    factory.settings.update(
        {
            "依據": BASIS,
            "會議名稱": LONG_MEETING,
            "目的": long_text(3),
            "會議時間": "14:30",
        }
    )
    factory.add(
        "單位",
        單位代碼="工務",
        單位名稱=LONG_UNIT,
        類別="業務單位",
        主管職稱="股長",
        主管姓名="歐陽建國",
        出席="是",
    )
    _stress_case(factory)
    _stress_opinions(factory)
    _meeting(factory)
    return factory


def _stress_case(factory: WorkbookFactory) -> None:
    """Make case C01 long: long texts, RISKS risks and MEASURES measures."""
    case = factory.rows["案例"][0]
    case.update(
        {
            "主責單位": "社會、工務",
            "案情概述": long_text(6),
            "弊端態樣": long_text(1),
            "涉犯法條": "貪污治罪條例第5條第1項第2款、刑法第213條、第216條、第339條第1項",
            "處分結果": long_text(2),
        }
    )
    factory.rows["風險評估"] = [r for r in factory.rows["風險評估"] if r["案例編號"] != "C01"]
    for n in range(1, RISKS + 1):
        factory.add(
            "風險評估",
            風險編號=f"R{n + 10:02d}",
            案例編號="C01",
            風險項目=f"第{n}項風險：申請人就同一事故重複申請",
            風險情境=long_text(1),
            風險因子="制度",
            現有控制措施="受理時查詢社政資訊系統之救助紀錄（第1060699847號函）。",
            可能性=1 + n % 3,
            影響程度=1 + (n // 3) % 3,
        )
    factory.rows["防制措施"] = [m for m in factory.rows["防制措施"] if m["案例編號"] != "C01"]
    for n in range(1, MEASURES + 1):
        factory.add(
            "防制措施",
            措施編號=f"M{n + 10:02d}",
            案例編號="C01",
            風險編號=f"R{1 + (n - 1) % RISKS + 10:02d}",
            措施內容=f"第{n}項：" + SENTENCE[: 20 + (n * 7) % 60],
            類別="新增",
            權責單位="工務" if n % 5 == 0 else "社會",
            協辦單位="政風",
            完成期限="106/12/31",
            殘餘可能性=1,
            殘餘影響程度=1,
        )


def _stress_opinions(factory: WorkbookFactory) -> None:
    """Add answered opinions from the long-named unit, with long proposals."""
    for n, measure in enumerate(("M11", "M12", "M13"), 1):
        factory.add(
            "修正意見",
            意見編號=f"P{n:02d}",
            單位="工務",
            案例編號="C01",
            措施編號=measure,
            意見類型="修改",
            建議內容=long_text(1),
            理由=long_text(1),
            處理結果="不採納",
            處理說明="經查該措施已涵蓋所提事項：" + long_text(1),
        )


def _meeting(factory: WorkbookFactory) -> None:
    """Record the meeting: chair, remarks, attendance and a 決議 per case."""
    factory.meeting = {
        "實際開會時間": "14:35",
        "主席致詞": long_text(2),
        "臨時動議": "無",
        "散會時間": "16:10",
    }
    factory.add("出席", 類別="出席", 單位="社會", 職稱="課長", 姓名="張社福")
    factory.add("出席", 類別="出席", 單位="工務", 職稱="股長", 姓名="歐陽建國")
    factory.add("出席", 類別="列席", 單位="市政風處", 職稱="科長", 姓名="周督導")
    for case in ("C01", "C02"):
        factory.add("決議", 案例編號=case, 討論摘要=long_text(1), 決議="照案通過。")


def stress_workbook(folder: Path) -> Path:
    """Save the stress workbook into ``folder``; Return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    return stress_factory().save(folder / "壓力測試.xlsx")
