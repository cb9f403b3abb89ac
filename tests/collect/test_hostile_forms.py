"""Returned forms made hostile in code: each bad one is skipped by name, the others collected.

Every form starts as one the example sends out (sealed with the example workbook's key); a test
then breaks it the way a damaged disk, a curious clerk or an attacker would, at the zip, XML or
identity level, and collects it beside a good form into a copy of the example workbook.
"""

import io
import json
import shutil
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

from docgen.cli import i18n as cli_i18n
from docgen.cli.main import cli
from docgen.collect import collect_forms
from docgen.collect import opinions as form_opinions
from docgen.collect import reader as form_reader
from docgen.documents import Options
from docgen.documents.kinds import forms
from docgen.files.paths import example_workbook
from docgen.model.identity import (
    HIDDEN_MARKER,
    FormIdentity,
    Verdict,
    form_key,
    from_text,
    sealed,
    verify,
)
from docgen.ooxml.embed import IDENTITY_NS, IDENTITY_TAG, identity_element
from docgen.workbook.loader import load_project
from docgen.workbook.reader import form_key_material
from support.legacy import as_sent_before, identity_part, set_hidden

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
HEADERS = ["措施編號", "現行內容", "意見類型", "建議內容", "理由"]


# --- making forms ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sent(tmp_path_factory) -> Path:
    """Return a folder holding the example's forms as sent out."""
    folder = tmp_path_factory.mktemp("sent")
    project = load_project(example_workbook()).project
    for rendered in forms.render(project, Options(force=True)):
        (folder / rendered.relative_path.name).write_bytes(rendered.data)
    return folder


