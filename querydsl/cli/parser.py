"""The command line's grammar: each subcommand with its options, help text and examples."""

from __future__ import annotations

import argparse

import querydsl
from querydsl.cli.arguments import Parser, count, instant, port, whole
from querydsl.cli.fetch import CREDENTIAL_OPTIONS, CredentialArgument

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
    """The `querydsl` command's parser, every subcommand on it.

    >>> build_parser().parse_args(["compile", "amount > 5", "--size", "10"]).size
    10
    """
    parser = Parser(
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
        sub.add_argument("--now", type=instant, help="the moment relative times count from")

    compile_ = add("compile", "print the Homebank payload of a query")
    compile_.add_argument("text", metavar="TEXT", help="the query, or - to read it from stdin")
    add_time_options(compile_)
    compile_.add_argument("--default-period", metavar="PERIOD", help="e.g. 30d when no date")
    compile_.add_argument("--page", type=whole, help="page number (overrides the query)")
    compile_.add_argument("--size", type=whole, help="page size (overrides the query)")
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
    serve.add_argument("--port", type=port, default=8765, help="port; 0 picks a free one")
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
    search.add_argument("--page", type=whole, help="page number (overrides the query)")
    search.add_argument("--size", type=whole, help="page size (overrides the query; 20)")
    search.add_argument(
        "--paging", choices=("page", "skip"), default="page",
        help="read --page as a page number or as records to skip",
    )  # fmt: skip

    emulate = add("emulate", "serve a local emulator of the Homebank and Horizonpay APIs",
                  json_help=None)  # fmt: skip
    emulate.add_argument("--host", default="127.0.0.1", help="address to listen on (loopback)")
    emulate.add_argument("--port", type=port, default=8080, help="port; 0 picks a free one")
    emulate.add_argument("--data", nargs="+", action="extend", default=[], metavar="FILE",
                         help="Homebank /operations responses to serve (JSON files)")  # fmt: skip
    emulate.add_argument("--sample", type=count, default=0, metavar="N",
                         help="add N sample operations and N sample transactions")  # fmt: skip
    emulate.add_argument("--seed", type=whole, default=0, metavar="S",
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
    fetch.add_argument("--page-size", type=count, default=100, metavar="N",
                       help="records asked for in each page (100)")  # fmt: skip
    fetch.add_argument("--paging", choices=("page", "skip"), default="page",
                       help="paging.page is a page number or records to skip")  # fmt: skip
    fetch.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                       help="for each request (10)")  # fmt: skip
    fetch.add_argument("--retries", type=whole, default=3, metavar="N",
                       help="retries after a timeout, 429 or 502/503/504 (3)")  # fmt: skip
    for option in CREDENTIAL_OPTIONS:
        fetch.add_argument(option, action=CredentialArgument, nargs="?", help=argparse.SUPPRESS)
    fetch.add_argument("--strict", action="store_true",
                       help="refuse records missing a key or with an unknown one")  # fmt: skip
    return parser
