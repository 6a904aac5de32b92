"""The local store's commands: `store add` and `search`, over a DuckDB file (the `sql` extra)."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from typing import Any

from querydsl.cli.arguments import EXIT_USAGE, read_file, read_text, shown_path, write
from querydsl.language.errors import QueryError


def open_store(path: str, *, create: bool) -> Any:
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


def cmd_store(args: argparse.Namespace) -> str:
    """`store add`: each file is added whole or not at all; the files before a bad one stay
    added (adding them again is harmless: an operation already stored is replaced)."""
    with open_store(args.db, create=True) as store:
        lines: list[str] = []
        for name in args.files:
            data = read_file(name)
            try:
                added = store.add(data)
            except QueryError:
                if lines:
                    write("\n".join(lines))
                if not args.json:
                    print(f"querydsl: {shown_path(name)}: nothing added from it", file=sys.stderr)
                raise
            lines.append(f"{shown_path(name)}: {added} new operations")
        lines.append(f"{shown_path(args.db)}: {len(store)} operations")
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace) -> str:
    from querydsl.store.shown import page_json, page_table

    text = read_text(args.text)
    with open_store(args.db, create=False) as store:
        found = store.search(
            text, tz=args.tz, now=args.now, page=args.page, size=args.size, paging=args.paging
        )
    return page_json(found) if args.json else page_table(found)
