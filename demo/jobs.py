"""Demo vacancies: a jobs board that every filter value of the board finds something on.

Two vacancies are adapted from jobs shared in a London equality network's bulletin (see
../shared/content): the Sessional Youth Engagement Worker at Southwark Travellers' Action Group
and the Partnerships Officer at Tower Hamlets CVS, with every fact in those texts in a field. The
others are illustrative, at member organisations and at a few employers that are not members.

- Closing dates are relative to today, so the demo never goes stale: most vacancies are open,
  some close within three days, and some closed last week (their pages stay up, saying so).
- Between them the open vacancies cover every location, working pattern, contract type, hours
  band and salary band the board filters by, with pay by the year, month, day and hour.
- The demo member's organisation posted some (owned by the demo member). One more of its
  vacancies awaits staff approval, never published, and one was sent back by staff for changes.
- The Partnerships Officer has an application pack: a small PDF job description.

Apply links go to example.org and apply emails are @example.org (one vacancy takes email only,
one a link only), and no person is named. Running it
again creates nothing new: vacancies are matched by slug. Run it after the demo accounts and
members, so that vacancies name their organisation and the demo member can post.
"""

import hashlib
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from demo.members import DEMO_MEMBER_ORGANISATION
from demo.text import at, on_weekday, pdf, rich_text
from hub.moderation import submit_for_moderation
from jobs.choices import ContractType, DocumentKind, Location, SalaryPeriod, WorkingPattern
from jobs.models import JobsIndexPage, Vacancy, VacancyDocument
from members.models import Borough, Organisation

THURSDAY, FRIDAY = 3, 4

#: The demo member's vacancies that go to staff: "submitted" awaits approval, "changes" was sent
#: back with this comment.
CHANGES_COMMENT = (
    "Thank you. Please give the salary as an hourly rate as well, and say which evenings the "
    "sessions run, then send it again."
)

STAG_EQUALITY = (
    "We particularly welcome applications from Gypsies, Roma and Travellers. Tell us about any "
    "adjustments you need to apply or to be interviewed, and we will make them."
)
MEMBER_EQUALITY = (
    "We welcome applications from everyone, and especially from Black, Asian and minority "
    "ethnic, Deaf and disabled, and LGBTQI+ candidates, who are under-represented in our sector. "
    "We guarantee an interview to disabled candidates who meet the essential criteria."
)


