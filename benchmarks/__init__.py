"""Benchmarks: querydsl side by side with luqum, odata-query, fastjsonschema and pydantic."""
