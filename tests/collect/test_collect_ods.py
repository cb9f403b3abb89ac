"""docgen collect into an .ods workbook: refused before anything is read or written.

The .ods is the bundled example converted by the real headless LibreOffice; the forms are
rendered from the .ods itself and filled the way a unit fills them. The way out the message
gives (save as .xlsx in Calc, collect into that) is followed to the end.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from collect.test_collect import fill_civil
from docgen.files.paths import example_workbook
from docgen.office import soffice as office
from docgen.workbook.loader import load_project

EPOCH = "1502755200"


@pytest.fixture(scope="module")
def calc_workbook(tmp_path_factory, soffice) -> Path:
    folder = tmp_path_factory.mktemp("ods")
    xlsx = folder / "廉政細工專案.xlsx"
    shutil.copyfile(example_workbook(), xlsx)
    calc = office.convert(xlsx, "ods", folder / "calc")
    return calc


def listing(folder: Path) -> dict[str, str]:
    """Return every file under ``folder`` (hidden ones too) with its sha256."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def returned_forms(calc_workbook, run, monkeypatch) -> tuple[Path, Path]:
    """Return the .ods copied to the test's folder, and a folder with a form filled from it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    workbook = Path("工作簿") / calc_workbook.name
    workbook.parent.mkdir()
    shutil.copyfile(calc_workbook, workbook)
    code, _, err = run("forms", "--force", "-i", str(workbook), "-o", "寄出")
    assert code == 0, err
    returned = Path("回收")
    returned.mkdir()
    fill_civil(Path("寄出") / "修正意見表", returned)
    return workbook, returned


def test_collect_into_an_ods_is_refused_and_nothing_changes(returned_forms, run):
    workbook, returned = returned_forms
    before = listing(workbook.parent)
    code, out, err = run("collect", "-i", str(workbook), str(returned))
    assert code != 0 and out == ""
    assert f"{workbook}：" in err and "ODF 試算表（.ods）" in err
    assert "另存新檔" in err and "廉政細工專案.xlsx" in err and "沒有修改任何檔案" in err
    assert listing(workbook.parent) == before  # the .ods byte for byte; no backup, no lock


def test_collect_without_i_refuses_the_ods_in_inputs(returned_forms, run):
    workbook, returned = returned_forms
    Path("inputs").mkdir()
    shutil.copyfile(workbook, Path("inputs") / "廉政細工專案.ods")
    before = listing(Path("inputs"))
    code, _, err = run("collect", str(returned))
    assert code != 0 and "另存新檔" in err and "找不到" not in err
    assert listing(Path("inputs")) == before


def test_the_way_out_works_forms_from_the_ods_collect_into_its_xlsx(returned_forms, run):
    workbook, returned = returned_forms
    saved = office.convert(workbook, "xlsx", Path("另存"))  # 「另存新檔」 in Calc
    code, out, err = run("collect", "-i", str(saved), str(returned))
    assert code == 0, err
    assert "略過" not in err
    opinions = load_project(saved).project.opinions
    assert any(o.unit == "民政" and "事前以差勤系統" in o.proposal for o in opinions), out
