"""Convert a batch of documents in ONE LibreOffice: a script run by LibreOffice's own Python.

Not imported by docgen: :mod:`docgen.office.batch` runs this file with the Python that has
LibreOffice's ``uno`` module (Debian's python3 with python3-uno, or ``program/python`` of a
LibreOffice install), so it uses only the standard library and ``uno``, and stays compatible
with older Pythons.

Usage: ``python uno_worker.py JOB.json``. The job names the soffice program, the profile URL,
a pipe name and the documents, each with its outputs (filter name, filter data, target file).
The script starts soffice listening on the pipe, loads each document hidden, with macros never
executed and links never updated, brings every index (table of contents) and field (page
numbers) up to date, stores each output, and prints one JSON line per document:
``{"index": 0, "error": null}``. A start-up failure prints ``{"fatal": "..."}`` and exits 3.
"""

import contextlib
import json
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue

NEVER_EXECUTE = 0  # com.sun.star.document.MacroExecMode.NEVER_EXECUTE
NO_UPDATE = 0  # com.sun.star.document.UpdateDocMode.NO_UPDATE
START_TIMEOUT = 60.0


def properties(values):
    """Return a tuple of PropertyValue from a dict."""
    return tuple(PropertyValue(Name=name, Value=value) for name, value in values.items())


def start_office(job):
    """Start soffice listening on the job's pipe; Return (process, desktop)."""
    connection = f"pipe,name={job['pipe']};urp;StarOffice.ComponentContext"
    command = [
        job["soffice"],
        "-env:UserInstallation=" + job["profile"],
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nodefault",
        "--nolockcheck",
        "--accept=" + connection,
    ]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=sys.stderr
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            context = resolver.resolve("uno:" + connection)
            break
        except Exception:  # NoConnectException while soffice starts
            if process.poll() is not None:
                raise RuntimeError(f"soffice exited with {process.returncode}") from None
            if time.monotonic() > deadline:
                raise RuntimeError("soffice did not answer on its pipe") from None
            time.sleep(0.05)
    desktop = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", context
    )
    return process, desktop


def refresh(document):
    """Bring every index (table of contents) and field of a text document up to date.

    Indexes are updated again after the fields, as updating them can move text to other pages.
    """
    indexes = document.getDocumentIndexes() if hasattr(document, "getDocumentIndexes") else None
    count = indexes.getCount() if indexes is not None else 0
    for position in range(count):
        indexes.getByIndex(position).update()
    if hasattr(document, "getTextFields"):
        document.getTextFields().refresh()
    for position in range(count):
        indexes.getByIndex(position).update()


def ensure_title(document, fallback):
    """Give the document a title (the PDF's metadata) when it has none."""
    info = document.getDocumentProperties()
    if not info.Title:
        info.Title = fallback


def store(document, output):
    """Store one output of a loaded document."""
    descriptor = {"FilterName": output["filter"], "Overwrite": True}
    if output.get("filter_data"):
        descriptor["FilterData"] = uno.Any(
            "[]com.sun.star.beans.PropertyValue", properties(output["filter_data"])
        )
    if output.get("filter_options"):
        descriptor["FilterOptions"] = output["filter_options"]
    document.storeToURL(uno.systemPathToFileUrl(output["target"]), properties(descriptor))


def describe(error):
    """Return an exception as one line: its type and message."""
    return f"{type(error).__name__}: {getattr(error, 'Message', '') or error}"


def convert(desktop, item):
    """Load one document, refresh it and store every output; Return None or the error text."""
    load = {
        "Hidden": True,
        "MacroExecutionMode": NEVER_EXECUTE,
        "UpdateDocMode": NO_UPDATE,
        "Silent": True,
    }
    url = uno.systemPathToFileUrl(item["source"])
    try:
        document = desktop.loadComponentFromURL(url, "_blank", 0, properties(load))
    except Exception as error:
        return describe(error)
    if document is None:
        return "LibreOffice could not open the file"
    try:
        refresh(document)
        ensure_title(document, item.get("title", ""))
        for output in item["outputs"]:
            store(document, output)
    except Exception as error:
        return describe(error)
    finally:
        with contextlib.suppress(Exception):
            document.close(True)
    return None


def stop_office(process, desktop):
    """Ask soffice to quit; kill it if it does not within ten seconds."""
    with contextlib.suppress(Exception):  # the bridge is disposed as soffice exits
        desktop.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main(job_path):
    """Run the job in ``job_path``; Return the exit code."""
    with open(job_path, encoding="utf-8") as stream:
        job = json.load(stream)
    try:
        process, desktop = start_office(job)
    except Exception as error:
        print(json.dumps({"fatal": str(error)}), flush=True)
        return 3
    try:
        for index, item in enumerate(job["documents"]):
            error = convert(desktop, item)
            print(json.dumps({"index": index, "error": error}), flush=True)
    finally:
        stop_office(process, desktop)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
