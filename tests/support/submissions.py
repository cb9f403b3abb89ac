"""Generated submissions to the city, as ``docgen submit`` writes them, and a hand-written one.

A submission's data is made through the contract itself (:func:`submission_data` over
:class:`PublicEntry`), then written as .json or embedded in a .docx whose visible layout
follows docgen's (a heading per case, 公開摘要, the risk and measure tables, 參考法條). Agencies
draw their patterns from a small pool, so several agencies share a pattern, some worded with
other punctuation. The hand-written report has its own list numbering (「第1點」) and an image.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm

from docgen.ooxml import custom_xml
from docgen.public.entries import Post, PublicEntry, PublicMeasure, PublicRisk, RiskLevel
from docgen.public.submission import ITEM_ID, submission_data, to_json, to_xml

DISTRICTS = (
    "新營", "鹽水", "白河", "柳營", "後壁", "東山", "麻豆", "下營", "六甲", "官田", "大內",
    "佳里", "學甲", "西港", "七股", "將軍", "北門", "新化", "善化", "新市", "安定", "山上",
    "玉井", "楠西", "南化", "左鎮", "仁德", "歸仁", "關廟", "龍崎", "永康", "東", "南", "北",
    "安南", "安平", "中西",
)  # fmt: skip
KINDS = ("區公所", "區戶政事務所", "區衛生所", "國民中學", "國民小學")


@dataclass(frozen=True)
class Pattern:
    """A pattern of the pool: its 業務類別, wording, statutes and what it puts at risk."""

    business: str
    title: str
    statutes: str
    risks: tuple[str, ...]
    measures: tuple[tuple[str, str], ...]


POOL = (
    Pattern(
        "社會救助",
        "急難救助金重複核發",
        "貪污治罪條例第6條第1項第4款",
        ("同一事由重複申請未能勾稽", "核發後未追蹤是否溢領"),
        (("建立跨機關救助資料勾稽機制", "社會課"), ("每季抽查核發案件", "社會課、政風室")),
    ),
    Pattern(
        "社會救助",
        "低收入戶資格審查未依規定辦理",
        "貪污治罪條例第6條第1項第4款、刑法第213條",
        ("訪視紀錄未落實填寫",),
        (("訪視時二人同行並拍照存證", "社會課"),),
    ),
    Pattern(
        "民政業務",
        "里長事務補助費以不實單據核銷",
        "貪污治罪條例第5條第1項第2款、刑法第214條",
        ("單據真實性未查核", "核銷流程未分工"),
        (("隨機抽查補助費單據", "民政課、會計室"), ("辦理里長廉政講習", "政風室")),
    ),
    Pattern(
        "民政業務",
        "殯葬設施使用許可收受不正利益",
        "貪污治罪條例第4條第1項第5款",
        ("塔位分配未公開",),
        (("塔位分配結果公開上網", "民政課"),),
    ),
    Pattern(
        "採購業務",
        "小額採購拆單規避公開招標",
        "政府採購法第14條、貪污治罪條例第6條第1項第4款",
        ("同質採購分次辦理", "請購未經彙整"),
        (("每月彙整同質採購", "秘書室"), ("系統提示累計金額", "會計室")),
    ),
    Pattern(
        "採購業務",
        "驗收紀錄登載不實",
        "刑法第213條、貪污治罪條例第4條第1項第3款",
        ("驗收人員未到場", "驗收照片未存檔"),
        (("驗收照片上傳系統備查", "秘書室"), ("會驗人員輪派", "會計室")),
    ),
    Pattern(
        "公務車管理",
        "公務車私用及油料卡冒用",
        "貪污治罪條例第5條第1項第2款",
        ("行車紀錄未核對",),
        (("油料卡加油紀錄每月比對里程", "秘書室"),),
    ),
    Pattern(
        "差勤管理",
        "不實申報加班費",
        "貪污治罪條例第5條第1項第2款、刑法第213條",
        ("加班事由未具體", "刷卡紀錄未比對"),
        (("加班費核銷比對刷卡紀錄", "人事室、會計室"), ("主管覈實審核加班事由", "各單位")),
    ),
    Pattern(
        "差勤管理",
        "出差旅費虛報",
        "貪污治罪條例第5條第1項第2款",
        ("交通費單據未查核",),
        (("出差報告與簽到紀錄併同審核", "人事室"),),
    ),
    Pattern(
        "兵役業務",
        "役男體位判定收受賄賂",
        "貪污治罪條例第4條第1項第5款",
        ("體檢複檢程序未透明",),
        (("複檢結果由二人覆核", "兵役課"),),
    ),
    Pattern(
        "工程管理",
        "工程變更設計圖利廠商",
        "貪污治罪條例第6條第1項第4款",
        ("變更設計未經審議", "計價項目未查核"),
        (("變更設計提送審議小組", "工務課"), ("計價抽查", "會計室")),
    ),
)

SUMMARY = (
    "{found}，某機關{person}於{year}年{month}月間辦理{business}業務時，未依規定程序處理，"
    "致生「{title}」情事，造成公帑損失新臺幣{amount}，{outcome}。"
)
FOUND = ("經民眾檢舉", "經內部稽核發現", "經政風室查察")
PEOPLE = ("承辦業務之職員", "約僱人員", "技士", "業務承辦人")
AMOUNTS = ("數萬元", "十餘萬元", "數十萬元", "百餘萬元")
OUTCOMES = ("經檢察官提起公訴", "經法院判決有罪確定", "經機關移送偵辦", "經懲戒法院判決")


def summary(number: int, index: int, year: int, pattern: Pattern) -> str:
    """Return a de-identified 公開摘要, worded differently from agency to agency."""
    seed = number * 7 + index * 3
    return SUMMARY.format(
        found=FOUND[seed % 3],
        person=PEOPLE[(seed // 3) % 4],
        year=year,
        month=(number + index) % 12 + 1,
        business=pattern.business,
        title=pattern.title,
        amount=AMOUNTS[(seed // 12) % 4],
        outcome=OUTCOMES[(number // 5 + index) % 4],
    )


def agency(number: int) -> str:
    """Return the name of the ``number``-th agency (0 on): 臺南市新營區公所, …."""
    district = DISTRICTS[number % len(DISTRICTS)]
    kind = KINDS[(number // len(DISTRICTS)) % len(KINDS)]
    rounds = number // (len(DISTRICTS) * len(KINDS))
    suffix = f"第{rounds + 1}分處" if rounds else ""
    return f"臺南市{district}區{kind}{suffix}".replace("區區", "區")


def worded(title: str, variant: int) -> str:
    """Return ``title`` as agency ``variant`` writes it: as is, with a space, or a full stop."""
    if variant % 3 == 1 and len(title) > 4:
        return f"{title[:4]} {title[4:]}"
    if variant % 3 == 2:
        return f"{title}。"
    return title


def entries(number: int, cases: int = 6, year: int = 105) -> list[PublicEntry]:
    """Return the ``cases`` entries of agency ``number``, drawn from the pool in turn."""
    made = []
    for index in range(cases):
        pattern = POOL[(number * 2 + index) % len(POOL)]
        title = worded(pattern.title, number + index)
        risks = tuple(
            PublicRisk(
                f"R{n}",
                item,
                RiskLevel(3 - n % 2, 2 + n % 2),
                RiskLevel(1, 2) if n % 2 else None,
            )
            for n, item in enumerate(pattern.risks, 1)
        )
        measures = tuple(
            PublicMeasure(f"M{n}", content, owners, "106.12.31" if n % 2 else "持續辦理")
            for n, (content, owners) in enumerate(pattern.measures, 1)
        )
        made.append(
            PublicEntry(
                number=index + 1,
                case_id=f"C{index + 1:02d}",
                title=title,
                summary=summary(number, index, year, pattern),
                business_type=pattern.business,
                year=year,
                statutes=pattern.statutes,
                risks=risks,
                measures=measures,
            )
        )
    return made


def submission(
    number: int,
    cases: int = 6,
    submitted: date = date(2017, 8, 31),
    year: int = 106,
    name: str | None = None,
) -> dict[str, Any]:
    """Return the submission data of agency ``number`` (or ``name``), as the contract holds it."""
    agency_name = name or agency(number)
    post = Post(agency_name, submitted, submitted, "公共資訊", "政風業務", "其他")
    contact = {"officer": "承辦人", "phone": "", "fax": "", "email": ""}
    return submission_data(
        agency_name, "廉政細工專案", year, post, entries(number, cases, year - 1), contact
    )


def _table(document: Any, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def _level(level: dict[str, Any] | None) -> str:
    if level is None:
        return "未評估"
    return f"{level['band']}（{level['likelihood']}×{level['impact']}＝{level['score']}）"


def layout(data: dict[str, Any]) -> bytes:
    """Return a .docx showing ``data`` as the submission's pages do (without the data)."""
    document = docx.Document()
    document.add_heading(f"{data['agency']}　廉政細工專案防貪策略資料", 0)
    for entry in data["entries"]:
        document.add_heading(entry["title"], 1)
        document.add_paragraph(f"業務類別：{entry['business_type']}；發生年度：{entry['year']}年")
        document.add_heading("公開摘要", 2)
        document.add_paragraph(entry["summary"])
        document.add_heading("風險評估", 2)
        risks = [
            (r["id"], r["item"], _level(r["before"]), _level(r["after"])) for r in entry["risks"]
        ]
        _table(document, ("編號", "風險項目", "控制前", "控制後"), risks)
        document.add_heading("防制措施", 2)
        measures = [(m["id"], m["content"], m["owners"], m["deadline"]) for m in entry["measures"]]
        _table(document, ("編號", "措施內容", "權責單位", "完成期限"), measures)
        document.add_heading("參考法條", 2)
        document.add_paragraph(entry["statutes"])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def submission_docx(data: dict[str, Any], visible: bytes | None = None) -> bytes:
    """Return the submission .docx: ``visible`` (default: :func:`layout`) with ``data`` inside."""
    moment = datetime(2017, 8, 31, tzinfo=UTC)
    return custom_xml.embed(visible or layout(data), to_xml(data), ITEM_ID, moment)