def demo_vacancies():
    """The vacancies, newest facts first; dates are worked out from today."""
    partnerships_closes = on_weekday(THURSDAY, 8, 9)
    partnerships_interviews = partnerships_closes.date() + timedelta(days=8)
    return [
        {
            "slug": "sessional-youth-engagement-worker",
            "title": "Sessional Youth Engagement Worker",
            "organisation": DEMO_MEMBER_ORGANISATION,
            "posted_by_member": True,
            "summary": "Keen to make a difference for young Gypsies and Travellers in Southwark? "
            "Join a community organisation that celebrates their culture and history.",
            "description": rich_text(
                "We are looking for someone who is keen to make a difference for young Gypsies "
                "and Travellers in Southwark.",
                "Southwark Travellers' Action Group (STAG) is a community organisation for "
                "Gypsies and Travellers based in Southwark. STAG works to overcome the "
                "inequalities and disadvantages faced by the communities, and to raise awareness "
                "of and celebrate Gypsy and Traveller culture and history.",
                "The post is initially for 14 hours a week on a six-month fixed-term contract, "
                "with the possibility of extension. Hours are flexible and arrangements can be "
                "made to work from home.",
            ),
            "location": Location.BOROUGH,
            "borough": "southwark",
            "place": "Peckham",
            "postcode": "SE15",
            "working_pattern": WorkingPattern.HYBRID,
            "hours_per_week": Decimal(14),
            "contract_type": ContractType.FIXED_TERM,
            "contract_months": 6,
            "salary_min": Decimal(12000),
            "salary_note": "in the region of, depending on experience and qualifications",
            "benefits": "Flexible hours; working from home can be arranged; the contract may be "
            "extended.",
            "closes_at": at(2, 17),
            "apply_email": "stag-jobs@example.org",
            "equality_statement": STAG_EQUALITY,
            "tags": ["Youth work", "Gypsy and Traveller communities", "Part time"],
        },
        {
            "slug": "partnerships-officer-health-and-social-care",
            "title": "Partnerships Officer (Health and Social Care Disparities)",
            "organisation": "tower-hamlets-cvs",
            "summary": "Help Black, Asian and minority ethnic community groups in Tower Hamlets "
            "influence health and social care and build their digital skills.",
            "description": rich_text(
                "Tower Hamlets Council for Voluntary Service (THCVS) is an independent "
                "membership organisation supporting and representing voluntary, community, faith "
                "and social enterprise organisations in the borough of Tower Hamlets.",
                "We have secured funding for a one-year action research project to support "
                "Black, Asian and minority ethnic community groups across Tower Hamlets to build "
                "on and sustain the impact they achieved in response to the Covid-19 pandemic. "
                "The project will work with these groups and with system leaders to develop "
                "effective and sustainable ways of influencing health and social care across "
                "Tower Hamlets, and will give the groups taking part practical support to "
                "develop their digital capabilities and longer-term sustainability.",
                "You will have experience of bringing organisations together to influence changes "
                "in policy or service delivery, and ideally a practical understanding of the "
                "barriers and challenges that these community groups face. You will join a small "
                "capacity-building team of five people, supported by an advisory group with a "
                "range of expertise and skills.",
                "THCVS supports all staff to work from home or the office, depending on what is "
                "most appropriate to keeping safe and the needs of the service.",
                "For an informal chat or more information about the role, email the chief "
                "executive at thcvs-ceo@example.org. To apply, download the job description "
                "below and apply online, or email thcvs-jobs@example.org for an application "
                "pack.",
            ),
            "location": Location.BOROUGH,
            "borough": "tower-hamlets",
            "working_pattern": WorkingPattern.HYBRID,
            "hours_per_week": Decimal(35),
            "contract_type": ContractType.FIXED_TERM,
            "contract_months": 12,
            "salary_min": Decimal(32000),
            "salary_max": Decimal(34000),
            "salary_note": "depending on experience",
            "benefits": "8% pension contribution (6% from the employer, 2% from you); 25 days' "
            "annual leave.",
            "closes_at": partnerships_closes,
            "interviews_on": partnerships_interviews,
            "apply_email": "thcvs-jobs@example.org",
            "equality_statement": MEMBER_EQUALITY,
            "tags": ["Health and social care", "Partnerships", "Race equality"],
            "application_pack": [
                (
                    DocumentKind.JOB_DESCRIPTION,
                    "Partnerships Officer: job description",
                    "partnerships-officer-job-description.pdf",
                    [
                        "Tower Hamlets CVS - Partnerships Officer",
                        "(Health and Social Care Disparities project)",
                        "",
                        "Fixed term, one year; 35 hours a week.",
                        "Salary: 32,000 to 34,000 pounds a year, depending on experience.",
                        "8% pension contribution (6% employer, 2% employee); 25 days' leave.",
                        "",
                        "Main duties:",
                        "- bring community groups and system leaders together to influence",
                        "  health and social care in Tower Hamlets;",
                        "- give groups practical support with digital skills and sustainability;",
                        "- report to the project's advisory group.",
                        "",
                        "Apply at https://example.org/jobs/",
                        "or email thcvs-jobs@example.org for an application pack.",
                    ],
                )
            ],
        },
        {
            "slug": "network-policy-and-campaigns-officer",
            "title": "Policy and Campaigns Officer",
            "employer_name": "London Equality Voices",
            "summary": "Turn what member organisations tell us into briefings, consultation "
            "responses and campaigns for equality in London.",
            "description": rich_text(
                "You will gather evidence from members across every equality strand, draft "
                "responses to consultations and help members speak for themselves to "
                "decision makers.",
                "The team works remotely and meets in central London once a month; travel to "
                "those meetings is paid.",
            ),
            "location": Location.REMOTE,
            "working_pattern": WorkingPattern.REMOTE,
            "hours_per_week": Decimal(28),
            "contract_type": ContractType.PERMANENT,
            "salary_min": Decimal(36000),
            "salary_max": Decimal(38000),
            "salary_note": "full-time equivalent, paid pro rata",
            "benefits": "5% employer pension contribution; 28 days' annual leave pro rata plus "
            "bank holidays; a home-working allowance.",
            "closes_at": at(40, 9),
            "interviews_on": at(47, 9).date(),
            "interviews_until": at(48, 9).date(),
            "apply_email": "lev-recruitment@example.org",
            "equality_statement": "We welcome applications from people with lived experience "
            "of inequality, who are under-represented in policy work.",
            "tags": ["Policy", "Campaigns"],
        },
        {
            "slug": "community-advice-volunteer-coordinator",
            "title": "Community Advice Volunteer Coordinator",
            "employer_name": "East London Advice Partnership",
            "summary": "Recruit, train and support volunteers who give welfare and housing "
            "advice at community drop-ins.",
            "description": rich_text(
                "You will coordinate a team of volunteer advisers, arrange interpreting and keep "
                "in touch with partner advice services across East London.",
            ),
            "location": Location.BOROUGH,
            "borough": "newham",
            "place": "Stratford",
            "working_pattern": WorkingPattern.ON_SITE,
            "hours_per_week": Decimal(21),
            "contract_type": ContractType.FIXED_TERM,
            "contract_months": 12,
            "salary_min": Decimal("14.50"),
            "salary_period": SalaryPeriod.HOUR,
            "salary_note": "London Living Wage or above",
            "benefits": "Paid training in advice work; 25 days' annual leave pro rata.",
            "closes_at": at(24, 12),
            "equality_statement": "We welcome applications from people who speak community "
            "languages used in East London.",
            "tags": ["Advice", "Volunteering", "Housing"],
        },
        {
            "slug": "ddpo-development-manager",
            "title": "Development Manager, Deaf and Disabled People's Organisations",
            "organisation": "inclusion-london",
            "summary": "Lead our support for Deaf and Disabled people's organisations across "
            "London: funding, governance and campaigning together.",
            "description": rich_text(
                "You will lead a team of three supporting Deaf and Disabled people's "
                "organisations (DDPOs) across the capital with funding bids, governance and "
                "joint campaigning, and represent their voice to regional decision makers.",
                "You will have managed people and budgets, and understand the social model of "
                "disability.",
            ),
            "location": Location.LONDON_WIDE,
            "place": "our office in Southwark",
            "working_pattern": WorkingPattern.HYBRID,
            "hours_per_week": Decimal("37.5"),
            "contract_type": ContractType.PERMANENT,
            "salary_min": Decimal(46000),
            "salary_max": Decimal(49000),
            "benefits": "7% employer pension contribution; 27 days' annual leave plus bank "
            "holidays; access to work support and flexible working from day one.",
            "closes_at": at(21, 12),
            "interviews_on": at(30, 9).date(),
            "interviews_until": at(31, 9).date(),
            "apply_email": "inclusion-jobs@example.org",
            "equality_statement": "This post is open to Deaf and disabled candidates only, "
            "under the Equality Act 2010, Schedule 9, Part 1. Interviews can be in BSL.",
            "tags": ["Disability", "Management", "Capacity building"],
        },
        {
            "slug": "refugee-befriending-volunteer",
            "title": "Befriending Volunteer",
            "organisation": "refugee-council",
            "summary": "Spend a few hours a week with a young person seeking asylum: practising "
            "English, finding their way round Lambeth and having someone to talk to.",
            "description": rich_text(
                "Befrienders meet a young person once a week for a year, somewhere public in "
                "Lambeth. We train you for two days first, and you meet other volunteers and a "
                "coordinator every month.",
            ),
            "location": Location.BOROUGH,
            "borough": "lambeth",
            "place": "Brixton",
            "working_pattern": WorkingPattern.ON_SITE,
            "hours_per_week": Decimal(4),
            "contract_type": ContractType.VOLUNTEER,
            "unpaid": True,
            "benefits": "Travel and lunch expenses paid; two days' training; a reference after "
            "six months.",
            "closes_at": at(30, 17),
            "apply_url": "",
            "apply_email": "refugee-council-volunteering@example.org",
            "equality_statement": "We welcome volunteers with experience of the asylum system "
            "themselves.",
            "tags": ["Volunteering", "Refugees and migrants", "Young people"],
        },
        {
            "slug": "roma-community-advocate",
            "title": "Roma Community Advocate",
            "organisation": "roma-support-group",
            "summary": "Support Roma families in Newham with housing, benefits and children's "
            "services, in Romanes and English.",
            "description": rich_text(
                "You will give one-to-one advocacy to Roma families, go with them to meetings "
                "with children's services and schools, and tell us what you learn so that we "
                "can campaign for change.",
                "Speaking Romanes is essential; Romanian or another Central or Eastern European "
                "language is useful.",
            ),
            "location": Location.BOROUGH,
            "borough": "newham",
            "place": "East Ham",
            "working_pattern": WorkingPattern.ON_SITE,
            "hours_per_week": Decimal(30),
            "contract_type": ContractType.FIXED_TERM,
            "contract_months": 18,
            "salary_min": Decimal(2300),
            "salary_period": SalaryPeriod.MONTH,
            "benefits": "3% employer pension contribution; 25 days' annual leave pro rata; "
            "monthly clinical supervision.",
            "closes_at": at(1, 12),
            "interviews_on": at(8, 10).date(),
            "apply_email": "roma-support-jobs@example.org",
            "equality_statement": "We particularly welcome applications from Roma people.",
            "tags": ["Advocacy", "Gypsy, Roma and Traveller communities"],
        },
        {
            "slug": "bangla-fora-sessional-tutor",
            "title": "Sessional Tutor, Bangla Fora",
            "organisation": "nijjor-manush",
            "summary": "Teach evening sessions of our community organising course, grounded in "
            "the history of Bangladeshi activism in the UK.",
            "description": rich_text(
                "Bangla Fora trains community organisers and activists in anti-racism "
                "techniques, digital campaigning and community outreach. Tutors lead two "
                "evening sessions a week in Whitechapel for a twelve-week course.",
            ),
            "location": Location.BOROUGH,
            "borough": "tower-hamlets",
            "place": "Whitechapel",
            "working_pattern": WorkingPattern.ON_SITE,
            "hours_per_week": Decimal(6),
            "contract_type": ContractType.SESSIONAL,
            "positions": 2,
            "salary_min": Decimal(18),
            "salary_max": Decimal(20),
            "salary_period": SalaryPeriod.HOUR,
            "salary_note": "including preparation time",
            "closes_at": at(12, 17),
            "apply_email": "nijjor-manush-tutors@example.org",
            "equality_statement": "Bengali speakers and people who have organised in their own "
            "communities are especially welcome.",
            "tags": ["Community organising", "Training", "Race equality"],
        },
        {
            "slug": "young-londoners-survey-evaluation-consultant",
            "title": "Evaluation Consultant, Young Londoners Survey",
            "organisation": "partnership-for-young-london",
            "summary": "Evaluate how young Londoners and youth organisations shaped one of the "
            "largest surveys of young people in the capital.",
            "description": rich_text(
                "We are looking for a freelance evaluator for around ten hours a week over four "
                "months, to interview young people and partner organisations and write a short "
                "public report.",
            ),
            "location": Location.LONDON_WIDE,
            "working_pattern": WorkingPattern.REMOTE,
            "hours_per_week": Decimal(10),
            "contract_type": ContractType.FREELANCE,
            "salary_min": Decimal(350),
            "salary_period": SalaryPeriod.DAY,
            "salary_note": "for a seven-hour day",
            "closes_at": at(18, 12),
            "interviews_on": at(25, 10).date(),
            "apply_email": "pyl-commissions@example.org",
            "equality_statement": "We welcome proposals from evaluators who are young Londoners "
            "or were until recently.",
            "tags": ["Evaluation", "Young people", "Research"],
        },
        {
            "slug": "lgbt-plus-grants-officer",
            "title": "Grants Officer",
            "organisation": "consortium",
            "summary": "Run small grants programmes for LGBT+ groups across the UK, from "
            "application to report.",
            "description": rich_text(
                "You will answer applicants' questions, assess applications with our panels of "
                "LGBT+ community members, and keep in touch with the groups we fund.",
            ),
            "location": Location.OUTSIDE_LONDON,
            "place": "Brighton",
            "working_pattern": WorkingPattern.HYBRID,
            "hours_per_week": Decimal(35),
            "contract_type": ContractType.PERMANENT,
            "salary_min": Decimal(38000),
            "benefits": "6% employer pension contribution; 26 days' annual leave; a day's leave "
            "for Pride.",
            "closes_at": at(27, 9),
            "interviews_on": at(35, 9).date(),
            "apply_email": "consortium-jobs@example.org",
            "equality_statement": MEMBER_EQUALITY,
            "tags": ["Grants", "LGBTQI+"],
        },
        {
            "slug": "public-legal-education-trainer",
            "title": "Public Legal Education Trainer",
            "organisation": "law-for-life",
            "summary": "Train community champions across London to help families understand "
            "child protection investigations and their rights.",
            "description": rich_text(
                "You will deliver our community training with Roma and other community "
                "organisations, using the toolkit we made with them: an information guide and a "
                "short film narrated in Romanes.",
            ),
            "location": Location.LONDON_WIDE,
            "working_pattern": WorkingPattern.HYBRID,
            "hours_per_week": Decimal("22.5"),
            "contract_type": ContractType.FIXED_TERM,
            "contract_months": 9,
            "salary_min": Decimal(220),
            "salary_period": SalaryPeriod.DAY,
            "benefits": "Travel across London paid; 25 days' annual leave pro rata.",
            "closes_at": at(9, 17),
            "apply_email": "lawforlife-jobs@example.org",
            "equality_statement": MEMBER_EQUALITY,
            "tags": ["Training", "Legal education", "Gypsy, Roma and Traveller communities"],
        },
        {
            "slug": "head-of-community-organising",
            "title": "Head of Community Organising, South London",
            "organisation": "citizens-uk",
            "summary": "Lead a team of organisers building an alliance of faith, school and "
            "community groups across South London.",
            "description": rich_text(
                "Leaders are grown, not born. You will coach a team of four organisers, develop "
                "local leaders, and win campaigns on the Living Wage and housing with our member "
                "institutions.",
            ),
            "location": Location.BOROUGH,
            "borough": "lambeth",
            "place": "Vauxhall",
            "working_pattern": WorkingPattern.HYBRID,
            "hours_per_week": Decimal(35),
            "contract_type": ContractType.PERMANENT,
            "salary_min": Decimal(48000),
            "salary_max": Decimal(52000),
            "benefits": "8% employer pension contribution; 28 days' annual leave plus bank "
            "holidays; a sabbatical after five years.",
            "closes_at": at(33, 12),
            "interviews_on": at(41, 9).date(),
            "apply_email": "citizens-jobs@example.org",
            "equality_statement": MEMBER_EQUALITY,
            "tags": ["Community organising", "Management"],
        },
        {
            "slug": "refugee-week-events-volunteer",
            "title": "Online Events Volunteer",
            "organisation": "refugee-week",
            "summary": "Help local groups across the UK put their Refugee Week events online: "
            "listings, captions and a friendly welcome on the day.",
            "description": rich_text(
                "You will check event listings, add captions to short films and welcome people "
                "to online events. All from home, at times that suit you.",
            ),
            "location": Location.REMOTE,
            "working_pattern": WorkingPattern.REMOTE,
            "hours_per_week": Decimal(3),
            "contract_type": ContractType.VOLUNTEER,
            "unpaid": True,
            "benefits": "Internet and phone costs paid; training in captioning.",
            "closes_at": at(15, 17),
            "apply_email": "refugee-week-volunteers@example.org",
            "equality_statement": "Refugees and people seeking asylum are warmly welcome to "
            "volunteer; volunteering does not affect an asylum claim.",
            "tags": ["Volunteering", "Events", "Refugees and migrants"],
        },
        {
            "slug": "yemeni-womens-rights-project-coordinator",
            "title": "Women's Rights Project Coordinator",
            "organisation": "south-yemeni-womens-forum",
            "summary": "Bring together women's groups in Sheffield, Liverpool, London and "
            "Sandwell to campaign on health, nutrition and child marriage.",
            "description": rich_text(
                "You will support our local groups to organise events and training, and help "
                "women from South Yemen's diaspora to speak up on Yemeni rights from a woman's "
                "perspective.",
                "Arabic is essential. Travel between our groups is paid.",
            ),
            "location": Location.OUTSIDE_LONDON,
            "place": "Sheffield",
            "working_pattern": WorkingPattern.HYBRID,
            "hours_per_week": Decimal(28),
            "contract_type": ContractType.FIXED_TERM,
            "contract_months": 12,
            "salary_min": Decimal(2600),
            "salary_period": SalaryPeriod.MONTH,
            "closes_at": at(2, 12),
            "interviews_on": at(9, 10).date(),
            "apply_email": "sywf-jobs@example.org",
            "equality_statement": "This post is open to women only, under the Equality Act "
            "2010, Schedule 9, Part 1.",
            "tags": ["Women's rights", "Campaigns", "Refugees and migrants"],
        },
        {
            "slug": "movement-trainer-freelance",
            "title": "Freelance Movement Trainer",
            "organisation": "neon",
            "summary": "Design and deliver online training on organising and campaigning for "
            "movements for social and economic justice.",
            "description": rich_text(
                "Two days a week for six months, working with our movement building hub. Our "
                "work is rooted in anti-oppression, centring marginalised people and "
                "communities.",
            ),
            "location": Location.REMOTE,
            "working_pattern": WorkingPattern.REMOTE,
            "hours_per_week": Decimal(16),
            "contract_type": ContractType.FREELANCE,
            "salary_min": Decimal(300),
            "salary_period": SalaryPeriod.DAY,
            "closes_at": at(20, 9),
            "apply_email": "neon-freelance@example.org",
            "equality_statement": MEMBER_EQUALITY,
            "tags": ["Training", "Campaigns", "Community organising"],
        },
        {
            "slug": "sex-worker-outreach-caseworker",
            "title": "Outreach Caseworker",
            "organisation": "national-ugly-mugs",
            "summary": "Support sex workers who have experienced violence to report it, stay "
            "safe and get justice, if they choose to.",
            "description": rich_text(
                "You will give non-judgemental casework to sex workers in the North West, work "
                "with police and health services, and help shape our services around what sex "
                "workers need.",
            ),
            "location": Location.OUTSIDE_LONDON,
            "place": "Manchester",
            "working_pattern": WorkingPattern.ON_SITE,
            "hours_per_week": Decimal("37.5"),
            "contract_type": ContractType.FIXED_TERM,
            "contract_months": 24,
            "salary_min": Decimal(27000),
            "salary_max": Decimal(29000),
            "benefits": "5% employer pension contribution; 25 days' annual leave; paid "
            "external supervision.",
            "closes_at": at(-5, 17),
            "interviews_on": at(2, 10).date(),
            "apply_email": "num-jobs@example.org",
            "equality_statement": "We welcome applications from people with lived experience of "
            "sex work.",
            "tags": ["Casework", "Violence against women and girls"],
        },
        {
            "slug": "community-food-hub-finance-officer",
            "title": "Finance Officer",
            "employer_name": "Thameside Community Food Hub",
            "summary": "Keep the books of a busy community food project in Lewisham: payments, "
            "payroll and reports to funders.",
            "description": rich_text(
                "You will run our accounts on Xero, pay suppliers and staff, and prepare "
                "management accounts and grant reports with the treasurer.",
            ),
            "location": Location.BOROUGH,
            "borough": "lewisham",
            "place": "Deptford",
            "working_pattern": WorkingPattern.HYBRID,
            "hours_per_week": Decimal(21),
            "contract_type": ContractType.PERMANENT,
            "salary_min": Decimal(28000),
            "salary_max": Decimal(30000),
            "salary_note": "pro rata",
            "benefits": "3% employer pension contribution; 25 days' annual leave pro rata.",
            "closes_at": at(-6, 12),
            "apply_email": "food-hub-jobs@example.org",
            "equality_statement": "We welcome applications from people who use food banks or "
            "have done.",
            "tags": ["Finance", "Food poverty"],
        },
        {
            "slug": "traveller-youth-forum-facilitator",
            "title": "Youth Forum Facilitator",
            "organisation": DEMO_MEMBER_ORGANISATION,
            "posted_by_member": True,
            "summary": "Run our youth forum's evening sessions, where young Gypsies and "
            "Travellers plan their own projects and speak up to the council.",
            "description": rich_text(
                "Two evening sessions a week in Peckham during term time, planning with the "
                "young people and keeping simple records.",
            ),
            "location": Location.BOROUGH,
            "borough": "southwark",
            "place": "Peckham",
            "postcode": "SE15",
            "working_pattern": WorkingPattern.ON_SITE,
            "hours_per_week": Decimal(6),
            "contract_type": ContractType.SESSIONAL,
            "salary_min": Decimal("16.50"),
            "salary_period": SalaryPeriod.HOUR,
            "closes_at": at(-7, 17),
            "apply_email": "stag-jobs@example.org",
            "equality_statement": STAG_EQUALITY,
            "tags": ["Youth work", "Gypsy and Traveller communities"],
        },
        {
            "slug": "community-health-champion",
            "title": "Community Health Champion",
            "organisation": DEMO_MEMBER_ORGANISATION,
            "posted_by_member": True,
            "moderation": "submitted",
            "summary": "Help Gypsy and Traveller families in Southwark register with a GP, get "
            "health checks and have their say on local health services.",
            "description": rich_text(
                "You will visit families on sites and in housing, go with them to appointments "
                "when they ask, and bring what they tell you to local health services.",
            ),
            "location": Location.BOROUGH,
            "borough": "southwark",
            "place": "Peckham",
            "working_pattern": WorkingPattern.ON_SITE,
            "hours_per_week": Decimal(10),
            "contract_type": ContractType.FIXED_TERM,
            "contract_months": 6,
            "salary_min": Decimal(15),
            "salary_period": SalaryPeriod.HOUR,
            "closes_at": at(26, 17),
            "apply_email": "stag-jobs@example.org",
            "equality_statement": STAG_EQUALITY,
            "tags": ["Health and social care", "Gypsy and Traveller communities"],
        },
        {
            "slug": "homework-club-sessional-worker",
            "title": "Homework Club Sessional Worker",
            "organisation": DEMO_MEMBER_ORGANISATION,
            "posted_by_member": True,
            "moderation": "changes",
            "summary": "Help children from Gypsy and Traveller families with their homework and "
            "reading at our after-school club.",
            "description": rich_text(
                "Two afternoons a week in term time, with a volunteer and the club's lead "
                "worker. Experience with primary school children is essential.",
            ),
            "location": Location.BOROUGH,
            "borough": "southwark",
            "place": "Peckham",
            "working_pattern": WorkingPattern.ON_SITE,
            "hours_per_week": Decimal(5),
            "contract_type": ContractType.SESSIONAL,
            "salary_min": Decimal(4000),
            "closes_at": at(28, 17),
            "apply_email": "stag-jobs@example.org",
            "equality_statement": STAG_EQUALITY,
            "tags": ["Youth work", "Education"],
        },
    ]


