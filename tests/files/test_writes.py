"""Every write: permissions as a normal save gives them, nothing partial after a full disk.

Also after an interruption (signals sent to a real child process), and zip dates however far
away the meeting is.
"""

import errno
import io
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from docgen.files import atomic
from docgen.ooxml.zip import write_zip
from docgen.problems import OutputError
from docgen.render.stamp import stamp
from support.factory import WorkbookFactory


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.name.endswith(".tmp"))


@pytest.fixture
def umask():
    """Set the process umask for one test (restored afterwards)."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield lambda value: os.umask(value)
    os.umask(previous)


# --- permissions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("mask, mode", [(0o002, 0o664), (0o022, 0o644), (0o077, 0o600)])
def test_new_files_get_the_mode_a_normal_save_gives(tmp_path, umask, mask, mode):
    umask(mask)
    assert atomic.new_file_mode() == mode
    single = atomic.write_bytes(tmp_path / "a.docx", b"a")
    (batch,) = atomic.write_all([(tmp_path / "sub" / "b.docx", b"b")])
    assert single.stat().st_mode & 0o777 == mode and batch.stat().st_mode & 0o777 == mode


def test_a_replaced_file_keeps_its_mode(tmp_path, umask):
    umask(0o077)
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")
    target.chmod(0o664)
    atomic.write_bytes(target, b"new")
    assert target.stat().st_mode & 0o777 == 0o664
    atomic.write_all([(target, b"newer")])
    assert target.stat().st_mode & 0o777 == 0o664 and target.read_bytes() == b"newer"


def test_build_forms_and_init_follow_the_umask(run, tmp_path, umask):
    umask(0o002)
    assert run("init")[0] == 0
    assert (tmp_path / "inputs" / "廉政細工專案.xlsx").stat().st_mode & 0o777 == 0o664
    (tmp_path / "inputs" / "廉政細工專案.xlsx").unlink()
    code, _, err = run("build", "-o", "out")
    assert code == 0, err
    modes = {p.stat().st_mode & 0o777 for p in (tmp_path / "out").rglob("*.docx")}
    assert modes == {0o664}
    code, _, err = run("forms", "--force", "-o", "out")
    assert code == 0, err
    assert {p.stat().st_mode & 0o777 for p in (tmp_path / "out").rglob("*.docx")} == {0o664}


# --- a full disk ----------------------------------------------------------------------------------


def filling_up_at(monkeypatch, number: int) -> None:
    """Make the ``number``-th write stop half way with ENOSPC."""
    real, count = atomic._write_data, []

    def write(handle, data):
        count.append(1)
        if len(count) == number:
            os.write(handle, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        real(handle, data)

    monkeypatch.setattr(atomic, "_write_data", write)


def test_a_full_disk_in_a_batch_leaves_every_target_as_it_was(tmp_path, monkeypatch):
    old = tmp_path / "a.docx"
    old.write_bytes(b"old")
    filling_up_at(monkeypatch, 3)
    items = [
        (old, b"new"),
        (tmp_path / "new" / "b.docx", b"b"),
        (tmp_path / "new" / "c.docx", b"c"),
    ]
    with pytest.raises(OutputError) as caught:
        atomic.write_all(items)
    assert "磁碟空間不足" in str(caught.value) and "c.docx" in str(caught.value)
    assert caught.value.written == []
    assert old.read_bytes() == b"old" and not (tmp_path / "new").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]


def test_a_full_disk_leaves_no_truncated_backup(tmp_path, monkeypatch):
    workbook = tmp_path / "book.xlsx"
    workbook.write_bytes(b"PK" + b"x" * 10000)
    filling_up_at(monkeypatch, 1)
    with pytest.raises(OutputError, match="磁碟空間不足") as caught:
        atomic.backup(workbook)
    assert "備份" in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_a_backup_without_hard_links_is_still_exclusive(tmp_path, monkeypatch):
    workbook = tmp_path / "book.xlsx"
    workbook.write_bytes(b"content")
    os.utime(workbook, ns=(10**18, 10**18))
    now = datetime(2017, 8, 2, 10, 0, 0)
    planted = tmp_path / "book.備份-20170802-100000.xlsx"
    planted.symlink_to(tmp_path / "elsewhere.xlsx")

    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(atomic.os, "link", no_links)
    made = atomic.backup(workbook, now=now)
    assert made.name == "book.備份-20170802-100000-2.xlsx" and made.read_bytes() == b"content"
    assert made.stat().st_mtime_ns == 10**18
    assert not (tmp_path / "elsewhere.xlsx").exists() and leftovers(tmp_path) == []


def test_a_backup_of_a_long_name_is_cut_to_fit(tmp_path):
    workbook = tmp_path / ("廉政細工專案" * 13 + ".xlsx")  # 234 bytes of 255
    workbook.write_bytes(b"content")
    made = atomic.backup(workbook)
    assert made.read_bytes() == b"content" and len(made.name.encode()) <= 240
    assert made.name.endswith(".xlsx") and ".備份-" in made.name


def test_a_failing_check_stops_the_rename(tmp_path):
    target = tmp_path / "a.docx"
    target.write_bytes(b"old")

    def changed():
        raise OutputError("changed")

    with pytest.raises(OutputError, match="changed"):
        atomic.write_bytes(target, b"new", check=changed)
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


# --- interruptions, in a real child process -------------------------------------------------------

CHILD = """
import sys, time
from docgen.files import atomic

