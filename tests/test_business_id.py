import pytest
from django.core.exceptions import ValidationError

from notices.models import Organisation
from notices.validators import is_valid_business_id, validate_business_id

# Business IDs of real listed Finnish companies, from the public trade register.
REAL_VALID_IDS = ["0112038-9", "0116510-6", "0109862-8"]


@pytest.mark.parametrize("business_id", REAL_VALID_IDS)
def test_real_business_ids_are_valid(business_id):
    assert is_valid_business_id(business_id)
    validate_business_id(business_id)


@pytest.mark.parametrize(
    "business_id",
    [
        "0112038-8",  # wrong check digit
        "0116510-5",
        "1234567-2",
        "0000006-0",  # remainder 1: no check digit is valid
        "0000006-1",
        "0112038",  # no check digit
        "0112O38-9",  # letter O instead of zero
        "01120389",
        "",
    ],
)
def test_invalid_business_ids_are_rejected(business_id):
    assert not is_valid_business_id(business_id)
    with pytest.raises(ValidationError):
        validate_business_id(business_id)


def test_remainder_one_has_no_valid_digit():
    from notices.validators import business_id_check_digit

    assert business_id_check_digit("0000006") is None
    assert business_id_check_digit("1234567") == 1


def test_typing_variants_are_accepted():
    assert is_valid_business_id(" 0112038 - 9 ".replace(" - ", "-"))
    assert is_valid_business_id("0112038\u20139")  # en dash from a word processor
    assert is_valid_business_id("112038-9")  # legacy six-digit body


@pytest.mark.django_db
def test_organisation_form_rejects_a_wrong_check_digit():
    organisation = Organisation(name="Oy Esimerkki Ab", business_id="0112038-8")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "business_id" in error.value.message_dict


@pytest.mark.django_db
def test_organisation_is_stored_normalised():
    organisation = Organisation(name="Oy Esimerkki Ab", business_id="0112038\u20139")
    organisation.full_clean()
    assert organisation.business_id == "0112038-9"
