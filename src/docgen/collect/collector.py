"""One ``docgen collect`` run: find the forms, read each, keep the new opinions, write them back.

A file that cannot be used (not a form, corrupt, unsafe, unreadable, altered, another agency's,
an unknown unit) is skipped with an error naming it; the others are still collected. Whatever
goes wrong while reading one file (even a fault in docgen) skips that file alone, named; with
DOCGEN_DEBUG set the message carries the traceback. Collecting is idempotent: an opinion already
in the 修正意見 sheet (same unit, case, measure, type and text) is not added again. Different
opinions of different units on one measure are all kept and reported.

The whole run, from reading the workbook to replacing it, holds the workbook's lock
(:func:`~docgen.collect.writeback.workbook_lock`), so concurrent collects never lose opinions.
"""

from __future__ import annotations

import os
import re
import tempfile
import traceback
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from docgen.collect.convert import needs_conversion, to_docx
from docgen.collect.opinions import FormOpinions, read_opinions
from docgen.collect.reader import FormContent, read_form
from docgen.collect.report import CollectReport, UnitLine
from docgen.collect.writeback import (
    FileState,
    append_opinions,
    file_state,
    refuse_if_open,
    refuse_if_unwritable,
    workbook_lock,
)
from docgen.files import atomic
from docgen.model.consultation import is_ethics_office, recipients
from docgen.model.identity import FormIdentity, Verdict, draft_fingerprint, form_key, verify
from docgen.model.keys import natural_key
from docgen.model.project import Opinion, Project
from docgen.problems import InputError, Problems, RejectedFile
from docgen.workbook.loader import load_project
from docgen.workbook.reader import form_key_material
from docgen.workbook.values import clean_typed_text

SUFFIXES = (".docx", ".docm", ".odt", ".doc")
FIRST_ID = "OP01"
CHANGING = ("修改", "刪除")


def collect(workbook: Path, sources: list[Path]) -> CollectReport:
    """Collect the forms in ``sources`` into ``workbook`` and return the report."""
    refuse_if_ods(workbook)
    real = refuse_if_unwritable(workbook)
    with atomic.interruptible(), workbook_lock(real):
        refuse_if_open(workbook)
        read_state = _state_as_read(real)
        loaded = load_project(real)
        project = loaded.project
        problems = Problems(loaded.problems)
        report = CollectReport(workbook=workbook)
        report.units = [UnitLine(unit.code, unit.name) for unit in recipients(project)]
        files = find_forms(sources, problems, report.skipped)
        key = form_key(form_key_material(real))
        read: list[tuple[Opinion, str]] = []
        with tempfile.TemporaryDirectory(prefix="docgen-collect-") as work:
            for path in files:
                read.extend(_collect_file(path, project, key, Path(work), problems, report))
        new, report.duplicates, report.copies = _new_opinions(project, read)
        if new:
            # Rows name the unit as the sheet's drop-down does; reading resolves it to the code.
            named = [_named(project, o) for o in new]
            report.backup = append_opinions(workbook, named, read_state)
            report.added = [o.id for o in new]
    _count(report, read, new)
    _conflicts(project, [o for o, _ in read], new, problems, report)
    report.problems = list(problems)
    return report


def refuse_if_ods(workbook: Path) -> None:
    """Raise InputError, before anything is read or written, when ``workbook`` is an .ods.

    Writing opinions back into an ODF spreadsheet safely (keeping everything Calc keeps) is not
    something docgen does; the user saves it as .xlsx in Calc and collects into that. The
    .xlsx keeps the form key (or the creation moment), so forms made from the .ods still match.
    """
    from docgen.workbook.ods import is_ods

    if not workbook.is_file() or not (is_ods(workbook) or workbook.suffix.lower() == ".ods"):
        return
    misnamed = workbook.suffix.lower() != ".ods"  # an .ods saved under an .xlsx name
    target = (
        workbook.with_name(f"{workbook.stem}_Excel.xlsx")
        if misnamed
        else workbook.with_suffix(".xlsx")
    )
    what = (
        f"此檔副檔名是「{workbook.suffix}」，內容卻是 LibreOffice Calc 的 ODF 試算表（.ods）"
        if misnamed
        else "這是 LibreOffice Calc 的 ODF 試算表（.ods）"
    )
    beside = (
        f"（同一資料夾已有「{target.name}」：若它不是最新的內容，請另取檔名，勿覆蓋）"
        if target.exists()
        else ""
    )
    raise InputError(
        f"{what}，collect 無法安全寫回 .ods 工作簿，因此沒有讀取修正意見表，也沒有修改任何檔案；"
        f"請在 LibreOffice Calc 開啟此檔，以「檔案 > 另存新檔」選擇「Excel 2007-365 (.xlsx)」"
        f"存成「{target.name}」{beside}，再以 docgen collect -i {_shell_word(target)} 執行；"
        "之後請改用該 .xlsx 繼續編輯，以免兩份工作簿內容不一致",
        where=str(workbook),
    )


