"""The bundled example: shipped inside the package, valid, and in step with its data module."""

from docgen.files.paths import example_workbook
from docgen.workbook.example import example_content, starter_content
from docgen.workbook.loader import load_project
from docgen.workbook.writer import write_workbook

AGENCY_UNITS = frozenset(("民政課", "社會課", "經建課", "人文課", "兵役課"))
AGENCY_UNITS |= frozenset(("行政課", "人事室", "會計室", "政風室"))


def test_the_bundled_example_is_shipped_and_valid():
    result = load_project(example_workbook())
    project = result.project
    assert project.settings.agency == "臺南市南區區公所"
    assert len(project.units) >= 9 and len(project.discussed_cases) >= 6
    names = {unit.name for unit in project.units}
    assert names >= AGENCY_UNITS
    assert project.settings.approval_date is not None
    assert all(opinion.decision for opinion in project.opinions)
    assert [str(p) for p in result.problems] == []


def test_the_shipped_workbook_matches_its_data_module(tmp_path):
    """Regenerate with ``python -m tools.make_example`` when example_data.py changes."""
    fresh = write_workbook(tmp_path / "fresh.xlsx", example_content())
    assert load_project(fresh).project == load_project(example_workbook()).project


def test_the_starter_rows_are_consistent_and_valid(tmp_path):
    path = write_workbook(tmp_path / "starter.xlsx", starter_content())
    project = load_project(path).project
    assert len(project.cases) == len(project.risks) == len(project.measures) == 1
    assert project.measures[0].owner_units == project.cases[0].owner_units


def test_the_blank_workbook_starts_at_the_first_stage(run, tmp_path):
    run("init")
    code, out, err = run("build", "-o", "out")
    assert code == 0, err
    assert "已產出 會議資料初稿" in out and "已產出 修正意見表" in out
    assert "略過 會議資料：" in out  # the example opinion awaits a decision; no approval yet
    assert "會議紀錄（草稿）" in out  # no resolutions yet: the minutes are a draft
