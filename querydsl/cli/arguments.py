"""What the subcommands share: the parser, the argument readers, standard input, files, output."""

from __future__ import annotations

import argparse
import errno
import json
import re
import sys
from datetime import datetime
from typing import Any, NoReturn

from querydsl.carddata.redact import redact_text, shown
from querydsl.language.errors import Diagnostic, QueryError, terminal_safe

#: The exit statuses: done, invalid input (diagnostics on stderr), a usage error, and (`fetch`
#: only) the API refused or could not be reached.
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_API = 0, 1, 2, 3
# A page below 0 is the library's to refuse (exit 1); more than 20 digits is no number of ours
# (and int() refuses 4 300).
_WHOLE = re.compile(r"-?[0-9]{1,20}")


class Parser(argparse.ArgumentParser):
    """argparse, with card numbers masked in its errors (they quote the argument given)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {redact_text(message)}\n")


def _stdin() -> bytes:
    if sys.stdin is None:  # started with standard input closed
        raise OSError(errno.EBADF, "standard input is closed")
    return sys.stdin.buffer.read()


def read_text(argument: str) -> str:
    """The argument itself, or standard input for `-` (UTF-8, whatever the locale says).

    >>> read_text("amount > 5")
    'amount > 5'
    """
    if argument != "-":
        return argument
    data = _stdin()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"the text is not valid UTF-8 (byte {error.start})"
    # Raised outside the handler, so that it does not keep the decoding error, which holds the
    # whole input, as its `__context__`.
    raise QueryError([Diagnostic("invalid_shape", message)])


def read_file(argument: str) -> bytes:
    """A file's bytes, or standard input's for `-`."""
    if argument == "-":
        return _stdin()
    with open(argument, "rb") as handle:
        return handle.read()


def whole(text: str) -> int:
    """A whole number in ASCII digits (`int` would also take `1_0` and Arabic-Indic digits).

    >>> whole("-12")
    -12
    >>> whole("1_0")
    Traceback (most recent call last):
    argparse.ArgumentTypeError: '1_0' is not a whole number
    """
    if _WHOLE.fullmatch(text) is None:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a whole number")
    return int(text)


def port(text: str) -> int:
    """A TCP port, 0 (any free one) to 65535.

    >>> port("8765")
    8765
    """
    if _WHOLE.fullmatch(text) is None or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a port from 0 to 65535")
    return int(text)


def count(text: str) -> int:
    """A whole number from 0.

    >>> count("0")
    0
    """
    if _WHOLE.fullmatch(text) is None or int(text) < 0:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a count from 0")
    return int(text)


def instant(text: str) -> datetime:
    """An ISO 8601 datetime, for `--now`.

    >>> instant("2024-05-01T00:00:00Z")
    datetime.datetime(2024, 5, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not an ISO 8601 datetime") from None


def dump(value: Any, compact: bool = False) -> str:
    """JSON as the commands print it: characters as they are, indented unless `compact`.

    >>> print(dump({"name": "Дана"}, compact=True))
    {"name":"Дана"}
    """
    if compact:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(value, ensure_ascii=False, indent=2)


def shown_path(path: str) -> str:
    """A path the user gave, as a terminal shows it, with card numbers masked."""
    return redact_text(terminal_safe(path))


def write(output: str) -> None:
    """Print the output: UTF-8 when the console's own encoding cannot hold it (as input is read)."""
    try:
        print(output)
    except UnicodeEncodeError:
        sys.stdout.flush()
        sys.stdout.buffer.write(output.encode("utf-8") + b"\n")
    sys.stdout.flush()
