"""Signed webhooks, as the Horizonpay gateway sends them: the transaction's JSON POSTed to the
shop's URL with `Content-Signature`, RSA-SHA256 (PKCS#1 v1.5) over the raw body bytes, Base64.

The emulator holds its own RSA-2048 key pair, made on first use; `public_key` is what the back
office shows a merchant: bare Base64 of the DER SubjectPublicKeyInfo (APIS.md 6.2).

>>> signer = Signer()
>>> signer.public_key.startswith("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA")
True
>>> len(base64.b64decode(signer.sign(b'{"uid": "1"}')))
256
"""

from __future__ import annotations

import base64
import threading
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

import attrs

from querydsl.emulator.tokens import Credentials

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

KEY_BITS = 2048
#: Seconds a webhook's receiver has to answer (the emulator's choice: the gateway's is unknown).
TIMEOUT = 10.0
_EXTRA = "signed webhooks need the `cryptography` package: pip install 'querydsl[emulator]'"


class Signer:
    """An RSA key pair that signs webhook bodies; the key is made when first needed."""

    def __init__(self) -> None:
        self._key: RSAPrivateKey | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return "Signer()"

    def _private(self) -> RSAPrivateKey:
        with self._lock:
            if self._key is None:
                try:
                    from cryptography.hazmat.primitives.asymmetric import rsa
                except ImportError:
                    raise ImportError(_EXTRA, name="cryptography") from None
                self._key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
            return self._key

    @property
    def public_key(self) -> str:
        """The public key as the back office gives it: bare Base64 DER, one line."""
        from cryptography.hazmat.primitives import serialization

        der = (
            self._private()
            .public_key()
            .public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )
        return base64.b64encode(der).decode("ascii")

    def sign(self, body: bytes) -> str:
        """The `Content-Signature` of these exact bytes."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        signature = self._private().sign(body, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode("ascii")


@attrs.frozen
class Delivery:
    """One webhook sent: the transaction's uid, the receiver's HTTP status (None when it could
    not be reached), and why it failed, in words (never the body or the secrets).

    >>> Delivery("1-a", 200, None).delivered
    True
    """

    uid: str
    status: int | None
    error: str | None

    @property
    def delivered(self) -> bool:
        """Whether the receiver answered 2xx."""
        return self.status is not None and 200 <= self.status < 300

    def to_json(self) -> dict[str, object]:
        return {"uid": self.uid, "status": self.status, "error": self.error}


def deliver(
    url: str,
    uid: str,
    body: bytes,
    signature: str,
    credentials: Credentials,
    timeout: float = TIMEOUT,
) -> Delivery:
    """POST one webhook: JSON, `Content-Signature`, and HTTP Basic with the shop's id and secret
    key (APIS.md 6.1). One attempt (the gateway's retries are not documented)."""
    basic = f"{credentials.shop_id}:{credentials.secret_key}".encode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Content-Signature": signature,
            "Authorization": "Basic " + base64.b64encode(basic).decode("ascii"),
            "User-Agent": "querydsl-emulator",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return Delivery(uid, int(response.status), None)
    except urllib.error.HTTPError as refused:
        refused.close()
        return Delivery(uid, refused.code, f"the receiver answered HTTP {refused.code}")
    except (urllib.error.URLError, OSError, ValueError) as failed:
        reason = getattr(failed, "reason", failed)
        return Delivery(uid, None, f"not delivered: {type(reason).__name__}")
