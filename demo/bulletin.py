"""Demo bulletin posts of every kind, adapted from public posts of London's equality sector.

Dates are relative to today so the demo never goes stale: some items are open, some closing
soon, some closed, with events past and to come. People appear only by role; every address is
@example.org. Running it again creates nothing new: posts are matched by slug. Run it after the
members demo so that posts from member organisations name their sender.
"""

from datetime import timedelta

from django.utils import timezone

from bulletin.choices import AttendanceMode, Kind
from bulletin.models import BulletinIndexPage, BulletinPost
from demo.text import at, paragraphs
from members.models import Organisation


def consultation(slug, title, summary, body, tags, posted, closes, audience, cta="Take the survey"):
    return {
        "slug": slug,
        "title": title,
        "kind": Kind.CONSULTATION,
        "summary": summary,
        "body": paragraphs(*body),
        "tags": tags,
        "posted": posted,
        "deadline": closes,
        "audience": audience,
        "cta_text": cta,
        "cta_url": f"https://surveys.example.org/{slug}",
    }


def funding(slug, title, summary, body, tags, posted, closes, funder, amounts, audience, how):
    return {
        "slug": slug,
        "title": title,
        "kind": Kind.FUNDING,
        "summary": summary,
        "body": paragraphs(*body),
        "tags": tags,
        "posted": posted,
        "deadline": closes,
        "funder": funder,
        "amount_min": amounts[0],
        "amount_max": amounts[1],
        "audience": audience,
        "how_to_apply": how,
        "cta_text": "Apply",
        "cta_url": f"https://funders.example.org/{slug}",
    }


def event(slug, title, summary, body, tags, posted, starts, hours, mode, **extra):
    place = {}
    if mode in {AttendanceMode.IN_PERSON, AttendanceMode.MIXED}:
        place.update(venue=extra.pop("venue"), address=extra.pop("address"))
    if mode in {AttendanceMode.ONLINE, AttendanceMode.MIXED}:
        place["online_url"] = f"https://meet.example.org/{slug}"
    return {
        "slug": slug,
        "title": title,
        "kind": Kind.EVENT,
        "summary": summary,
        "body": paragraphs(*body),
        "tags": tags,
        "posted": posted,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=hours),
        "attendance_mode": mode,
        "cta_text": "Register",
        "cta_url": f"https://events.example.org/{slug}",
        **place,
        **extra,
    }


def news(slug, title, summary, body, tags, posted, kind=Kind.NEWS, **extra):
    return {
        "slug": slug,
        "title": title,
        "kind": kind,
        "summary": summary,
        "body": paragraphs(*body),
        "tags": tags,
        "posted": posted,
        **extra,
    }


