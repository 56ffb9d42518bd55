"""Demo vacancies: two adapted from jobs shared in a London equality network's bulletin, linked
to their member organisations, and two illustrative ones that name no employer.

Closing dates are relative to today so the demo never goes stale: two vacancies are open, one
closes in three days and one closed last week. Apply links go to example.org, and no person is
named. Running it again creates nothing new: vacancies are matched by slug. Run it after the
members demo so that vacancies name their organisation.
"""

from decimal import Decimal

from demo.text import at, rich_text
from jobs.choices import ContractType, Location, SalaryPeriod, WorkingPattern
from jobs.models import JobsIndexPage, Vacancy
from members.models import Borough, Organisation


def demo_vacancies():
    return [
        {
            "slug": "sessional-youth-engagement-worker",
            "title": "Sessional Youth Engagement Worker",
            "organisation": "southwark-travellers-action-group",
            "summary": "Keen to make a difference for young Gypsies and Travellers in Southwark? "
            "Join a community organisation that celebrates their culture and history.",
            "description": rich_text(
                "Southwark Travellers' Action Group is a community organisation for Gypsies "
                "and Travellers based in Southwark. We work to overcome the inequalities and "
                "disadvantages the communities face, and to raise awareness of and celebrate "
                "Gypsy and Traveller culture and history.",
                "The post is initially for 14 hours a week on a six-month fixed-term contract, "
                "with the possibility of extension. Hours are flexible and you can work from "
                "home.",
            ),
            "location": Location.BOROUGH,
            "borough": "southwark",
            "place": "Peckham",
            "working_pattern": WorkingPattern.HYBRID,
            "hours_per_week": Decimal(14),
            "contract_type": ContractType.FIXED_TERM,
            "contract_months": 6,
            "salary_min": Decimal(12000),
            "salary_max": Decimal(12000),
            "salary_note": "in the region of, pro rata",
            "closes_at": at(3, 17),
        },
        {
            "slug": "partnerships-officer-health-and-social-care",
            "title": "Partnerships Officer (Health and Social Care Disparities)",
            "organisation": "tower-hamlets-cvs",
            "summary": "Help Black, Asian and minority ethnic community groups in Tower Hamlets "
            "influence health and social care and build their digital skills.",
            "description": rich_text(
                "A one-year action research project to support community groups across Tower "
                "Hamlets to sustain what they achieved during the pandemic, and to build lasting "
                "ways of influencing health and social care in the borough.",
                "You will bring organisations together to change policy or services, and join "
                "a small capacity-building team of five. Benefits include an 8% pension "
                "contribution and 25 days' annual leave.",
            ),
            "location": Location.BOROUGH,
            "borough": "tower-hamlets",
            "working_pattern": WorkingPattern.HYBRID,
            "hours_per_week": Decimal(35),
            "contract_type": ContractType.FIXED_TERM,
            "contract_months": 12,
            "salary_min": Decimal(32000),
            "salary_max": Decimal(34000),
            "benefits": "8% pension contribution, 25 days' annual leave",
            "closes_at": at(-7, 17),
        },
        {
            "slug": "network-policy-and-campaigns-officer",
            "title": "Policy and Campaigns Officer",
            "summary": "Turn what member organisations tell us into briefings, consultation "
            "responses and campaigns for equality in London.",
            "description": rich_text(
                "You will gather evidence from members across every equality strand, draft "
                "responses to consultations and help members speak for themselves to "
                "decision makers.",
                "We welcome applications from people with lived experience of inequality, "
                "who are under-represented in policy work.",
            ),
            "employer_name": "London Equality Voices",
            "location": Location.REMOTE,
            "working_pattern": WorkingPattern.REMOTE,
            "hours_per_week": Decimal(28),
            "salary_min": Decimal(30000),
            "salary_note": "pro rata",
            "closes_at": at(40, 9),
        },
        {
            "slug": "community-advice-volunteer-coordinator",
            "title": "Community Advice Volunteer Coordinator",
            "summary": "Recruit, train and support volunteers who give welfare and housing "
            "advice at community drop-ins.",
            "description": rich_text(
                "You will coordinate a team of volunteer advisers, arrange interpreting and keep "
                "in touch with partner advice services across East London.",
            ),
            "employer_name": "East London Advice Partnership",
            "location": Location.BOROUGH,
            "borough": "newham",
            "hours_per_week": Decimal(21),
            "contract_type": ContractType.FIXED_TERM,
            "contract_months": 12,
            "salary_min": Decimal("14.50"),
            "salary_period": SalaryPeriod.HOUR,
            "closes_at": at(24, 12),
        },
    ]


def build(report):
    index = JobsIndexPage.objects.first()
    if index is None:
        report("vacancies", 0)
        return
    existing = set(index.get_children().values_list("slug", flat=True))
    wanted = [fields for fields in demo_vacancies() if fields["slug"] not in existing]
    employers = Organisation.objects.in_bulk(
        {fields.get("organisation") for fields in wanted}, field_name="slug"
    )
    boroughs = Borough.objects.in_bulk(field_name="slug")
    for fields in wanted:
        employer = employers.get(fields.pop("organisation", None))
        borough = boroughs.get(fields.pop("borough", None))
        vacancy = Vacancy(
            **fields,
            organisation=employer,
            borough=borough,
            apply_url=f"https://example.org/jobs/{fields['slug']}",
        )
        index.add_child(instance=vacancy)
        vacancy.save_revision().publish()
    report("vacancies", len(wanted))
