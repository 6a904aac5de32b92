"""The `querydsl` command: an argparse front end over the library, nothing more.

`main` runs it. `parser.py` holds its options and help, `arguments.py` what the subcommands read
and write alike, and the subcommands sit by what they touch: `queries.py` (compile, format, fields,
validate, decompile, schema, inspect), `store.py` (store add, search), `servers.py` (serve, emulate)
and `fetch.py`. Each subcommand imports its extra when it runs, so `compile` needs only the core.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence

from querydsl.carddata.redact import redact_text
from querydsl.cli.arguments import EXIT_INVALID, EXIT_OK, EXIT_USAGE, dump, write
from querydsl.cli.fetch import cmd_fetch
from querydsl.cli.parser import build_parser
from querydsl.cli.queries import (
    cmd_compile,
    cmd_decompile,
    cmd_fields,
    cmd_format,
    cmd_inspect,
    cmd_schema,
    cmd_validate,
)
from querydsl.cli.servers import cmd_emulate, cmd_serve
from querydsl.cli.store import cmd_search, cmd_store
from querydsl.language.errors import QueryError, render, terminal_safe

__all__ = ["COMMANDS", "build_parser", "main"]

_UNDECODED = re.compile("[\udc80-\udcff]")

#: Each subcommand's function: it returns what is printed on stdout.
COMMANDS: dict[str, Callable[[argparse.Namespace], str]] = {
    "compile": cmd_compile,
    "format": cmd_format,
    "fields": cmd_fields,
    "validate": cmd_validate,
    "decompile": cmd_decompile,
    "schema": cmd_schema,
    "inspect": cmd_inspect,
    "serve": cmd_serve,
    "emulate": cmd_emulate,
    "fetch": cmd_fetch,
    "store": cmd_store,
    "search": cmd_search,
}


def _argument(text: str) -> str:
    """An argument the locale could not decode (its bytes kept as lone surrogates), read as
    UTF-8 if it is that: the terminal sends UTF-8 whatever the locale says."""
    if not _UNDECODED.search(text):
        return text
    try:
        return os.fsencode(text).decode("utf-8")
    except UnicodeError:
        return text


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    if sys.stdout is None or sys.stderr is None:  # started with either closed: say so, if we can
        if sys.stderr is not None:
            print("querydsl: standard output is closed", file=sys.stderr)
        return EXIT_USAGE
    parser = build_parser()
    try:
        args = parser.parse_args([_argument(a) for a in sys.argv[1:]] if argv is None else argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        output = COMMANDS[args.command](args)
    except QueryError as error:
        text = error.text
        if getattr(args, "json", False):  # schema and serve have no --json
            found = [d.to_dict() for d in error.diagnostics]
            print(dump(found, getattr(args, "compact", False)), file=sys.stderr)
        else:
            print(render(error.diagnostics, text), file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:  # the path is the user's: shown as a terminal shows it, masked
        where = f": {error.filename}" if error.filename is not None else ""
        said = terminal_safe(f"querydsl: {error.strerror or error}{where}")
        print(redact_text(said), file=sys.stderr)
        return EXIT_USAGE
    try:
        write(output)
    except BrokenPipeError:  # `querydsl schema | head`: the reader has gone; that is fine
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError as error:  # a full disk, say
        print(f"querydsl: cannot write the output: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK
