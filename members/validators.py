"""Format checks for UK charity and company registration numbers.

Charity numbers (the three UK regulators):
- England and Wales (Charity Commission): 6 to 8 digits, optionally followed by "-" and a
  subsidiary number of 1 to 3 digits for linked charities, e.g. 1234567 or 1234567-1.
- Scotland (OSCR): "SC" followed by 6 digits, e.g. SC012345.
- Northern Ireland (CCNI): "NIC" followed by 6 digits, e.g. NIC100001. CCNI's bare numbers
  ("1" and 5 digits, e.g. 100001) are already covered by the England and Wales rule.

Company numbers (Companies House): 8 characters, either 8 digits (England and Wales, e.g.
01234567) or a 2-letter register prefix and 6 digits (e.g. SC123456, NI123456, OC123456).

Both are normalised to upper case without spaces before they are checked and stored.
"""

import re

from django.core.exceptions import ValidationError

CHARITY_NUMBER = re.compile(r"^(\d{6,8}(-\d{1,3})?|SC\d{6}|NIC\d{6})$")

# Companies House register prefixes: Scotland, Northern Ireland, LLPs (OC, SO, NC), overseas
# companies (FC, SF, NF), limited partnerships (LP, SL, NL), mutuals (IP, SP, NP, RS, SR, NR),
# royal charter (RC, SZ, NZ), charitable incorporated organisations (CE, CS) and others (R0).
COMPANY_PREFIXES = (
    *("SC", "NI", "OC", "SO", "NC", "FC", "SF", "NF", "LP", "SL", "NL", "IP", "SP", "NP"),
    *("RS", "SR", "NR", "RC", "SZ", "NZ", "CE", "CS", "R0", "GE", "GS", "GN"),
)
COMPANY_NUMBER = re.compile(rf"^(\d{{8}}|({'|'.join(COMPANY_PREFIXES)})\d{{6}})$")


def normalise_registration_number(value):
    return re.sub(r"\s+", "", value or "").upper()


def validate_charity_number(value):
    if not CHARITY_NUMBER.match(normalise_registration_number(value)):
        raise ValidationError(
            "Enter a charity number in one of these formats: 6 to 8 digits, such as 1234567 "
            "(or 1234567-1 for a linked charity), SC and 6 digits for Scotland, or NIC and "
            "6 digits for Northern Ireland.",
            code="invalid_charity_number",
        )


def validate_company_number(value):
    if not COMPANY_NUMBER.match(normalise_registration_number(value)):
        raise ValidationError(
            "Enter a company number of 8 characters: 8 digits, such as 01234567, or 2 letters "
            "and 6 digits, such as SC123456.",
            code="invalid_company_number",
        )
