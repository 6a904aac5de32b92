"""Fields: name, type, aliases and allowed methods; lookup that ignores case and underscores."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import attrs

from querydsl.language.ast import Method
from querydsl.language.lexer import KEYWORDS
from querydsl.language.types import FieldType as FieldType  # its home before types.py
from querydsl.language.types import ValueType, value_type


def allowed_methods(field_type: ValueType) -> list[Method]:
    """The methods a field of `field_type` allows, in the order Method lists them.

    >>> [method.value for method in allowed_methods(FieldType.STRING)]
    ['=', 'in', 'like']
    """
    allowed = field_type.methods
    return [method for method in Method if method in allowed]


def field_takes(field: Field | None, method: Method | None) -> bool:
    """Whether `field` takes `method`; an unknown field, or a word naming no one method, might.

    >>> from querydsl.homebank.schema import HOMEBANK
    >>> field_takes(HOMEBANK.lookup("created_date"), Method.IN), field_takes(None, Method.IN)
    (False, True)
    """
    return field is None or method is None or method in field.type.methods


def normalize(name: str) -> str:
    """The lookup key of a name: case and underscores do not count.

    >>> normalize("PAYER_Email") == normalize("payerEmail")
    True
    """
    key = name.replace("_", "").casefold()
    if key.isascii() and not name.isascii():
        # Only a look-alike folds to ASCII from outside it (the Kelvin sign, the long s): such a
        # name spells no field, and the did-you-mean hint names the one it imitates.
        return name
    return key


#: What a query can write as a field (SPEC 1.1): a letter or `_`, then letters, digits or `_`,
#: optionally dotted (`customer.email`).
_FIELD_NAME = re.compile(r"[^\W\d]\w*(?:\.[^\W\d]\w*)*")


def _nameable(field: Field, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A field's name and aliases must be words a query can write, and no keyword."""
    if attribute.name == "aliases" and not isinstance(value, tuple):
        raise TypeError(f"aliases is a tuple of names, not {type(value).__name__}")
    for name in value if isinstance(value, tuple) else (value,):
        if not isinstance(name, str) or not _FIELD_NAME.fullmatch(name):
            raise ValueError(f"{name!r} cannot name a field: a query could not write it")
        if name.upper() in KEYWORDS:
            raise ValueError(f"{name!r} cannot name a field: it is a keyword")


@attrs.frozen
class Field:
    """One searchable field of a schema; `type` is a value type or its name (`"string"`).
    `identifying`: a value names one record or a few (an order number, an RRN), so a store
    keeps an index on the field and looks an `=` or `in` on it up there.

    >>> from querydsl.language.types import EnumType
    >>> Field("status", EnumType("successful", "failed")).type.methods == {Method.EQ, Method.IN}
    True
    """

    name: str = attrs.field(validator=_nameable)
    type: ValueType = attrs.field(converter=value_type)
    aliases: tuple[str, ...] = attrs.field(default=(), validator=_nameable)
    description: str = ""
    identifying: bool = attrs.field(default=False, kw_only=True)


def methods_hint(field: Field) -> str:
    """The hint for a method a field does not take: the ones it does.

    >>> methods_hint(Field("post_link", FieldType.BOOLEAN))
    'post_link allows ='
    """
    return f"{field.name} allows {', '.join(m.value for m in allowed_methods(field.type))}"


@attrs.frozen(repr=False)
class Schema:
    """The fields a query may name.

    >>> from querydsl.homebank.schema import HOMEBANK
    >>> HOMEBANK.lookup("Payer_Email").name
    'payer_email'
    >>> Schema((Field("total", "number"), Field("note", "string")))
    Schema(2 fields: total, note)
    """

    fields: tuple[Field, ...]
    _index: dict[str, Field] = attrs.field(init=False, repr=False, eq=False)
    _exact: dict[str, Field] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, Field] = {}
        for item in self.fields:
            for name in (item.name, *item.aliases):
                key = normalize(name)
                if index.get(key, item) is not item:
                    raise ValueError(f"the name {name!r} is given twice in the schema")
                index[key] = item
        exact = {name: item for item in self.fields for name in (item.name, *item.aliases)}
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_exact", exact)

    def lookup(self, name: str) -> Field | None:
        """The field a name (or alias) stands for, or None."""
        try:
            return self._exact.get(name) or self._index.get(normalize(name))
        except (TypeError, AttributeError):  # not a name at all (None, a list)
            return None

    def __repr__(self) -> str:
        """Short, for a signature's default in help(): the field names, not every Field."""
        names = ", ".join(field.name for field in self.fields[:6])
        more = ", ..." if len(self.fields) > 6 else ""
        count = f"{len(self.fields)} field" + ("s" if len(self.fields) != 1 else "")
        return f"Schema({count}: {names}{more})"

    def meant(self, name: str) -> str | None:
        """The field a name stands for, or else the one a did-you-mean hint would name.

        >>> from querydsl.homebank.schema import HOMEBANK
        >>> HOMEBANK.meant("date"), HOMEBANK.meant("creatd_date"), HOMEBANK.meant("zzz")
        ('created_date', 'created_date', None)
        """
        field = self.lookup(name)
        return field.name if field is not None else self.suggest(name)

    def suggest(self, name: str) -> str | None:
        """The closest known name, for a did-you-mean hint.

        >>> from querydsl.homebank.schema import HOMEBANK
        >>> HOMEBANK.suggest("\u0430mout"), HOMEBANK.suggest("ррм")  # U+0430 is Cyrillic
        ('amount', 'reference')
        """
        from difflib import SequenceMatcher, get_close_matches  # only for a name that is wrong

        # Look-alikes folded to Latin first (`аmount`), then the name as written, for names in
        # other scripts (`ррм` is close to the alias `ррн`, not to any Latin name).
        keys = dict.fromkeys((normalize(_fold_lookalikes(name)), normalize(name)))
        for key in keys:
            if key in self._index:
                return self._index[key].name
        close = [
            (key, known)
            for key in keys
            for known in get_close_matches(key, list(self._index), n=1, cutoff=0.6)
        ]
        if not close:
            return None
        best = max(close, key=lambda pair: SequenceMatcher(None, *pair).ratio())
        return self._index[best[1]].name


# Letters from other scripts that look like Latin ones: `аmount` with a Cyrillic а.
_LOOKALIKES = str.maketrans("аеорсухіјѕԁӏАВЕКМНОРСТХІЈЅ", "aeopcyxijsdlABEKMHOPCTXIJS")


def _fold_lookalikes(name: str) -> str:
    return unicodedata.normalize("NFKC", name).translate(_LOOKALIKES)


#: The hint for a name that is close to no field.
FIELDS_HINT = "`querydsl fields` lists the fields (in Python, the schema's `fields`)"
