"""Shared fixtures."""

from pathlib import Path

import pytest

from docgen.office import OfficeNotFound, find_soffice
from pdfcheck import missing_tool


@pytest.fixture(scope="session")
def soffice() -> Path:
    """Return headless LibreOffice; skip the test without it, fail under CI=true."""
    try:
        return find_soffice()
    except OfficeNotFound as error:
        missing_tool(str(error))