slow_part = sys.argv[2]
real_write, real_rename, renamed = atomic._write_data, atomic._rename, []

def write(handle, data):
    real_write(handle, data[: len(data) // 2])
    if slow_part == "staging":
        print("staging", flush=True)
        time.sleep(60)
    real_write(handle, data[len(data) // 2 :])

def rename(temporary, target):
    real_rename(temporary, target)
    renamed.append(target)
    if slow_part == "renaming" and len(renamed) == 1:
        print("renaming", flush=True)
        time.sleep(3)

atomic._write_data, atomic._rename = write, rename
from docgen.cli.main import main
sys.argv = ["docgen", "build", "-o", sys.argv[1]]
main()
"""


def start_child(tmp_path: Path, slow_part: str) -> subprocess.Popen:
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(CHILD), encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "out"), slow_part],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(process: subprocess.Popen, word: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1)
        if ready:
            line = process.stdout.readline()
            if line.strip() == word:
                return
            if not line:
                break
    process.kill()
    raise AssertionError(f"the child never reached {word}: {process.stderr.read()}")


def finish(process: subprocess.Popen) -> tuple[int, str]:
    _, err = process.communicate(timeout=120)
    return process.returncode, err


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_an_interruption_while_staging_leaves_only_the_old_files(tmp_path, number):
    out = tmp_path / "out"
    out.mkdir()
    old = out / "會議資料初稿_106年8月15日.docx"
    old.write_bytes(b"old draft")
    child = start_child(tmp_path, "staging")
    wait_for(child, "staging")
    child.send_signal(number)
    code, err = finish(child)
    assert code == 130, err
    assert "已中止" in err
    assert leftovers(tmp_path) == []
    assert old.read_bytes() == b"old draft"
    assert sorted(p.name for p in out.rglob("*") if p.is_file()) == [old.name]


def test_an_interruption_during_the_renames_completes_the_batch_and_names_every_file(tmp_path):
    child = start_child(tmp_path, "renaming")
    wait_for(child, "renaming")
    child.send_signal(signal.SIGINT)
    code, err = finish(child)
    assert code == 1, err
    assert "收到中止要求" in err and "已寫入的檔案：" in err
    written = sorted((tmp_path / "out").rglob("*.docx"))
    assert len(written) >= 4 and leftovers(tmp_path) == []
    for path in written:
        assert str(Path("out") / path.relative_to(tmp_path / "out")) in err
        assert zipfile.ZipFile(path).testzip() is None


# --- dates the zip writer cannot hold -------------------------------------------------------------


def test_the_zip_writer_holds_any_date_within_what_a_zip_records():
    for moment in (datetime(2200, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, 59)):
        data = write_zip([("a.xml", b"<a/>")], moment)
        (info,) = zipfile.ZipFile(io.BytesIO(data)).infolist()
        assert info.date_time == (2107, 12, 31, 23, 59, 58)
    data = write_zip([("a.xml", b"<a/>")], datetime(1970, 1, 1, tzinfo=UTC))
    assert zipfile.ZipFile(io.BytesIO(data)).infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


@pytest.mark.parametrize("epoch", ["99999999999", "99999999999999999999999", "4102444800"])
def test_a_huge_source_date_epoch_is_held(monkeypatch, epoch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert stamp(datetime(2017, 8, 15)) <= datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)


def test_a_meeting_in_2108_builds_and_a_huge_epoch_too(run, tmp_path, monkeypatch):
    factory = WorkbookFactory()
    factory.settings["會議日期"] = "197/8/15"  # 2108
    factory.settings["修正意見回覆期限"] = "197/8/4"
    factory.settings["核定日期"] = "197/8/9"
    workbook = factory.save(tmp_path / "far.xlsx")
    code, out, err = run("build", "-i", str(workbook), "-o", "out")
    assert code == 0, err
    assert "會議資料_197年8月15日.docx" in out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999")
    code, _, err = run("forms", "--force", "-i", str(workbook), "-o", "out2")
    assert code == 0, err
