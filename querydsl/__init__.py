"""querydsl: search payment transactions in words."""

from querydsl.errors import Diagnostic, QueryError, SchemaError

__all__ = ["Diagnostic", "QueryError", "SchemaError"]
