"""Whatever staff type into any cell, reading the workbook never crashes."""

import re
import tempfile
from datetime import date, datetime, time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.problems import InputError
from docgen.workbook.loader import load_project
from support.factory import ROWS, SETTINGS, TABLES, WorkbookFactory

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def excel_escaped(text: str) -> str:
    """Write characters XML forbids the way Excel does, as _xHHHH_ escapes."""
    return _FORBIDDEN.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


cell_values = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60).map(excel_escaped),
    st.sampled_from(
        [
            "是",
            "否",
            "高",
            "106/13/45",
            "=1/0",
            "{{ 7*7 }}",
            "{% for %}",
            "_x000D_",
            "C01",
            "R01",
            "M01",
            "社會",
            "工務課",
            "、、",
            "\n",
            " ",
            "0",
            "-1",
            "9",
        ]
    ),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.datetimes(min_value=datetime(1900, 3, 1)),
    st.times(),
    st.none(),
)

targets = st.one_of(
    st.tuples(st.just("專案設定"), st.sampled_from(list(SETTINGS)), st.just(0)),
    *[
        st.tuples(
            st.just(sheet),
            st.sampled_from(TABLES[sheet]),
            st.integers(0, max(len(ROWS.get(sheet, [])) - 1, 0)),
        )
        for sheet in TABLES
    ],
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    changes=st.lists(st.tuples(targets, cell_values), min_size=1, max_size=4), header=st.booleans()
)
def test_arbitrary_cells_never_crash_the_reader(changes, header):
    factory = WorkbookFactory()
    for (sheet, column, index), value in changes:
        if sheet == "專案設定":
            factory.settings[column] = value
        elif header and isinstance(value, str) and value.strip():
            if column in factory.headers[sheet] and value not in factory.headers[sheet]:
                factory.rename_header(sheet, column, value)
        else:
            rows = factory.rows.setdefault(sheet, [])
            if not rows:
                rows.append({})
            rows[min(index, len(rows) - 1)][column] = value
    with tempfile.TemporaryDirectory() as folder:
        path = factory.save(Path(folder) / "廉政細工專案.xlsx")
        try:
            load_project(path)
        except InputError as error:
            assert error.problems and all(str(p) for p in error.problems)


def test_time_and_date_cells_of_every_kind_in_every_column(tmp_path):
    factory = WorkbookFactory()
    for sheet, headers in TABLES.items():
        for header in headers:
            factory.rows.setdefault(sheet, [{}])[0][header] = time(9, 30)
    try:
        load_project(factory.save(tmp_path / "x.xlsx"))
    except InputError as error:
        assert error.problems
