"""The 專區 entries as plain text, open data (CSV with BOM, JSON) and the webmaster's list.

The open-data columns are fixed and documented (:data:`COLUMNS`, written out as
``欄位說明.txt``), so that a reader can rely on them from one publication to the next.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from docgen.public.entries import Post, PublicEntry, PublicRisk, RiskLevel

SCHEMA = "docgen-public-entries"
VERSION = 1
COLUMNS: tuple[tuple[str, str], ...] = (
    ("序號", "貼文序號，1 起算"),
    ("案例編號", "機關內部的案例編號，如 C01"),
    ("弊端態樣", "抽象化後的弊端態樣（貼文標題）"),
    ("業務類別", "如「社會救助」「採購業務」"),
    ("發生年度", "民國年，如 105；未註明時空白"),
    ("公開摘要", "去識別化的案情摘要"),
    ("風險項目", "每行一項：風險編號 風險項目（控制前：等級；控制後：等級）"),
    ("防制措施", "每行一項：措施編號 內容（權責單位；完成期限）"),
    ("參考法條", "相關法令條文"),
    ("發布機關", "機關全銜"),
    ("發布日期", "西元日期 YYYY-MM-DD"),
    ("更新日期", "西元日期 YYYY-MM-DD"),
)


def _risk_line(risk: PublicRisk) -> str:
    after = risk.after.band if risk.after else "未評估"
    return f"{risk.id} {risk.item}（控制前：{risk.before.band}；控制後：{after}）"


def _row(entry: PublicEntry, post: Post) -> list[str]:
    return [
        str(entry.number),
        entry.case_id,
        entry.title,
        entry.business_type,
        str(entry.year or ""),
        entry.summary,
        "\n".join(_risk_line(risk) for risk in entry.risks),
        "\n".join(f"{m.id} {m.content}（{m.owners}；{m.deadline}）" for m in entry.measures),
        entry.statutes,
        post.agency,
        post.published.isoformat(),
        post.updated.isoformat(),
    ]


def csv_bytes(entries: Sequence[PublicEntry], post: Post) -> bytes:
    """Return the entries as CSV in UTF-8 with a BOM (so Excel reads the Chinese), CRLF rows.

    A cell that a spreadsheet would take for a formula (starting with = + - @, a tab or a
    carriage return) is written with a leading apostrophe, so opening the open data in Excel
    never runs anything (the JSON keeps the text as it is).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _ in COLUMNS])
    writer.writerows([inert(cell) for cell in _row(entry, post)] for entry in entries)
    return buffer.getvalue().encode("utf-8-sig")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(cell: str) -> str:
    """Return ``cell`` so that no spreadsheet reads it as a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def json_bytes(entries: Sequence[PublicEntry], post: Post) -> bytes:
    """Return the entries as JSON: a versioned schema, the publisher and dates, the entries."""
    data = {
        "schema": SCHEMA,
        "version": VERSION,
        "publisher": post.agency,
        "published": post.published.isoformat(),
        "updated": post.updated.isoformat(),
        "classification": {"主題": post.topic, "施政": post.policy, "服務": post.service},
        "entries": [entry_data(entry) for entry in entries],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _level(level: RiskLevel | None) -> dict[str, object] | None:
    if level is None:
        return None
    return {
        "likelihood": level.likelihood,
        "impact": level.impact,
        "score": level.score,
        "band": level.band,
    }


def entry_data(entry: PublicEntry) -> dict[str, object]:
    """Return one entry as the JSON of the open data and the submission hold it."""
    return {
        "number": entry.number,
        "case_id": entry.case_id,
        "title": entry.title,
        "business_type": entry.business_type,
        "year": entry.year,
        "summary": entry.summary,
        "statutes": entry.statutes,
        "risks": [
            {"id": r.id, "item": r.item, "before": _level(r.before), "after": _level(r.after)}
            for r in entry.risks
        ],
        "measures": [
            {"id": m.id, "content": m.content, "owners": m.owners, "deadline": m.deadline}
            for m in entry.measures
        ],
    }


def field_notes() -> bytes:
    """Return the documented column set of the open data, as plain text."""
    lines = [
        "廉政態樣開放資料欄位說明",
        "",
        "廉政態樣.csv：UTF-8（含 BOM）編碼、逗號分隔，第一列為欄位名稱；",
        "同一欄含多項時以換行分隔。廉政態樣.json：同樣內容的結構化資料，",
        f"schema「{SCHEMA}」第 {VERSION} 版，風險等級另列可能性、影響程度與風險值。",
        "",
        *(f"{name}：{meaning}" for name, meaning in COLUMNS),
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def plain_text(entry: PublicEntry, post: Post) -> bytes:
    """Return one post as plain text, for a CMS field that takes no HTML."""
    lines = [
        entry.title,
        "",
        f"發布單位：{post.agency}　發布日期：{post.published_text}　更新日期：{post.updated_text}",
        f"業務類別：{entry.category}　發生年度：{entry.year_text}",
        "",
        "一、案情摘要",
        *entry.summary.splitlines(),
        "",
        "二、風險評估（可能性 × 影響程度 ＝ 風險值）",
        *(
            f"（{n}）{r.id} {r.item}：控制前{r.before.text()}；控制後"
            + (r.after.text() if r.after else "未評估")
            for n, r in enumerate(entry.risks, start=1)
        ),
        "",
        "三、防制措施",
        *(
            f"（{n}）{m.content}（權責單位：{m.owners}；完成期限：{m.deadline}）"
            for n, m in enumerate(entry.measures, start=1)
        ),
        "",
        "四、參考法條",
        entry.statutes or "無",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def listing(
    entries: Sequence[PublicEntry], post: Post, files: Sequence[Path], folder: Path
) -> bytes:
    """Return the webmaster's 刊登清單: per post its title, classification, dates and files."""
    shown = [PurePosixPath(*path.relative_to(folder).parts) for path in files]
    lines = [
        "清廉共同監督專區　刊登清單",
        "",
        f"發布單位：{post.agency}",
        f"發布日期：{post.published_text}　更新日期：{post.updated_text}",
        f"分類：{post.classes}",
        f"共 {len(entries)} 則貼文；每則一篇，標題與內文如下列檔案。",
        "",
    ]
    for entry in entries:
        stem = f"貼文/{entry.number:02d}_{entry.case_id}"
        lines += [
            f"第 {entry.number} 則：{entry.title}",
            f"　業務類別：{entry.category}（發生年度：{entry.year_text}）",
            f"　內文（貼入網站編輯器的 HTML 原始碼）：{stem}.html",
            f"　純文字：{stem}.txt",
            "",
        ]
    data = [str(path) for path in shown if path.parts[0] == "開放資料"]
    lines += [
        f"開放資料：{'、'.join(data)}",
        "預覽：index.html（以瀏覽器開啟，不需網路）",
        "刊登前請再次確認內容不含個人資料；本資料夾已通過 docgen 個資檢核。",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")
