"""The private cache of compiled templates: used across runs, never someone else's code."""

import marshal
import os
import stat

import pytest

from docgen.render import compiled
from docgen.render.sandbox import CompilingOnceEnvironment, environment

SOURCE = "{{ name }}，您好"


def fresh_environment() -> CompilingOnceEnvironment:
    """Return a persistent environment like the shared one, with nothing compiled yet."""
    shared = environment()
    return CompilingOnceEnvironment(
        persistent=True,
        autoescape=True,
        undefined=shared.undefined,
        finalize=shared.finalize,
        keep_trailing_newline=True,
    )


def key_of(env: CompilingOnceEnvironment, source: str = SOURCE) -> str:
    return compiled.entry_key(source, env.code_options())


def planted_code(marker) -> bytes:
    """Return a cache entry's code that, if ever run, writes ``marker``."""
    code = compile(f"open({str(marker)!r}, 'w').write('ran')", "<planted>", "exec")
    return marshal.dumps(code)


def plant(folder, key: str, marker, mode: int = 0o600) -> None:
    path = folder / key
    path.write_bytes(key.encode() + b"\n" + planted_code(marker))
    path.chmod(mode)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(compiled.CACHE_VARIABLE, str(folder))
    return folder


def test_a_template_compiled_once_is_loaded_by_the_next_run(cache, monkeypatch):
    env = fresh_environment()
    assert env.from_string(SOURCE).render(name="王") == "王，您好"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    (entry,) = cache.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    later = fresh_environment()
    monkeypatch.setattr(later, "compile", pytest.fail)  # a second compile would fail the test
    assert later.from_string(SOURCE).render(name="李") == "李，您好"


def test_the_same_template_is_compiled_once_a_process(cache, monkeypatch):
    env = fresh_environment()
    first = env.from_string(SOURCE)
    monkeypatch.setattr(env, "compile", pytest.fail)
    assert env.from_string(SOURCE) is first


@pytest.mark.skipif(os.geteuid() != 0, reason="planting another user's file needs root")
def test_a_file_planted_by_someone_else_is_never_run(cache, tmp_path):
    env = fresh_environment()
    cache.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    plant(cache, key_of(env), marker)
    os.chown(cache / key_of(env), 65534, 65534)  # nobody's
    assert env.from_string(SOURCE).render(name="王") == "王，您好"
    assert not marker.exists()


@pytest.mark.parametrize("mode", [0o644, 0o620, 0o606])
def test_a_file_others_could_have_written_or_read_is_never_run(cache, tmp_path, mode):
    env = fresh_environment()
    cache.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    plant(cache, key_of(env), marker, mode)
    assert env.from_string(SOURCE).render(name="王") == "王，您好"
    assert not marker.exists()


def test_a_shared_folder_is_neither_read_nor_written(cache, tmp_path):
    env = fresh_environment()
    cache.mkdir()
    cache.chmod(0o777)  # a folder anyone can write to
    marker = tmp_path / "ran"
    plant(cache, key_of(env), marker)
    assert env.from_string(SOURCE).render(name="王") == "王，您好"
    assert not marker.exists()
    assert [p.name for p in cache.iterdir()] == [key_of(env)]  # nothing added


def test_a_linked_folder_is_not_used(tmp_path, monkeypatch):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv(compiled.CACHE_VARIABLE, str(link))
    env = fresh_environment()
    marker = tmp_path / "ran"
    plant(real, key_of(env), marker)
    assert env.from_string(SOURCE).render(name="王") == "王，您好"
    assert not marker.exists()


def test_a_file_under_the_wrong_name_is_not_run(cache, tmp_path):
    """An entry starts with its own key: one copied under another template's name is ignored."""
    env = fresh_environment()
    cache.mkdir(mode=0o700)
    marker = tmp_path / "ran"
    other = key_of(env, "{{ other }}")
    (cache / key_of(env)).write_bytes(other.encode() + b"\n" + planted_code(marker))
    (cache / key_of(env)).chmod(0o600)
    assert env.from_string(SOURCE).render(name="王") == "王，您好"
    assert not marker.exists()


def test_a_damaged_entry_is_compiled_again(cache):
    env = fresh_environment()
    cache.mkdir(mode=0o700)
    (cache / key_of(env)).write_bytes(key_of(env).encode() + b"\n\x00garbage")
    (cache / key_of(env)).chmod(0o600)
    assert env.from_string(SOURCE).render(name="王") == "王，您好"


def test_the_key_changes_with_the_source_and_the_options():
    env = fresh_environment()
    assert key_of(env) != key_of(env, SOURCE + " ")
    assert compiled.entry_key(SOURCE, "a") != compiled.entry_key(SOURCE, "b")
    assert fresh_environment().code_options() == env.code_options()  # the same in every run


def test_an_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv(compiled.CACHE_VARIABLE, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert fresh_environment().from_string(SOURCE).render(name="王") == "王，您好"
    assert list(tmp_path.iterdir()) == []


def body_xml(name: str = "notice.docx") -> str:
    """Return the body of a bundled Word template as docxtpl reads it (XML text)."""
    from lxml import etree

    from docgen.files.paths import templates_dir
    from docgen.render import engine

    package = engine.open_package(templates_dir() / name)
    document = etree.fromstring(package.entries[package.main], engine._PARSER)
    return engine._text(document.find(engine.w("body")))


def test_a_word_template_is_cleaned_up_once_and_then_read_from_the_cache(cache, monkeypatch):
    from docxtpl import DocxTemplate

    from docgen.render import docx

    xml = body_xml()
    expected = DocxTemplate.patch_xml(None, xml)
    docx._patched.cache_clear()
    assert docx.patch(xml) == expected
    (entry,) = cache.iterdir()
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    monkeypatch.setattr(DocxTemplate, "patch_xml", pytest.fail)  # a second clean-up fails
    docx._patched.cache_clear()  # a new run: only the private cache remembers
    assert docx.patch(xml) == expected


@pytest.mark.parametrize("mode", [0o644, 0o620])
def test_a_cleaned_up_template_others_could_have_written_is_not_used(cache, mode):
    from docxtpl import DocxTemplate

    from docgen.render import docx

    xml = body_xml()
    docx._patched.cache_clear()
    docx.patch(xml)
    (entry,) = cache.iterdir()
    key = entry.name
    entry.write_bytes(key.encode() + b"\n{{ planted }}")
    entry.chmod(mode)
    docx._patched.cache_clear()
    assert docx.patch(xml) == DocxTemplate.patch_xml(None, xml)
    assert b"planted" not in entry.read_bytes()  # replaced by the user's own entry
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_without_a_cache_a_word_template_is_cleaned_up_every_time(tmp_path, monkeypatch):
    from docxtpl import DocxTemplate

    monkeypatch.setenv(compiled.CACHE_VARIABLE, "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    calls = []
    original = DocxTemplate.patch_xml
    monkeypatch.setattr(
        DocxTemplate, "patch_xml", lambda self, xml: calls.append(1) or original(self, xml)
    )
    from docgen.render import docx

    xml = body_xml()
    docx._patched.cache_clear()
    first = docx.patch(xml)
    docx._patched.cache_clear()  # the next run
    assert docx.patch(xml) == first
    assert len(calls) == 2
    assert not list(tmp_path.iterdir())
