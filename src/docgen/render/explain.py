"""Template errors explained in zh-TW, naming the tag at fault: shared by every output format.

Jinja2 reports a line number in the template source and an English message; staff see their
template in Word (or a text editor), so the explanation quotes the tag itself and says how to
fix it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jinja2 import TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SecurityError

TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def explain(error: Exception, lines: Sequence[str], editor: str = "Word") -> str:
    """Return a zh-TW reason for a Jinja2 ``error`` in a template whose text is ``lines``.

    ``lines`` are the template's lines as a person sees them (tags intact, markup removed);
    ``editor`` names the program the fix is made in.
    """
    if isinstance(error, TemplateSyntaxError):
        message = str(error.message)
        unclosed = re.search(r"innermost block that needs to be closed is '(\w+)'", message)
        if unclosed and message.startswith("Unexpected end of template"):
            block = unclosed.group(1)
            opening = _unclosed_tag(lines, block)
            shown = f"「{opening}」" if opening else f"「{{% {block} … %}}」"
            return f"標籤{shown}沒有對應的「{{% end{block} %}}」；請補上結束標籤"
        tag = _tag_near_line(lines, error.lineno)
        shown = f"標籤「{tag}」" if tag else f"第{error.lineno}行附近的標籤"
        reason = _syntax_reason(message)
        return f"{shown}{reason}；請在 {editor} 中檢查大括號與百分號是否成對、未被拆開"
    if isinstance(error, UndefinedError):
        name = _undefined_name(str(error.message))
        tag = _tag_containing(lines, name) if name else None
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


def _unclosed_tag(lines: Sequence[str], block: str) -> str | None:
    """Return the opening tag of the innermost ``block`` left open, matching opens and ends."""
    stack: list[tuple[str, str]] = []
    for text in lines:
        for tag in TAG.findall(text):
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


def _tag_near_line(lines: Sequence[str], line: int | None) -> str | None:
    if not line:
        return None
    for text in lines[max(line - 1, 0) : line + 1]:
        fragments = re.findall(r"\{[{%].*?(?:[}%]\}|$)", text)
        broken = [f for f in fragments if not TAG.fullmatch(f)]
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


def _tag_containing(lines: Sequence[str], name: str) -> str | None:
    for text in lines:
        for tag in TAG.findall(text):
            if re.search(rf"\b{re.escape(name)}\b", tag):
                return tag
    return None
