"""What `Store.add` is given, read: the operations, each one's JSON, and the batch of columns.

Records that `load_operations` has just read are taken as they are; records built by hand are
written as JSON and read back, so that what is stored is what a search gives back. Every problem
is a Diagnostic at the record's JSON Pointer, and nothing is stored while there is one.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from querydsl.homebank.models import Operation, OperationsPage
from querydsl.homebank.responses import load_operations
from querydsl.language.errors import MAX_DIAGNOSTICS, Diagnostic, QueryError, SchemaError
from querydsl.memory.records import kind_of
from querydsl.store.rows import (
    FIELD_COLUMNS,
    RECORD_JSON,
    Unwritable,
    pointer_of,
    record_json,
    row_problems,
)


def operations_in(data: object) -> tuple[list[Operation], str, bool]:
    """The operations in `data`, the JSON Pointer their indexes go under, and whether they were
    just read by `load_operations` (else they may be built by hand, and are read back)."""
    if isinstance(data, (dict, str, bytes, bytearray)):
        return list(load_operations(data).records), "/records", True
    if isinstance(data, OperationsPage):
        return list(data.records), "/records", False
    if isinstance(data, Iterable):
        records = list(data)
        wrong = [
            Diagnostic(
                "invalid_shape", f"expected an Operation, got {kind_of(record)}", path=f"/{i}"
            )
            for i, record in enumerate(records)
            if not isinstance(record, Operation)
        ]
        if wrong:
            raise SchemaError(wrong[:MAX_DIAGNOSTICS])
        return records, "", False
    message = f"expected operations, a page or response JSON, got {kind_of(data)}"
    raise QueryError([Diagnostic("invalid_shape", message)])


def record_texts(records: list[Operation], where: str) -> tuple[list[str], list[Diagnostic]]:
    """Each record's JSON, and where a record holds what is no JSON data."""
    texts: list[str] = []
    problems: list[Diagnostic] = []
    for number, record in enumerate(records):
        try:
            texts.append(record_json(record))
        except Unwritable as unwritable:
            at = pointer_of(f"{where}/{number}", unwritable.path)
            problems.append(Diagnostic("invalid_shape", unwritable.message, path=at))
    return texts, problems


def read_back(texts: list[str], where: str) -> list[Operation]:
    """The records as `load_operations` reads their JSON; SchemaError at their own pointers."""
    try:
        return load_operations(f'{{"totalCount":0,"records":[{",".join(texts)}]}}').records
    except SchemaError as error:
        moved = [
            attrs.evolve(found, path=where + found.path.removeprefix("/records"))
            if found.path
            else found
            for found in error.diagnostics
        ]
    raise SchemaError(moved)


def batch_of(
    kept: list[tuple[int, Operation, str]], where: str
) -> tuple[dict[str, list[object]], list[Diagnostic]]:
    """The batch's columns, and what the store cannot hold (at each record's pointer)."""
    columns: dict[str, list[object]] = {"id": [], RECORD_JSON: []}
    for name, _ in FIELD_COLUMNS:
        columns[name] = []
    problems: list[Diagnostic] = []
    for number, record, text in kept:
        values, found = row_problems(record, f"{where}/{number}")
        if type(record.id) is not str:  # read leniently, a record may come without one
            message = "the store keeps operations by id: this one has none"
            found.append(Diagnostic("invalid_value", message, path=f"{where}/{number}/id"))
        problems.extend(found)
        columns["id"].append(record.id)
        columns[RECORD_JSON].append(text)
        for (name, _), value in zip(FIELD_COLUMNS, values, strict=True):
            columns[name].append(value)
    return columns, problems
