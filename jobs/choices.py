"""The fixed vocabularies of a vacancy, and the bands the board filters by."""

from decimal import Decimal

from django.db import models

#: At or above this many hours a week a job is full time (the sector's usual 35-hour week).
FULL_TIME_HOURS = Decimal(35)
MIN_HOURS = Decimal("0.5")
MAX_HOURS = Decimal(48)  # the Working Time Regulations' weekly limit


class Location(models.TextChoices):
    BOROUGH = "borough", "In a London borough"
    LONDON_WIDE = "london-wide", "London-wide"
    REMOTE = "remote", "Remote"
    OUTSIDE_LONDON = "outside-london", "Outside London"


class WorkingPattern(models.TextChoices):
    ON_SITE = "on-site", "On site"
    HYBRID = "hybrid", "Hybrid"
    REMOTE = "remote", "Remote"


class ContractType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    FIXED_TERM = "fixed-term", "Fixed term"
    SESSIONAL = "sessional", "Sessional"
    FREELANCE = "freelance", "Freelance"
    VOLUNTEER = "volunteer", "Volunteer"


class SalaryPeriod(models.TextChoices):
    YEAR = "year", "a year"
    MONTH = "month", "a month"
    DAY = "day", "a day"
    HOUR = "hour", "an hour"


class DocumentKind(models.TextChoices):
    JOB_DESCRIPTION = "job-description", "Job description"
    PERSON_SPECIFICATION = "person-specification", "Person specification"
    APPLICATION_FORM = "application-form", "Application form"
    OTHER = "other", "Other document"


class Ending(models.TextChoices):
    """Why a vacancy closed before its closing date."""

    WITHDRAWN = "withdrawn", "Withdrawn"
    FILLED = "filled", "Filled"


#: Hours bands: (slug, label, more than, at most).
HOURS_BANDS = [
    ("up-to-16", "Up to 16 hours a week", None, Decimal(16)),
    ("16-to-30", "16 to 30 hours a week", Decimal(16), Decimal(30)),
    ("over-30", "Over 30 hours a week", Decimal(30), None),
]

UNPAID_BAND = "unpaid"
#: Salary bands on the yearly equivalent: (slug, label, from, below).
SALARY_BANDS = [
    ("under-25000", "Under £25,000 a year", None, Decimal(25000)),
    ("25000-to-35000", "£25,000 to £35,000", Decimal(25000), Decimal(35000)),
    ("35000-to-45000", "£35,000 to £45,000", Decimal(35000), Decimal(45000)),
    ("45000-or-more", "£45,000 or more", Decimal(45000), None),
]
