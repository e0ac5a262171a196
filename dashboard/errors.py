"""The one base class of errors a user can cause; the CLI shows them as one line."""


class DashError(Exception):
    """A user-facing problem: the message says what happened and what to do."""


class UserError(DashError):
    """A mistake in how a command was called (a bad option, a missing argument)."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's text, short enough for a one-line message."""
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__
