"""A vacancy's facts in plain words: "£32,000 to £34,000 a year", "35 hours a week, fixed term
(1 year)", "Southwark, hybrid"."""

from decimal import Decimal

from hub import deadlines
from jobs.choices import (
    ContractType,
    DocumentKind,
    Ending,
    Location,
    SalaryPeriod,
    WorkingPattern,
)


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


def hours_a_week(vacancy) -> str:
    """14 hours a week (part time); empty when the hours vary."""
    if vacancy.hours_per_week is None:
        return ""
    hours = number(vacancy.hours_per_week)
    time = full_or_part_time(vacancy).lower()
    return f"{hours} hour{'' if hours == '1' else 's'} a week ({time})"


def hours_in_full(vacancy) -> str:
    """14 hours a week (part time), fixed term (6 months): for feeds."""
    return ", ".join(filter(None, [hours_a_week(vacancy), contract(vacancy)]))


def positions(vacancy) -> str:
    return f"{vacancy.positions} posts" if vacancy.positions > 1 else ""


def where(vacancy) -> str:
    """Where the job is, without how it is worked: "Peckham, Southwark", "London-wide"."""
    if vacancy.location == Location.REMOTE:
        return "Remote, from anywhere in the UK"
    if vacancy.location == Location.BOROUGH and vacancy.borough_id:
        borough = vacancy.borough.name
        return f"{vacancy.place}, {borough}" if vacancy.place else borough
    if vacancy.location == Location.LONDON_WIDE:
        return f"London-wide, based in {vacancy.place}" if vacancy.place else "London-wide"
    return vacancy.place or "Outside London"


def location(vacancy) -> str:
    """Where, and how the work is done: "Peckham, Southwark (hybrid)", "Remote"."""
    pattern = WorkingPattern(vacancy.working_pattern)
    if vacancy.location == Location.REMOTE or pattern == WorkingPattern.ON_SITE:
        return where(vacancy)
    return f"{where(vacancy)} ({pattern.label.lower()})"


PATTERNS = {
    WorkingPattern.ON_SITE: "On site",
    WorkingPattern.HYBRID: "Hybrid: partly on site, partly from home",
    WorkingPattern.REMOTE: "Remote: all from home",
}


def working_pattern(vacancy) -> str:
    return PATTERNS[WorkingPattern(vacancy.working_pattern)]


def interview_days(vacancy) -> str:
    """Friday 11 December 2026; Friday 11 December 2026 to Monday 14 December 2026."""
    if not vacancy.interviews_on:
        return ""
    first = deadlines.format_day(vacancy.interviews_on)
    if vacancy.interviews_until and vacancy.interviews_until != vacancy.interviews_on:
        return f"{first} to {deadlines.format_day(vacancy.interviews_until)}"
    return first


def interviews(vacancy) -> str:
    """Interviews on Friday 11 December 2026; Interviews from … to …."""
    days = interview_days(vacancy)
    if not days:
        return ""
    if vacancy.interviews_until and vacancy.interviews_until != vacancy.interviews_on:
        return f"Interviews from {days}"
    return f"Interviews on {days}"


def closed_notice(vacancy) -> str:
    """Why applications have stopped, after "This vacancy closed at …"."""
    if vacancy.ended == Ending.FILLED:
        return "The employer has filled this vacancy."
    if vacancy.ended == Ending.WITHDRAWN:
        return "The employer has withdrawn this vacancy."
    return "Applications are no longer accepted."


FILE_TYPES = {
    "pdf": "PDF",
    "doc": "Word",
    "docx": "Word",
    "odt": "OpenDocument",
    "rtf": "Rich Text",
    "txt": "plain text",
    "xls": "Excel",
    "xlsx": "Excel",
}


def file_type(extension: str) -> str:
    """PDF, Word; an unknown extension in capitals."""
    extension = extension.lower().lstrip(".")
    return FILE_TYPES.get(extension, extension.upper())


def file_size(size: int | None) -> str:
    """120 KB, 1.4 MB: what a download costs, rounded as people say it."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def document_link(item, size: int | None) -> str:
    """Job description (PDF, 120 KB). A document of no set kind goes by its title."""
    document = item.document
    name = document.title if item.kind == DocumentKind.OTHER else item.get_kind_display()
    details = ", ".join(
        part for part in (file_type(document.file_extension), file_size(size)) if part
    )
    return f"{name} ({details})"