def _shell_word(path: Path) -> str:
    """Return ``path`` as typed on a command line, in double quotes when it holds a space.

    Double quotes are read alike by cmd, PowerShell and POSIX shells.
    """
    text = str(path)
    return f'"{text}"' if any(c.isspace() for c in text) else text


def _state_as_read(path: Path) -> FileState:
    """Return the workbook's state (with its content's digest) before it is loaded."""
    try:
        return file_state(path, path.read_bytes())
    except OSError:
        return file_state(path)  # loading it says why it cannot be read


# --- finding the files --------------------------------------------------------------------------


def find_forms(sources: Iterable[Path], problems: Problems, skipped: list[str]) -> list[Path]:
    """Return the form files among ``sources`` (folders searched), each once, sorted by name."""
    found: dict[Path, Path] = {}
    for source in sources:
        if source.is_dir():
            inside = [p for p in sorted(source.rglob("*")) if _looks_like_form(p)]
            if not inside:
                problems.warning(str(source), "資料夾中沒有 .docx 或 .odt 檔案")
            for path in inside:
                found.setdefault(path.resolve(), path)
        elif not source.is_file():
            problems.error(str(source), "找不到此檔案")
            skipped.append(str(source))
        elif source.name.startswith("~$"):
            problems.warning(str(source), "這是 Word 開啟文件時的暫存檔，已略過")
        elif source.suffix.lower() not in SUFFIXES:
            problems.error(str(source), "不是 Word（.docx）或 ODF（.odt）文件，已略過")
            skipped.append(str(source))
        else:
            found.setdefault(source.resolve(), source)
    return sorted(found.values(), key=lambda p: (natural_key(p.name), str(p)))


def _looks_like_form(path: Path) -> bool:
    hidden = path.name.startswith(("~$", "."))
    return path.is_file() and not hidden and path.suffix.lower() in SUFFIXES


# --- one file -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    """What one form gave: who sent it, whether it follows the current draft, its opinions."""

    identity: FormIdentity
    current: bool
    found: FormOpinions


def _collect_file(
    path: Path,
    project: Project,
    key: bytes,
    work: Path,
    problems: Problems,
    report: CollectReport,
) -> list[tuple[Opinion, str]]:
    """Read one file; on any failure skip it alone, with an error naming it."""
    label = str(path)
    found = Problems()
    try:
        read = _read_file(path, project, key, work, found)
    except RejectedFile as rejected:
        return _skip(label, str(rejected), report, problems)
    except OSError as error:
        return _skip(label, _unreadable(error), report, problems)
    except Exception as error:  # one strange file never stops the others
        return _skip(label, _unexpected(error), report, problems)
    problems.extend(found)
    report.skipped.extend(read.found.skipped)
    unit = _unit_line(report, project, read.identity.unit)
    unit.files.append(label)
    unit.older = unit.older or not read.current
    if len(unit.files) > 1:
        problems.warning(label, f"{unit.name}已有另一份回覆（{unit.files[0]}），兩份的意見均已讀取")
    return read.found.opinions


def _skip(label: str, reason: str, report: CollectReport, problems: Problems) -> list:
    """Record that the file at ``label`` was skipped, and why (what it said so far is dropped)."""
    problems.error(label, f"{reason}；已略過此檔案")
    report.skipped.append(label)
    return []


