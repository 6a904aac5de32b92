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
        from querydsl.web.asgi import app
        from querydsl.web.server import make_server
    except ImportError as missing:  # Starlette or uvicorn: the `web` extra
        library = (missing.name or "a library").partition(".")[0]
        print(f"querydsl: serve needs the web extra ({library} is not installed): "
              "pip install 'querydsl[web]'", file=sys.stderr)  # fmt: skip
        sys.exit(EXIT_USAGE)
    # With --db, the search box suggests the values kept in that store (SPEC 11).
    store = None if args.db is None else _open_store(args.db, create=False)
    application = None if store is None else app(values=store.values)
    server = make_server(args.host, args.port, application)
    if not server.loopback_only:
        print(f"querydsl: warning: {args.host} is not loopback; anyone who can reach it can use it",
              file=sys.stderr)  # fmt: skip
    print(f"querydsl playground on {server.url} (Ctrl-C stops it)", flush=True)
    if store is not None:
        said = f"value suggestions from {_shown_path(args.db)} ({len(store)} operations)"
        print(said, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if store is not None:
            store.close()
    return "stopped"


def _open_store(path: str, *, create: bool) -> Any:
    """The store in the DuckDB file `path` (made when `create`; else it must exist)."""
    if not create and not os.path.exists(path):
        raise FileNotFoundError(errno.ENOENT, "no such store", path)
    try:
        from querydsl.store import Store

        return Store(path)
    except ImportError as missing:  # DuckDB, sqlglot or numpy: the `sql` extra
        print(f"querydsl: the store needs the sql extra ({missing}): pip install 'querydsl[sql]'",
              file=sys.stderr)  # fmt: skip
        sys.exit(EXIT_USAGE)


def _shown_path(path: str) -> str:
    return redact_text(terminal_safe(path))


def cmd_store(args: argparse.Namespace) -> str:
    """`store add`: each file is added whole or not at all; the files before a bad one stay
    added (adding them again is harmless: an operation already stored is replaced)."""
    with _open_store(args.db, create=True) as store:
        lines: list[str] = []
        for name in args.files:
            data = _read_file(name)
            try:
                added = store.add(data)
            except QueryError:
                if lines:
                    _write("\n".join(lines))
                if not args.json:
                    print(f"querydsl: {_shown_path(name)}: nothing added from it", file=sys.stderr)
                raise
            lines.append(f"{_shown_path(name)}: {added} new operations")
        lines.append(f"{_shown_path(args.db)}: {len(store)} operations")
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace) -> str:
    from querydsl.store.shown import page_json, page_table

    text = _read_text(args.text)
    with _open_store(args.db, create=False) as store:
        found = store.search(
            text, tz=args.tz, now=args.now, page=args.page, size=args.size, paging=args.paging
        )
    return page_json(found) if args.json else page_table(found)


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


EXIT_API = 3  # `querydsl fetch`: the API refused, or could not be reached