def filled(sent: Path, unit: str, target: Path, proposal: str = "") -> Path:
    """Return the unit's form with one opinion typed into the first row of its first table."""
    document = docx.Document(sent / f"修正意見表_{unit}.docx")
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells] == HEADERS)
    row = table.rows[1]
    row.cells[2].text = "修改"
    row.cells[3].text = proposal or f"{unit}建議：{row.cells[0].text}改為每月辦理。"
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(target)
    return target


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def save_parts(parts: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def identity_record(parts: dict[str, bytes]) -> dict:
    """Return the identity of the form's custom XML part, as the old hidden run's JSON had it."""
    root = etree.fromstring(parts[identity_part(parts)])
    record = {item.get("name").removeprefix("docgen."): item.text or "" for item in root}
    record["cases"] = [case for case in record["cases"].split(",") if case]
    record["version"] = int(record["version"])
    return record


def set_record(parts: dict[str, bytes], record: dict) -> None:
    """Write ``record`` (values as :func:`identity_record` returns) into the custom XML part."""
    root = etree.Element(IDENTITY_TAG, nsmap={None: IDENTITY_NS})
    for key, value in record.items():
        text = ",".join(value) if isinstance(value, list) else str(value)
        etree.SubElement(root, f"{{{IDENTITY_NS}}}property", name=f"docgen.{key}").text = text
    parts[identity_part(parts)] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def set_identity(parts: dict[str, bytes], identity: FormIdentity) -> None:
    """Write ``identity`` into both carriers: the custom XML part and the custom properties."""
    part = identity_element(identity)
    parts[identity_part(parts)] = etree.tostring(part, xml_declaration=True, encoding="UTF-8")
    for name, value in identity.properties().items():
        set_property(parts, name, value)


def hidden_record(parts: dict[str, bytes]) -> dict:
    """Return the record of the form's hidden run (a form as earlier docgen sent it)."""
    root = etree.fromstring(parts["word/document.xml"])
    text = next(t for t in root.iter(f"{{{W}}}t") if (t.text or "").startswith(HIDDEN_MARKER))
    return json.loads(text.text[len(HIDDEN_MARKER) :])


def set_property(parts: dict[str, bytes], name: str, value: str) -> None:
    root = etree.fromstring(parts["docProps/custom.xml"])
    item = next(p for p in root.iter(f"{{{CUSTOM}}}property") if p.get("name") == name)
    item[0].text = value
    parts["docProps/custom.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def retarget(parts: dict[str, bytes], unit: str, xml: bool = True, custom: bool = True) -> None:
    """Change the unit code in the chosen carriers, leaving the seal as it was."""
    if xml:
        record = identity_record(parts)
        record["unit"] = unit
        set_record(parts, record)
    if custom:
        set_property(parts, "docgen.unit", unit)


def example_copy(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "廉政細工專案.xlsx"
    shutil.copyfile(example_workbook(), path)
    return path


def opinions_by_unit(workbook: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for opinion in load_project(workbook).project.opinions:
        if opinion.id > "OP06":
            found.setdefault(opinion.unit, []).append(opinion.proposal)
    return found


def collect_with_good(sent: Path, tmp_path: Path, bad: Path):
    """Collect ``bad`` beside a good 社會課 form; return (report, error for bad, workbook)."""
    good = filled(sent, "社會課", tmp_path / "good" / "修正意見表_社會課.docx")
    workbook = example_copy(tmp_path / "book")
    report = collect_forms(workbook, [good, bad])
    errors = [p for p in report.problems if p.is_error and p.where == str(bad)]
    assert report.skipped == [str(bad)], [str(p) for p in report.problems]
    assert len(errors) == 1 and errors[0].message.endswith("已略過此檔案")
    assert list(opinions_by_unit(workbook)) == ["社會"]  # the good form still went in
    return report, errors[0].message, workbook


# --- a damaged or strange file --------------------------------------------------------------------


def damaged_member(source: Path, path: Path) -> Path:
    """Flip bytes inside document.xml's compressed data, keeping the zip directory intact."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(start + 20, start + 60):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def encrypted_flag(source: Path, path: Path) -> Path:
    """Set the 'encrypted' flag of document.xml in its local header and directory entry."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as archive:
        info = archive.getinfo("word/document.xml")
    data[info.header_offset + 6] |= 0x01
    end = data.rfind(b"PK\x05\x06")
    entry = int.from_bytes(data[end + 16 : end + 20], "little")
    while data[entry : entry + 4] == b"PK\x01\x02":
        lengths = [int.from_bytes(data[entry + n : entry + n + 2], "little") for n in (28, 30, 32)]
        if bytes(data[entry + 46 : entry + 46 + lengths[0]]) == b"word/document.xml":
            data[entry + 8] |= 0x01
        entry += 46 + sum(lengths)
    path.write_bytes(bytes(data))
    return path


def with_grid_span(sent: Path, path: Path, value: str) -> Path:
    source = filled(sent, "民政課", path.with_suffix(".src.docx"))
    parts = parts_of(source)
    xml = parts["word/document.xml"].decode()
    xml = xml.replace("<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{value}"/>', 3)
    xml = xml.replace("<w:trPr>", f'<w:trPr><w:gridBefore w:val="{value}"/>', 2)
    parts["word/document.xml"] = xml.encode()
    return save_parts(parts, path)


def with_hidden(sent: Path, path: Path, text: str, custom: bool = False) -> Path:
    parts = parts_of(sent / "修正意見表_民政課.docx")
    set_hidden(parts, text)
    if not custom:
        parts.pop("docProps/custom.xml")
    return save_parts(parts, path)


def test_a_damaged_member_is_skipped_by_name(sent, tmp_path):
    bad = damaged_member(sent / "修正意見表_民政課.docx", tmp_path / "損壞成員.docx")
    _, message, _ = collect_with_good(sent, tmp_path, bad)
    assert "word/document.xml" in message and "已損壞" in message


def test_an_entry_marked_encrypted_is_skipped_by_name(sent, tmp_path):
    bad = encrypted_flag(sent / "修正意見表_民政課.docx", tmp_path / "加密.docx")
    _, message, _ = collect_with_good(sent, tmp_path, bad)
    assert "密碼" in message and "word/document.xml" in message


@pytest.mark.parametrize("value", ["x", "-3", "1e9", "99999999999999999999", ""])
def test_grid_counts_that_are_not_numbers_are_read_as_absent(sent, tmp_path, value):
    form = with_grid_span(sent, tmp_path / "跨欄.docx", value)
    content = form_reader.read_form(form)
    assert content.tables and content.identity is not None


def test_an_unreadable_file_is_skipped_by_name(sent, tmp_path, monkeypatch):
    bad = shutil.copy(sent / "修正意見表_民政課.docx", tmp_path / "無權限.docx")
    real = form_reader.check_signature

    def denied(path):
        if Path(path).name == "無權限.docx":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(form_reader, "check_signature", denied)
    monkeypatch.setattr("docgen.collect.collector.read_form", form_reader.read_form)
    _, message, _ = collect_with_good(sent, tmp_path, Path(bad))
    assert "沒有讀取權限" in message


def test_a_fault_while_reading_one_file_skips_that_file_alone(sent, tmp_path, monkeypatch):
    bad = filled(sent, "民政課", tmp_path / "bad" / "出錯.docx")
    real = form_opinions.read_opinions

    def broken(content, identity, project, label, *args):
        if label == "出錯.docx":
            raise ZeroDivisionError("a bug")
        return real(content, identity, project, label, *args)

    monkeypatch.setattr("docgen.collect.collector.read_opinions", broken)
    _, message, _ = collect_with_good(sent, tmp_path, bad)
    assert "未預期的問題（ZeroDivisionError）" in message and "Traceback" not in message
    monkeypatch.setenv("DOCGEN_DEBUG", "1")
    _, message, _ = collect_with_good(sent, tmp_path / "debug", bad)
    assert "Traceback" in message and "a bug" in message


def test_the_cli_exits_1_names_each_bad_file_and_collects_the_rest(sent, tmp_path):
    returned = tmp_path / "returned"
    filled(sent, "社會課", returned / "修正意見表_社會課.docx")
    damaged_member(sent / "修正意見表_民政課.docx", returned / "損壞成員.docx")
    encrypted_flag(sent / "修正意見表_經建課.docx", returned / "加密.docx")
    deep = HIDDEN_MARKER + "[" * 100000
    with_hidden(sent, returned / "巢狀.docx", deep)
    workbook = example_copy(tmp_path / "book")
    cli_i18n.install()
    result = CliRunner().invoke(cli, ["collect", str(returned), "-i", str(workbook)])
    assert result.exit_code == 1, result.output
    for name in ("損壞成員.docx", "加密.docx", "巢狀.docx"):
        assert f"錯誤：{returned / name}：" in result.stderr
    assert "已寫入 1 則新意見（OP07）" in result.stdout
    assert "未預期的錯誤" not in result.output and "Traceback" not in result.output


# --- the hidden identity --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        HIDDEN_MARKER + "[" * 100000,
        HIDDEN_MARKER + '{"form":"修正意見表","unit":' + "[" * 5000 + "]" * 5000 + "}",
        HIDDEN_MARKER + '{"form":"修正意見表","unit":{"a":1}}',
        HIDDEN_MARKER + '{"form":"修正意見表","unit":"民政","version":"' + "9" * 5000 + '"}',
        HIDDEN_MARKER + '{"form":"修正意見表","unit":"民政","version":"²"}',
        HIDDEN_MARKER + '{"form":"修正意見表","unit":"民政","version":"x","cases":[[[1]]]}',
    ],
    ids=["deep-array", "deep-unit", "object-unit", "huge-version", "superscript", "odd"],
)
def test_strange_hidden_records_never_raise(text):
    found = from_text(text)
    assert found is None or (found.unit == "民政" and found.version == 1)


def test_a_form_with_only_a_deeply_nested_identity_is_skipped(sent, tmp_path):
    bad = with_hidden(sent, tmp_path / "巢狀.docx", HIDDEN_MARKER + "{" * 20000)
    _, message, _ = collect_with_good(sent, tmp_path, bad)
    assert "找不到識別資料" in message


def test_a_non_numeric_version_is_read_as_the_current_one(sent, tmp_path):
    parts = parts_of(filled(sent, "民政課", tmp_path / "src.docx"))
    set_property(parts, "docgen.version", "9" * 5000)
    record = identity_record(parts)
    record["version"] = "一"
    set_record(parts, record)
    form = save_parts(parts, tmp_path / "版本.docx")
    workbook = example_copy(tmp_path / "book")
    report = collect_forms(workbook, [form])
    assert not report.skipped and report.added == ["OP07"]


def test_a_form_sent_by_an_earlier_version_with_a_hidden_run_is_read(sent, tmp_path):
    parts = parts_of(filled(sent, "民政課", tmp_path / "src.docx", proposal="舊"))
    as_sent_before(parts)
    form = save_parts(parts, tmp_path / "舊版表.docx")
    content = form_reader.read_form(form)
    assert content.carriers == ("custom", "hidden") and len(content.identities) == 1
    workbook = example_copy(tmp_path / "book")
    report = collect_forms(workbook, [form])
    about_it = [str(p) for p in report.problems if p.where == str(form)]
    assert not about_it  # no warning: consistent carriers, valid seal
    assert opinions_by_unit(workbook) == {"民政": ["舊"]}


def test_an_earlier_form_whose_properties_were_lost_is_read_from_its_hidden_run(sent, tmp_path):
    parts = parts_of(filled(sent, "民政課", tmp_path / "src.docx", proposal="僅隱藏"))
    as_sent_before(parts)
    parts.pop("docProps/custom.xml")
    form = save_parts(parts, tmp_path / "僅隱藏.docx")
    assert form_reader.read_form(form).carriers == ("hidden",)
    workbook = example_copy(tmp_path / "book")
    collect_forms(workbook, [form])
    assert opinions_by_unit(workbook) == {"民政": ["僅隱藏"]}


def test_a_unit_moved_in_both_carriers_is_rejected_as_altered(sent, tmp_path):
    parts = parts_of(filled(sent, "民政課", tmp_path / "src.docx"))
    retarget(parts, "社會")
    bad = save_parts(parts, tmp_path / "改單位.docx")
    workbook = example_copy(tmp_path / "book")
    report = collect_forms(workbook, [bad])
    (error,) = [p for p in report.problems if p.is_error]
    assert error.where == str(bad) and "疑似遭修改" in error.message and "社會課" in error.message
    assert report.added == [] and opinions_by_unit(workbook) == {}


def test_carriers_that_disagree_are_named_and_the_sealed_one_is_used(sent, tmp_path):
    parts = parts_of(filled(sent, "民政課", tmp_path / "src.docx", proposal="甲"))
    retarget(parts, "社會", custom=False)  # the XML part moved, the properties kept
    form = save_parts(parts, tmp_path / "不一致.docx")
    workbook = example_copy(tmp_path / "book")
    report = collect_forms(workbook, [form])
    (warning,) = [p for p in report.problems if "彼此不一致" in p.message]
    assert warning.where == str(form) and not warning.is_error
    assert "「民政」" in warning.message and "「社會」" in warning.message
    assert opinions_by_unit(workbook) == {"民政": ["甲"]}


def test_carriers_that_disagree_with_no_valid_seal_are_rejected(sent, tmp_path):
    parts = parts_of(filled(sent, "民政課", tmp_path / "src.docx"))
    retarget(parts, "社會", custom=False)
    retarget(parts, "經建", xml=False)
    bad = save_parts(parts, tmp_path / "兩份皆改.docx")
    _, message, _ = collect_with_good(sent, tmp_path, bad)
    assert "彼此不一致" in message and "無法確認" in message


def test_a_second_hidden_record_added_by_hand_is_noticed(sent, tmp_path):
    parts = parts_of(filled(sent, "民政課", tmp_path / "src.docx", proposal="乙"))
    as_sent_before(parts)
    record = hidden_record(parts)
    forged = HIDDEN_MARKER + json.dumps({**record, "unit": "社會"})
    set_hidden(parts, HIDDEN_MARKER + json.dumps(record) + forged)
    form = save_parts(parts, tmp_path / "兩筆.docx")
    workbook = example_copy(tmp_path / "book")
    report = collect_forms(workbook, [form])
    assert any("彼此不一致" in p.message and p.where == str(form) for p in report.problems)
    assert opinions_by_unit(workbook) == {"民政": ["乙"]}


def sealed_for(unit: str) -> FormIdentity:
    """Return a correctly sealed identity of the example naming ``unit``.

    As a forger holding the workbook's key could make, or a form made before a 類別 changed.
    """
    project = load_project(example_workbook()).project
    base = forms.render(project, Options(force=True))[0]
    record = identity_record(parts_of_bytes(base.data))
    identity = FormIdentity(
        unit=unit,
        agency=record["agency"],
        project=record["project"],
        draft=record["draft"],
        cases=tuple(record["cases"]),
    )
    return sealed(identity, form_key(form_key_material(example_workbook())))


def parts_of_bytes(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def with_identity(sent: Path, path: Path, identity: FormIdentity) -> Path:
    parts = parts_of(filled(sent, "民政課", path.with_suffix(".src.docx")))
    set_identity(parts, identity)
    return save_parts(parts, path)


@pytest.mark.parametrize("unit, role", [("政風", "主辦單位"), ("市政風處", "受邀單位")])
def test_an_identity_naming_a_unit_that_gets_no_form_is_rejected(sent, tmp_path, unit, role):
    bad = with_identity(sent, tmp_path / f"{unit}.docx", sealed_for(unit))
    assert verify(sealed_for(unit), form_key(form_key_material(example_workbook()))) is (
        Verdict.VALID
    )
    _, message, _ = collect_with_good(sent, tmp_path, bad)
    assert role in message and "不會收到修正意見表" in message


def test_a_form_without_a_seal_is_read_with_a_warning(sent, tmp_path):
    parts = parts_of(filled(sent, "民政課", tmp_path / "src.docx", proposal="丙"))
    record = identity_record(parts)
    del record["seal"]
    set_record(parts, record)
    root = etree.fromstring(parts["docProps/custom.xml"])
    for item in list(root):
        if item.get("name") == "docgen.seal":
            root.remove(item)
    parts["docProps/custom.xml"] = etree.tostring(root)
    form = save_parts(parts, tmp_path / "舊版.docx")
    workbook = example_copy(tmp_path / "book")
    report = collect_forms(workbook, [form])
    assert any("沒有識別簽章" in p.message and p.where == str(form) for p in report.problems)
    assert opinions_by_unit(workbook) == {"民政": ["丙"]}


def test_a_seal_made_with_another_key_is_read_with_a_warning(sent, tmp_path):
    parts = parts_of(filled(sent, "民政課", tmp_path / "src.docx", proposal="丁"))
    record = identity_record(parts)
    identity = FormIdentity(
        record["unit"],
        record["agency"],
        record["project"],
        record["draft"],
        tuple(record["cases"]),
    )
    other = sealed(identity, form_key("stored:someone else's workbook"))
    set_identity(parts, other)
    form = save_parts(parts, tmp_path / "他鑰.docx")
    workbook = example_copy(tmp_path / "book")
    report = collect_forms(workbook, [form])
    assert any("不是以本工作簿的金鑰產生" in p.message for p in report.problems)
    assert opinions_by_unit(workbook) == {"民政": ["丁"]}


def test_a_garbled_seal_is_rejected(sent, tmp_path):
    parts = parts_of(filled(sent, "民政課", tmp_path / "src.docx"))
    record = identity_record(parts)
    record["seal"] = "not a seal"
    set_record(parts, record)
    set_property(parts, "docgen.seal", "not a seal")
    bad = save_parts(parts, tmp_path / "亂簽.docx")
    _, message, _ = collect_with_good(sent, tmp_path, bad)
    assert "簽章不符" in message


def test_forms_are_sealed_with_the_workbooks_own_key(tmp_path):
    from docgen.workbook.example import starter_examples
    from docgen.workbook.writer import NO_CONTENT, write_workbook

    first = write_workbook(tmp_path / "a.xlsx", NO_CONTENT, starter_examples())
    second = write_workbook(tmp_path / "b.xlsx", NO_CONTENT, starter_examples())
    assert form_key_material(first).startswith("stored:")
    assert form_key_material(first) != form_key_material(second)
    assert form_key_material(example_workbook()).startswith("created:")


# --- text as typed --------------------------------------------------------------------------------


def test_text_that_looks_like_an_excel_escape_arrives_as_typed(sent, tmp_path):
    typed = "附件 report_x0041_v2.pdf 與 _x005F_ 及 _x000D_ 照打"
    form = filled(sent, "民政課", tmp_path / "returned" / "修正意見表_民政課.docx", typed)
    workbook = example_copy(tmp_path / "book")
    report = collect_forms(workbook, [form])
    assert report.added == ["OP07"]
    assert opinions_by_unit(workbook) == {"民政": [typed]}
    again = collect_forms(workbook, [form])
    assert again.added == [] and again.duplicates == 1  # the same text, recognised


def test_a_damaged_member_message_names_the_part(sent, tmp_path):
    bad = damaged_member(sent / "修正意見表_民政課.docx", tmp_path / "損壞成員.docx")
    with pytest.raises(Exception) as caught:
        form_reader.read_form(bad)
    assert type(caught.value).__name__ == "RejectedFile"
    assert zlib.crc32(b"") == 0