def write_submissions(
    folder: Path, count: int, cases: int = 6, kind: str = "docx", start: int = 0
) -> list[Path]:
    """Write ``count`` submissions into ``folder`` as .docx (or .json); return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        data = submission(number, cases)
        path = folder / f"防貪策略資料_{data['agency']}_106年8月31日.{kind}"
        path.write_bytes(submission_docx(data) if kind == "docx" else to_json(data))
        paths.append(path)
    return paths


def png(width: int = 48, height: int = 32, rgb: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """Return a small PNG of one colour, made here (no image library)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        checksum = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", checksum)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


HANDWRITTEN_ITEMS = (
    "本所於每月彙整同質採購案件，避免拆單。",
    "驗收時由會計室派員會驗並拍照存證。",
    "辦理廉政講習，宣導公務員廉政倫理規範。",
)
HANDWRITTEN_LABEL = "第%1點"


def _own_list(document: Any) -> int:
    """Add the report's own list, numbered 「第1點」, to its numbering part; Return its numId."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77">'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="decimal"/><w:lvlText w:val="{HANDWRITTEN_LABEL}"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1200" w:hanging="1200"/></w:pPr>'
        "</w:lvl></w:abstractNum>"
    )
    first = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    if first is None:
        numbering.append(abstract)
    else:
        first.addprevious(abstract)
    return numbering.add_num(77).numId


def handwritten_docx(agency_name: str = "臺南市東區區公所") -> bytes:
    """Return a report written by hand in Word: a title, a numbered list and an image."""
    document = docx.Document()
    document.add_heading(f"{agency_name}廉政細工專案辦理情形", 1)
    document.add_paragraph("本所自行撰寫之防貪策略如下：")
    num_id = _own_list(document)
    for text in HANDWRITTEN_ITEMS:
        paragraph = document.add_paragraph(text)
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_ilvl().val = 0
        num_pr.get_or_add_numId().val = num_id
    document.add_paragraph("風險圖像如下：")
    document.add_picture(io.BytesIO(png()), width=Cm(4))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
