"""Write files so that a failure never leaves a half-written or corrupt output behind.

Every output is written to a temporary file beside its target and renamed into place only when
complete; the previous file stays intact until then.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from docgen.problems import OutputError


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success move it onto ``target``.

    On any exception the temporary file is removed and ``target`` is untouched.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"無法建立資料夾「{target.parent}」：{exc.strerror}") from None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise OutputError(_cannot_write(target, error)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _fsync(temporary)
        os.replace(temporary, target)
    except OSError as error:
        raise OutputError(_cannot_write(target, error)) from None
    finally:
        temporary.unlink(missing_ok=True)


def write_all(items: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """Write every (target, data) pair, all or (as far as the file system allows) none.

    Each file is first written completely to a temporary file beside its target; only when all
    are staged are they renamed into place. A failure while staging leaves every target as it
    was. A rename that fails after others succeeded raises OutputError whose ``written`` lists
    the files already replaced.
    """
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in items:
            staged.append((_stage(target, data), target))
    except OSError as error:
        _discard(staged)
        raise OutputError(_cannot_write(target, error)) from None
    written: list[Path] = []
    for index, (temporary, target) in enumerate(staged):
        try:
            os.replace(temporary, target)
        except OSError as error:
            _discard(staged[index:])
            raise OutputError(_cannot_write(target, error), written=written) from None
        written.append(target)
    return written


def _stage(target: Path, data: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir():
        raise IsADirectoryError(21, "同名資料夾已存在", str(target))
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return Path(name)


def _discard(staged: Sequence[tuple[Path, Path]]) -> None:
    for temporary, _ in staged:
        temporary.unlink(missing_ok=True)


def _cannot_write(target: Path, error: OSError) -> str:
    return f"無法寫入「{target}」：{os_reason(error, target)}"


def os_reason(error: OSError, target: Path | None = None) -> str:
    """Return why a file operation failed, in zh-TW, with what to do about it."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "磁碟空間不足，請清出空間後再試"
    if error.errno == errno.EROFS:
        return "所在的磁碟或資料夾是唯讀的，請改用 -o 指定可寫入的資料夾"
    if isinstance(error, IsADirectoryError):
        return "已有同名資料夾"
    if isinstance(error, FileNotFoundError):
        return "找不到檔案或資料夾，請確認路徑"
    if isinstance(error, PermissionError):
        if target is not None and not os.access(target.parent, os.W_OK):
            return "沒有寫入此資料夾的權限，請改用 -o 指定可寫入的資料夾"
        return "檔案可能正在 Word 或 Excel 中開啟，或設為唯讀，請關閉或取消唯讀後再試"
    return error.strerror or type(error).__name__


def write_bytes(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return ``target``."""
    with replacing(target) as temporary:
        temporary.write_bytes(data)
    return target


def write_with(target: Path, writer: Callable[[Path], None]) -> Path:
    """Let ``writer`` fill a temporary file, then move it onto ``target``; return ``target``."""
    with replacing(target) as temporary:
        writer(temporary)
    return target


def backup(path: Path, now: datetime | None = None) -> Path:
    """Copy ``path`` to a timestamped file beside it and return the copy's path."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.備份-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.stem}.備份-{stamp}-{counter}{path.suffix}")
    try:
        shutil.copy2(path, target)
    except OSError as error:
        Path(target).unlink(missing_ok=True)  # never leave a truncated backup behind
        raise OutputError(f"無法建立備份「{target}」：{os_reason(error, target)}") from None
    return target


def _fsync(path: Path) -> None:
    with path.open("rb") as stream:
        os.fsync(stream.fileno())
