"""The one base class of errors a user can cause; the CLI shows them as one line."""


class DashError(Exception):
    """A user-facing problem: the message says what happened and what to do."""


class UserError(DashError):
    """A mistake in how a command was called (a bad option, a missing argument)."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's text, short enough for a one-line message."""
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


# What a damaged file's exception says, in the user's words (the library's English stays out).
_BROKEN_REASONS = (
    ("not a zip file", "不是有效的压缩格式"),
    ("bad magic number", "文件头不正确"),
    ("truncated", "文件被截断"),
    ("unexpected end", "文件被截断"),
    ("end of file", "文件被截断"),
    ("eof", "文件被截断"),
    ("crc", "数据校验失败"),
    ("compression method", "使用了不支持的压缩方式"),
    ("encrypted", "文件已加密"),
    ("password", "文件已加密"),
    ("zip64", "压缩包结构不完整"),
    ("overlapped", "压缩包结构异常"),
    ("bad offset", "压缩包结构异常"),
)


def broken_reason(exc: BaseException) -> str:
    """Why a file could not be opened, in Chinese: 不是有效的压缩格式, 文件被截断, 没有读取权限 …
    (an exception the table does not know is 无法解析, its first line in brackets)."""
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    if isinstance(exc, IsADirectoryError):
        return "这是一个文件夹"
    if isinstance(exc, EOFError):
        return "文件被截断"
    text = first_line(exc)
    low = text.lower()
    for needle, words in _BROKEN_REASONS:
        if needle in low:
            return words
    if isinstance(exc, OSError):
        return "读取文件时出错"
    return f"无法解析（{text}）" if text else "无法解析"
