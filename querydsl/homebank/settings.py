"""The Homebank client's settings: the hosts the docs print, and the credentials read from a
JSON file or the QUERYDSL_HOMEBANK_* environment variables (`settings_from`).

>>> PRODUCTION["base_url"], ENVIRONMENT["username"]
('https://epay-api.homebank.kz', 'QUERYDSL_HOMEBANK_USERNAME')
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from types import MappingProxyType

from querydsl.language.errors import Diagnostic, QueryError

#: The hosts the docs print (APIS 1.1, 2.1); `Client(**PRODUCTION, username=..., ...)`.
PRODUCTION: Mapping[str, str] = MappingProxyType(
    {
        "base_url": "https://epay-api.homebank.kz",
        "token_url": "https://epay-oauth.homebank.kz/oauth2/token",
    }
)
#: The test hosts of the English token page (the Russian one prints
#: https://test-epay-oauth.epayment.kz/oauth2/token: the docs do not say which is current).
TEST: Mapping[str, str] = MappingProxyType(
    {
        "base_url": "https://testepay.homebank.kz/api",
        "token_url": "https://testoauth.homebank.kz/epay2/oauth2/token",
    }
)

#: Where `settings_from` finds each of the client's settings in the environment.
ENVIRONMENT: Mapping[str, str] = MappingProxyType(
    {
        "username": "QUERYDSL_HOMEBANK_USERNAME",
        "password": "QUERYDSL_HOMEBANK_PASSWORD",
        "client_id": "QUERYDSL_HOMEBANK_CLIENT_ID",
        "client_secret": "QUERYDSL_HOMEBANK_CLIENT_SECRET",
        "scope": "QUERYDSL_HOMEBANK_SCOPE",
        "base_url": "QUERYDSL_HOMEBANK_BASE_URL",
        "token_url": "QUERYDSL_HOMEBANK_TOKEN_URL",
    }
)
_REQUIRED = ("username", "password", "client_id", "client_secret")


def settings_from(
    environ: Mapping[str, str] | None = None, path: str | os.PathLike[str] | None = None
) -> dict[str, str]:
    """The client's credentials and hosts, from a JSON file (an object with the keys of
    ENVIRONMENT) and then the QUERYDSL_HOMEBANK_* environment variables: a setting the file
    gives is not looked for in the environment. The hosts default to PRODUCTION. QueryError for
    a missing credential or a file that is no such object; no value is ever quoted.

    >>> settings = settings_from({"QUERYDSL_HOMEBANK_USERNAME": "dana",
    ...     "QUERYDSL_HOMEBANK_PASSWORD": "hunter2", "QUERYDSL_HOMEBANK_CLIENT_ID": "shop",
    ...     "QUERYDSL_HOMEBANK_CLIENT_SECRET": "s3cr3t"})
    >>> settings["base_url"], settings["username"]
    ('https://epay-api.homebank.kz', 'dana')
    >>> try:
    ...     settings_from({})
    ... except QueryError as error:
    ...     print(error.diagnostics[0].message)
    no username: set QUERYDSL_HOMEBANK_USERNAME
    """
    environ = os.environ if environ is None else environ
    found: dict[str, str] = {}
    if path is not None:
        with open(path, "rb") as handle:
            content = handle.read()
        try:
            data = json.loads(content)
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            raise _invalid("the credentials file is not a JSON object")
        unknown = [key for key in data if key not in ENVIRONMENT]
        if unknown:
            known = ", ".join(ENVIRONMENT)
            raise _invalid(
                f"the credentials file has {len(unknown)} unknown key(s); the keys are {known}"
            )
        for key, value in data.items():
            if not isinstance(value, str):
                raise _invalid(f"the credentials file's {key} is not a string")
            found[key] = value
    for key, variable in ENVIRONMENT.items():
        if key not in found and environ.get(variable):
            found[key] = environ[variable]
    for key in _REQUIRED:
        if not found.get(key):
            where = " or in the credentials file" if path is not None else ""
            raise _invalid(f"no {key}: set {ENVIRONMENT[key]}{where}")
    return {**PRODUCTION, **found}


def _invalid(message: str) -> QueryError:
    return QueryError([Diagnostic("invalid_value", message)])
