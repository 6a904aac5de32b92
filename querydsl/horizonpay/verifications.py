"""The checks a Horizonpay v3 transaction reports, as typed sections: Smart Routing,
3-D Secure, and the AVS and CVC results (`Transaction` in `models.py` holds them).
"""

from __future__ import annotations

from typing import Any

import attrs

from querydsl.carddata.cardrepr import hidden, redacted_repr

# Every section keeps unknown keys in `extra`, and remembers in `_absent` which of its optional
# keys the input left out, so that unstructuring gives back exactly the keys that came in.


@redacted_repr
@attrs.frozen(kw_only=True)
class SmartRoutingVerification:
    """The Smart Routing service's result.

    >>> from querydsl.horizonpay import load_transaction
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000",
    ...                       "smart_routing_verification": {"status": "successful"}})
    >>> t.smart_routing_verification.status
    'successful'
    """

    status: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class ThreeDSecureVerification:
    """The 3-D Secure verification; the fields are those of the seed's example.

    The CAVV stays in its attribute and shows as `'***'` in the repr.

    >>> from querydsl.horizonpay import load_transaction
    >>> check = {"status": "successful", "eci": "05", "cavv": "AAABBEg0VhI0VniQEjRWAAAAAAA="}
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000",
    ...                       "three_d_secure_verification": check})
    >>> t.three_d_secure_verification.status, t.three_d_secure_verification.eci
    ('successful', '05')
    >>> "cavv='***'" in repr(t.three_d_secure_verification)
    True
    """

    status: str | None = None
    message: str | None = None
    ve_status: str | None = None
    acs_url: str | None = None
    pa_req: str | None = None
    md: str | None = None
    pa_res_url: str | None = None
    eci: str | None = None
    pa_status: str | None = None
    xid: str | None = None
    cavv: str | None = attrs.field(default=None, repr=hidden)
    cavv_algorithm: str | None = None
    fail_reason: str | None = None
    method_process_url: str | None = None
    creq: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class VerificationResult:
    """One AVS or CVC check result.

    >>> from querydsl.horizonpay import load_transaction
    >>> checks = {"cvc_verification": {"result_code": "M"}}
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000",
    ...                       "avs_cvc_verification": checks})
    >>> t.avs_cvc_verification.cvc_verification.result_code
    'M'
    """

    result_code: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)


@redacted_repr
@attrs.frozen(kw_only=True)
class AvsCvcVerification:
    """The AVS and CVC checks.

    >>> from querydsl.horizonpay import load_transaction
    >>> checks = {"avs_verification": {"result_code": "Y"}, "cvc_verification": None}
    >>> t = load_transaction({"uid": "1", "status": "successful", "code": "S.0000",
    ...                       "avs_cvc_verification": checks})
    >>> t.avs_cvc_verification.avs_verification.result_code, t.avs_cvc_verification.cvc_verification
    ('Y', None)
    """

    avs_verification: VerificationResult | None = None
    cvc_verification: VerificationResult | None = None
    extra: dict[str, Any] = attrs.field(factory=dict)
    _absent: frozenset[str] = attrs.field(default=frozenset(), eq=False, repr=False)
