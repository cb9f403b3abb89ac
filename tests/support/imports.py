"""Which modules a piece of docgen imports, run in a fresh interpreter from this checkout."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def imported(code: str, modules: Iterable[str], home: Path | None = None) -> list[str]:
    """Run ``code`` in a new Python process; return those of ``modules`` it imported, sorted.

    ``home`` is the process's home folder (and so its private template cache), when given.
    """
    wanted = sorted(modules)
    script = f"{code}\nimport sys\nprint([m for m in {wanted!r} if m in sys.modules])\n"
    environ = {"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}
    if home is not None:
        environ["HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-c", script], env=environ, capture_output=True, text=True, check=True
    )
    return ast.literal_eval(done.stdout.strip().splitlines()[-1])