def demo_posts():
    return [
        consultation(
            "inequality-data-framework",
            "Feedback on a framework for data on inequality",
            "Funders propose a shared way to categorise organisations experiencing structural "
            "inequality. Tell them whether it works for your communities.",
            [
                "A coalition of foundations and data specialists has drafted a framework to "
                "categorise organisations experiencing structural inequality. Funders would use "
                "it to monitor their grant programmes, and the sector could use it for "
                "analysis.",
                "More than 20 stakeholders from different communities of identity and "
                "experience shaped the draft. They told the authors that data on communities "
                "served is patchy, that monitoring forms invite applicants to tick every box, "
                "and that small groups have little capacity to collect data.",
                "No framework can capture every nuance. Your feedback decides what changes.",
            ],
            ["Data", "Funders", "Grants"],
            posted=12,
            closes=at(9, 17),
            audience="Equality organisations, funders and anyone who fills in monitoring forms.",
        ),
        consultation(
            "london-youth-sector-survey",
            "Take part in the London youth sector survey",
            "A cross-sector survey to shape the collective response to young Londoners' needs.",
            [
                "Partners across London's youth sector, London Councils and City Hall are "
                "collecting data from youth organisations so that together we understand what "
                "is needed on the front line.",
                "Please complete the survey and share it across your networks.",
            ],
            ["Youth", "Data"],
            posted=9,
            closes=at(2, 23, 59),
            audience="Youth organisations and infrastructure groups in London.",
        ),
        consultation(
            "local-authorities-youth-survey",
            "Local authorities youth survey",
            "A parallel survey for council staff who commission or run youth services.",
            [
                "London Councils and City Hall are running a companion survey for key contacts "
                "in councils. Questions go to the survey team at youth-survey@example.org.",
            ],
            ["Youth"],
            posted=15,
            closes=at(-4, 17),
            audience="Council officers responsible for youth services.",
        ),
        consultation(
            "sex-workers-covid-survey",
            "Impact of the pandemic on sex workers: survey",
            "Our members who work with and for sex workers ask organisations to share a short "
            "survey.",
            [
                "If your organisation works with sex workers in the UK, please share this "
                "survey on how the pandemic is affecting them. Responses shape services.",
                "The survey takes a few minutes.",
            ],
            ["Human rights", "Data"],
            posted=6,
            closes=at(20, 12),
            audience="Organisations working with sex workers.",
        ),
        consultation(
            "young-londoners-survey-questions",
            "Help design the Young Londoners Survey",
            "One of the largest studies of young Londoners wants to hear which topics and "
            "questions matter to you.",
            [
                "Over the next six months a member organisation will talk to more than 5,000 "
                "young people. They are consulting organisations on the questions now.",
                "Suggest topics to the research team at research@example.org.",
            ],
            ["Youth"],
            posted=3,
            closes=at(5, 17),
            audience="Organisations working with young Londoners.",
            cta="Suggest questions",
        ),
        consultation(
            "hate-crime-reporting-consultation",
            "Consultation on third-party hate crime reporting",
            "How should community organisations support people to report hate crime? Share "
            "your experience.",
            [
                "The pan-equality hate crime network is gathering evidence on third-party "
                "reporting centres: what works, what puts people off, and what support "
                "community groups need.",
            ],
            ["Hate crime", "Human rights"],
            posted=20,
            closes=at(35, 17),
            audience="Community groups, advice services and people with lived experience.",
        ),
        funding(
            "london-community-response-wave-4",
            "Wave 4 of the London Community Response Fund is open",
            "Grants of up to £10,000 for groups supporting Londoners affected by the pandemic.",
            [
                "London's funders have come together again to provide new funding for civil "
                "society organisations.",
                "Applications are assessed on a first-come, first-served basis, so apply early.",
            ],
            ["Funders", "Grants"],
            posted=10,
            closes=at(3, 17),
            funder="A partnership of London funders",
            amounts=(1000, 10000),
            audience="Charitable organisations whose activities benefit Londoners.",
            how="Read the guidance, then apply online. Activities must be legally charitable.",
        ),
        funding(
            "civil-society-roots-incubator",
            "Civil Society Roots: small partnership grants",
            "Small grants for partnerships that close gaps in support for Londoners.",
            [
                "The incubator funds partnerships between community groups that tackle gaps in "
                "support, led by the communities most affected by the pandemic.",
            ],
            ["Grants", "Funders"],
            posted=18,
            closes=at(28, 12),
            funder="A London-wide public funder",
            amounts=(5000, 25000),
            audience="Partnerships of two or more community groups in London.",
            how="Send an expression of interest, then a full proposal if invited.",
        ),
        funding(
            "community-spaces-at-risk",
            "Community Spaces at Risk Fund",
            "Funding and one-to-one support to protect grassroots community spaces.",
            [
                "For cultural centres, social clubs, youth and education spaces at risk of "
                "closure.",
            ],
            ["Grants"],
            posted=30,
            closes=at(-6, 17),
            funder="A London-wide public funder",
            amounts=(None, 50000),
            audience="Organisations running community spaces in London.",
            how="Apply online with a short description of the space and the risk it faces.",
        ),
        funding(
            "disability-justice-small-grants",
            "Disability justice small grants",
            "Grants for Deaf and disabled people's organisations campaigning on rights.",
            [
                "Funding for user-led groups of Deaf and disabled people working on rights, "
                "access and inclusion.",
            ],
            ["Disability", "Grants", "Human rights"],
            posted=4,
            closes=at(13, 17),
            funder="A London charitable trust",
            amounts=(500, 5000),
            audience="User-led Deaf and disabled people's organisations.",
            how="Short application form; BSL and Easy Read versions are available.",
        ),
        funding(
            "refugee-welcome-fund",
            "Refugee welcome fund",
            "Support for groups welcoming refugees and people seeking asylum in London.",
            ["Grants for befriending, advice, English classes and peer support."],
            ["Refugees", "Grants"],
            posted=2,
            closes=at(45, 17),
            funder="A London community foundation",
            amounts=(2000, 15000),
            audience="Refugee-led and refugee-supporting groups.",
            how="Apply online or ask for a call with the grants team at grants@example.org.",
        ),
        event(
            "campaign-tool-testing-workshop",
            "Collaborative campaign tool: testing workshop",
            "Help test a tool that lets small groups plan, publicise and contribute to "
            "campaigns together.",
            [
                "Campaign pies is a collaborative campaign planning tool. We want to test it for "
                "how easy, well designed and useful it is, with small campaigning groups.",
                "We can pay you for your time. Tell us in the registration form how you would "
                "like to claim.",
            ],
            ["Data", "Human rights"],
            posted=7,
            starts=at(6, 10),
            hours=1.5,
            mode=AttendanceMode.ONLINE,
            captioned=True,
            access_notes="Live captions throughout. Tell us about any other adjustments.",
        ),
        event(
            "human-rights-open-day-southwark",
            "Human Rights Open Day: Southwark",
            "Meet organisations from across London and identify the human rights issues facing "
            "your communities.",
            [
                "The first of a series of open days from the London Human Rights Communities "
                "Programme, for London-focused civil society organisations of any size.",
            ],
            ["Human rights"],
            posted=40,
            starts=at(-20, 10),
            hours=4,
            mode=AttendanceMode.IN_PERSON,
            venue="Southwark community centre",
            address="1 Example Street\nLondon\nSE1 0AA",
            step_free=True,
            bsl_interpreted=True,
        ),
        event(
            "human-rights-open-day-west-london",
            "Human Rights Open Day: West London",
            "An open day on using human rights law to create social change in your community.",
            [
                "Learn the first steps of human rights advocacy and help shape the programme's "
                "training and resources.",
            ],
            ["Human rights"],
            posted=5,
            starts=at(11, 10),
            hours=4,
            mode=AttendanceMode.MIXED,
            venue="West London community hub",
            address="2 Example Road\nLondon\nW12 0AA",
            step_free=True,
            captioned=True,
            deadline=at(8, 17),
        ),
        event(
            "human-rights-open-day-north-london",
            "Human Rights Open Day: North London",
            "The last open day in the series, for organisations in North London.",
            [
                "Meet others working in the north of the capital and share what your "
                "communities need."
            ],
            ["Human rights"],
            posted=1,
            starts=at(32, 10),
            hours=4,
            mode=AttendanceMode.IN_PERSON,
            venue="North London library",
            address="3 Example Avenue\nLondon\nN1 0AA",
            step_free=True,
        ),
        event(
            "building-strong-communities-workshop",
            "Building Strong Communities workshop",
            "A workshop with Londoners on community hubs: places to volunteer, get support and "
            "build networks.",
            [
                "We will develop the idea of community hubs with London's communities, starting "
                "with those most affected by the pandemic.",
            ],
            ["Human rights", "Youth"],
            posted=25,
            starts=at(-10, 14),
            hours=2,
            mode=AttendanceMode.ONLINE,
            captioned=True,
        ),
        event(
            "hate-crime-network-meeting",
            "Charities Challenging Hate Crime: network meeting",
            "The pan-equality hate crime network meets to share casework trends and plan joint "
            "responses.",
            ["Open to all members working on hate crime. Agenda from network@example.org."],
            ["Hate crime"],
            posted=8,
            starts=at(3, 13),
            hours=2,
            mode=AttendanceMode.MIXED,
            venue="Network office",
            address="4 Example Place\nLondon\nEC1 0AA",
            step_free=True,
            bsl_interpreted=True,
        ),
        event(
            "deaf-disabled-refugees-roundtable",
            "Roundtable: support for Deaf and disabled refugees",
            "Advice workers and user-led groups discuss access to the asylum system.",
            [
                "With the equality sub-group of the national asylum stakeholder forum, we will "
                "hear what Deaf and disabled people seeking asylum need.",
            ],
            ["Refugees", "Disability"],
            posted=14,
            starts=at(-2, 11),
            hours=2,
            mode=AttendanceMode.IN_PERSON,
            venue="Refugee advice centre",
            address="5 Example Lane\nLondon\nE2 0AA",
            step_free=True,
            bsl_interpreted=True,
            access_notes="BSL interpreters booked. Quiet room available.",
        ),
        news(
            "roma-families-child-protection",
            "Structural racism and Roma families in child protection",
            "Members publish findings on how Roma families can get fairer treatment in child "
            "protection investigations.",
            [
                "A three-year project found that councils often did not provide adequate "
                "interpreting, that parents lacked information about what was expected of them, "
                "and that services worked in ways many Roma parents did not understand.",
                "The project produced a multimedia toolkit: an information guide, a short film "
                "in Romanes and community training for Roma champions.",
            ],
            ["Human rights", "Refugees"],
            posted=11,
        ),
        news(
            "developing-a-sense-of-place",
            "Free book: Developing a Sense of Place",
            "A free download on how the arts help build communities and a sense of place.",
            [
                "Case studies from across the UK and beyond explore how universities, artists "
                "and their regional partners connect creative and civic development.",
            ],
            ["Human rights"],
            posted=16,
        ),
        news(
            "civil-society-strength-index",
            "A picture of London's civil society",
            "A new index will measure the strength of London's civil society and its communities.",
            [
                "More than 700 mutual aid groups were set up in London in the first weeks of "
                "the pandemic, and over 60 funders distributed £40m together. The index will "
                "help show where support is needed.",
            ],
            ["Data", "Funders"],
            posted=22,
        ),
        news(
            "digital-exclusion-campaign-update",
            "Digital exclusion: campaign update",
            "What members told us about digital exclusion, and what we are asking decision "
            "makers to do.",
            [
                "Members describe clients who cannot book appointments, claim benefits or "
                "report hate crime online. We are calling for offline routes to every service.",
            ],
            ["Disability", "Human rights"],
            posted=0,
        ),
        news(
            "stronger-together-sessions",
            "Stronger Together: support for individual campaigners",
            "A member group offers free sessions for campaigners in small and user-led groups.",
            [
                "Sessions cover planning a campaign, working with the media and looking after "
                "yourself. Ask the coordinator at stronger@example.org for dates.",
            ],
            ["Human rights"],
            posted=13,
            kind=Kind.MEMBER_MESSAGE,
        ),
        news(
            "lgbtqi-diversity-forum-call",
            "Join the LGBTQI+ diversity forum",
            "A member invites LGBTQI+ groups to join a forum on inclusion across equality "
            "specialisms.",
            ["The forum meets every two months. Expressions of interest close soon."],
            ["Human rights"],
            posted=5,
            kind=Kind.MEMBER_MESSAGE,
            deadline=at(4, 17),
            cta_text="Express interest",
            cta_url="https://forum.example.org/join",
        ),
        news(
            "mental-health-equality-evidence",
            "Share evidence on mental health equality",
            "A member collects case studies on unequal access to mental health services.",
            [
                "Anonymised case studies help make the case for culturally informed services. "
                "Send them to evidence@example.org.",
            ],
            ["Disability", "Data"],
            posted=19,
            kind=Kind.MEMBER_MESSAGE,
            deadline=at(-1, 17),
        ),
        news(
            "youth-engagement-volunteers",
            "Volunteers wanted for youth engagement",
            "A member looks for volunteers to support young Gypsies and Travellers in Southwark.",
            [
                "Flexible hours, training provided and expenses paid. Ask the volunteer "
                "coordinator at volunteers@example.org.",
            ],
            ["Youth"],
            posted=2,
            kind=Kind.MEMBER_MESSAGE,
        ),
    ]


