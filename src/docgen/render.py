"""Render a .docx template (docxtpl tags) with a context into the bytes of a finished document.

This is the only module that renders Word documents. It guarantees that:

* data appears exactly as typed: every value is XML-escaped, braces included, so text such as
  ``{{ 7*7 }}``, ``&``, ``<`` or emoji never changes or breaks the file, and line breaks in a
  value become line breaks in Word;
* templates, including ones staff supply, run in Jinja2's sandbox with strict undefined names;
  a mistyped or Word-split tag gives an error naming the template and the tag;
* the same inputs give byte-identical files: fixed zip timestamps and document properties
  (``SOURCE_DATE_EPOCH`` honoured);
* what is returned reopens as a Word document.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from docgen.paths import templates_dir
from docgen.problems import InputError

EARLIEST_ZIP_TIME = datetime(1980, 1, 1, tzinfo=UTC)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_XML_TAG = re.compile(r"<[^>]+>")


def template_path(kind: str, directory: Path | None = None) -> Path:
    """Return the template for ``kind``: the staff's from ``directory`` when it has one, else ours.

    A folder of the staff's own templates need not hold every kind: a missing one falls back to
    the bundled template.
    """
    if directory is not None and (directory / f"{kind}.docx").is_file():
        return directory / f"{kind}.docx"
    path = templates_dir() / f"{kind}.docx"
    if not path.is_file():
        raise InputError(f"找不到範本檔「{path}」", where=kind)
    return path


def escape_value(value: object) -> object:
    """Return ``value`` ready for the XML of a document: escaped text, braces included.

    Markup-like objects (docxtpl RichText, Listing, already-escaped text) pass through.
    """
    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return value
    text = str(escape(str(value)))
    return Markup(text.replace("{", "&#123;").replace("}", "&#125;"))


def environment(filters: Mapping[str, Callable[..., Any]] | None = None) -> SandboxedEnvironment:
    """Return the sandboxed Jinja2 environment every template renders in."""
    env = SandboxedEnvironment(
        autoescape=True,
        undefined=StrictUndefined,
        finalize=escape_value,
        keep_trailing_newline=True,
    )
    env.filters.update(filters or {})
    return env


def stamp(default: datetime) -> datetime:
    """Return the time recorded in outputs: SOURCE_DATE_EPOCH when set, else ``default``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    else:
        moment = default if default.tzinfo else default.replace(tzinfo=UTC)
    return max(moment, EARLIEST_ZIP_TIME)


def render_docx(
    template: Path,
    context: Mapping[str, Any],
    when: datetime,
    title: str = "",
    filters: Mapping[str, Callable[..., Any]] | None = None,
) -> bytes:
    """Return the bytes of ``template`` rendered with ``context``.

    Raise :class:`InputError` naming the template (and the tag) when it cannot be rendered.
    """
    from docxtpl import DocxTemplate

    name = template.name
    try:
        document = DocxTemplate(str(template))
        document.init_docx()
    except Exception:  # not a Word file, or corrupt: say which template
        raise InputError(
            "範本檔無法開啟，不是有效的 Word（.docx）檔案", where=str(template)
        ) from None
    try:
        document.render(dict(context), jinja_env=environment(filters), autoescape=True)
    except (TemplateError, SecurityError) as error:
        raise InputError(_explain(error, document), where=f"範本「{name}」") from None
    moment = stamp(when)
    _order_cell_properties(document.docx)
    _fix_properties(document.docx, moment, title)
    buffer = io.BytesIO()
    document.save(buffer)
    data = normalize_zip(buffer.getvalue(), moment)
    _verify(data, name)
    return data


def normalize_zip(data: bytes, moment: datetime) -> bytes:
    """Return the zip ``data`` rewritten with every entry's timestamp set to ``moment``."""
    date_time = moment.astimezone(UTC).timetuple()[:6]
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return output.getvalue()


# The order the OOXML schema requires inside w:tcPr (docxtpl's cellbg puts w:shd first).
_TC_PR_ORDER = {
    f"{{http://schemas.openxmlformats.org/wordprocessingml/2006/main}}{name}": index
    for index, name in enumerate(
        [
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
            "headers",
            "cellIns",
            "cellDel",
            "cellMerge",
            "tcPrChange",
        ]
    )
}
_TC_PR = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tcPr"


def _order_cell_properties(document: Any) -> None:
    """Put every table cell's properties in schema order, which strict readers insist on."""
    last = len(_TC_PR_ORDER)
    for properties in document.element.body.iter(_TC_PR):
        children = list(properties)
        ordered = sorted(children, key=lambda child: _TC_PR_ORDER.get(child.tag, last))
        if ordered != children:
            for child in ordered:
                properties.append(child)


