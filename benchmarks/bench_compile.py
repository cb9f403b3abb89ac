"""Issue 10: ``docgen compile`` against appending the same .docx files with docxcompose.

Generated submissions of 6 cases each (tests/support/submissions.py: the data embedded in a
.docx laid out like docgen's). Whole process against whole process, one run each:

* baseline: a Python script appending the 100 .docx files to the first with docxcompose and
  saving the result (what a Python user would write);
* ``docgen compile`` on 100, 400 and 2,000 submissions, with the peak memory of the process
  (``/usr/bin/time -v``, else ``getrusage`` of the children).

The first 100 submissions are each laid out on their own; from the 101st on, a file reuses the
visible pages of submission ``n % 100`` and embeds its own data (compile reads only the data;
laying out 2,000 documents with python-docx would take most of an hour). docgen's sources are
byte-compiled first, as installing the wheel does, and the processes may use the bytecode.
"""

from __future__ import annotations

import compileall
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.submissions import layout, submission, submission_docx  # noqa: E402

PYTHON = sys.executable
DOCGEN = str(Path(PYTHON).with_name("docgen"))
SIZES = (100, 400, 2000)
BASELINE = """
import sys
from pathlib import Path
from docx import Document
from docxcompose.composer import Composer
files = sorted(Path(sys.argv[1]).glob("*.docx"))
composer = Composer(Document(str(files[0])))
for path in files[1:]:
    composer.append(Document(str(path)))
composer.save(sys.argv[2])
"""
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


def generate(folder: Path, count: int, layouts: dict[int, bytes]) -> None:
    """Write ``count`` submissions into ``folder``."""
    folder.mkdir(parents=True)
    for number in range(count):
        data = submission(number)
        if number % 100 not in layouts:
            layouts[number % 100] = layout(data)
        name = f"防貪策略資料_{number:04d}_{data['agency']}_106年8月31日.docx"
        (folder / name).write_bytes(submission_docx(data, layouts[number % 100]))


def run(argv: list[str]) -> tuple[float, int]:
    """Return the wall time in seconds and the peak memory in MB of running ``argv``."""
    timer = Path("/usr/bin/time")
    prefix = [str(timer), "-v"] if timer.exists() else []
    start = time.perf_counter()
    done = subprocess.run(prefix + argv, capture_output=True, text=True, env=ENV)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{argv[:3]} failed:\n{done.stdout}\n{done.stderr}")
    found = RSS.search(done.stderr)
    if found:
        return seconds, int(found.group(1)) // 1024
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> None:
    """Generate the submissions, time the baseline and docgen compile, print the figures."""
    with tempfile.TemporaryDirectory(prefix="docgen-bench-compile-") as work:
        base = Path(work)
        layouts: dict[int, bytes] = {}
        started = time.perf_counter()
        for size in SIZES:
            generate(base / f"in{size}", size, layouts)
        print(f"generated {', '.join(map(str, SIZES))} submissions in "
              f"{time.perf_counter() - started:.0f} s")  # fmt: skip
        compileall.compile_dir(str(ROOT / "src" / "docgen"), quiet=1)  # as installing does
        baseline, baseline_mb = run(
            [PYTHON, "-c", BASELINE, str(base / "in100"), str(base / "b.docx")]
        )
        print(f"baseline docxcompose, 100 submissions: {baseline:.2f} s, peak {baseline_mb} MB")
        figures = {}
        for size in SIZES:
            out = base / f"book{size}.docx"
            seconds, peak = run([DOCGEN, "compile", str(base / f"in{size}"), "-o", str(out)])
            figures[size] = seconds
            kb = out.stat().st_size // 1024
            print(f"docgen compile, {size} submissions: {seconds:.2f} s, peak {peak} MB, {kb} kB")
        speedup = baseline / figures[100]
        grow1, grow2 = figures[400] / figures[100], figures[2000] / figures[400]
        print(f"\n100: docxcompose ÷ compile = {speedup:.1f}× ({verdict(speedup >= 30)}: ≥ 30×)")
        print(f"400 ÷ 100 = {grow1:.2f} ({verdict(grow1 <= 4.5)}: ≤ 4.5)")
        print(f"2000 ÷ 400 = {grow2:.2f} ({verdict(grow2 <= 5.5)}: ≤ 5.5)")
        print(f"peak memory at 2000: {peak} MB ({verdict(peak < 400)}: < 400 MB)")


if __name__ == "__main__":
    main()
