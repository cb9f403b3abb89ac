"""Write files so that a failure never leaves a half-written or corrupt output behind.

Every output is written to a temporary file beside its target and renamed into place only when
complete; the previous file stays intact until then.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
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
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _fsync(temporary)
        os.replace(temporary, target)
    except PermissionError:
        raise OutputError(
            f"無法寫入「{target}」：檔案可能正在 Word 或 Excel 中開啟，請關閉後再試"
        ) from None
    finally:
        temporary.unlink(missing_ok=True)


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
    shutil.copy2(path, target)
    return target


def _fsync(path: Path) -> None:
    with path.open("rb") as stream:
        os.fsync(stream.fileno())
