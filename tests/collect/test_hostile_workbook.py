"""The workbook collect writes back to, under unlucky conditions: nothing lost, nothing half-done.

Two collects at once (real processes), Excel and LibreOffice holding the file, a symbolic link,
a read-only file or folder, a missing file, a full disk (an injected write failure), a stray
value in the sheet's last row, a hidden near-duplicate sheet, phonetic guides on headers.
"""

import errno
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from docgen.cli import i18n as cli_i18n
from docgen.cli.main import cli
from docgen.collect import collect_forms, writeback
from docgen.documents import Options
from docgen.documents.kinds import forms
from docgen.files import atomic
from docgen.files.paths import example_workbook
from docgen.model.project import Opinion
from docgen.problems import DocgenError, InputError, OutputError
from docgen.workbook.loader import load_project

HEADERS = ["措施編號", "現行內容", "意見類型", "建議內容", "理由"]
UNITS = ("民政課", "社會課", "經建課", "人文課")


@pytest.fixture(scope="module")
def sent(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sent")
    project = load_project(example_workbook()).project
    for rendered in forms.render(project, Options(force=True)):
        (folder / rendered.relative_path.name).write_bytes(rendered.data)
    return folder


@pytest.fixture(scope="module")
def returned(sent, tmp_path_factory) -> dict[str, Path]:
    """Return one filled form per unit of UNITS, each with one opinion of its own."""
    folder = tmp_path_factory.mktemp("returned")
    found = {}
    for unit in UNITS:
        document = docx.Document(sent / f"修正意見表_{unit}.docx")
        table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == HEADERS)
        table.rows[1].cells[2].text = "修改"
        table.rows[1].cells[3].text = f"{unit}的建議"
        found[unit] = folder / f"修正意見表_{unit}.docx"
        document.save(found[unit])
    return found


def example_copy(folder: Path, name: str = "廉政細工專案.xlsx") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(example_workbook(), path)
    return path


def proposals(workbook: Path) -> list[str]:
    return sorted(o.proposal for o in load_project(workbook).project.opinions if o.id > "OP06")


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".docgen-lock"))


# --- two collects at once -------------------------------------------------------------------------


def test_two_collects_at_once_never_lose_an_opinion(returned, tmp_path):
    """Each round starts two real processes together, each with another unit's form."""
    for round_number in range(4):
        workbook = example_copy(tmp_path / f"round{round_number}")
        first, second = UNITS[round_number % 2 * 2], UNITS[round_number % 2 * 2 + 1]
        processes = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "docgen",
                    "collect",
                    str(returned[unit]),
                    "-i",
                    str(workbook),
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for unit in (first, second)
        ]
        results = [process.communicate(timeout=180) for process in processes]
        for process, (out, err) in zip(processes, results, strict=True):
            assert process.returncode == 0, err
            assert "已寫入 1 則新意見" in out
        assert proposals(workbook) == sorted([f"{first}的建議", f"{second}的建議"])
        ids = [o.id for o in load_project(workbook).project.opinions]
        assert len(ids) == len(set(ids)) == 8
        assert len(list(workbook.parent.glob("*.備份-*"))) == 2


def test_a_second_collect_waits_for_the_lock_and_gives_up_with_a_message(returned, tmp_path):
    workbook = example_copy(tmp_path)
    from filelock import FileLock

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from filelock import FileLock; "
            f"lock = FileLock({str(writeback.lock_path(workbook))!r}); lock.acquire(); "
            "print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(InputError) as caught, writeback.workbook_lock(workbook, timeout=0.5):
            pass
        assert "另一個 docgen collect 正在寫入此工作簿" in str(caught.value)
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert isinstance(FileLock, type)


# --- who holds the workbook -----------------------------------------------------------------------


def test_libreoffice_holding_the_workbook_is_refused_naming_the_user(returned, tmp_path):
    workbook = example_copy(tmp_path)
    lock = tmp_path / f".~lock.{workbook.name}#"
    lock.write_text(",王小華,PC-ETHICS,01.12.2026 10:00,file:///home/wang/.config/libreoffice/4;")
    before = workbook.read_bytes()
    with pytest.raises(InputError) as caught:
        collect_forms(workbook, [returned["民政課"]])
    message = str(caught.value)
    assert "LibreOffice（使用者：王小華@PC-ETHICS）" in message and "關閉 LibreOffice" in message
    assert lock.name in message
    assert workbook.read_bytes() == before and not list(tmp_path.glob("*.備份-*"))
    warnings = [str(p) for p in load_project(workbook).problems]
    assert any("仍在 LibreOffice" in w for w in warnings)


