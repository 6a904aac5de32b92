"""`querydsl fetch`: every page of a search, from Homebank or the emulator; no credential shown."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

import querydsl
from querydsl.carddata.redact import redact_text
from querydsl.cli.arguments import EXIT_API, EXIT_USAGE, read_text, shown_path, write
from querydsl.language.errors import QueryError, render


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

    text = read_text(args.text)
    options = {"tz": args.tz, "now": args.now, "default_period": args.default_period}
    querydsl.to_payload(text, **options)  # an invalid query: exit 1, before anything else
    try:
        settings = settings_from(path=args.credentials)
    except QueryError as error:  # a credential missing: the environment is the user's to set
        print(f"querydsl: fetch: {error.diagnostics[0].message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    readable = args.credentials is not None and os.name == "posix"
    if readable and os.stat(args.credentials).st_mode & 0o077:
        print(f"querydsl: warning: {shown_path(args.credentials)} can be read by other users: "
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
                        write(last)
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
            write(last)
        kept = f" ({pages} page{'s' * (pages != 1)} written before it)" if pages else ""
        print(f"querydsl: fetch: {redact_text(failure)}{kept}", file=sys.stderr)
        sys.exit(EXIT_API)
    if to_stdout:
        return last
    summary = f"fetched {records} operations in {pages} page{'s' * (pages != 1)} "
    summary += f"(totalCount {total})"
    if args.out is not None:
        summary += f" to {shown_path(args.out)}"
    if args.db is not None:
        summary += f"; the store {shown_path(args.db)} holds {held} operations"
    return summary


#: The options a user may try for a credential, and the variable each belongs in.
CREDENTIAL_OPTIONS = {"--username": "USERNAME", "--password": "PASSWORD",
                      "--client-id": "CLIENT_ID", "--client-secret": "CLIENT_SECRET"}  # fmt: skip


class CredentialArgument(argparse.Action):
    """A credential given as an argument: refused without quoting it (an argument stays in the
    shell's history and in process lists), naming where it belongs."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
        option_string: str | None = None,
    ) -> None:  # fmt: skip
        variable = f"QUERYDSL_HOMEBANK_{CREDENTIAL_OPTIONS[self.option_strings[0]]}"
        parser.error(f"{self.option_strings[0]}: credentials are never arguments; "
                     f"set {variable} or use --credentials FILE")  # fmt: skip


def _fetch_store(path: str) -> Any:
    try:
        from querydsl.store import Store
    except ImportError as missing:  # DuckDB, sqlglot: the `sql` extra
        print(f"querydsl: fetch --db needs the sql extra ({missing.name} is not installed): "
              "pip install 'querydsl[sql]'", file=sys.stderr)  # fmt: skip
        sys.exit(EXIT_USAGE)
    return Store(path)
