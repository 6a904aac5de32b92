"""Horizonpay webhooks: the `Content-Signature` checked over the raw body, then the body read.

The signature is RSASSA-PKCS1-v1_5 with SHA-256 over the body's bytes exactly as they arrived,
sent Base64-encoded; the shop's public key comes from the back office as bare Base64 (a DER
SubjectPublicKeyInfo) or armoured as PEM. Verifying needs the `client` extra (`cryptography`),
imported on the first call.
"""

from __future__ import annotations

import base64
import binascii
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import attrs

from querydsl.client.errors import SignatureError
from querydsl.horizonpay.models import Transaction
from querydsl.horizonpay.responses import load_transaction
from querydsl.language.errors import Diagnostic, SchemaError
from querydsl.wire.converters import as_warnings
from querydsl.wire.jsontext import load_json

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

#: Keys shorter than this are refused: 1024-bit RSA no longer resists a determined attacker,
#: and the back office hands out 2048-bit keys.
MIN_KEY_BITS = 2048
_EXTRA = "verifying webhooks needs the `client` extra: pip install 'querydsl[client]'"


def verify_webhook(body: bytes, signature: str | bytes, public_key: str | bytes) -> Transaction:
    """Check a webhook's `Content-Signature` over its raw `body`, then read the v3 transaction.

    The signature is checked before the body is read at all: a signature or key that is malformed,
    or a signature that does not match these exact bytes, is `querydsl.SignatureError`. A body that
    verifies but is not a v3 transaction (flat, or wrapped as `{"transaction": {...}}`) is
    `querydsl.SchemaError`.

    >>> from cryptography.hazmat.primitives import hashes, serialization
    >>> from cryptography.hazmat.primitives.asymmetric import padding, rsa
    >>> private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    >>> der = private.public_key().public_bytes(serialization.Encoding.DER,
    ...     serialization.PublicFormat.SubjectPublicKeyInfo)
    >>> public_key = base64.b64encode(der).decode()          # as the back office shows it
    >>> body = b'{"uid": "4107-aba1cf5e57", "status": "successful", "code": "S.0000"}'
    >>> signature = base64.b64encode(private.sign(body, padding.PKCS1v15(), hashes.SHA256()))
    >>> verify_webhook(body, signature.decode(), public_key).status
    'successful'
    >>> verify_webhook(body.replace(b"successful", b"failed    "), signature.decode(), public_key)
    Traceback (most recent call last):
    querydsl.client.errors.SignatureError: the signature does not match the body
    """
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise SignatureError(
            "the body must be the raw bytes received (not decoded text): the signature is over them"
        )
    raw = bytes(body)
    key = _public_key(_ascii(public_key, "public key"))
    decoded = _base64(_ascii(signature, "signature"), "signature")
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    try:
        key.verify(decoded, raw, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise SignatureError("the signature does not match the body") from None
    return read_transaction(raw)


def read_transaction(data: str | bytes | dict[str, Any], *, at: str = "") -> Transaction:
    """A v3 transaction from a body that is one, flat or in a `{"transaction": {...}}` envelope.

    In v3 a flat transaction's own `transaction` key holds processor details beside `uid`,
    `status` and `code`; an object whose only key is `transaction` is the v2-style envelope.
    The JSON Pointers of a `SchemaError` start with `at` (where `data` sits in a larger answer).

    >>> read_transaction(b'{"transaction": {"uid": "1", "status": "failed", "code": "F.0105"}}').uid
    '1'
    """
    duplicates: list[Diagnostic] = []
    if isinstance(data, (str, bytes, bytearray)):
        data, duplicates = load_json(data, exact=True)
        if data is None and duplicates:  # not JSON: load_json said why
            raise SchemaError(duplicates)
    pointer = at
    if isinstance(data, dict) and data.keys() == {"transaction"}:
        data, pointer = data["transaction"], f"{at}/transaction"
    try:
        transaction = load_transaction(data)
    except SchemaError as error:
        raise SchemaError([_under(pointer, problem) for problem in error.diagnostics]) from None
    if not duplicates:
        return transaction
    return attrs.evolve(transaction, warnings=(*as_warnings(duplicates), *transaction.warnings))


def _under(pointer: str, problem: Diagnostic) -> Diagnostic:
    if not pointer:
        return problem
    return attrs.evolve(problem, path=pointer + (problem.path or ""))


def _ascii(value: object, what: str) -> bytes:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, str):
        try:
            return value.encode("ascii")
        except UnicodeEncodeError:
            raise SignatureError(f"the {what} is not Base64: it has non-ASCII characters") from None
    raise SignatureError(f"the {what} must be text, not {type(value).__name__}")


def _base64(text: bytes, what: str) -> bytes:
    """Standard Base64, padded; line breaks and spaces (PEM wraps at 64) are ignored."""
    compact = b"".join(text.split())  # ASCII whitespace, in C
    if not compact:
        raise SignatureError(f"the {what} is empty")
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"the {what} is not valid Base64") from None


@lru_cache(maxsize=32)  # a receiver verifies every webhook against the same key or two
def _public_key(text: bytes) -> RSAPublicKey:
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
    except ImportError as missing:
        raise ImportError(_EXTRA) from missing
    stripped = text.strip()
    try:
        if stripped.startswith(b"-----BEGIN"):
            key = serialization.load_pem_public_key(stripped)
        else:
            key = serialization.load_der_public_key(_base64(stripped, "public key"))
    except (ValueError, TypeError, NotImplementedError):
        raise SignatureError(
            "the public key is neither bare Base64 DER nor PEM of a public key"
        ) from None
    if not isinstance(key, RSAPublicKey):
        raise SignatureError("the public key is not an RSA key")
    if key.key_size < MIN_KEY_BITS:
        raise SignatureError(
            f"the public key has {key.key_size} bits; at least {MIN_KEY_BITS} are required"
        )
    return key
