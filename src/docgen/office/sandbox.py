"""Run LibreOffice confined: every run docgen makes, whether the file is its own or a stranger's.

A returned form is untrusted: opening it must fetch nothing (a linked image, a style sheet, an
OLE link would tell the sender when and where it was opened), run no macro, and not exhaust the
machine. Each LibreOffice run therefore gets:

- a throwaway profile whose ``registrymodifications.xcu`` forbids macros (highest security
  level, execution disabled), never updates links, blocks linked images, and removes the
  content providers LibreOffice would fetch remote URLs through (http, https, WebDAV, FTP,
  CMIS), so a remote URL cannot even be resolved;
- no network at all where the system allows it: a new, empty network namespace
  (``unshare --net``; as a normal user inside a user namespace), else the settings alone;
- a cap on the size of what it is given, a memory limit (address space, ``RLIMIT_AS``) and a
  time limit, after which the whole process group is killed.
"""

from __future__ import annotations

import contextlib
import functools
import os
import resource
import shutil
import signal
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from docgen.office.errors import LimitExceeded, SourceTooLarge

MAX_SOURCE_BYTES = 32 * 1024 * 1024
MEMORY_ENV = "DOCGEN_OFFICE_MEMORY_MB"
DEFAULT_MEMORY_MB = 4096
MB = 1024 * 1024

SCRIPTING = "/org.openoffice.Office.Common/Security/Scripting"
# (configuration path, property, XML schema type, value)
SETTINGS: tuple[tuple[str, str, str, str], ...] = (
    (SCRIPTING, "MacroSecurityLevel", "int", "3"),  # very high: only trusted locations (none)
    (SCRIPTING, "DisableMacrosExecution", "boolean", "true"),
    (SCRIPTING, "BlockUntrustedRefererLinks", "boolean", "true"),  # linked images
    (SCRIPTING, "ExecutePlugins", "boolean", "false"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "int", "2"),  # 2 = never
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "int", "1"),  # 1 = never (Calc)
    ("/org.openoffice.Office.Common/Misc", "UseLocking", "boolean", "false"),  # no .~lock files
    ("/org.openoffice.Office.Common/Save/Document", "LoadPrinter", "boolean", "false"),
    ("/org.openoffice.Office.Update/Update", "Enabled", "boolean", "false"),
)
PROVIDERS = (
    "/org.openoffice.ucb.Configuration/ContentProviders/Local/SecondaryKeys/Office/ProviderData"
)
# The content providers for remote URLs (main.xcd): http, vnd.sun.star.webdav, webdav, https,
# vnd.sun.star.webdavs, webdavs, ftp, vnd.libreoffice.cmis.
REMOTE_PROVIDERS = (
    "Provider3",
    "Provider4",
    "Provider4a",
    "Provider12",
    "Provider12a",
    "Provider12b",
    "Provider6",
    "Provider43",
)


@dataclass(frozen=True)
class Finished:
    """How a confined run ended."""

    returncode: int
    stdout: str
    stderr: str


def registry_xml() -> str:
    """Return the ``registrymodifications.xcu`` every throwaway profile starts with."""
    items = [
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>"
        for path, name, _, value in SETTINGS
    ]
    items += [
        f'<item oor:path="{PROVIDERS}"><node oor:name={quoteattr(node)} oor:op="remove"/></item>'
        for node in REMOTE_PROVIDERS
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(items)
        + "\n</oor:items>\n"
    )


def prepare_profile(folder: Path) -> str:
    """Write the confined settings into a new profile in ``folder``; Return its URL.

    The URL is what ``-env:UserInstallation=`` takes.
    """
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(registry_xml(), encoding="utf-8")
    return folder.resolve().as_uri()


def check_size(source: Path, limit: int = MAX_SOURCE_BYTES) -> None:
    """Raise SourceTooLarge when ``source`` is larger than LibreOffice is ever given."""
    size = source.stat().st_size
    if size > limit:
        raise SourceTooLarge(
            f"{source.name} 有 {size / MB:.1f} MB，超過可交給 LibreOffice 轉換的上限"
            f" {limit / MB:.0f} MB，未開啟此檔案"
        )


def memory_limit() -> int:
    """Return LibreOffice's address-space limit in bytes ($DOCGEN_OFFICE_MEMORY_MB, else 4 GiB)."""
    configured = os.environ.get(MEMORY_ENV, "").strip()
    megabytes = int(configured) if configured.isdigit() and int(configured) > 0 else 0
    return (megabytes or DEFAULT_MEMORY_MB) * MB


@functools.cache
def isolation_prefix() -> tuple[str, ...]:
    """Return the command prefix that runs a program without network, or () where none works.

    ``unshare --net`` needs root; a normal user gets a user namespace too (``--map-root-user``).
    Each is tried once with ``true``; containers that forbid namespaces fall back to ().
    """
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    candidates = [(unshare, "--net"), (unshare, "--map-root-user", "--net")]
    for prefix in candidates if os.geteuid() == 0 else candidates[1:]:
        try:
            done = subprocess.run(
                [*prefix, "true"], capture_output=True, timeout=10, stdin=subprocess.DEVNULL
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return prefix
    return ()


def run_confined(
    command: Sequence[str],
    *,
    name: str,
    env: dict[str, str],
    timeout: float,
    memory: int | None = None,
) -> Finished:
    """Run ``command`` without network, under the memory and time limits; Return how it ended.

    ``name`` (the file, or 「3 個檔案」) goes into the messages. On timeout the whole process
    group is killed, soffice.bin included, and LimitExceeded is raised; a run killed by a
    signal (as LibreOffice is when it cannot get memory) raises LimitExceeded naming the limit.
    """
    limit = memory_limit() if memory is None else memory
    with subprocess.Popen(
        [*isolation_prefix(), *command],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
        preexec_fn=_limit_memory(limit),
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            stderr = _kill_group(process)
            message = f"LibreOffice 轉換 {name} 超過 {timeout:g} 秒仍未完成，已中止"
            if crashed(stderr):
                message += f"（其間曾異常中止，{memory_hint(limit)}）"
            raise LimitExceeded(message) from None
    if _killed(process.returncode, stderr):
        raise LimitExceeded(
            f"LibreOffice 轉換 {name} 時異常中止，{memory_hint(limit)}；檔案可能過大或已損毀"
        )
    return Finished(process.returncode, stdout, stderr)


def memory_hint(limit: int) -> str:
    """Return the words that name the memory limit and how to change it."""
    return f"可能超過記憶體上限 {limit / MB:.0f} MB（可設定 {MEMORY_ENV} 調整）"


def _limit_memory(limit: int) -> Callable[[], None]:
    """Return the function the child runs before exec: cap its address space at ``limit``."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _kill_group(process: subprocess.Popen[str]) -> str:
    """Kill ``process`` (still running, so its group is still its own) and its whole group.

    Return what it had written to standard error.
    """
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    return process.communicate()[1] or ""


def _killed(returncode: int, stderr: str) -> bool:
    """Return True when LibreOffice died of a signal (directly, or through its shell launcher)."""
    by_signal = returncode < 0 or returncode in (128 + signal.SIGABRT, 128 + signal.SIGSEGV)
    return by_signal or (returncode != 0 and crashed(stderr))


CRASH_MARKERS = (
    "std::bad_alloc",
    "fatal exception: signal",
    "memoryerror",
    "cannot allocate memory",
    "failed to map segment",
)


def crashed(stderr: str) -> bool:
    """Return True when the error output of a run tells of a crash (e.g. out of memory)."""
    lowered = stderr.lower()
    return any(marker in lowered for marker in CRASH_MARKERS)
