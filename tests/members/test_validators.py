import pytest
from django.core.exceptions import ValidationError

from members.validators import validate_charity_number, validate_company_number


@pytest.mark.parametrize(
    "number",
    [
        "123456",
        "1234567",
        "12345678",
        "1234567-1",
        "1234567-12",
        "SC012345",
        "sc 012345",
        "NIC100001",
        "100001",
    ],
)
def test_valid_charity_numbers(number):
    validate_charity_number(number)


@pytest.mark.parametrize(
    "number",
    [
        "12345",
        "123456789",
        "1234567-",
        "1234567-1234",
        "SC12345",
        "SC0123456",
        "NI123456",
        "NIC12345",
        "ABC",
    ],
)
def test_invalid_charity_numbers(number):
    with pytest.raises(ValidationError, match="Enter a charity number"):
        validate_charity_number(number)


@pytest.mark.parametrize(
    "number", ["01234567", "SC123456", "NI123456", "OC123456", "so123456", "FC 012345"]
)
def test_valid_company_numbers(number):
    validate_company_number(number)


@pytest.mark.parametrize(
    "number", ["1234567", "123456789", "XX123456", "SC12345", "SC1234567", "S1234567"]
)
def test_invalid_company_numbers(number):
    with pytest.raises(ValidationError, match="Enter a company number"):
        validate_company_number(number)