def _unreadable(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "無法讀取此檔案（沒有讀取權限）；請取得權限或另存一份後再回收"
    return f"無法讀取此檔案（{atomic.os_reason(error)}）"


def _unexpected(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "檔案內容的結構層次過深，無法讀取（可能已損壞或遭修改）"
    if isinstance(error, MemoryError):
        return "檔案內容過大，記憶體不足以讀取"
    message = f"讀取時發生未預期的問題（{type(error).__name__}），檔案可能已損壞"
    if os.environ.get("DOCGEN_DEBUG"):
        message += "\n" + "".join(traceback.format_exception(error)).rstrip()
    return message


def _read_file(path: Path, project: Project, key: bytes, work: Path, problems: Problems) -> _Read:
    """Return what the form at ``path`` holds; raise RejectedFile when it cannot be used."""
    label = str(path)
    document = to_docx(path, work) if needs_conversion(path) else path
    content = read_form(document)
    identity = _check_identity(content, project, key, label, problems)
    current = identity.draft == draft_fingerprint(project)
    if not current:
        problems.warning(
            label,
            "此表依較舊的會議資料初稿製作（案例或措施已變更）；意見仍已讀取，"
            "請核對意見所指的措施是否仍適用",
        )
    found = read_opinions(content, identity, project, path.name, current, problems)
    _report_changes(found, label, problems)
    return _Read(identity, current, found)


def _check_identity(
    content: FormContent, project: Project, key: bytes, label: str, problems: Problems
) -> FormIdentity:
    """Return the form's identity when it belongs to this workbook; raise RejectedFile if not."""
    identity = _one_identity(content, key, label, problems)
    settings = project.settings
    if identity.agency != settings.agency:
        raise RejectedFile(
            f"這是「{_shown(identity.agency)}」的修正意見表，不屬於本工作簿的機關「{settings.agency}」"
        )
    if identity.project != settings.project_name and identity.draft != draft_fingerprint(project):
        raise RejectedFile(
            f"這是另一個專案「{_shown(identity.project)}」的修正意見表，"
            f"不屬於本工作簿的專案「{settings.project_name}」"
        )
    try:
        unit = project.unit(identity.unit)
    except KeyError:
        raise RejectedFile(
            f"修正意見表的單位代碼「{_shown(identity.unit)}」不在「單位」工作表中；"
            "若單位代碼曾修改，請改回原代碼後再回收"
        ) from None
    _check_seal(identity, key, unit.name, label, problems)
    if is_ethics_office(unit, project) or not unit.is_internal:
        role = "主辦單位" if unit.is_internal else "受邀單位"
        raise RejectedFile(
            f"識別資料記載的單位是「{unit.name}」（{role}），但{role}不會收到修正意見表；"
            "此表的識別資料疑似遭修改"
        )
    return identity


def _one_identity(content: FormContent, key: bytes, label: str, problems: Problems) -> FormIdentity:
    """Return the identity the form's carriers agree on, or the one its seal proves."""
    copies = list(content.all_identities())
    if not copies:
        raise RejectedFile(
            "不是 docgen 產出的修正意見表（找不到識別資料）；請單位以寄出的原檔填寫後回傳"
        )
    if len(copies) == 1:
        return copies[0]
    shown = "、".join(f"單位代碼「{_shown(c.unit)}」" for c in copies[:4])
    proven = [c for c in copies if verify(c, key) is Verdict.VALID]
    if len(proven) == 1:
        problems.warning(
            label,
            f"此表內的識別資料彼此不一致（{shown}），疑似遭修改；"
            f"已採用簽章相符的一份（單位代碼「{_shown(proven[0].unit)}」），請向該單位確認",
        )
        return proven[0]
    raise RejectedFile(
        f"此表內的識別資料彼此不一致（{shown}），無法確認是哪個單位的回覆，疑似遭修改；"
        "請單位以寄出的原檔重新填寫後回傳"
    )


def _shown(text: str, limit: int = 40) -> str:
    """Return what a form claims, fit for a message: printable, and cut when long."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text[: limit + 1])
    return printable[:limit] + "…" if len(text) > limit else printable


def _check_seal(
    identity: FormIdentity, key: bytes, unit_name: str, label: str, problems: Problems
) -> None:
    """Reject a form whose seal does not match; warn when its seal cannot be checked."""
    verdict = verify(identity, key)
    if verdict is Verdict.ALTERED:
        raise RejectedFile(
            f"識別資料與其簽章不符，疑似遭修改（表內記載的單位為「{unit_name}」）；"
            "為免意見記到錯誤的單位，請單位以寄出的原檔重新填寫後回傳"
        )
    if verdict is Verdict.UNSEALED:
        problems.warning(
            label,
            f"此表沒有識別簽章（由舊版 docgen 產出，或簽章已被移除），無法確認是否遭修改；"
            f"意見已記為「{unit_name}」的意見，請核對",
        )
    elif verdict is Verdict.OTHER_KEY:
        problems.warning(
            label,
            "此表的簽章不是以本工作簿的金鑰產生（工作簿可能已重新建立，或此表遭修改），"
            f"無法確認識別資料；意見已記為「{unit_name}」的意見，請核對",
        )


def _report_changes(found: FormOpinions, label: str, problems: Problems) -> None:
    if found.changed_measures:
        problems.warning(
            label,
            f"措施{'、'.join(found.changed_measures)}的現行內容與目前工作簿不同"
            "（初稿在此表製作後已修改，或單位直接修改了現行內容）；"
            "請核對意見是否針對目前的文字，僅修改現行內容而未填建議內容者未列為意見",
        )


def _unit_line(report: CollectReport, project: Project, code: str) -> UnitLine:
    for unit in report.units:
        if unit.code == code:
            return unit
    line = UnitLine(code, project.unit(code).name)
    report.units.append(line)
    return line


# --- keeping the new ones -----------------------------------------------------------------------


def _named(project: Project, opinion: Opinion) -> Opinion:
    """Return the opinion with its units by name, as the sheet's cells show units."""
    return replace(
        opinion,
        unit=project.unit(opinion.unit).name,
        owner_units=tuple(project.unit(code).name for code in opinion.owner_units),
        assist_units=tuple(project.unit(code).name for code in opinion.assist_units),
    )


def _norm(text: str) -> str:
    cleaned = clean_typed_text(text)[0]
    return "\n".join(line.strip() for line in cleaned.split("\n"))


def opinion_key(opinion: Opinion) -> tuple[str, ...]:
    """Return what makes two opinions the same: unit, case, measure, type, text, details.

    The details are a new measure's risk, units and deadline: a form re-sent to correct only
    those is a new reply. Units are compared by code (the workbook's rows are read back to
    codes), a deadline as the date it names or its text.
    """
    deadline = opinion.deadline
    return (
        opinion.unit,
        opinion.case_id,
        opinion.measure_id,
        opinion.kind,
        _norm(opinion.proposal),
        _norm(opinion.reason),
        opinion.risk_id,
        "、".join(opinion.owner_units),
        "、".join(opinion.assist_units),
        deadline.isoformat() if isinstance(deadline, date) else _norm(deadline or ""),
    )


def _new_opinions(
    project: Project, read: list[tuple[Opinion, str]]
) -> tuple[list[Opinion], int, int]:
    """Return the new opinions (numbered), how many known ones were read, and how many copies.

    Known: distinct opinions the workbook already holds; copies: opinions read again from
    another copy of the same form. Each opinion counts once, however many files hold it.
    """
    known = {opinion_key(o) for o in project.opinions}
    ids = next_ids([o.id for o in project.opinions])
    new: list[Opinion] = []
    seen: set[tuple[str, ...]] = set()
    for opinion, _ in read:
        key = opinion_key(opinion)
        if key in seen:
            continue
        seen.add(key)
        if key not in known:
            new.append(replace(opinion, id=next(ids)))
    return new, len(seen & known), len(read) - len(seen)


def next_ids(existing: list[str]) -> Iterable[str]:
    """Yield 意見編號 after the highest existing one (OP06 → OP07, keeping zero padding)."""
    taken = set(existing)
    best: tuple[int, str, int] | None = None
    for opinion_id in existing:
        match = re.fullmatch(r"(.*?)(\d+)", opinion_id)
        if match and (best is None or int(match.group(2)) > best[0]):
            best = (int(match.group(2)), match.group(1), len(match.group(2)))
    number, prefix, width = best if best is not None else (0, FIRST_ID[:2], len(FIRST_ID) - 2)
    while True:
        number += 1
        candidate = f"{prefix}{number:0{width}d}"
        if candidate not in taken:
            yield candidate


# --- the table ------------------------------------------------------------------------------------


def _count(report: CollectReport, read: list[tuple[Opinion, str]], new: list[Opinion]) -> None:
    """Count each unit's distinct opinions read (a copy of a form counts once) and those new."""
    distinct = {opinion_key(opinion): opinion for opinion, _ in read}
    for opinion in distinct.values():
        _line(report, opinion.unit).opinions += 1
    for opinion in new:
        _line(report, opinion.unit).added += 1


def _line(report: CollectReport, code: str) -> UnitLine:
    return next(unit for unit in report.units if unit.code == code)


def _decided(opinion: Opinion) -> bool:
    """Return True when the ethics office has settled the opinion (a 處理結果 other than 待議).

    提會討論 counts as settled: the opinion goes to the meeting as it is.
    """
    return opinion.decision not in ("", "待議")


def _conflicts(
    project: Project,
    read: list[Opinion],
    new: list[Opinion],
    problems: Problems,
    report: CollectReport,
) -> None:
    """Warn about measures that units want changed in different ways; count them per unit."""
    touched = {o.measure_id for o in read if o.kind in CHANGING and o.measure_id}
    by_measure: dict[str, list[Opinion]] = defaultdict(list)
    for opinion in [*project.opinions, *new]:
        if opinion.measure_id in touched and opinion.kind in CHANGING:
            by_measure[opinion.measure_id].append(opinion)
    for measure_id in sorted(by_measure, key=natural_key):
        opinions = by_measure[measure_id]
        units = sorted({o.unit for o in opinions})
        versions = {(o.kind, _norm(o.proposal)) for o in opinions}
        if len(units) < 2 or len(versions) < 2 or all(_decided(o) for o in opinions):
            continue
        shown = "、".join(f"{o.id} {project.unit(o.unit).name}（{o.kind}）" for o in opinions)
        problems.warning(
            "修正意見",
            f"措施「{measure_id}」有不同單位提出不同意見：{shown}；請於處理結果擇一採納或合併",
        )
        for code in units:
            if any(unit.code == code for unit in report.units):
                _line(report, code).conflicts += 1
