"""Convert many documents with ONE LibreOffice: print-ready PDF and ODF beside each .docx.

Starting LibreOffice costs more than converting one of docgen's documents, so a whole batch
goes through one LibreOffice process: :mod:`docgen.office.uno_worker`, run by LibreOffice's
own Python (the one with the ``uno`` module), opens each document, brings its table of
contents and its fields (第 X 頁，共 Y 頁) up to date, and stores every format asked for. The
run is confined like every LibreOffice run (:mod:`docgen.office.sandbox`) and uses docgen's
fonts (:func:`docgen.office.soffice.environment`).

The PDF has a text layer, embeds its fonts, is tagged, carries the document's title (its core
properties title, else the file name) and bookmarks its headings. Each output is written to a
temporary file beside its target and renamed into place once the batch has run, so a failed
document leaves its previous outputs as they were.
"""

from __future__ import annotations

import functools
import json
import os
import re
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen.files.atomic import os_reason
from docgen.office import sandbox
from docgen.office.errors import ConversionFailed, LimitExceeded, OfficeNotFound
from docgen.office.soffice import environment, find_soffice
from docgen.problems import OutputError, Problem, Severity

WORKER = Path(__file__).with_name("uno_worker.py")
PYTHON_ENV = "DOCGEN_OFFICE_PYTHON"
UNO_PACKAGE = "python3-uno"
START_SECONDS = 60.0
SECONDS_PER_DOCUMENT = 60.0
# The worker's word for a soffice killed by a signal before it answered (abort, segfault).
KILLED_AT_START = re.compile(r'"fatal": "soffice exited with (-\d+|134|139)"')
PDF_OPTIONS = {
    "UseTaggedPDF": True,  # structure for screen readers and reflow
    "ExportBookmarks": True,  # headings as the PDF outline
    "EmbedStandardFonts": True,  # every font embedded, even the PDF base 14
    "ExportNotes": False,
}


@dataclass(frozen=True)
class Format:
    """One output format: LibreOffice's filter, its options, and its name for messages."""

    filter: str
    label: str
    filter_data: dict[str, object] = field(default_factory=dict)
    filter_options: str = ""


FORMATS = {
    "pdf": Format("writer_pdf_Export", "PDF", PDF_OPTIONS),
    "odt": Format("writer8", "ODT（ODF 文字文件）"),
    "docx": Format("MS Word 2007 XML", "Word（.docx）"),
    "txt": Format("Text (encoded)", "純文字", filter_options="UTF8"),
}


@dataclass(frozen=True)
class _Planned:
    """One output to make: its format, its final path, and the temporary file LibreOffice fills."""

    source: Path
    target: Path
    temporary: Path