def application_document(title, filename, lines):
    """A Wagtail document holding a small PDF."""
    content = pdf(title, *lines)
    document = get_document_model()(
        title=title,
        file=ContentFile(content, name=filename),
        file_size=len(content),
        file_hash=hashlib.sha1(content).hexdigest(),  # noqa: S324 -- Wagtail's file hash
    )
    document.save()
    return document


def build(report):
    index = JobsIndexPage.objects.first()
    if index is None:
        report("vacancies", 0)
        return
    users = get_user_model().objects.in_bulk(["admin", "member"], field_name="username")
    admin, member = users.get("admin"), users.get("member")
    existing = set(index.get_children().values_list("slug", flat=True))
    wanted = [
        fields
        for fields in demo_vacancies()
        if fields["slug"] not in existing
        # Vacancies sent to staff need both demo accounts: the member sends, staff answer.
        and not (fields.get("moderation") and not (admin and member))
    ]
    employers = Organisation.objects.in_bulk(
        {fields.get("organisation") for fields in wanted} - {None}, field_name="slug"
    )
    boroughs = Borough.objects.in_bulk(field_name="slug")

    published = moderated = 0
    for fields in wanted:
        fields = dict(fields)
        employer = employers.get(fields.pop("organisation", None))
        borough = boroughs.get(fields.pop("borough", None))
        tags = fields.pop("tags", [])
        pack = fields.pop("application_pack", [])
        owner = member if fields.pop("posted_by_member", False) else None
        moderation = fields.pop("moderation", None)
        fields.setdefault("apply_url", f"https://example.org/jobs/{fields['slug']}")
        vacancy = Vacancy(**fields, organisation=employer, borough=borough, owner=owner)
        vacancy.tags.add(*tags)
        vacancy.application_pack = [
            VacancyDocument(kind=kind, document=application_document(title, filename, lines))
            for kind, title, filename, lines in pack
        ]
        if moderation:
            # Never published: the member's draft goes to staff, as posting from the site will.
            vacancy.live = False
            index.add_child(instance=vacancy)
            # Wagtail saves a draft with minimal checks; check it in full, as the editor does,
            # so that the derived fields (yearly pay, when it is unpublished) are stored too.
            vacancy.full_clean()
            vacancy.save(clean=False)
            submit_for_moderation(vacancy, member)
            if moderation == "changes":
                task_state = vacancy.current_workflow_state.current_task_state.specific
                task_state.reject(user=admin, comment=CHANGES_COMMENT)
            moderated += 1
        else:
            index.add_child(instance=vacancy)
            vacancy.save_revision(user=owner).publish(user=admin)
            published += 1
    report("vacancies", published)
    report("vacancies sent to staff for approval", moderated)
