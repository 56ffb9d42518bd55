"""schema.org JobPosting data for open vacancies, as Google's job search reads it.

Google asks that a posting's data go once the job stops taking applications, so a closed
vacancy has none. Hybrid jobs are not marked TELECOMMUTE: Google reserves it for jobs done
entirely away from a workplace ("Don't mark up jobs that allow occasional work-from-home").
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from hub.deadlines import london
from jobs.choices import ContractType, Location, SalaryPeriod, WorkingPattern

LOGO_SPEC = "max-600x600"
UNITS = {
    SalaryPeriod.YEAR: "YEAR",
    SalaryPeriod.MONTH: "MONTH",
    SalaryPeriod.DAY: "DAY",
    SalaryPeriod.HOUR: "HOUR",
}
CONTRACT_TYPES = {
    ContractType.FIXED_TERM: "TEMPORARY",
    ContractType.SESSIONAL: "TEMPORARY",
    ContractType.FREELANCE: "CONTRACTOR",
    ContractType.VOLUNTEER: "VOLUNTEER",
}
UNITED_KINGDOM = {"@type": "Country", "name": "United Kingdom"}
# The escapes Django's json_script uses: editors' text cannot close the <script> element.
SCRIPT_SAFE = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """A schema.org block: JSON escaped as json_script escapes it, with the type search
    engines read."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_SAFE)
    safe_payload = mark_safe(payload)  # noqa: S308  (<, > and & escaped above, as json_script does)
    return format_html('<script type="application/ld+json">{}</script>', safe_payload)


def number(amount):
    """A JSON number, not the string DjangoJSONEncoder makes of a Decimal."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def description_html(vacancy):
    """The whole advert as HTML, as Google wants it: summary, description, pay and benefits,
    and the equality statement."""
    parts = [format_html("<p>{}</p>", vacancy.summary), expand_db_html(vacancy.description)]
    if vacancy.benefits:
        parts.append(format_html("<p>Benefits: {}</p>", vacancy.benefits))
    if vacancy.equality_statement:
        parts.append(format_html("<p>{}</p>", vacancy.equality_statement))
    return "".join(parts)


def hiring_organization(vacancy, request):
    organization = {"@type": "Organization", "name": vacancy.employer}
    organisation = vacancy.organisation
    if organisation is None:
        return organization
    if organisation.website:
        organization["sameAs"] = organisation.website
    if organisation.logo is not None:
        logo = organisation.logo.get_rendition(LOGO_SPEC)
        organization["logo"] = request.build_absolute_uri(logo.url)
    return organization


def postal_address(vacancy):
    """Street and locality from the place ("12 Rye Lane, Peckham"), London as the region for
    a London job, the postcode when given."""
    address = {"@type": "PostalAddress"}
    street, _, locality = vacancy.place.rpartition(",")
    street, locality = street.strip(), locality.strip()
    if not street and locality[:1].isdigit():
        street, locality = locality, ""
    if vacancy.location == Location.BOROUGH and vacancy.borough_id:
        locality = locality or vacancy.borough.name
    if vacancy.location in (Location.BOROUGH, Location.LONDON_WIDE):
        locality = locality or "London"
        address["addressRegion"] = "London"
    if street:
        address["streetAddress"] = street
    if locality:
        address["addressLocality"] = locality
    if vacancy.postcode:
        address["postalCode"] = vacancy.postcode
    address["addressCountry"] = "GB"
    return address


def employment_types(vacancy):
    """FULL_TIME or PART_TIME from the hours, and what the contract adds."""
    types = ["FULL_TIME" if vacancy.is_full_time else "PART_TIME"]
    if vacancy.contract_type in CONTRACT_TYPES:
        types.append(CONTRACT_TYPES[vacancy.contract_type])
    return types


def base_salary(vacancy):
    """A range, or one value when the vacancy gives one figure; None when unpaid."""
    if vacancy.unpaid:
        return None
    amounts = [a for a in (vacancy.salary_min, vacancy.salary_max) if a is not None]
    if not amounts:
        return None
    value = {"@type": "QuantitativeValue", "unitText": UNITS[SalaryPeriod(vacancy.salary_period)]}
    if len(set(amounts)) == 2:
        value["minValue"], value["maxValue"] = number(amounts[0]), number(amounts[1])
    else:
        value["value"] = number(amounts[0])
    return {"@type": "MonetaryAmount", "currency": "GBP", "value": value}


def job_posting(vacancy, request, now=None):
    """The JobPosting of an open vacancy; None once it has closed."""
    now = now or timezone.now()
    if not vacancy.is_open(now):
        return None
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": description_html(vacancy),
        "url": request.build_absolute_uri(vacancy.get_url(request)),
        "identifier": {
            "@type": "PropertyValue",
            "name": vacancy.employer,
            "value": str(vacancy.pk),
        },
        "datePosted": london(vacancy.first_published_at or now).isoformat(),
        "validThrough": london(vacancy.closes_at).isoformat(),
        "hiringOrganization": hiring_organization(vacancy, request),
        "employmentType": employment_types(vacancy),
        "directApply": False,
        "totalJobOpenings": vacancy.positions,
    }
    fully_remote = (
        vacancy.location == Location.REMOTE or vacancy.working_pattern == WorkingPattern.REMOTE
    )
    if vacancy.location != Location.REMOTE:
        # A remote job with a base office names both, as Google allows.
        data["jobLocation"] = {"@type": "Place", "address": postal_address(vacancy)}
    if fully_remote:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = UNITED_KINGDOM
    if salary := base_salary(vacancy):
        data["baseSalary"] = salary
    if vacancy.benefits:
        data["jobBenefits"] = vacancy.benefits
    return data