def convert_all(
    paths: Sequence[Path],
    formats: Sequence[str],
    timeout: float | None = None,
    memory: int | None = None,
) -> list[Path]:
    """Convert every file in ``paths`` to every format in ``formats`` in one LibreOffice.

    Return the new files, source by source in the order of ``formats``; each lies beside its
    source with the same stem (``會議資料.docx`` → ``會議資料.pdf``). Formats are keys of
    :data:`FORMATS`. Raise OfficeNotFound without LibreOffice or its Python, SourceTooLarge for
    a file over the size cap, LimitExceeded when the batch runs out of time (by default 60 s
    plus 60 s a document) or memory, and ConversionFailed naming every file that failed (its
    ``written`` lists the outputs that were made all the same).
    """
    if not paths:
        return []
    unknown = [name for name in formats if name not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown formats {unknown} (known: {sorted(FORMATS)})")
    label = paths[0].name if len(paths) == 1 else f"{paths[0].name} 等 {len(paths)} 個檔案"
    soffice = find_soffice(f"，無法轉換 {label}")
    python = find_uno_python(soffice, label)
    for path in paths:
        if not path.is_file():
            raise ConversionFailed(f"找不到要轉換的檔案 {path}")
        sandbox.check_size(path)
    planned = [[_plan(path, name) for name in formats] for path in paths]
    limit = sandbox.memory_limit() if memory is None else memory
    try:
        with tempfile.TemporaryDirectory(prefix="docgen-office-batch-") as work:
            job = _write_job(Path(work), soffice, paths, formats, planned)
            budget = timeout or START_SECONDS + SECONDS_PER_DOCUMENT * len(paths)
            finished = sandbox.run_confined(
                [python, str(WORKER), str(job)],
                name=label,
                env=_worker_environment(),
                timeout=budget,
                memory=limit,
            )
        killed = sandbox.crashed(finished.stderr) or KILLED_AT_START.search(finished.stdout)
        crash = limit if killed else None
        errors = _errors(finished, len(paths), label, crash)
        return _finish(paths, formats, planned, errors, crash)
    finally:
        for outputs in planned:
            for output in outputs:
                output.temporary.unlink(missing_ok=True)


def convert_documents(
    documents: Sequence[tuple[str, bytes]], formats: Sequence[str]
) -> dict[tuple[str, str], bytes]:
    """Convert in-memory documents (name, bytes) in one LibreOffice; Return their outputs.

    The result maps (document name, format) to the converted bytes. The documents are written
    into a private temporary folder for LibreOffice and nothing is left behind. Raise as
    :func:`convert_all` does.
    """
    with tempfile.TemporaryDirectory(prefix="docgen-office-memory-") as work:
        paths = []
        for name, data in documents:
            path = Path(work) / Path(name).name
            path.write_bytes(data)
            paths.append(path)
        made = convert_all(paths, formats)
        by_path = {path.resolve(): path.read_bytes() for path in made}
        return {
            (name, fmt): by_path[path.with_suffix(f".{fmt}").resolve()]
            for (name, _), path in zip(documents, paths, strict=True)
            for fmt in formats
        }


def find_uno_python(soffice: Path, label: str = "") -> str:
    """Return a Python that can ``import uno`` for ``soffice``.

    Tried in turn: $DOCGEN_OFFICE_PYTHON, the one LibreOffice ships (``program/python``), the
    system's python3 (Debian: python3-uno). Raise OfficeNotFound naming the package without.
    """
    found = _uno_python(str(soffice.resolve()), os.environ.get(PYTHON_ENV, ""))
    if found is None:
        purpose = f"，無法轉換 {label}" if label else ""
        raise OfficeNotFound(
            f"找不到 LibreOffice 的 Python（uno 模組）{purpose}；請安裝 {UNO_PACKAGE}"
            f"（Debian／Ubuntu：sudo apt-get install {UNO_PACKAGE}）或以 {PYTHON_ENV} 指定"
        )
    return found


@functools.cache
def _uno_python(soffice: str, configured: str) -> str | None:
    """Return the first candidate Python that imports uno, or None (cached per process)."""
    program = Path(soffice).parent
    candidates = [configured] if configured else []
    candidates += [str(program / "python"), str(program / "python.exe")]
    candidates += [name for name in (shutil.which("python3"), "/usr/bin/python3") if name]
    for candidate in dict.fromkeys(candidates):
        if Path(candidate).is_file() and _imports_uno(candidate):
            return candidate
    return None


def _imports_uno(python: str) -> bool:
    """Return True when ``python`` can import LibreOffice's uno module."""
    try:
        done = subprocess.run(
            [python, "-c", "import uno"],
            env=_worker_environment(),
            capture_output=True,
            timeout=30,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _worker_environment() -> dict[str, str]:
    """Return LibreOffice's environment without this process's Python settings."""
    env = environment()
    for name in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV"):
        env.pop(name, None)
    return env


def _plan(source: Path, name: str) -> _Planned:
    """Return where the ``name`` output of ``source`` goes, and its temporary name beside it."""
    target = source.with_suffix(f".{name}")
    if target.resolve() == source.resolve():
        raise ValueError(f"{source.name} is already {name}")
    token = secrets.token_hex(4)
    return _Planned(source, target, target.with_name(f".{source.stem}.{token}.{name}.tmp"))


def _write_job(
    work: Path,
    soffice: Path,
    paths: Sequence[Path],
    formats: Sequence[str],
    planned: list[list[_Planned]],
) -> Path:
    """Write the worker's job file into ``work``; Return its path."""
    documents = []
    for path, outputs in zip(paths, planned, strict=True):
        documents.append(
            {
                "source": str(path.resolve()),
                "title": path.stem,
                "outputs": [
                    {
                        "filter": FORMATS[name].filter,
                        "filter_data": FORMATS[name].filter_data,
                        "filter_options": FORMATS[name].filter_options,
                        "target": str(output.temporary.resolve()),
                    }
                    for name, output in zip(formats, outputs, strict=True)
                ],
            }
        )
    job = {
        "soffice": str(soffice),
        "profile": sandbox.prepare_profile(work / "profile"),
        "pipe": f"docgen-{os.getpid()}-{secrets.token_hex(6)}",
        "documents": documents,
    }
    path = work / "job.json"
    path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    return path


def _errors(
    finished: sandbox.Finished, count: int, label: str, crash_limit: int | None
) -> list[str | None]:
    """Return the worker's error (or None) for each document; raise if it never started.

    ``label`` names the files in the message; ``crash_limit`` is the memory limit when
    LibreOffice crashed, else None.
    """
    errors: list[str | None] = ["LibreOffice 中途結束，未處理此檔案"] * count
    for line in finished.stdout.splitlines():
        try:
            result = json.loads(line)
        except ValueError:
            continue
        if not isinstance(result, dict):
            continue
        if "fatal" in result:
            if crash_limit is not None:
                raise LimitExceeded(
                    f"LibreOffice 轉換 {label} 時無法啟動，{sandbox.memory_hint(crash_limit)}"
                )
            detail = finished.stderr.strip().splitlines()[-1:] or [str(result["fatal"])]
            raise ConversionFailed(f"LibreOffice 轉換 {label} 時無法啟動：{detail[0]}")
        index = result.get("index")
        if isinstance(index, int) and 0 <= index < count:
            errors[index] = result.get("error")
    return errors


def _finish(
    paths: Sequence[Path],
    formats: Sequence[str],
    planned: list[list[_Planned]],
    errors: list[str | None],
    crash_limit: int | None,
) -> list[Path]:
    """Rename the outputs of every document that converted; Return them, or raise naming the rest.

    ``crash_limit`` is the memory limit when LibreOffice crashed during the batch, else None.
    """
    written: list[Path] = []
    problems: list[Problem] = []
    for path, outputs, error in zip(paths, planned, errors, strict=True):
        missing = [
            o for o in outputs if not o.temporary.is_file() or not o.temporary.stat().st_size
        ]
        if error is None and not missing:
            written.extend(_rename(outputs, written))
            continue
        labels = "、".join(FORMATS[name].label for name in formats)
        reason = error or "沒有輸出檔"
        problems.append(
            Problem(
                Severity.ERROR, str(path), f"LibreOffice 無法將 {path.name} 轉成 {labels}：{reason}"
            )
        )
    if problems:
        if crash_limit is None:
            raise ConversionFailed(problems, written=written)
        note = f"LibreOffice 曾異常中止，{sandbox.memory_hint(crash_limit)}"
        raise LimitExceeded([*problems, Problem(Severity.ERROR, "", note)], written=written)
    return written


def _rename(outputs: Sequence[_Planned], written: list[Path]) -> list[Path]:
    """Move each temporary output onto its target; Return the targets."""
    done = []
    for output in outputs:
        try:
            with output.temporary.open("rb") as stream:
                os.fsync(stream.fileno())
            os.replace(output.temporary, output.target)
        except OSError as error:
            raise OutputError(
                f"無法寫入「{output.target}」：{os_reason(error, output.target)}",
                written=[*written, *done],
            ) from None
        done.append(output.target)
    return done