def cmd_fetch(args: argparse.Namespace) -> str:
    """Every page of a search, as the API sent it: JSON Lines to --out (stdout by default), and
    into the store with --db. Credentials come from the environment or --credentials FILE."""
    try:
        from querydsl.client.errors import ClientError
        from querydsl.homebank.client import Client, settings_from
    except ImportError as missing:  # httpx: the `client` extra
        print(f"querydsl: fetch needs the client extra ({missing.name} is not installed): "
              "pip install 'querydsl[client]'", file=sys.stderr)  # fmt: skip
        sys.exit(EXIT_USAGE)
    from contextlib import ExitStack

    from querydsl.language.errors import SchemaError

    text = _read_text(args.text)
    options = {"tz": args.tz, "now": args.now, "default_period": args.default_period}
    querydsl.to_payload(text, **options)  # an invalid query: exit 1, before anything else
    try:
        settings = settings_from(path=args.credentials)
    except QueryError as error:  # a credential missing: the environment is the user's to set
        print(f"querydsl: fetch: {error.diagnostics[0].message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    readable = args.credentials is not None and os.name == "posix"
    if readable and os.stat(args.credentials).st_mode & 0o077:
        print(f"querydsl: warning: {_fetch_path(args.credentials)} can be read by other users: "
              "chmod 600 it", file=sys.stderr)  # fmt: skip
    for name in ("base_url", "token_url"):
        if getattr(args, name) is not None:
            settings[name] = getattr(args, name)
    to_stdout = args.out == "-" or (args.out is None and args.db is None)
    pages = records = 0
    total: object = 0
    last, failure, held = "", "", 0
    with ExitStack() as stack:
        options_of_client: dict[str, Any] = {
            **settings, "paging": args.paging, "timeout": args.timeout,
            "retries": args.retries, "strict": args.strict,
        }  # fmt: skip
        client = stack.enter_context(Client(**options_of_client))
        store = None if args.db is None else stack.enter_context(_fetch_store(args.db))
        out = None if args.out in (None, "-") else stack.enter_context(open(args.out, "wb"))
        try:
            payload = client._payload(text, options)  # the query as search() reads it
            for content, page in client._pages(payload, args.page_size):
                # One line per page: JSON holds no raw line break inside a string, so those
                # are whitespace between tokens, and the page stays as the API wrote it.
                line = content.replace(b"\r", b" ").replace(b"\n", b" ").strip()
                if out is not None:
                    out.write(line + b"\n")
                if to_stdout:
                    if last:
                        _write(last)
                    last = line.decode("utf-8", "replace")
                if store is not None:
                    store.add(page)
                pages, records, total = pages + 1, records + len(page.records), page.total_count
        except ClientError as error:
            failure = str(error)
        except SchemaError as error:  # an answer that is no page
            failure = render(error.diagnostics)
        held = len(store) if store is not None else 0
    if failure:
        if to_stdout and last:
            _write(last)
        kept = f" ({pages} page{'s' * (pages != 1)} written before it)" if pages else ""
        print(f"querydsl: fetch: {redact_text(failure)}{kept}", file=sys.stderr)
        sys.exit(EXIT_API)
    if to_stdout:
        return last
    summary = f"fetched {records} operations in {pages} page{'s' * (pages != 1)} "
    summary += f"(totalCount {total})"
    if args.out is not None:
        summary += f" to {_fetch_path(args.out)}"
    if args.db is not None:
        summary += f"; the store {_fetch_path(args.db)} holds {held} operations"
    return summary


#: The options a user may try for a credential, and the variable each belongs in.
_CREDENTIAL_OPTIONS = {"--username": "USERNAME", "--password": "PASSWORD",
                       "--client-id": "CLIENT_ID", "--client-secret": "CLIENT_SECRET"}  # fmt: skip


class _CredentialArgument(argparse.Action):
    """A credential given as an argument: refused without quoting it (an argument stays in the
    shell's history and in process lists), naming where it belongs."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
        option_string: str | None = None,
    ) -> None:  # fmt: skip
        variable = f"QUERYDSL_HOMEBANK_{_CREDENTIAL_OPTIONS[self.option_strings[0]]}"
        parser.error(f"{self.option_strings[0]}: credentials are never arguments; "
                     f"set {variable} or use --credentials FILE")  # fmt: skip


def _fetch_path(path: str) -> str:
    return redact_text(terminal_safe(path))


def _fetch_store(path: str) -> Any:
    try:
        from querydsl.store import Store
    except ImportError as missing:  # DuckDB, sqlglot: the `sql` extra
        print(f"querydsl: fetch --db needs the sql extra ({missing.name} is not installed): "
              "pip install 'querydsl[sql]'", file=sys.stderr)  # fmt: skip
        sys.exit(EXIT_USAGE)
    return Store(path)


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
    "store": ('echo \'{"totalCount": 0, "records": []}\' | querydsl store add --db ops.duckdb -',),
    "search": (
        'echo \'{"totalCount": 0, "records": []}\''
        " | querydsl store add --db ops.duckdb - >/dev/null"
        ' && querydsl search --db ops.duckdb "amount > 5 order by created_date desc"',
        'querydsl search --db ops.duckdb --json --size 5 "client like dana%"',
    ),
    "emulate": ("querydsl emulate --port 0 --sample 1000 --seed 7     # Ctrl-C stops it",),
    "fetch": ('querydsl fetch --out pages.jsonl "amount > 5"     # exit 1: missing_period',),
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
    serve.add_argument("--db", metavar="FILE", help="suggest values kept in this store")

    store = add("store", "keep Homebank operations in a local store (a DuckDB file)", None)
    actions = store.add_subparsers(dest="action", required=True, metavar="ACTION")
    store_add = actions.add_parser(
        "add",
        help="add /operations responses; an operation already stored is replaced",
        description="add Homebank /operations responses (JSON files) to the store; each file "
        "is added whole or not at all, and an operation already stored (by id) is replaced",
    )
    store_add.add_argument("--db", metavar="FILE", required=True, help="the store (made if new)")
    store_add.add_argument("files", metavar="PAGE.json", nargs="+", help="a response, - for stdin")
    store_add.add_argument("--json", action="store_true", help="print diagnostics as JSON")

    search = add("search", "search a local store; print a page of operations as a table",
                 "print the page as JSON (Homebank's response shape), diagnostics too")  # fmt: skip
    search.add_argument("text", metavar="TEXT", help="the query, or - to read it from stdin")
    search.add_argument("--db", metavar="FILE", required=True, help="the store to search")
    add_time_options(search)
    search.add_argument("--page", type=_whole, help="page number (overrides the query)")
    search.add_argument("--size", type=_whole, help="page size (overrides the query; 20)")
    search.add_argument(
        "--paging", choices=("page", "skip"), default="page",
        help="read --page as a page number or as records to skip",
    )  # fmt: skip

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
    fetch = add(
        "fetch",
        "search Homebank (or the emulator) and write every page, or keep it in a store",
        json_help=None,
    )
    fetch.description = (
        "Search Homebank's /operations (or the emulator's) with a query; write every page as\n"
        "the API sent it, one JSON line per page, or keep the operations in a store (--db).\n\n"
        "Credentials are never arguments: they come from the environment variables\n"
        "QUERYDSL_HOMEBANK_USERNAME, _PASSWORD, _CLIENT_ID, _CLIENT_SECRET (and _SCOPE,\n"
        "_BASE_URL, _TOKEN_URL), or from --credentials FILE, a JSON object with the keys\n"
        "username, password, client_id, client_secret (scope, base_url, token_url).\n"
        "The hosts default to Homebank's production hosts.\n\n"
        "Exit status: 0 done, 1 invalid query, 2 usage error or missing credentials,\n"
        "3 the API refused or could not be reached."
    )
    fetch.add_argument("text", metavar="TEXT", help="the query, or - to read it from stdin")
    add_time_options(fetch)
    fetch.add_argument("--default-period", metavar="PERIOD", help="e.g. 30d when no date")
    fetch.add_argument("--out", metavar="FILE", help="write the pages here (- or none: stdout)")
    fetch.add_argument("--db", metavar="FILE", help="keep the operations in this store")
    fetch.add_argument("--credentials", metavar="FILE", help="a JSON file of credentials")
    fetch.add_argument("--base-url", metavar="URL", help="the API's base URL (/operations below)")
    fetch.add_argument("--token-url", metavar="URL", help="the token endpoint's URL")
    fetch.add_argument("--page-size", type=_count, default=100, metavar="N",
                       help="records asked for in each page (100)")  # fmt: skip
    fetch.add_argument("--paging", choices=("page", "skip"), default="page",
                       help="paging.page is a page number or records to skip")  # fmt: skip
    fetch.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                       help="for each request (10)")  # fmt: skip
    fetch.add_argument("--retries", type=_whole, default=3, metavar="N",
                       help="retries after a timeout, 429 or 502/503/504 (3)")  # fmt: skip
    for option in _CREDENTIAL_OPTIONS:
        fetch.add_argument(option, action=_CredentialArgument, nargs="?", help=argparse.SUPPRESS)
    fetch.add_argument("--strict", action="store_true",
                       help="refuse records missing a key or with an unknown one")  # fmt: skip
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
