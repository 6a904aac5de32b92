"""verify_webhook (SPEC 12, issue 23 item 3): Content-Signature is RSA-SHA256 PKCS#1 v1.5 over the
raw body bytes, Base64; the key is bare Base64 DER or PEM; the signature is checked before the
body is read; a verified body must be a v3 transaction."""

from __future__ import annotations

import base64
import json
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from querydsl import SchemaError, SignatureError
from querydsl.horizonpay import Transaction, load_transaction, verify_webhook
from querydsl.horizonpay import webhooks as webhooks_module

PRIVATE = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER = rsa.generate_private_key(public_exponent=65537, key_size=2048)

TRANSACTION = {
    "uid": "4107-aba1cf5e57",
    "status": "successful",
    "code": "S.0000",
    "friendly_message": "The transaction is successfully processed.",
    "message": "Successfully processed",
    "amount": 4900,
    "currency": "KZT",
    "tracking_id": "order-77",
    "test": True,
    "created_at": "2024-03-01T10:15:00Z",
}
BODY = json.dumps(TRANSACTION).encode()


def der_b64(private: rsa.RSAPrivateKey) -> str:
    """The public key as the back office shows it: bare Base64 of a DER SubjectPublicKeyInfo."""
    der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


def pem(private: rsa.RSAPrivateKey, form: serialization.PublicFormat) -> str:
    return private.public_key().public_bytes(serialization.Encoding.PEM, form).decode()


