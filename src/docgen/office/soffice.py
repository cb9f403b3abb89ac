"""Convert documents with headless LibreOffice (docx → pdf, odt, …).

Each conversion runs with a throwaway LibreOffice profile, so parallel runs never
collide, and with docgen's own fontconfig file (``fonts/fonts.conf``), which maps
標楷體 to the Taiwanese Kai face and Times New Roman to Liberation Serif.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from docgen.problems import ToolError

ENV_VAR = "DOCGEN_SOFFICE"
PROGRAM_NAMES = ("soffice", "libreoffice")
FONTS_CONF = Path(__file__).with_name("fonts") / "fonts.conf"
INSTALL_HINT = f"請安裝 LibreOffice 或設定 {ENV_VAR}"


class OfficeError(ToolError):
    """A problem running LibreOffice."""


class OfficeNotFound(OfficeError):
    """LibreOffice is not installed, or DOCGEN_SOFFICE does not name it."""


class ConversionFailed(OfficeError):
    """LibreOffice ran but did not produce the converted file."""


def find_soffice(purpose: str = "") -> Path:
    """Return the LibreOffice program: $DOCGEN_SOFFICE, else soffice or libreoffice on PATH.

    `purpose` (e.g. 「，無法轉換 a.docx」) is put into the message when it is missing.
    """
    configured = os.environ.get(ENV_VAR)
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise OfficeNotFound(
                f"{ENV_VAR}={configured} 不是可執行的 LibreOffice{purpose}；{INSTALL_HINT}"
            )
        return Path(found)
    for name in PROGRAM_NAMES:
        found = shutil.which(name)
        if found is not None:
            return Path(found)
    raise OfficeNotFound(f"找不到 LibreOffice（soffice）{purpose}；{INSTALL_HINT}")


def convert(source: Path, target_format: str, out_dir: Path, timeout: float = 120) -> Path:
    """Convert `source` to `target_format`; Return the new file, ``out_dir/<stem>.<ext>``.

    `target_format` is what ``soffice --convert-to`` takes: an extension, optionally
    with a filter (``pdf``, ``odt``, ``pdf:writer_pdf_Export``). The file is written
    beside its target first and renamed into place, so a failed run leaves no
    partial output and never passes off an older file as new.
    """
    soffice = find_soffice(f"，無法轉換 {source.name}")
    if not source.is_file():
        raise ConversionFailed(f"找不到要轉換的檔案 {source}")
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{source.stem}.{target_format.split(':', 1)[0]}"
    with (
        tempfile.TemporaryDirectory(prefix="docgen-office-profile-") as profile,
        tempfile.TemporaryDirectory(prefix=".docgen-office-", dir=out_dir) as scratch,
    ):
        command = [
            str(soffice),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            scratch,
            str(source.resolve()),
        ]
        stderr = _run(command, source, timeout)
        produced = Path(scratch) / target.name
        if not produced.is_file():
            detail = stderr.strip().splitlines()[-1:] or ["沒有輸出檔"]
            raise ConversionFailed(
                f"LibreOffice 無法將 {source.name} 轉成 {target_format}：{detail[0]}"
            )
        produced.replace(target)
    return target


def _run(command: list[str], source: Path, timeout: float) -> str:
    """Run LibreOffice in its own process group; Return its stderr.

    On timeout the whole group is killed, soffice.bin included, not just the
    launcher.
    """
    with subprocess.Popen(
        command,
        env=_environment(),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionFailed(
                f"LibreOffice 轉換 {source.name} 超過 {timeout:g} 秒仍未完成，已中止"
            ) from None
    return stderr


def _environment() -> dict[str, str]:
    """Return the environment for LibreOffice: ours, with docgen's fontconfig file."""
    env = dict(os.environ)
    if FONTS_CONF.is_file():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env
