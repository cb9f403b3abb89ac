"""Convert one document with headless LibreOffice (docx → pdf, odt, …; odt or doc → docx).

Each conversion runs confined (:mod:`docgen.office.sandbox`: a throwaway profile that forbids
macros and remote content, no network, size, memory and time limits), so parallel runs never
collide and an untrusted file fetches nothing, and with docgen's own fontconfig file
(``fonts/fonts.conf``), which maps 標楷體 to the Taiwanese Kai face (全字庫正楷體) and Times New
Roman to Liberation Serif. Many documents at once: :mod:`docgen.office.batch`.
"""

import os
import shutil
import tempfile
from pathlib import Path

from docgen.office import sandbox
from docgen.office.errors import ConversionFailed, OfficeError, OfficeNotFound

__all__ = ["ConversionFailed", "OfficeError", "OfficeNotFound", "convert", "find_soffice"]

ENV_VAR = "DOCGEN_SOFFICE"
PROGRAM_NAMES = ("soffice", "libreoffice")
FONTS_CONF = Path(__file__).with_name("fonts") / "fonts.conf"
DEBIAN_PACKAGE = "libreoffice-writer-nogui"
INSTALL_HINT = (
    f"請安裝 LibreOffice 或設定 {ENV_VAR}（Debian／Ubuntu：sudo apt-get install {DEBIAN_PACKAGE}）"
)


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


def convert(
    source: Path,
    target_format: str,
    out_dir: Path,
    timeout: float = 120,
    memory: int | None = None,
) -> Path:
    """Convert `source` to `target_format`; Return the new file, ``out_dir/<stem>.<ext>``.

    `target_format` is what ``soffice --convert-to`` takes: an extension, optionally
    with a filter (``pdf``, ``odt``, ``pdf:writer_pdf_Export``). The file is written
    beside its target first and renamed into place, so a failed run leaves no
    partial output and never passes off an older file as new. A source over
    :data:`sandbox.MAX_SOURCE_BYTES` is refused unopened; ``memory`` (bytes) overrides the
    memory limit.
    """
    soffice = find_soffice(f"，無法轉換 {source.name}")
    if not source.is_file():
        raise ConversionFailed(f"找不到要轉換的檔案 {source}")
    sandbox.check_size(source)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{source.stem}.{target_format.split(':', 1)[0]}"
    with (
        tempfile.TemporaryDirectory(prefix="docgen-office-profile-") as profile,
        tempfile.TemporaryDirectory(prefix=".docgen-office-", dir=out_dir) as scratch,
    ):
        command = [
            str(soffice),
            f"-env:UserInstallation={sandbox.prepare_profile(Path(profile))}",
            "--headless",
            "--norestore",
            "--convert-to",
            target_format,
            "--outdir",
            scratch,
            str(source.resolve()),
        ]
        finished = sandbox.run_confined(
            command, name=source.name, env=environment(), timeout=timeout, memory=memory
        )
        produced = Path(scratch) / target.name
        if not produced.is_file():
            detail = finished.stderr.strip().splitlines()[-1:] or ["沒有輸出檔"]
            raise ConversionFailed(
                f"LibreOffice 無法將 {source.name} 轉成 {target_format}：{detail[0]}"
            )
        produced.replace(target)
    return target


def environment() -> dict[str, str]:
    """Return the environment for LibreOffice: ours, with docgen's fontconfig file."""
    env = dict(os.environ)
    if FONTS_CONF.is_file():
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env
