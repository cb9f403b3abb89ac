"""A private, per-user cache of compiled templates, so that a run does not compile them again.

Compiling a template (Jinja's parse and code generation) costs more than rendering it, and
every run of docgen compiles the same templates. Besides the code, the cache keeps the text
of pure steps preparing a template (docxtpl's clean-up of a Word template's XML into Jinja
source, :func:`cached_text`). What is cached is Python code, which runs when it is loaded, or
template source, which is compiled and rendered; so nobody but the user may have written it:

* the cache is one directory, ``$DOCGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/docgen/templates``,
  else ``~/.cache/docgen/templates``; docgen creates it private (0700) and uses it only while
  it is a real directory (not a symbolic link) owned by the user, with no access for anyone
  else;
* a file is loaded only when it is a regular file owned by the user, readable and writable
  by the user alone (checked on the open file, not its name), and when it starts with the key
  it is filed under: the SHA-256 of the template's source, Jinja's and Python's versions and
  the environment's options (for a text, of the source and the step's name and version);
* anything else (someone else's file, a shared folder, a damaged entry) is ignored, and the
  template is compiled in memory as if there were no cache. ``DOCGEN_CACHE_DIR=`` (empty)
  turns the cache off, and where owners cannot be checked (Windows) it is never used.

Files are written to a private temporary file and renamed into place, so concurrent runs
never read half an entry.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import CodeType

CACHE_VARIABLE = "DOCGEN_CACHE_DIR"
PRIVATE_DIRECTORY = 0o700
_OTHERS = stat.S_IRWXG | stat.S_IRWXO
_MAX_ENTRY = 16 * 1024 * 1024


def cache_dir() -> Path | None:
    """Return the cache directory to use (not yet checked), or None when it is turned off."""
    chosen = os.environ.get(CACHE_VARIABLE)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "docgen" / "templates"


def entry_key(source: str, options: str) -> str:
    """Return the key of a compiled template: source, Jinja, Python and the options."""
    import jinja2

    digest = hashlib.sha256()
    for part in (jinja2.__version__, sys.version, options, source):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def load(key: str, directory: Path | None = None) -> CodeType | None:
    """Return the code cached under ``key``, or None when there is none to trust."""
    payload = _read_entry(key, directory)
    if payload is None:
        return None
    try:
        code = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


def store(key: str, code: CodeType, directory: Path | None = None) -> None:
    """Keep ``code`` under ``key`` when a private cache directory can be had; else do nothing."""
    _write_entry(key, marshal.dumps(code), directory)


def text_key(step: str, source: str) -> str:
    """Return the key of the text a pure step (named ``step``, versioned) made of ``source``."""
    digest = hashlib.sha256()
    for part in ("text", step, source):
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def cached_text(step: str, source: str, make: Callable[[str], str]) -> str:
    """Return ``make(source)``, kept across runs under :func:`text_key` in the private cache.

    ``make`` must be pure: its result depends on ``source`` and on what ``step`` names only.
    """
    key = text_key(step, source)
    payload = _read_entry(key)
    if payload is not None:
        with contextlib.suppress(UnicodeDecodeError):
            return payload.decode("utf-8", "surrogatepass")
    text = make(source)
    _write_entry(key, text.encode("utf-8", "surrogatepass"))
    return text


def _read_entry(key: str, directory: Path | None = None) -> bytes | None:
    """Return what is filed under ``key`` (its header checked and removed), if it can be trusted."""
    folder = _private_dir(directory or cache_dir(), create=False)
    if folder is None:
        return None
    try:
        descriptor = os.open(folder / key, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        if not _is_private(os.fstat(stream.fileno()), stat.S_ISREG):
            return None
        data = stream.read(_MAX_ENTRY + 1)
    header = key.encode("ascii") + b"\n"
    if not data.startswith(header) or len(data) > _MAX_ENTRY:
        return None
    return data[len(header) :]


def _write_entry(key: str, payload: bytes, directory: Path | None = None) -> None:
    """File ``payload`` under ``key`` in the private cache, if there is one and it fits."""
    header = key.encode("ascii") + b"\n"
    if len(header) + len(payload) > _MAX_ENTRY:
        return
    folder = _private_dir(directory or cache_dir(), create=True)
    if folder is None:
        return
    with contextlib.suppress(OSError):
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")  # mode 0600
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(header + payload)
            os.replace(temporary, folder / key)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _private_dir(folder: Path | None, create: bool) -> Path | None:
    """Return ``folder`` if it is the user's own private directory (made so when ``create``)."""
    if folder is None:
        return None
    if create and not folder.exists():
        with contextlib.suppress(OSError):
            folder.mkdir(mode=PRIVATE_DIRECTORY, parents=True, exist_ok=True)
    try:
        status = folder.lstat()
    except OSError:
        return None
    return folder if _is_private(status, stat.S_ISDIR) else None


def _is_private(status: os.stat_result, is_kind: Callable[[int], bool]) -> bool:
    """Return True for an entry of the kind ``is_kind`` tests, the user's own and nobody else's."""
    if not hasattr(os, "getuid"):  # no owners to check (Windows): never trust a cache
        return False
    return is_kind(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & _OTHERS
