"""The `querydsl` command: an argparse front end over the library, nothing more."""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NoReturn

import querydsl
from querydsl.carddata.redact import redact_text, shown
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.errors import Diagnostic, QueryError, render, terminal_safe
from querydsl.language.schema import allowed_methods

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
# A page below 0 is the library's to refuse (exit 1); more than 20 digits is no number of ours
# (and int() refuses 4 300).
_WHOLE = re.compile(r"-?[0-9]{1,20}")
_UNDECODED = re.compile("[\udc80-\udcff]")


class _Parser(argparse.ArgumentParser):
    """argparse, with card numbers masked in its errors (they quote the argument given)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {redact_text(message)}\n")


def _stdin() -> bytes:
    if sys.stdin is None:  # started with standard input closed
        raise OSError(errno.EBADF, "standard input is closed")
    return sys.stdin.buffer.read()


def _read_text(argument: str) -> str:
    """The argument itself, or standard input for `-` (UTF-8, whatever the locale says)."""
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


def _whole(text: str) -> int:
    """A whole number in ASCII digits (`int` would also take `1_0` and Arabic-Indic digits)."""
    if _WHOLE.fullmatch(text) is None:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a whole number")
    return int(text)


def _port(text: str) -> int:
    if _WHOLE.fullmatch(text) is None or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a port from 0 to 65535")
    return int(text)


def _count(text: str) -> int:
    if _WHOLE.fullmatch(text) is None or int(text) < 0:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not a count from 0")
    return int(text)


def _read_file(argument: str) -> bytes:
    """A file's bytes, or standard input's for `-`."""
    if argument == "-":
        return _stdin()
    with open(argument, "rb") as handle:
        return handle.read()


def _now(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown(text)} is not an ISO 8601 datetime") from None


def _dump(value: Any, compact: bool = False) -> str:
    if compact:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return json.dumps(value, ensure_ascii=False, indent=2)


def cmd_compile(args: argparse.Namespace) -> str:
    from querydsl.searchbox.lint import lint

    text = _read_text(args.text)
    options: dict[str, Any] = {
        "tz": args.tz,
        "now": args.now,
        "default_period": args.default_period,
        "page": args.page,
        "size": args.size,
    }
    payload = querydsl.to_payload(text, **options)
    _warn(lint(text, **options), text, args)
    return _dump(payload, args.compact)


def _warn(warnings: list[Diagnostic], text: str, args: argparse.Namespace) -> None:
    """Print lint's warnings on stderr as errors are printed (the text masked), JSON with
    --json; the query is valid, so the exit status stays 0."""
    if not warnings:
        return
    if args.json:
        print(_dump([w.to_dict() for w in warnings], args.compact), file=sys.stderr)
    else:
        print(render(warnings, redact_text(text)), file=sys.stderr)


def cmd_format(args: argparse.Namespace) -> str:
    return querydsl.to_text(querydsl.parse(_read_text(args.text), tz=args.tz, now=args.now))


def cmd_fields(args: argparse.Namespace) -> str:
    if args.json:
        return _dump(
            [
                {"name": f.name, "type": f.type.value, "aliases": list(f.aliases),
                 "methods": [m.value for m in allowed_methods(f.type)],
                 "description": f.description}
                for f in HOMEBANK.fields
            ]
        )  # fmt: skip
    rows = [("field", "type", "methods", "aliases", "description")] + [
        (
            f.name,
            f.type.value,
            " ".join(m.value for m in allowed_methods(f.type)),
            ", ".join(f.aliases),
            f.description,
        )
        for f in HOMEBANK.fields
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join(
        (
            "  ".join(cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True))
            + "  "
            + row[4]
        ).rstrip()  # a field with no description ends at its last cell
        for row in rows
    )


def cmd_validate(args: argparse.Namespace) -> str:
    diagnostics = querydsl.validate_payload(_read_file(args.file))
    if diagnostics:
        raise QueryError(diagnostics)
    return "valid"


def cmd_decompile(args: argparse.Namespace) -> str:
    return querydsl.to_text(querydsl.from_payload(_read_file(args.file)))


def cmd_schema(args: argparse.Namespace) -> str:
    from querydsl.homebank import json_schema

    return _dump(json_schema())


def cmd_inspect(args: argparse.Namespace) -> str:
    from querydsl.inspect import inspect_document

    return inspect_document(_read_file(args.file), as_json=args.json, strict=args.strict)


def cmd_serve(args: argparse.Namespace) -> str:
    try:
        from querydsl.web.server import make_server
    except ImportError as missing:  # Starlette or uvicorn: the `web` extra
        print(f"querydsl: serve needs the web extra ({missing.name} is not installed): "
              "pip install 'querydsl[web]'", file=sys.stderr)  # fmt: skip
        sys.exit(EXIT_USAGE)
    server = make_server(args.host, args.port)
    if not server.loopback_only:
        print(f"querydsl: warning: {args.host} is not loopback; anyone who can reach it can use it",
              file=sys.stderr)  # fmt: skip
    print(f"querydsl playground on {server.url} (Ctrl-C stops it)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return "stopped"


def cmd_emulate(args: argparse.Namespace) -> str:
    try:
        from querydsl.emulator.asgi import Emulator
        from querydsl.emulator.server import serve
    except ImportError as missing:  # Starlette, uvicorn: the `emulator` extra
        print(f"querydsl: emulate needs the emulator extra ({missing.name} is not installed): "
              "pip install 'querydsl[emulator]'", file=sys.stderr)  # fmt: skip
        sys.exit(EXIT_USAGE)
    emulator = Emulator(
        data=[_read_file(name) for name in args.data],
        sample=args.sample,
        seed=args.seed,
        paging=args.paging,
        webhook_url=args.webhook_url,
    )
    server = serve(emulator, args.host, args.port)
    if not server.loopback_only:
        print(f"querydsl: warning: {args.host} is not loopback; anyone who can reach it can use it",
              file=sys.stderr)  # fmt: skip
    counts = emulator.counts()
    lines = [
        f"querydsl emulator on {server.url} (Ctrl-C stops it): {counts['operations']} operations, "
        f"{counts['transactions']} transactions, paging={args.paging}",
        "test credentials (this emulator's own, made for this run):",
        *emulator.credentials.lines(),
    ]
    if args.webhook_url:
        lines.append(f"webhooks to {args.webhook_url}; the public key: GET /emulator/public-key")
    print("\n".join(lines), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return "stopped"


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
}


#: What `querydsl COMMAND --help` shows under "examples:": shell lines that run as written, in an
#: empty directory (tests/test_cli_help.py runs each); a comment says when one exits 1.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "compile": (
        'querydsl compile --default-period 30d "amount > 5 and email like dana%"',
        "querydsl compile --compact"
        ' "date:2024-01-01..2024-02-01 order by amount desc page 2 size 50"',
        'querydsl compile "amount > 5"     # exit 1: missing_period, with the fix as a hint',
    ),
    "format": ('querydsl format "EMAIL like dana% AND date:2024-01-01..*"',),
    "fields": ("querydsl fields", "querydsl fields --json"),
    "validate": (
        'querydsl compile --default-period 7d "amount > 5" | querydsl validate -',
        "echo '{\"searchParameters\": []}' | querydsl validate -     # exit 1: missing_period",
    ),
    "decompile": (
        "querydsl compile --now 2024-05-01T00:00:00Z --default-period 7d"
        ' "email like dana%" | querydsl decompile -',
    ),
    "schema": ("querydsl schema > homebank-request.schema.json",),
    "inspect": (
        'echo \'{"code": 232, "message": "Search Method Unavailable"}\' | querydsl inspect -',
    ),
    "serve": ("querydsl serve --port 0     # on a free port; Ctrl-C stops it",),
    "emulate": ("querydsl emulate --port 0 --sample 1000 --seed 7     # Ctrl-C stops it",),
}


def _examples(name: str) -> str:
    return "examples:\n" + "\n".join(f"  {line}" for line in EXAMPLES[name])


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="querydsl",
        description="Search payment transactions in words.",
        epilog="`querydsl COMMAND --help` shows a command's options and examples.\n"
        "Exit status: 0 done, 1 invalid input (diagnostics on stderr), 2 usage error.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"querydsl {querydsl.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, help_text: str, json_help: str | None = "print diagnostics as JSON"
    ) -> argparse.ArgumentParser:
        """A subcommand; `--json` only where it changes what is printed (json_help says how)."""
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=_examples(name),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        if json_help is not None:
            sub.add_argument("--json", action="store_true", help=json_help)
        return sub

    def add_time_options(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--tz", default="UTC", help="time zone of dates without offset")
        sub.add_argument("--now", type=_now, help="the moment relative times count from")

    compile_ = add("compile", "print the Homebank payload of a query")
    compile_.add_argument("text", metavar="TEXT", help="the query, or - to read it from stdin")
    add_time_options(compile_)
    compile_.add_argument("--default-period", metavar="PERIOD", help="e.g. 30d when no date")
    compile_.add_argument("--page", type=_whole, help="page number (overrides the query)")
    compile_.add_argument("--size", type=_whole, help="page size (overrides the query)")
    compile_.add_argument("--compact", action="store_true", help="one line of JSON")

    format_ = add("format", "print a query's canonical text")
    format_.add_argument("text", metavar="TEXT", help="the query, or - to read it from stdin")
    add_time_options(format_)

    add("fields", "list the fields a query can name", "print the fields as JSON")

    for name, help_text in (
        ("validate", "check a Homebank payload; print every problem with its JSON Pointer"),
        ("decompile", "print the canonical query text of a Homebank payload"),
    ):
        add(name, help_text).add_argument(
            "file", metavar="FILE", help="the payload's JSON file, or - to read stdin"
        )
    add("schema", "print the JSON Schema of the Homebank payload", json_help=None)

    inspect_ = add(
        "inspect",
        "show a Homebank or Horizonpay response as a table",
        "print the response, or its diagnostics, as JSON",
    )
    inspect_.add_argument("file", metavar="FILE", help="the response's JSON file, or - for stdin")
    inspect_.add_argument(
        "--strict", action="store_true", help="duplicate keys and unknown fields are errors"
    )

    serve = add("serve", "serve the playground and the search box's endpoints", json_help=None)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    serve.add_argument("--port", type=_port, default=8765, help="port; 0 picks a free one")

    emulate = add("emulate", "serve a local emulator of the Homebank and Horizonpay APIs",
                  json_help=None)  # fmt: skip
    emulate.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    emulate.add_argument("--port", type=_port, default=8080, help="port; 0 picks a free one")
    emulate.add_argument("--data", nargs="+", action="extend", default=[], metavar="FILE",
                         help="Homebank /operations responses to serve (JSON files)")  # fmt: skip
    emulate.add_argument("--sample", type=_count, default=0, metavar="N",
                         help="add N sample operations and N sample transactions")  # fmt: skip
    emulate.add_argument("--seed", type=_whole, default=0, metavar="S",
                         help="the sample's seed: the same seed, the same data")  # fmt: skip
    emulate.add_argument(
        "--paging",
        choices=("page", "skip"),
        default="page",
        help="read paging.page as a page number or as records to skip",
    )
    emulate.add_argument(
        "--webhook-url",
        metavar="URL",
        help="POST each transaction added to /emulator/transactions here, signed",
    )
    return parser


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
            print(_dump(found, getattr(args, "compact", False)), file=sys.stderr)
        else:
            print(render(error.diagnostics, text), file=sys.stderr)
        return EXIT_INVALID
    except OSError as error:  # the path is the user's: shown as a terminal shows it, masked
        where = f": {error.filename}" if error.filename is not None else ""
        said = terminal_safe(f"querydsl: {error.strerror or error}{where}")
        print(redact_text(said), file=sys.stderr)
        return EXIT_USAGE
    try:
        _write(output)
    except BrokenPipeError:  # `querydsl schema | head`: the reader has gone; that is fine
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError as error:  # a full disk, say
        print(f"querydsl: cannot write the output: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _write(output: str) -> None:
    """Print the output: UTF-8 when the console's own encoding cannot hold it (as input is read)."""
    try:
        print(output)
    except UnicodeEncodeError:
        sys.stdout.flush()
        sys.stdout.buffer.write(output.encode("utf-8") + b"\n")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
