"""Traditional Chinese for click's own messages (usage, help headings, option errors).

click looks its messages up through ``gettext`` names bound in each of its modules; we bind our
own lookup there, so that every line a user sees is zh-TW. A test checks that ``--help`` and a
bad option produce no English.
"""

from __future__ import annotations

import importlib

import click

TRANSLATIONS: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "選項",
    "Commands": "指令",
    "Positional arguments": "參數",
    "Show this message and exit.": "顯示本說明後結束。",
    "Show the version and exit.": "顯示版本後結束。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Error: {message}": "錯誤：{message}",
    "Try '{command} {option}' for help.": "請執行「{command} {option}」查看說明。",
    "No such option {name!r}.": "沒有「{name}」這個選項。",
    "No such command {name!r}.": "沒有「{name}」這個指令。",
    "Missing command.": "請指定指令。",
    "Missing argument": "缺少參數",
    "Missing option": "缺少選項",
    "Missing parameter": "缺少參數",
    "Missing parameter: {param_name}": "缺少參數：{param_name}",
    "Missing {param_type}": "缺少{param_type}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不正確：{message}",
    "Invalid value: {message}": "值不正確：{message}",
    "Option {name!r} does not take a value.": "選項「{name}」不接受值。",
    "Option {name!r} requires an argument.": "選項「{name}」需要一個值。",
    "Option {name!r} requires {nargs} arguments.": "選項「{name}」需要 {nargs} 個值。",
    "Got unexpected extra argument ({args})": "多出無法辨識的參數（{args}）",
    "Got unexpected extra arguments ({args})": "多出無法辨識的參數（{args}）",
    "Did you mean {possibility}?": "是不是指 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是指下列之一：{possibilities}？）",
    "{name} {filename!r} does not exist.": "{name}「{filename}」不存在。",
    "{name} {filename!r} is a directory.": "{name}「{filename}」是資料夾。",
    "{name} {filename!r} is a file.": "{name}「{filename}」是檔案，不是資料夾。",
    "{name} {filename!r} is not readable.": "{name}「{filename}」無法讀取。",
    "{name} {filename!r} is not writable.": "{name}「{filename}」無法寫入。",
    "{value!r} is not {choice}.": "「{value}」不是 {choice}。",
    "{value!r} is not one of {choices}.": "「{value}」不是下列之一：{choices}。",
    "file": "檔案",
    "directory": "資料夾",
    "path": "路徑",
    "Aborted!": "已中止。",
    "default: {default}": "預設：{default}",
    "Could not open file {filename!r}: {message}": "無法開啟檔案「{filename}」：{message}",
    "unknown error": "未知的錯誤",
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def translate(message: str) -> str:
    """Return the zh-TW form of one of click's messages (the message itself if unknown)."""
    return TRANSLATIONS.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    """Return the zh-TW form of a message that click words by count."""
    return translate(singular if count == 1 else plural)


def install() -> None:
    """Bind the zh-TW lookups into click's modules."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural  # type: ignore[attr-defined]


class HelpFormatter(click.HelpFormatter):
    """click's help formatter with full-width colons after headings."""

    def write_heading(self, heading: str) -> None:
        """Write a heading such as 「選項：」."""
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class Context(click.Context):
    """A click context whose help uses :class:`HelpFormatter`."""

    formatter_class = HelpFormatter


class Command(click.Command):
    """A click command with zh-TW help layout."""

    context_class = Context

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("options_metavar", "[選項]")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class Group(click.Group):
    """A click group with zh-TW help layout, whose commands are :class:`Command`."""

    context_class = Context
    command_class = Command

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("options_metavar", "[選項]")
        kwargs.setdefault("subcommand_metavar", "指令 [參數]...")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