# Posts sent by organisations in the members demo, linked when those organisations exist.
SENDERS = {
    "london-youth-sector-survey": "partnership-for-young-london",
    "young-londoners-survey-questions": "partnership-for-young-london",
    "sex-workers-covid-survey": "national-ugly-mugs",
    "roma-families-child-protection": "law-for-life",
    "youth-engagement-volunteers": "southwark-travellers-action-group",
    "deaf-disabled-refugees-roundtable": "refugee-council",
    "disability-justice-small-grants": "inclusion-london",
}


def build(report):
    index = BulletinIndexPage.objects.first()
    if index is None:
        report("bulletin posts", 0)
        return
    existing = set(index.get_children().values_list("slug", flat=True))
    now = timezone.now()
    senders = Organisation.objects.in_bulk(set(SENDERS.values()), field_name="slug")
    created = 0
    for fields in demo_posts():
        if fields["slug"] in existing:
            continue
        tags = fields.pop("tags")
        posted = now - timedelta(days=fields.pop("posted"), hours=created)
        post = BulletinPost(**fields, organisation=senders.get(SENDERS.get(fields["slug"])))
        post.tags.add(*tags)
        index.add_child(instance=post)
        post.save_revision().publish()
        # Spread publication over recent weeks so "newest first" means something.
        BulletinPost.objects.filter(pk=post.pk).update(
            first_published_at=posted, last_published_at=posted
        )
        created += 1
    report("bulletin posts", created)
