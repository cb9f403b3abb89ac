"""Write files so that a failure never leaves a half-written or corrupt output behind.

Every output is written to a temporary file beside its target and renamed into place only when
complete; the previous file stays intact until then. Besides:

* a new file gets the permissions a normal save gives (``0666`` less the umask), a replaced
  file keeps its permissions (and, where allowed, its owner and group);
* Ctrl-C, SIGTERM and SIGHUP while staging remove every temporary file (the interruption then
  goes on as ``KeyboardInterrupt``); during the renames of a batch they are held until the
  batch is complete, so a batch is never left half old, half new by an interruption, and the
  error then names every file that is new;
* a backup is written under a name that did not exist, never through a symbolic link, and
  appears complete or not at all.

Every write goes through :func:`_write_data`, the one place a disk-full failure can strike.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from types import FrameType

from docgen.problems import OutputError

_TERMINATING = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))
TEMPORARY_STEM = 24  # characters of a target's name kept in its temporary file's name
BACKUP_BYTES = 240  # UTF-8 bytes a backup's name may take (a file name may take 255)
_LINK_UNSUPPORTED = {errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}
_LINK_UNSUPPORTED |= {errno.EMLINK, errno.ENOSYS}


# --- interruptions ------------------------------------------------------------------------------


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Let SIGTERM and SIGHUP interrupt like Ctrl-C while the block runs, so cleanup runs.

    Their default action ends the process at once, leaving temporary files (and locks, and
    LibreOffice's work folders) behind; inside the block they raise ``KeyboardInterrupt``
    instead. A handler someone else installed, or an ignored signal, is left alone.
    """
    with _handlers(_TERMINATING, _raise_interrupt, replace=(signal.SIG_DFL,)):
        yield


@contextlib.contextmanager
def _handlers(
    signals: Iterable[int], handler: Callable[[int, FrameType | None], None], replace: tuple
) -> Iterator[None]:
    """Install ``handler`` for each of ``signals`` whose current handler is in ``replace``."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for number in signals:
        current = signal.getsignal(number)
        if current in replace:
            previous[number] = current
            signal.signal(number, handler)
    try:
        yield
    finally:
        for number, current in previous.items():
            signal.signal(number, current)


@contextlib.contextmanager
def _held_interruptions(received: list[int]) -> Iterator[None]:
    """Record Ctrl-C, SIGTERM and SIGHUP in ``received`` instead of acting on them."""

    def record(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    usual = (signal.SIG_DFL, signal.default_int_handler, _raise_interrupt)
    with _handlers((signal.SIGINT, *_TERMINATING), record, replace=usual):
        yield


# --- permissions ----------------------------------------------------------------------------


def new_file_mode() -> int:
    """Return the permissions a program's new file gets: ``0666`` less the process umask."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _like(target: Path) -> os.stat_result | None:
    try:
        return target.stat()
    except OSError:
        return None


def _temporary_beside(target: Path, like: os.stat_result | None, mode: int | None = None) -> Path:
    """Return a new empty temporary file beside ``target`` with the permissions it should get.

    ``like`` is the file it replaces (its mode, owner and group are kept), else ``mode`` or a
    new file's mode.
    """
    prefix = f".{target.stem[:TEMPORARY_STEM]}."  # short: a long name must still fit
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.parent)
    try:
        if like is not None:
            _keep_owner(handle, like)
            os.fchmod(handle, stat.S_IMODE(like.st_mode))
        else:
            os.fchmod(handle, new_file_mode() if mode is None else mode)
    except BaseException:
        os.close(handle)
        os.unlink(name)
        raise
    os.close(handle)
    return Path(name)


def _keep_owner(handle: int, like: os.stat_result) -> None:
    if (like.st_uid, like.st_gid) == (os.geteuid(), os.getegid()):
        return
    with contextlib.suppress(OSError):  # only the owner's group, or root, may give it back
        os.fchown(handle, like.st_uid, like.st_gid)


