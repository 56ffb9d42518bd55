"""A vacancy's facts in plain words: "£32,000 to £34,000 a year", "35 hours a week, fixed term
(1 year)", "Southwark, hybrid"."""

from decimal import Decimal

from hub import deadlines
from jobs.choices import ContractType, Location, SalaryPeriod, WorkingPattern


def money(amount: Decimal) -> str:
    """£32,000; £14.50; £120 (pence only when there are some)."""
    if amount == amount.to_integral_value():
        return f"£{int(amount):,}"
    return f"£{amount:,.2f}"


def number(value: Decimal) -> str:
    """35, 17.5."""
    return f"{value.normalize():f}" if value % 1 else f"{int(value)}"


def salary(vacancy) -> str:
    if vacancy.unpaid:
        text = "Unpaid: volunteer expenses only"
    else:
        period = SalaryPeriod(vacancy.salary_period).label
        low, high = vacancy.salary_min, vacancy.salary_max
        if low is not None and high is not None and low != high:
            text = f"{money(low)} to {money(high)} {period}"
        elif low is not None and high is None:
            text = f"From {money(low)} {period}"
        elif low is None and high is not None:
            text = f"Up to {money(high)} {period}"
        elif low is not None:
            text = f"{money(low)} {period}"
        else:
            text = ""
    if vacancy.salary_note:
        text = f"{text}, {vacancy.salary_note}" if text else vacancy.salary_note
    return text


def contract_length(months: int) -> str:
    """6 months; 1 year; 18 months; 2 years."""
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years > 1 else ''}"
    return f"{months} month{'s' if months > 1 else ''}"


def contract(vacancy) -> str:
    """fixed term (1 year); permanent; sessional."""
    text = ContractType(vacancy.contract_type).label.lower()
    if vacancy.contract_type == ContractType.FIXED_TERM and vacancy.contract_months:
        text = f"{text} ({contract_length(vacancy.contract_months)})"
    return text


def hours_and_contract(vacancy) -> str:
    """35 hours a week, fixed term (1 year)."""
    parts = []
    if vacancy.hours_per_week is not None:
        hours = number(vacancy.hours_per_week)
        parts.append(f"{hours} hour{'' if hours == '1' else 's'} a week")
    parts.append(contract(vacancy))
    return ", ".join(parts)


def full_or_part_time(vacancy) -> str:
    if vacancy.hours_per_week is None:
        return ""
    return "Full time" if vacancy.is_full_time else "Part time"


def positions(vacancy) -> str:
    return f"{vacancy.positions} posts" if vacancy.positions > 1 else ""


def location(vacancy) -> str:
    """Where, and how the work is done: "Peckham, Southwark (hybrid)", "Remote"."""
    if vacancy.location == Location.REMOTE:
        return "Remote, from anywhere in the UK"
    if vacancy.location == Location.BOROUGH and vacancy.borough_id:
        borough = vacancy.borough.name
        where = f"{vacancy.place}, {borough}" if vacancy.place else borough
    elif vacancy.location == Location.LONDON_WIDE:
        where = f"London-wide, based in {vacancy.place}" if vacancy.place else "London-wide"
    else:
        where = vacancy.place or "Outside London"
    pattern = WorkingPattern(vacancy.working_pattern)
    if pattern == WorkingPattern.ON_SITE:
        return where
    return f"{where} ({pattern.label.lower()})"


def interviews(vacancy) -> str:
    """Interviews on Friday 11 December 2026; Interviews from … to …."""
    if not vacancy.interviews_on:
        return ""
    first = deadlines.format_day(vacancy.interviews_on)
    if vacancy.interviews_until and vacancy.interviews_until != vacancy.interviews_on:
        return f"Interviews from {first} to {deadlines.format_day(vacancy.interviews_until)}"
    return f"Interviews on {first}"