def test_an_excel_owner_file_names_the_user(returned, tmp_path):
    workbook = example_copy(tmp_path)
    name = "王小華"
    ansi = name.encode("cp950")
    owner = bytes([len(ansi)]) + ansi.ljust(53, b" ")
    owner += bytes([len(name), 0]) + name.encode("utf-16-le")
    (tmp_path / f"~${workbook.name}").write_bytes(owner.ljust(165, b"\0"))
    with pytest.raises(InputError) as caught:
        collect_forms(workbook, [returned["民政課"]])
    assert "Excel（使用者：王小華）" in str(caught.value)


def test_a_lock_appearing_while_collecting_stops_the_write_before_the_rename(returned, tmp_path):
    workbook = example_copy(tmp_path)
    before = workbook.read_bytes()
    real = writeback.patched_workbook

    def open_meanwhile(data, opinions):
        (tmp_path / f".~lock.{workbook.name}#").write_text(",,host,now,;")
        return real(data, opinions)

    writeback_patch = pytest.MonkeyPatch()
    writeback_patch.setattr(writeback, "patched_workbook", open_meanwhile)
    try:
        with pytest.raises(InputError, match="LibreOffice"):
            collect_forms(workbook, [returned["民政課"]])
    finally:
        writeback_patch.undo()
    assert workbook.read_bytes() == before
    assert listing(tmp_path) == sorted([workbook.name, f".~lock.{workbook.name}#"])


def test_a_change_just_before_the_rename_is_caught(returned, tmp_path, monkeypatch):
    workbook = example_copy(tmp_path)
    real = atomic._fsync

    def saved_meanwhile(path):
        real(path)
        if path.name.endswith(".tmp"):
            book = workbook.read_bytes()
            workbook.write_bytes(book)  # Excel saving the same file again
            os.utime(workbook, ns=(1, 1))

    monkeypatch.setattr(atomic, "_fsync", saved_meanwhile)
    with pytest.raises(InputError, match="又被修改過"):
        collect_forms(workbook, [returned["民政課"]])
    assert listing(tmp_path) == [workbook.name]  # neither the backup nor a temporary file stays


# --- links, permissions, missing files ------------------------------------------------------------


def test_a_symlinked_workbook_is_written_through_to_the_real_file(returned, tmp_path):
    real = example_copy(tmp_path / "shared")
    link_folder = tmp_path / "mine"
    link_folder.mkdir()
    link = link_folder / "工作簿.xlsx"
    link.symlink_to(real)
    report = collect_forms(link, [returned["民政課"]])
    assert report.added == ["OP07"]
    assert link.is_symlink() and link.resolve() == real
    assert proposals(real) == ["民政課的建議"]
    assert report.backup.parent == real.parent and not report.backup.is_symlink()


def test_a_planted_link_at_the_backup_name_is_never_followed(tmp_path):
    workbook = example_copy(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    from datetime import datetime

    now = datetime(2017, 8, 2, 10, 0, 0)
    planted = workbook.with_name(f"{workbook.stem}.備份-20170802-100000{workbook.suffix}")
    planted.symlink_to(elsewhere / "stolen.xlsx")  # dangling
    victim = elsewhere / "victim.xlsx"
    victim.write_bytes(b"keep me")
    second = workbook.with_name(f"{workbook.stem}.備份-20170802-100000-2{workbook.suffix}")
    second.symlink_to(victim)
    made = atomic.backup(workbook, now=now)
    assert made.name.endswith("-3.xlsx") and not made.is_symlink()
    assert made.read_bytes() == workbook.read_bytes()
    assert not (elsewhere / "stolen.xlsx").exists() and victim.read_bytes() == b"keep me"


def test_a_read_only_workbook_is_refused_and_left_alone(returned, tmp_path):
    workbook = example_copy(tmp_path)
    workbook.chmod(0o444)
    before = workbook.read_bytes()
    with pytest.raises(InputError) as caught:
        collect_forms(workbook, [returned["民政課"]])
    assert "唯讀" in str(caught.value) and "0444" in str(caught.value)
    assert caught.value.problems[0].where == str(workbook)
    assert workbook.read_bytes() == before and listing(tmp_path) == [workbook.name]
    assert workbook.stat().st_mode & 0o777 == 0o444


def test_a_read_only_folder_is_refused_naming_it(returned, tmp_path, monkeypatch):
    workbook = example_copy(tmp_path)
    real_access = os.access
    monkeypatch.setattr(
        writeback.os,
        "access",
        lambda path, mode, **kw: False if Path(path) == tmp_path else real_access(path, mode),
    )
    with pytest.raises(InputError) as caught:
        collect_forms(workbook, [returned["民政課"]])
    assert str(tmp_path) in str(caught.value) and "沒有寫入權限" in str(caught.value)


def test_a_folder_that_refuses_new_files_at_write_time_leaves_nothing(returned, tmp_path):
    workbook = example_copy(tmp_path)
    before = workbook.read_bytes()
    patch = pytest.MonkeyPatch()

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path))

    patch.setattr(atomic.tempfile, "mkstemp", denied)
    try:
        with pytest.raises(OutputError) as caught:
            collect_forms(workbook, [returned["民政課"]])
    finally:
        patch.undo()
    assert "備份" in str(caught.value)
    assert workbook.read_bytes() == before and listing(tmp_path) == [workbook.name]