def sign(body: bytes, private: rsa.RSAPrivateKey = PRIVATE) -> str:
    return base64.b64encode(private.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()


KEY = der_b64(PRIVATE)
SIGNATURE = sign(BODY)

# ---- keys in every form the back office or a PEM file gives -------------------------------------

KEY_FORMS = {
    "bare Base64 DER": KEY,
    "bare Base64 wrapped at 64 with CRLF": "\r\n".join(textwrap.wrap(KEY, 64)),
    "bare Base64 with surrounding blanks": f"  \n{KEY}\n  ",
    "PEM SubjectPublicKeyInfo": pem(PRIVATE, serialization.PublicFormat.SubjectPublicKeyInfo),
    "PEM with CRLF": pem(PRIVATE, serialization.PublicFormat.SubjectPublicKeyInfo).replace(
        "\n", "\r\n"
    ),
    "PEM PKCS#1 (BEGIN RSA PUBLIC KEY)": pem(PRIVATE, serialization.PublicFormat.PKCS1),
    "bytes": KEY.encode(),
}


@pytest.mark.parametrize("key", list(KEY_FORMS.values()), ids=list(KEY_FORMS))
def test_a_genuine_webhook_verifies_with_the_key_in_any_form(key: str) -> None:
    transaction = verify_webhook(BODY, SIGNATURE, key)
    assert isinstance(transaction, Transaction)
    assert (transaction.uid, transaction.status, str(transaction.code)) == (
        "4107-aba1cf5e57",
        "successful",
        "S.0000",
    )
    assert (transaction.amount, transaction.tracking_id, transaction.test) == (
        4900,
        "order-77",
        True,
    )


def test_the_signature_may_come_wrapped_or_as_bytes() -> None:
    wrapped = "\n".join(textwrap.wrap(SIGNATURE, 64))
    assert verify_webhook(BODY, wrapped, KEY).uid == TRANSACTION["uid"]
    assert verify_webhook(bytearray(BODY), SIGNATURE.encode(), KEY).uid == TRANSACTION["uid"]


def test_the_v2_envelope_around_a_v3_transaction_is_read() -> None:
    body = json.dumps({"transaction": TRANSACTION}).encode()
    assert verify_webhook(body, sign(body), KEY).tracking_id == "order-77"


def test_a_flat_v3_body_keeps_its_own_transaction_section() -> None:
    flat = {**TRANSACTION, "transaction": {"auth_code": "654321", "rrn": "999"}}
    body = json.dumps(flat).encode()
    transaction = verify_webhook(body, sign(body), KEY)
    assert transaction.uid == TRANSACTION["uid"]
    assert transaction.transaction is not None


# ---- refusals: SignatureError, before the body is read -----------------------------------------


def flip(text: str, index: int) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[index] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def ec_key() -> str:
    der = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return base64.b64encode(der).decode()


SHORT = rsa.generate_private_key(public_exponent=65537, key_size=1024)

REFUSED: dict[str, tuple[Any, Any, Any]] = {
    "a byte of the body changed": (BODY.replace(b"4900", b"4901"), SIGNATURE, KEY),
    "a byte appended to the body": (BODY + b" ", SIGNATURE, KEY),
    "the body re-serialised": (json.dumps(TRANSACTION, indent=1).encode(), SIGNATURE, KEY),
    "a bit of the signature flipped": (BODY, flip(SIGNATURE, 17), KEY),
    "the signature truncated": (
        BODY,
        base64.b64encode(base64.b64decode(SIGNATURE)[:-1]).decode(),
        KEY,
    ),
    "another key's signature": (BODY, sign(BODY, OTHER), KEY),
    "the wrong public key": (BODY, SIGNATURE, der_b64(OTHER)),
    "a signature over SHA-1": (
        BODY,
        base64.b64encode(PRIVATE.sign(BODY, padding.PKCS1v15(), hashes.SHA1())).decode(),
        KEY,
    ),
    "a PSS signature": (
        BODY,
        base64.b64encode(
            PRIVATE.sign(
                BODY,
                padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                hashes.SHA256(),
            )
        ).decode(),
        KEY,
    ),
    "a signature that is not Base64": (BODY, "not base64!", KEY),
    "a signature with its padding cut": (BODY, SIGNATURE.rstrip("="), KEY),
    "a URL-safe Base64 signature": (BODY, SIGNATURE.replace("+", "-").replace("/", "_"), KEY),
    "an empty signature": (BODY, "", KEY),
    "a blank signature": (BODY, " \n ", KEY),
    "a signature with non-ASCII": (BODY, SIGNATURE[:-4] + "ÿÿÿ=", KEY),
    "a signature that is None": (BODY, None, KEY),
    "a key that is not Base64": (BODY, SIGNATURE, "MIIB*IjAN"),
    "a key that is Base64 of nothing": (BODY, SIGNATURE, base64.b64encode(b"hello").decode()),
    "an empty key": (BODY, SIGNATURE, ""),
    "a key cut short": (BODY, SIGNATURE, KEY[:200]),
    "a PEM key with a broken body": (
        BODY,
        SIGNATURE,
        pem(PRIVATE, serialization.PublicFormat.SubjectPublicKeyInfo).replace("MII", "MIJ", 1),
    ),
    "a private key in PEM": (
        BODY,
        SIGNATURE,
        PRIVATE.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
    ),
    "an EC key": (BODY, SIGNATURE, ec_key()),
    "a 1024-bit key (with its own good signature)": (BODY, sign(BODY, SHORT), der_b64(SHORT)),
    "the body as text": (BODY.decode(), SIGNATURE, KEY),
    "a body that is None": (None, SIGNATURE, KEY),
}


@pytest.mark.parametrize("body, signature, key", list(REFUSED.values()), ids=list(REFUSED))
def test_refused_with_a_signature_error(body: Any, signature: Any, key: Any) -> None:
    with pytest.raises(SignatureError) as caught:
        verify_webhook(body, signature, key)
    assert str(caught.value)  # says why
    if isinstance(signature, str) and len(signature) > 8:
        assert signature not in str(caught.value)  # and never repeats what it was handed


def test_the_signature_is_checked_before_the_body_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    not_json = b"<html>not a transaction</html>"

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the body was read before its signature was checked")

    monkeypatch.setattr(webhooks_module, "load_json", never)
    with pytest.raises(SignatureError):
        verify_webhook(not_json, SIGNATURE, KEY)
    monkeypatch.undo()
    with pytest.raises(SchemaError):  # signed, it is read: and it is no transaction
        verify_webhook(not_json, sign(not_json), KEY)


# ---- verified, but not a v3 transaction: SchemaError --------------------------------------------

NOT_V3: dict[str, tuple[bytes, str]] = {
    "not JSON": (b"uid=1&status=successful", ""),
    "a JSON list": (b"[]", ""),
    "a v2 webhook (no code)": (
        json.dumps({"transaction": {"uid": "1", "status": "successful", "amount": 1}}).encode(),
        "/transaction/code",
    ),
    "a flat body without a uid": (
        json.dumps({"status": "successful", "code": "S.0000"}).encode(),
        "/uid",
    ),
    "a status the code disagrees with": (
        json.dumps({"uid": "1", "status": "failed", "code": "S.0000"}).encode(),
        "/status",
    ),
    "a malformed code": (
        json.dumps({"uid": "1", "status": "failed", "code": "F1"}).encode(),
        "/code",
    ),
    "invalid UTF-8": (b'{"uid": "\xff"}', ""),
}


@pytest.mark.parametrize("body, pointer", list(NOT_V3.values()), ids=list(NOT_V3))
def test_a_verified_body_that_is_no_v3_transaction_is_a_schema_error(
    body: bytes, pointer: str
) -> None:
    with pytest.raises(SchemaError) as caught:
        verify_webhook(body, sign(body), KEY)
    assert pointer in [d.path for d in caught.value.diagnostics]


def test_a_duplicate_key_in_a_signed_body_is_a_warning_on_the_transaction() -> None:
    body = b'{"uid": "1", "status": "failed", "status": "successful", "code": "S.0000"}'
    transaction = verify_webhook(body, sign(body), KEY)
    assert transaction.status == "successful"
    assert [(w.path, w.severity) for w in transaction.warnings] == [("/status", "warning")]


# ---- laws ---------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_byte_flipped_in_the_body_is_refused(data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(BODY) - 1), label="index")
    mask = data.draw(st.integers(1, 255), label="mask")
    tampered = bytearray(BODY)
    tampered[index] ^= mask
    with pytest.raises(SignatureError):
        verify_webhook(bytes(tampered), SIGNATURE, KEY)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_any_byte_flipped_in_the_signature_is_refused(data: st.DataObject) -> None:
    raw = bytearray(base64.b64decode(SIGNATURE))
    index = data.draw(st.integers(0, len(raw) - 1), label="index")
    raw[index] ^= data.draw(st.integers(1, 255), label="mask")
    with pytest.raises(SignatureError):
        verify_webhook(BODY, base64.b64encode(bytes(raw)).decode(), KEY)


@settings(max_examples=60, deadline=None)
@given(body=st.binary(max_size=300), signature=st.text(max_size=400), key=st.text(max_size=500))
def test_any_input_gives_a_transaction_or_one_of_the_two_errors(
    body: bytes, signature: str, key: str
) -> None:
    for key_text in (key, KEY):
        outcome: object
        try:
            outcome = verify_webhook(body, signature, key_text)
        except (SignatureError, SchemaError) as error:
            outcome = error
        assert isinstance(outcome, (Transaction, SignatureError, SchemaError))


@settings(max_examples=40, deadline=None)
@given(uid=st.text(min_size=1, max_size=40), amount=st.integers(0, 10**12))
def test_whatever_the_provider_signs_verifies_and_reads_back(uid: str, amount: int) -> None:
    body = json.dumps({**TRANSACTION, "uid": uid, "amount": amount}, ensure_ascii=False).encode()
    transaction = verify_webhook(body, sign(body), KEY)
    assert (transaction.uid, transaction.amount) == (uid, amount)


# ---- the extra ----------------------------------------------------------------------------------


def test_without_cryptography_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    webhooks_module._public_key.cache_clear()
    monkeypatch.setitem(sys.modules, "cryptography.hazmat.primitives", None)
    try:
        with pytest.raises(ImportError, match=r"`client` extra"):
            verify_webhook(BODY, SIGNATURE, KEY)
    finally:
        webhooks_module._public_key.cache_clear()


def test_importing_the_package_needs_neither_httpx_nor_cryptography(
    run_python: Callable[[str], str],
) -> None:
    code = (
        "import sys, querydsl.horizonpay, querydsl.horizonpay.webhooks\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'cryptography')))"
    )
    assert run_python(code).strip() == "[]"


@pytest.fixture
def run_python() -> Callable[[str], str]:
    import subprocess

    def run(code: str) -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
        )
        return done.stdout

    return run


