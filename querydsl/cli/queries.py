"""The commands that read and write queries, payloads and responses.

compile, format, fields, validate, decompile, schema and inspect.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import querydsl
from querydsl.carddata.redact import redact_text
from querydsl.cli.arguments import dump, read_file, read_text
from querydsl.homebank.schema import HOMEBANK
from querydsl.language.errors import Diagnostic, QueryError, render
from querydsl.language.schema import allowed_methods


def cmd_compile(args: argparse.Namespace) -> str:
    from querydsl.searchbox.lint import lint

    text = read_text(args.text)
    options: dict[str, Any] = {
        "tz": args.tz,
        "now": args.now,
        "default_period": args.default_period,
        "page": args.page,
        "size": args.size,
    }
    payload = querydsl.to_payload(text, **options)
    _warn(lint(text, **options), text, args)
    return dump(payload, args.compact)


def _warn(warnings: list[Diagnostic], text: str, args: argparse.Namespace) -> None:
    """Print lint's warnings on stderr as errors are printed (the text masked), JSON with
    --json; the query is valid, so the exit status stays 0."""
    if not warnings:
        return
    if args.json:
        print(dump([w.to_dict() for w in warnings], args.compact), file=sys.stderr)
    else:
        print(render(warnings, redact_text(text)), file=sys.stderr)


def cmd_format(args: argparse.Namespace) -> str:
    return querydsl.to_text(querydsl.parse(read_text(args.text), tz=args.tz, now=args.now))


def cmd_fields(args: argparse.Namespace) -> str:
    if args.json:
        return dump(
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
    diagnostics = querydsl.validate_payload(read_file(args.file))
    if diagnostics:
        raise QueryError(diagnostics)
    return "valid"


def cmd_decompile(args: argparse.Namespace) -> str:
    return querydsl.to_text(querydsl.from_payload(read_file(args.file)))


def cmd_schema(args: argparse.Namespace) -> str:
    from querydsl.homebank import json_schema

    return dump(json_schema())


def cmd_inspect(args: argparse.Namespace) -> str:
    from querydsl.inspect import inspect_document

    return inspect_document(read_file(args.file), as_json=args.json, strict=args.strict)
