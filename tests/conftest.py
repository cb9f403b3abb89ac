"""Shared fixtures."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import i18n as cli_i18n
from docgen.cli.main import cli
from docgen.office.soffice import OfficeNotFound, find_soffice
from support.pdfcheck import missing_tool


@pytest.fixture(scope="session", autouse=True)
def private_template_cache(tmp_path_factory) -> Iterator[Path]:
    """Keep the compiled templates of the test run in its own private cache folder."""
    folder = tmp_path_factory.mktemp("template-cache") / "templates"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DOCGEN_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="session")
def soffice() -> Path:
    """Return headless LibreOffice; skip the test without it, fail under CI=true."""
    try:
        return find_soffice()
    except OfficeNotFound as error:
        missing_tool(str(error))


@pytest.fixture
def run(monkeypatch, tmp_path) -> Callable[..., tuple[int, str, str]]:
    """Run docgen in-process from ``tmp_path``; return (exit code, stdout, stderr)."""
    cli_i18n.install()
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, list(args), prog_name="docgen")
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return invoke