# ---- webhooks signed and delivered by the emulator ----------------------------------------------


class Receiver(ThreadingHTTPServer):
    """A shop's webhook endpoint on loopback: verifies each body with `public_key`, keeps what
    verified, answers 200, or 400 with the error's class."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.public_key = ""
        self.verified: list[Transaction] = []
        self.refused: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/webhooks/horizonpay"


class ReceiverHandler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        try:
            self.server.verified.append(
                verify_webhook(
                    body, self.headers.get("Content-Signature", ""), self.server.public_key
                )
            )
            status = 200
        except (SignatureError, SchemaError) as error:
            self.server.refused.append(type(error).__name__)
            status = 400
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def post_transactions(base_url: str, made: list[dict[str, Any]]) -> list[dict[str, Any]]:
    answer = httpx.post(f"{base_url}/emulator/transactions", json=made, timeout=30)
    assert answer.status_code == 201, answer.text
    deliveries: list[dict[str, Any]] = answer.json()["webhooks"]
    return deliveries


def test_the_emulators_signed_webhooks_verify_at_a_receiver(receiver: Receiver) -> None:
    from querydsl.emulator import running
    from querydsl.emulator.sample import transactions

    made = transactions(6, 31)
    with running(webhook_url=receiver.url) as served:
        receiver.public_key = httpx.get(f"{served.base_url}/emulator/public-key").text
        deliveries = post_transactions(served.base_url, made)
    assert [(d["uid"], d["status"]) for d in deliveries] == [(t["uid"], 200) for t in made]
    assert receiver.refused == []
    assert receiver.verified == [load_transaction(t) for t in made]


def test_a_receiver_holding_another_key_refuses_the_emulators_webhooks(receiver: Receiver) -> None:
    from querydsl.emulator import running
    from querydsl.emulator.sample import transactions

    made = transactions(3, 32)
    receiver.public_key = KEY  # not the emulator's
    with running(webhook_url=receiver.url) as served:
        deliveries = post_transactions(served.base_url, made)
    assert [d["status"] for d in deliveries] == [400, 400, 400]
    assert (receiver.verified, receiver.refused) == ([], ["SignatureError"] * 3)
