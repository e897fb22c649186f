import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

BUSINESS_ID_RE = re.compile(r"^(\d{7})-(\d)$")
BUSINESS_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def normalise_business_id(value: str) -> str:
    """Accept common typing variants: spaces, an en dash, a six-digit legacy body."""
    value = (value or "").strip().replace("\u2013", "-").replace(" ", "")
    if re.fullmatch(r"\d{6}-\d", value):
        value = "0" + value
    return value


def business_id_check_digit(body: str) -> int | None:
    """The Finnish Y-tunnus check digit for seven digits, or None when no digit is valid."""
    remainder = sum(int(d) * w for d, w in zip(body, BUSINESS_ID_WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def is_valid_business_id(value: str) -> bool:
    match = BUSINESS_ID_RE.match(normalise_business_id(value))
    if not match:
        return False
    return business_id_check_digit(match.group(1)) == int(match.group(2))


def validate_business_id(value: str) -> None:
    """Validate a Finnish business ID (Y-tunnus), format 1234567-8 with its check digit."""
    normalised = normalise_business_id(value)
    if not BUSINESS_ID_RE.match(normalised):
        raise ValidationError(
            _("Enter the business ID in the form 1234567-8."), code="business_id_format"
        )
    if not is_valid_business_id(normalised):
        raise ValidationError(
            _("The check digit of this business ID does not match. Check the number."),
            code="business_id_checksum",
        )
