"""Untrusted files through LibreOffice: nothing fetched, nothing too large, time and memory capped.

A returned form with a linked image (.odt) or an HTML page renamed .doc made LibreOffice contact
the sender's web server. The files here link to a listener on loopback; converting them through
docgen must not reach it, with docgen's settings alone (no network namespace) and with the
network namespace too. A control run with a plain LibreOffice profile shows the files do fetch,
so a silent listener means something.
"""

import http.server
import os
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from docgen.collect.convert import to_docx
from docgen.office import batch, sandbox
from docgen.office import soffice as office
from docgen.office.errors import LimitExceeded, SourceTooLarge
from docgen.problems import RejectedFile

pytestmark = pytest.mark.soffice

SMALL_MEMORY = 300 * sandbox.MB  # LibreOffice cannot start within this


class Listener:
    """An HTTP server on 127.0.0.1 that records every request and answers 404."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def answer(self) -> None:
                listener.requests.append(f"{self.command} {self.path}")
                self.send_response(404)
                self.end_headers()

            do_GET = do_HEAD = do_OPTIONS = do_PROPFIND = do_POST = answer

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Listener":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    with Listener() as running:
        yield running


def linked_odt(path: Path, url: str) -> Path:
    """Write an .odt whose only image is linked from ``url``, not embedded."""
    content = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2">
<office:body><office:text><text:p>修正意見表<draw:frame draw:name="logo" text:anchor-type="as-char"
 svg:width="2cm" svg:height="2cm"><draw:image xlink:href="{url}/x.png" xlink:type="simple"
 xlink:show="embed" xlink:actuate="onLoad"/></draw:frame></text:p></office:text></office:body>
</office:document-content>"""
    manifest = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.2">
<manifest:file-entry manifest:full-path="/"
 manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def html_doc(path: Path, url: str) -> Path:
    """Write an HTML page renamed .doc that pulls a style sheet and an image from ``url``."""
    path.write_text(
        f'<html><head><link rel="stylesheet" href="{url}/s.css"></head>'
        f'<body><p>修正意見表</p><img src="{url}/x.png"></body></html>',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def hostile(tmp_path, listener) -> list[Path]:
    folder = tmp_path / "returned"
    folder.mkdir()
    return [
        linked_odt(folder / "linked.odt", listener.url),
        html_doc(folder / "page.doc", listener.url),
    ]


@pytest.fixture
def settings_only(monkeypatch):
    """Run LibreOffice with docgen's settings but on the machine's network."""
    monkeypatch.setattr(sandbox, "isolation_prefix", lambda: ())


def test_control_plain_libreoffice_fetches_what_these_files_link(hostile, listener, soffice):
    for path in hostile:
        command = [
            str(soffice),
            f"-env:UserInstallation={(path.parent / 'plain-profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "odt",
            "--outdir",
            str(path.parent / "plain"),
            str(path),
        ]
        subprocess.run(command, capture_output=True, timeout=180, check=False)
    assert any("/x.png" in request for request in listener.requests), listener.requests
    assert any("/s.css" in request for request in listener.requests), listener.requests


@pytest.mark.usefixtures("settings_only")
def test_docgens_settings_alone_fetch_nothing(hostile, listener, tmp_path):
    for path in hostile:
        office.convert(path, "odt", tmp_path / "out")
    assert listener.requests == []


@pytest.mark.usefixtures("settings_only")
def test_collect_conversion_fetches_nothing(hostile, listener, tmp_path):
    odt, doc = hostile
    work = tmp_path / "work"
    work.mkdir()
    assert to_docx(odt, work).suffix == ".docx"
    with pytest.raises(RejectedFile):  # an HTML page is no Word document: refused, unfetched
        to_docx(doc, work)
    assert listener.requests == []


@pytest.mark.usefixtures("settings_only")
def test_the_batch_fetches_nothing(hostile, listener):
    made = batch.convert_all([hostile[0]], ["pdf"])
    assert made[0].is_file()
    assert listener.requests == []


def test_with_the_network_namespace_too_nothing_is_fetched(hostile, listener, tmp_path):
    for path in hostile:
        office.convert(path, "odt", tmp_path / "out")
    assert listener.requests == []


def test_libreoffice_runs_without_network_where_the_system_allows():
    if os.geteuid() != 0 and sandbox.isolation_prefix() == ():
        pytest.skip("this system allows no network namespace for a normal user")
    assert sandbox.isolation_prefix()[-1] == "--net"
    done = subprocess.run(
        [*sandbox.isolation_prefix(), "cat", "/proc/net/dev"], capture_output=True, text=True
    )
    interfaces = [line.split(":")[0].strip() for line in done.stdout.splitlines()[2:]]
    assert interfaces == ["lo"]


def test_profile_forbids_macros_links_and_remote_providers(tmp_path):
    url = sandbox.prepare_profile(tmp_path / "profile")
    assert url.startswith("file://")
    xcu = (tmp_path / "profile" / "user" / "registrymodifications.xcu").read_text()
    for name, value in [
        ("MacroSecurityLevel", "3"),
        ("DisableMacrosExecution", "true"),
        ("BlockUntrustedRefererLinks", "true"),
    ]:
        assert f'<prop oor:name="{name}" oor:op="fuse"><value>{value}</value>' in xcu
    for node in ("Provider3", "Provider12", "Provider6"):  # http, https, ftp
        assert f'<node oor:name="{node}" oor:op="remove"/>' in xcu


def test_a_doc_over_the_size_cap_is_refused_unopened(tmp_path, monkeypatch):
    big = tmp_path / "大檔.doc"
    with big.open("wb") as stream:
        stream.truncate(sandbox.MAX_SOURCE_BYTES + 1)
    monkeypatch.setattr(sandbox, "run_confined", pytest.fail)  # LibreOffice must not start
    with pytest.raises(SourceTooLarge, match=r"大檔\.doc 有 32\.0 MB，超過"):
        office.convert(big, "docx", tmp_path / "out")
    with pytest.raises(RejectedFile, match=r"大檔\.doc"):
        work = tmp_path / "work"
        work.mkdir()
        to_docx(big, work)
    with pytest.raises(SourceTooLarge, match=r"大檔\.doc"):
        batch.convert_all([big], ["pdf"])


def test_the_memory_limit_stops_libreoffice_naming_the_file(hostile, tmp_path):
    odt = hostile[0]
    with pytest.raises(LimitExceeded, match=r"linked\.odt.*記憶體上限 300 MB"):
        office.convert(odt, "pdf", tmp_path / "out", memory=SMALL_MEMORY)
    with pytest.raises(LimitExceeded, match="記憶體上限 300 MB"):
        batch.convert_all([odt], ["pdf"], memory=SMALL_MEMORY)
    assert not (tmp_path / "out" / "linked.pdf").exists()
    assert sorted(p.name for p in odt.parent.iterdir()) == ["linked.odt", "page.doc"]


def test_the_memory_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(sandbox.MEMORY_ENV, "1500")
    assert sandbox.memory_limit() == 1500 * sandbox.MB
    monkeypatch.setenv(sandbox.MEMORY_ENV, "many")
    assert sandbox.memory_limit() == sandbox.DEFAULT_MEMORY_MB * sandbox.MB


def test_the_batch_time_limit_kills_libreoffice_and_leaves_nothing(hostile):
    odt = hostile[0]
    with pytest.raises(LimitExceeded, match=r"linked\.odt 超過 0\.5 秒"):
        batch.convert_all([odt], ["pdf", "docx"], timeout=0.5)
    assert sorted(p.name for p in odt.parent.iterdir()) == ["linked.odt", "page.doc"]