# --- writing --------------------------------------------------------------------------------


def _write_data(handle: int, data: bytes) -> None:
    """Write all of ``data`` to the open file ``handle`` and flush it to the disk."""
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]
    os.fsync(handle)


def _fill(path: Path, data: bytes) -> None:
    handle = os.open(path, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0))
    try:
        _write_data(handle, data)
    finally:
        os.close(handle)


def _fsync(path: Path) -> None:
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _sync_folder(folder: Path) -> None:
    """Make the renames in ``folder`` durable where the system allows it (best effort)."""
    with contextlib.suppress(OSError, AttributeError):
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _rename(temporary: Path, target: Path) -> None:
    os.replace(temporary, target)


@contextlib.contextmanager
def replacing(target: Path, check: Callable[[], None] | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success move it onto ``target``.

    ``check``, when given, runs once the temporary file is complete, just before the rename; it
    may raise to stop the write. On any exception (and on Ctrl-C or SIGTERM) the temporary file
    is removed and ``target`` is untouched.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"無法建立資料夾「{target.parent}」：{os_reason(exc, target)}") from None
    with interruptible():
        try:
            temporary = _temporary_beside(target, _like(target))
        except OSError as error:
            raise OutputError(_cannot_write(target, error)) from None
        try:
            yield temporary
            _fsync(temporary)
            if check is not None:
                check()
            _rename(temporary, target)
            _sync_folder(target.parent)
        except OSError as error:
            raise OutputError(_cannot_write(target, error)) from None
        finally:
            temporary.unlink(missing_ok=True)


def write_all(items: Sequence[tuple[Path, bytes]]) -> list[Path]:
    """Write every (target, data) pair, all or (as far as the file system allows) none.

    Each file is first written completely to a temporary file beside its target; only when all
    are staged are they renamed into place. A failure or an interruption while staging leaves
    every target as it was and no temporary file behind. A rename that fails after others
    succeeded raises OutputError whose ``written`` lists the files already replaced; Ctrl-C or
    SIGTERM during the renames is held until all are done, then reported the same way.
    """
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    target = Path()
    with interruptible():
        try:
            for target, data in items:
                _make_folders(target.parent, created)
                staged.append((_stage(target, data), target))
        except OSError as error:
            _discard(staged, created)
            raise OutputError(_cannot_write(target, error)) from None
        except BaseException:
            _discard(staged, created)
            raise
        try:
            return _rename_all(staged)
        except KeyboardInterrupt:  # in the instant before the renames held interruptions
            renamed = [target for temporary, target in staged if not temporary.exists()]
            _discard(staged, created if not renamed else [])
            if renamed:
                raise OutputError(INTERRUPTED, written=renamed) from None
            raise


INTERRUPTED = "寫入途中收到中止要求（Ctrl-C 或終止訊號）；為免新舊檔案混雜，已先將本批檔案全部換上"


def _rename_all(staged: list[tuple[Path, Path]]) -> list[Path]:
    written: list[Path] = []
    received: list[int] = []
    with _held_interruptions(received):
        for index, (temporary, target) in enumerate(staged):
            try:
                _rename(temporary, target)
            except OSError as error:
                _discard(staged[index:], [])
                raise OutputError(_cannot_write(target, error), written=written) from None
            written.append(target)
    for folder in dict.fromkeys(target.parent for target in written):
        _sync_folder(folder)
    if received:
        raise OutputError(INTERRUPTED, written=written)
    return written


def _stage(target: Path, data: bytes) -> Path:
    """Return a complete temporary copy of ``data`` beside ``target``, flushed to the disk."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_dir():
        raise IsADirectoryError(21, "同名資料夾已存在", str(target))
    temporary = _temporary_beside(target, _like(target))
    try:
        _fill(temporary, data)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def _make_folders(folder: Path, created: list[Path]) -> None:
    """Make ``folder`` and its missing parents, remembering each one made (outermost first)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        created.append(path)


