"""The project's lookups by 編號: the records a scan would find, without scanning per case."""

from dataclasses import replace

import pytest

from docgen.files.paths import example_workbook
from docgen.model.keys import natural_key
from docgen.model.revisions import apply_revisions
from docgen.workbook.loader import load_project


@pytest.fixture(scope="module")
def project():
    return load_project(example_workbook()).project


def scanned(records, case_id):
    return tuple(
        sorted((r for r in records if r.case_id == case_id), key=lambda r: natural_key(r.id))
    )


def test_each_cases_risks_and_measures_in_natural_order(project):
    for case in project.cases:
        assert project.risks_of(case.id) == scanned(project.risks, case.id)
        assert project.measures_of(case.id) == scanned(project.measures, case.id)
        assert project.case(case.id) is case
    assert project.risks_of("沒有這個案例") == () == project.measures_of("沒有這個案例")


def test_units_resolutions_and_revised_measures(project):
    for unit in project.units:
        assert project.unit(unit.code) is unit
    with pytest.raises(KeyError):
        project.unit("沒有這個單位")
    for case in project.cases:
        expected = next((r for r in project.resolutions if r.case_id == case.id), None)
        assert project.resolution_of(case.id) == expected
        revision = apply_revisions(project)
        assert revision.of_case(case.id) == scanned(revision.measures, case.id)


def test_the_first_of_two_records_with_one_key_is_found_as_a_scan_would(project):
    first = project.units[0]
    twin = replace(project.units[1], code=first.code)
    doubled = replace(project, units=(first, twin, *project.units[2:]))
    assert doubled.unit(first.code) is first


def test_a_changed_copy_of_the_project_has_its_own_indexes(project):
    case = project.cases[0]
    project.measures_of(case.id)  # the index is built
    fewer = replace(project, measures=project.measures[1:])
    assert fewer.measures_of(case.id) == scanned(fewer.measures, case.id)
