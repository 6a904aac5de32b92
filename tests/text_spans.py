"""Spans written as the text they cover, for tables of diagnostics: `"amout"` is the first
`amout` in the text, `("1", 2)` its second `1`, `("x", -1)` its last `x`, `(3, 5)` offsets."""

from __future__ import annotations

SpanSpec = str | tuple[str, int] | tuple[int, int] | None


def locate(text: str, spec: SpanSpec) -> tuple[int, int] | None:
    """The (start, end) offsets in `text` of the span `spec` names.

    >>> locate("a = 1 and b = 1", ("1", 2)), locate("ab", None)
    ((14, 15), None)
    """
    if spec is None:
        return None
    if isinstance(spec, tuple) and isinstance(spec[0], int):
        return spec
    needle, nth = (spec, 1) if isinstance(spec, str) else spec
    if nth == -1:  # the last occurrence
        start = text.rindex(needle)
    else:
        start = -1
        for _ in range(nth):
            start = text.index(needle, start + 1)
    return (start, start + len(needle))