def _discard(staged: Sequence[tuple[Path, Path]], created: Sequence[Path]) -> None:
    for temporary, _ in staged:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only when it stayed empty


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


def write_bytes(target: Path, data: bytes, check: Callable[[], None] | None = None) -> Path:
    """Write ``data`` to ``target`` atomically and return ``target``.

    ``check`` runs just before the rename (see :func:`replacing`).
    """
    with replacing(target, check) as temporary:
        _fill(temporary, data)
    return target


def write_with(target: Path, writer: Callable[[Path], None]) -> Path:
    """Let ``writer`` fill a temporary file, then move it onto ``target``; return ``target``."""
    with replacing(target) as temporary:
        writer(temporary)
    return target


# --- backups --------------------------------------------------------------------------------


def backup(path: Path, now: datetime | None = None, data: bytes | None = None) -> Path:
    """Copy ``path`` (or ``data``, its content as read) to a new timestamped file beside it.

    Return the copy's path. The copy is complete or absent: it is staged under a temporary name
    and then given a name that did not exist (a link, even a dangling one, at that name is
    never followed); it keeps the original's dates and permissions as a copy would (less the
    umask). Raise OutputError when it cannot be made; nothing is left behind then.
    """
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    first = next(_backup_names(path, stamp))
    try:
        status = path.stat()
        content = path.read_bytes() if data is None else data
    except OSError as error:
        raise OutputError(f"無法讀取「{path}」以建立備份：{os_reason(error, path)}") from None
    mode = stat.S_IMODE(status.st_mode) & new_file_mode()
    with interruptible():
        try:
            temporary = _temporary_beside(first, None, mode)
        except OSError as error:
            raise OutputError(f"無法建立備份「{first}」：{os_reason(error, first)}") from None
        try:
            _fill(temporary, content)
            os.utime(temporary, ns=(status.st_atime_ns, status.st_mtime_ns))
            return _claim_name(temporary, path, stamp, content, mode, status)
        except OSError as error:
            raise OutputError(f"無法建立備份「{first}」：{os_reason(error, first)}") from None
        finally:
            temporary.unlink(missing_ok=True)


def _backup_names(path: Path, stamp: str) -> Iterator[Path]:
    """Yield 「NAME.備份-20170802-100000.xlsx」, then with -2, -3, … (the name cut if too long)."""
    counter = 1
    while True:
        extra = f".備份-{stamp}" + (f"-{counter}" if counter > 1 else "") + path.suffix
        stem = path.stem
        while stem and len((stem + extra).encode("utf-8")) > BACKUP_BYTES:
            stem = stem[:-1]
        yield path.with_name(stem + extra)
        counter += 1


def _claim_name(
    temporary: Path, path: Path, stamp: str, content: bytes, mode: int, status: os.stat_result
) -> Path:
    """Give the staged backup the first free name; a hard link never follows nor replaces."""
    for candidate in _backup_names(path, stamp):
        try:
            os.link(temporary, candidate, follow_symlinks=False)
            return candidate
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno not in _LINK_UNSUPPORTED:
                raise
            return _exclusive_copy(path, stamp, content, mode, status)
    raise AssertionError("unreachable")  # pragma: no cover


def _exclusive_copy(
    path: Path, stamp: str, content: bytes, mode: int, status: os.stat_result
) -> Path:
    """Write the backup under the first name that does not exist, for file systems without links."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for candidate in _backup_names(path, stamp):
        try:
            handle = os.open(candidate, flags, mode)
        except FileExistsError:
            continue
        try:
            _write_data(handle, content)
        except BaseException:
            os.close(handle)
            candidate.unlink(missing_ok=True)  # never leave a truncated backup behind
            raise
        os.close(handle)
        os.utime(candidate, ns=(status.st_atime_ns, status.st_mtime_ns))
        return candidate
    raise AssertionError("unreachable")  # pragma: no cover