def test_the_cli_names_a_missing_workbook(returned, tmp_path):
    cli_i18n.install()
    missing = tmp_path / "沒有.xlsx"
    result = CliRunner().invoke(cli, ["collect", str(returned["民政課"]), "-i", str(missing)])
    assert result.exit_code == 1
    assert "找不到工作簿檔案" in result.stderr and str(missing) in result.stderr
    assert "未預期" not in result.stderr


@pytest.mark.parametrize("failing_write", [1, 2], ids=["backup", "workbook"])
def test_a_full_disk_leaves_no_partial_file_anywhere(returned, tmp_path, failing_write):
    """The n-th write stops half way with ENOSPC, as a full disk does."""
    workbook = example_copy(tmp_path / "book")
    before = workbook.read_bytes()
    real, writes = atomic._write_data, []

    def filling_up(handle, data):
        writes.append(len(data))
        if len(writes) == failing_write:
            os.write(handle, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        real(handle, data)

    patch = pytest.MonkeyPatch()
    patch.setattr(atomic, "_write_data", filling_up)
    cli_i18n.install()
    try:
        result = CliRunner().invoke(cli, ["collect", str(returned["民政課"]), "-i", str(workbook)])
    finally:
        patch.undo()
    assert result.exit_code == 1, result.output
    assert "磁碟空間不足" in result.stderr and str(workbook.parent) in result.stderr
    assert "未預期" not in result.stderr
    assert workbook.read_bytes() == before
    assert listing(workbook.parent) == [workbook.name]


def test_the_workbook_keeps_its_mode_and_new_files_follow_the_umask(returned, tmp_path):
    workbook = example_copy(tmp_path)
    workbook.chmod(0o664)
    old = os.umask(0o002)
    try:
        report = collect_forms(workbook, [returned["民政課"]])
    finally:
        os.umask(old)
    assert workbook.stat().st_mode & 0o777 == 0o664
    assert report.backup.stat().st_mode & 0o777 == 0o664


# --- the 修正意見 sheet ---------------------------------------------------------------------------


def opinion(**values) -> Opinion:
    base = {"id": "OP07", "unit": "民政課", "case_id": "C02", "kind": "其他", "proposal": "x"}
    return Opinion(**{**base, **values})


def test_a_stray_value_in_the_last_row_is_refused_naming_the_cell(tmp_path):
    workbook = example_copy(tmp_path)
    book = openpyxl.load_workbook(workbook)
    book["修正意見"]["C1048576"] = "C01"
    book.save(workbook)
    before = workbook.read_bytes()
    with pytest.raises(InputError) as caught:
        writeback.append_opinions(workbook, [opinion()])
    (problem,) = caught.value.problems
    assert problem.where == "修正意見!C1048576" and "沒有空列" in problem.message
    assert workbook.read_bytes() == before and listing(tmp_path) == [workbook.name]


def test_rows_still_fit_just_above_the_last_row(tmp_path):
    workbook = example_copy(tmp_path)
    book = openpyxl.load_workbook(workbook)
    book["修正意見"]["A1048574"] = "OP99"
    for column, value in zip("BCDEF", ("民政課", "C02", "", "其他", "y"), strict=True):
        book["修正意見"][f"{column}1048574"] = value or None
    book.save(workbook)
    writeback.append_opinions(workbook, [opinion(), opinion(id="OP08")])
    book = openpyxl.load_workbook(workbook, read_only=True)
    last = list(book["修正意見"].iter_rows(min_row=1048575, max_row=1048576, values_only=True))
    book.close()  # a read-only workbook keeps its file open until closed
    assert [row[0] for row in last] == ["OP07", "OP08"]


def with_sheet_states(path: Path, states: dict[str, str], renames: dict[str, str]) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/workbook.xml"].decode()
    for old, new in renames.items():
        xml = xml.replace(f'name="{old}"', f'name="{new}"')
    for name, state in states.items():
        xml = re.sub(rf'(name="{name}" sheetId="\d+" state=)"visible"', rf'\1"{state}"', xml)
    parts["xl/workbook.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_collect_writes_to_the_visible_sheet_not_a_hidden_near_duplicate(returned, tmp_path):
    workbook = example_copy(tmp_path)
    book = openpyxl.load_workbook(workbook)
    stale = book.copy_worksheet(book["修正意見"])
    stale.title = "修正意見 (舊)"
    book.move_sheet(stale, offset=-(len(book.sheetnames) - 2))
    book.save(workbook)
    with_sheet_states(workbook, {"修正 意見": "hidden"}, {"修正意見 (舊)": "修正 意見"})
    report = collect_forms(workbook, [returned["民政課"]])
    assert report.added == ["OP07"]
    assert any(
        p.where == "修正 意見" and "只讀取「修正意見」" in p.message for p in report.problems
    )
    book = openpyxl.load_workbook(workbook)
    assert [c.value for c in book["修正意見"]["A"]][-1] == "OP07"
    assert "OP07" not in [c.value for c in book["修正 意見"]["A"]]


def shared_strings_with_guides(path: Path) -> None:
    """Save the workbook as Excel does: shared strings, the headers carrying phonetic guides."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    strings: list[str] = []

    def to_shared(match: re.Match) -> str:
        strings.append(match.group(2))
        return f'{match.group(1)} t="s"><v>{len(strings) - 1}</v></c>'

    inline = re.compile(
        r'(<c r="[A-Z]+\d+"(?: s="\d+")?) t="inlineStr"><is><t[^>]*>(.*?)</t></is></c>'
    )
    for name in [n for n in parts if n.startswith("xl/worksheets/sheet")]:
        parts[name] = inline.sub(to_shared, parts[name].decode()).encode()
    items = []
    for text in strings:
        guide = '<rPh sb="0" eb="1"><t>ㄧˋ</t></rPh><phoneticPr fontId="1"/>'
        header = text.startswith("&#") and len(text) < 60
        items.append(f"<si><t>{text}</t>{guide if header else ''}</si>")
    parts["xl/sharedStrings.xml"] = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(items)}" uniqueCount="{len(items)}">{"".join(items)}</sst>'
    ).encode()
    types = (
        parts["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
    )
    parts["[Content_Types].xml"] = types.encode()
    rels = (
        parts["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_headers_with_phonetic_guides_are_read_as_their_text(returned, tmp_path):
    workbook = example_copy(tmp_path)
    shared_strings_with_guides(workbook)
    assert b"<rPh" in zipfile.ZipFile(workbook).read("xl/sharedStrings.xml")
    project = load_project(workbook).project
    assert len(project.opinions) == 6 and project.case("C01").name
    report = collect_forms(workbook, [returned["民政課"]])
    assert report.added == ["OP07"] and proposals(workbook) == ["民政課的建議"]


def test_text_typed_like_an_escape_survives_an_excel_save(sent, tmp_path):
    typed = "report_x0041_v2.pdf"
    document = docx.Document(sent / "修正意見表_民政課.docx")
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == HEADERS)
    table.rows[1].cells[2].text = "修改"
    table.rows[1].cells[3].text = typed
    form = tmp_path / "修正意見表_民政課.docx"
    document.save(form)
    workbook = example_copy(tmp_path / "book")
    collect_forms(workbook, [form])
    assert proposals(workbook) == [typed]
    shared_strings_with_guides(workbook)  # Excel's save: shared strings, escapes kept
    assert b"_x005F_x0041_" in zipfile.ZipFile(workbook).read("xl/sharedStrings.xml")
    assert proposals(workbook) == [typed]


def test_a_docgen_error_is_what_every_refusal_raises(returned, tmp_path):
    workbook = example_copy(tmp_path)
    workbook.chmod(0o400)
    with pytest.raises(DocgenError):
        collect_forms(workbook, [returned["民政課"]])