def _fix_properties(document: Any, moment: datetime, title: str) -> None:
    properties = document.core_properties
    naive = moment.astimezone(UTC).replace(tzinfo=None)
    properties.created = naive
    properties.modified = naive
    properties.last_printed = naive
    properties.revision = 1
    properties.author = "docgen"
    properties.last_modified_by = "docgen"
    if title:
        properties.title = title


def _verify(data: bytes, name: str) -> None:
    import docx

    try:
        docx.Document(io.BytesIO(data))
    except Exception:  # a document that does not reopen must never be written
        raise InputError("產出的文件無法重新開啟，已停止寫入", where=f"範本「{name}」") from None


# --- explaining template errors ---------------------------------------------------------------


def _explain(error: Exception, document: Any) -> str:
    if isinstance(error, TemplateSyntaxError):
        message = str(error.message)
        unclosed = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
        if unclosed and message.startswith("Unexpected end of template"):
            block = unclosed.group(1)
            opening = _unclosed_tag(document, block)
            shown = f"「{opening}」" if opening else f"「{{% {block} … %}}」"
            return f"標籤{shown}沒有對應的「{{% end{block} %}}」；請補上結束標籤"
        tag = _tag_near_line(document, error.lineno)
        shown = f"標籤「{tag}」" if tag else f"第{error.lineno}行附近的標籤"
        return f"{shown}{_syntax_reason(message)}；請在 Word 中檢查大括號與百分號是否成對、未被拆開"
    if isinstance(error, UndefinedError):
        name = _undefined_name(str(error.message))
        tag = _tag_containing(document, name) if name else None
        shown = f"標籤「{tag}」" if tag else "某個標籤"
        return f"{shown}使用了不存在的欄位「{name or error.message}」；請檢查拼字"
    if isinstance(error, SecurityError):
        return f"標籤使用了不允許的操作（{error}）；範本只能讀取資料"
    return f"範本無法套用（{error}）"


_SYNTAX_REASONS = (
    (r"^unexpected '([}%])'", "多了一個「{0}」或少了對應的左括號"),
    (r"^Encountered unknown tag '(end\w+)'", "的「{{% {0} %}}」沒有對應的開始標籤"),
    (r"^Encountered unknown tag '(\w+)'", "使用了不認識的指令「{0}」"),
    (r"^expected token 'end of print statement', got '(.*)'", "中有多餘的「{0}」"),
    (r"^Expected an expression", "缺少欄位名稱或運算式"),
    (r"^unexpected char '(.)'", "中有不允許的字元「{0}」"),
    (r"^No filter named '(\w+)'", "使用了不存在的篩選器「{0}」"),
)


def _syntax_reason(message: str) -> str:
    """Return Jinja's syntax message as a zh-TW reason."""
    for pattern, reason in _SYNTAX_REASONS:
        match = re.search(pattern, message)
        if match:
            return reason.format(*match.groups())
    return "語法有誤"


_BLOCK_KEYWORD = re.compile(r"^\{%[-+]?\s*(?:(?:p|tr|tc|r)\s+)?(\w+)")
_BLOCKS = {"for", "if", "macro", "call", "filter", "with", "raw", "autoescape", "block"}


def _unclosed_tag(document: Any, block: str) -> str | None:
    """Return the opening tag of the innermost ``block`` left open, matching opens and ends."""
    stack: list[tuple[str, str]] = []
    for text in _template_lines(document):
        for tag in _TAG.findall(text):
            match = _BLOCK_KEYWORD.match(tag)
            keyword = match.group(1) if match else ""
            if keyword in _BLOCKS:
                stack.append((keyword, tag))
            elif keyword.startswith("end") and keyword[3:] in _BLOCKS:
                for index in range(len(stack) - 1, -1, -1):
                    if stack[index][0] == keyword[3:]:
                        del stack[index]
                        break
    still_open = [tag for keyword, tag in stack if keyword == block]
    return still_open[-1] if still_open else None


def _template_lines(document: Any) -> list[str]:
    xml = document.patch_xml(document.get_xml())
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
    return [_XML_TAG.sub("", line) for line in xml.splitlines()]


def _tag_near_line(document: Any, line: int | None) -> str | None:
    if not line:
        return None
    lines = _template_lines(document)
    for text in lines[max(line - 1, 0) : line + 1]:
        fragments = re.findall(r"\{[{%].*?(?:[}%]\}|$)", text)
        broken = [f for f in fragments if not _TAG.fullmatch(f)]
        if broken or fragments:
            return (broken or fragments)[0]
        if "{" in text or "}" in text:
            return text.strip()[:60]
    return None


def _undefined_name(message: str) -> str | None:
    match = re.search(r"has no attribute '([^']+)'|'([^']+)' is undefined", message)
    if not match:
        return None
    return match.group(1) or match.group(2)


def _tag_containing(document: Any, name: str) -> str | None:
    for text in _template_lines(document):
        for tag in _TAG.findall(text):
            if re.search(rf"\b{re.escape(name)}\b", tag):
                return tag
    return None
