"""Horizonpay v3 processing codes such as `P.9998`: a status letter, and digits naming a service."""

from __future__ import annotations

import enum
import re

import attrs

from querydsl.language.errors import Diagnostic, SchemaError


class Service(enum.StrEnum):
    """The system service a code's four digits belong to, from the seed's range table.

    >>> from querydsl.horizonpay import ProcessingCode
    >>> ProcessingCode.parse("F.4001").service
    <Service.THREE_D_SECURE: 'three_d_secure'>
    >>> Service("bank") is Service.BANK
    True
    """

    SUCCESS = "success"
    CARD_PROCESSING = "card_processing"
    ALTERNATIVE_PROCESSING = "alternative_processing"
    PAYMENT_GATEWAY = "payment_gateway"
    SMART_ROUTING = "smart_routing"
    THREE_D_SECURE = "three_d_secure"
    AVS_CVC = "avs_cvc"
    VERIFY = "verify"
    P2P_VERIFICATION = "p2p_verification"
    ASYNC_GATEWAY = "async_gateway"
    BANK = "bank"
    UNKNOWN = "unknown"


#: Letter -> the v2 statuses it stands for.
STATUSES: dict[str, tuple[str, ...]] = {
    "S": ("successful",),
    "F": ("failed",),
    "P": ("pending", "incomplete"),
    "E": ("error",),
}
#: Letter -> what it means, in words.
LETTER_MEANINGS = {
    "S": "processed successfully",
    "F": "failed at the bank or integration provider",
    "P": "still processing or waiting for the customer",
    "E": "error in Horizonpay's internal services",
}
SERVICE_MEANINGS = {
    Service.SUCCESS: "the operation is successful",
    Service.CARD_PROCESSING: "card transaction validation and processing",
    Service.ALTERNATIVE_PROCESSING: "alternative payment method validation and processing",
    Service.PAYMENT_GATEWAY: "payment gateway",
    Service.SMART_ROUTING: "Smart Routing",
    Service.THREE_D_SECURE: "3-D Secure verification",
    Service.AVS_CVC: "AVS/CVC verification",
    Service.VERIFY: "Verify service",
    Service.P2P_VERIFICATION: "P2P verification",
    Service.ASYNC_GATEWAY: "payment gateway, asynchronous mode",
    Service.BANK: "the bank",
    Service.UNKNOWN: "an undocumented range",
}
# Single codes first: they win over the bank range that contains them.
_SINGLE = {8001: Service.P2P_VERIFICATION, 8010: Service.ASYNC_GATEWAY}
_RANGES = (
    (0, 0, Service.SUCCESS),
    (1, 499, Service.CARD_PROCESSING),
    (501, 999, Service.ALTERNATIVE_PROCESSING),
    (1000, 1999, Service.PAYMENT_GATEWAY),
    (2000, 3999, Service.SMART_ROUTING),
    (4000, 4999, Service.THREE_D_SECURE),
    (6000, 6999, Service.AVS_CVC),
    (7000, 7999, Service.VERIFY),
    (8005, 9999, Service.BANK),
)
_CODE = re.compile(r"([SFPE])\.([0-9]{4})")
_FORM = 'expected a processing code like "P.9998": S, F, P or E, a dot and four digits'


def service_of(number: int) -> Service:
    """The service a four-digit number belongs to.

    >>> [str(service_of(number)) for number in (8001, 8002, 9998)]
    ['p2p_verification', 'unknown', 'bank']
    """
    if number in _SINGLE:
        return _SINGLE[number]
    return next(
        (service for low, high, service in _RANGES if low <= number <= high), Service.UNKNOWN
    )


@attrs.frozen
class ProcessingCode:
    """A v3 processing code: `letter` (S, F, P, E) and `number` (0 to 9999).

    >>> code = ProcessingCode.parse("P.9998")
    >>> code.letter, code.number, code.statuses, code.service.value, str(code)
    ('P', 9998, ('pending', 'incomplete'), 'bank', 'P.9998')
    """

    letter: str = attrs.field(validator=attrs.validators.in_(STATUSES))
    number: int = attrs.field(validator=[attrs.validators.ge(0), attrs.validators.le(9999)])

    @classmethod
    def parse(cls, text: object) -> ProcessingCode:
        """Read `"P.9998"`; anything else raises `SchemaError` (never another exception).

        >>> ProcessingCode.parse("S.0000").service.value
        'success'
        """
        if not isinstance(text, str):
            raise SchemaError([Diagnostic("invalid_shape", _FORM)])
        match = _CODE.fullmatch(text)
        if match is None:
            raise SchemaError([Diagnostic("invalid_value", _FORM)])
        return cls(match.group(1), int(match.group(2)))

    @property
    def statuses(self) -> tuple[str, ...]:
        """The v2 statuses this code's letter stands for (`P` -> pending, incomplete)."""
        return STATUSES[self.letter]

    @property
    def service(self) -> Service:
        """The service the digits belong to; 8001 and 8010 win over the 8005-9999 bank range."""
        return service_of(self.number)

    @property
    def meaning(self) -> str:
        """The code in words: the letter's status and the service.

        >>> ProcessingCode.parse("P.9998").meaning
        'still processing or waiting for the customer; code from the bank'
        """
        if self.service is Service.SUCCESS:
            return f"{LETTER_MEANINGS[self.letter]}; {SERVICE_MEANINGS[self.service]}"
        return f"{LETTER_MEANINGS[self.letter]}; code from {SERVICE_MEANINGS[self.service]}"

    def __str__(self) -> str:
        return f"{self.letter}.{self.number:04d}"
