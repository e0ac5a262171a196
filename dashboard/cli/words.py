"""click's and typer's own words in Chinese: usage, options, defaults, their error messages.

click and typer look their words up through ``gettext`` (``_("Usage:")``), bound
as module globals when they are imported. dash ships no message catalogue
(.mo) for them: :func:`install` points those names at the table below
instead, which is what a catalogue would do. A message not in the table stays
as click wrote it.

It also mends two faults of typer 0.19 with click ≥ 8.2 seen in ``--help``:
the brackets of ``[default: table]`` / ``[required]`` printed as ``\\[`` (typer
escapes them for rich markup even when rich markup is off), and an argument's
help text dropped (click's ``Argument`` now sets ``help`` itself, after typer).
"""

from __future__ import annotations

# Only the command line imports this module, and typer has loaded click by then.
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.types
import typer.core

MESSAGES: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Arguments": "参数",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "用 '{command} {option}' 查看帮助。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少子命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有子命令 {name!r}。",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 不在 {range} 范围内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值（可用：{states}）",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是目录。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Aborted!": "已中止。",
    "unknown error": "未知错误",
}

# (singular, plural) → Chinese, which has one form for both.
PLURALS: dict[tuple[str, str], str] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): "是不是：{possibilities}？",
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        "选项 {name!r} 需要取值。",
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): "多余的参数（{args}）",
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): "{value!r} 不在可选值中（{choices}）。",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return PLURALS.get((singular, plural), singular if n == 1 else plural)


def install() -> None:
    """Chinese for every click / typer module that looks words up; mend typer's help faults."""
    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types,
                   typer.core):
        if callable(getattr(module, "_", None)):
            module._ = gettext
        if callable(getattr(module, "ngettext", None)):
            module.ngettext = ngettext
    typer.core.HAS_RICH = False  # rich is installed (Textual), but dash's help is plain text
    _keep_argument_help(typer.core.TyperArgument)
    # typer lists the arguments itself (参数); click ≥ 8.5 would list them again once they have help.
    typer.core.TyperCommand.format_arguments = lambda self, ctx, formatter: None
    click.core.Context.formatter_class = ChineseHelpFormatter  # click's hook for a help formatter


class ChineseHelpFormatter(click.formatting.HelpFormatter):
    """click's help formatter with the usage line's placeholders in Chinese: [选项], 命令 [参数]...."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, chinese in (("[OPTIONS]", "[选项]"), ("[COMMAND]", "[命令]"), ("COMMAND", "命令"),
                                 ("[ARGS]...", "[参数]...")):
            args = args.replace(english, chinese)
        super().write_usage(prog, args, prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


def _keep_argument_help(cls: type) -> None:
    """Set an argument's help after click's own ``__init__`` (which resets it) has run."""
    if getattr(cls, "_dash_keeps_help", False):
        return
    original = cls.__init__

    def __init__(self, *args, help: str | None = None, **kwargs):  # noqa: A002 - click's own name
        original(self, *args, help=help, **kwargs)
        self.help = help

    cls.__init__ = __init__
    cls._dash_keeps_help = True
