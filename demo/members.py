"""Demo member organisations, the demo member's place in one, and applications to review.

Texts are adapted from public pages of London's equality sector (see ../shared/content): the
organisations named as members in a London equality network's bulletin, and profiles from a map
of community organising. Every contact address is @example.org and no person is named."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from members.forms import PRIVACY_AGREEMENT, VALUES_AGREEMENT
from members.models import (
    Borough,
    EqualityArea,
    Membership,
    MembershipApplication,
    Organisation,
)

ORGANISATIONS = [
    {
        "name": "Southwark Travellers' Action Group",
        "slug": "southwark-travellers-action-group",
        "short_description": "A community organisation for Gypsies and Travellers based in "
        "Southwark.",
        "description": "Southwark Travellers' Action Group (STAG) works to overcome the "
        "inequalities and disadvantages faced by Gypsy and Traveller communities, and to raise "
        "awareness of and celebrate Gypsy and Traveller culture and history.\n\nIts youth work "
        "supports young Gypsies and Travellers in Southwark to take part and be heard.",
        "contact_email": "stag@example.org",
        "boroughs": ["southwark"],
        "areas": ["gypsy-roma-and-traveller-communities", "children-and-young-people"],
        "user_led": True,
    },
    {
        "name": "Partnership for Young London",
        "slug": "partnership-for-young-london",
        "short_description": "Research, policy and partnerships so that young Londoners are "
        "heard in the decisions that affect them.",
        "description": "Partnership for Young London brings together organisations working with "
        "young people across the capital. It runs one of the largest surveys of young "
        "Londoners, shaped with the organisations and young people taking part, and works with "
        "regional bodies on a more equitable London.",
        "contact_email": "young-london@example.org",
        "boroughs": ["london-wide"],
        "areas": ["children-and-young-people"],
        "user_led": False,
    },
    {
        "name": "Law for Life",
        "slug": "law-for-life",
        "short_description": "Public legal education: helping people understand the law and "
        "their rights.",
        "description": "Law for Life investigated why Gypsy and Roma families face child "
        "protection investigations out of proportion to their numbers. Working with Roma "
        "organisations, it produced a multimedia toolkit, including a short film narrated in "
        "Romanes, and community training for Roma champions.",
        "contact_email": "lawforlife@example.org",
        "boroughs": ["london-wide", "national"],
        "areas": ["gypsy-roma-and-traveller-communities", "race-equality"],
        "user_led": False,
    },
    {
        "name": "Roma Support Group",
        "slug": "roma-support-group",
        "short_description": "A Roma-led charity working with Roma families across London.",
        "description": "Roma Support Group works with Roma refugees and migrants in London, and "
        "calls on children's services and professionals working with Roma families to use "
        "resources made with and for Roma communities.",
        "contact_email": "roma-support@example.org",
        "boroughs": ["london-wide", "newham"],
        "areas": ["gypsy-roma-and-traveller-communities", "refugees-and-migrants"],
        "user_led": True,
    },
    {
        "name": "Inclusion London",
        "slug": "inclusion-london",
        "short_description": "Supporting Deaf and Disabled people's organisations across London.",
        "description": "Inclusion London promotes equality for Deaf and Disabled Londoners and "
        "supports the Deaf and Disabled people's organisations that serve them.",
        "contact_email": "inclusion@example.org",
        "boroughs": ["london-wide"],
        "areas": ["disabled-people", "deaf-people"],
        "user_led": True,
    },
    {
        "name": "Refugee Council",
        "slug": "refugee-council",
        "short_description": "Working with refugees and people seeking asylum in the UK.",
        "description": "The Refugee Council supports refugees and people seeking asylum, and "
        "works with grassroots equality groups on knowledge sharing and joint campaigning.",
        "contact_email": "refugee-council@example.org",
        "boroughs": ["national", "london-wide"],
        "areas": ["refugees-and-migrants"],
        "user_led": False,
    },
    {
        "name": "Consortium",
        "slug": "consortium",
        "short_description": "A national membership body for LGBT+ groups and organisations.",
        "description": "Consortium supports LGBT+ groups and organisations across the UK with "
        "funding, networking and information.",
        "contact_email": "consortium@example.org",
        "boroughs": ["national"],
        "areas": ["lgbtqi-plus"],
        "user_led": False,
    },
    {
        "name": "National Ugly Mugs",
        "slug": "national-ugly-mugs",
        "short_description": "Working with and for sex workers to end violence against them.",
        "description": "National Ugly Mugs runs services for sex workers across the UK and "
        "surveys the organisations that work with them, to shape services around what sex "
        "workers need.",
        "contact_email": "num@example.org",
        "boroughs": ["national"],
        "areas": ["gender", "multiple-intersectional"],
        "user_led": False,
    },
    {
        "name": "Tower Hamlets Council for Voluntary Service",
        "slug": "tower-hamlets-cvs",
        "short_description": "Supporting and representing voluntary, community, faith and social "
        "enterprise organisations in Tower Hamlets.",
        "description": "Tower Hamlets CVS is an independent membership organisation. Its action "
        "research supports Black, Asian and minority ethnic community groups to influence "
        "health and social care across the borough.",
        "contact_email": "thcvs@example.org",
        "boroughs": ["tower-hamlets"],
        "areas": ["race-equality", "faith-and-belief"],
        "user_led": False,
    },
    {
        "name": "Nijjor Manush",
        "slug": "nijjor-manush",
        "short_description": "Educating, empowering and organising Bengalis and Bangladeshis in "
        "the UK.",
        "description": "Nijjor Manush is an independent campaigning group that celebrates "
        "Bengali culture and achievements. Its Bangla Fora course trains community organisers "
        "and activists, grounded in the history of Bangladeshi activism in the UK, with "
        "anti-racism techniques, digital campaigning and community outreach.\n\nThe group has "
        "supported local organising around Brick Lane.",
        "contact_email": "nijjor-manush@example.org",
        "boroughs": ["tower-hamlets"],
        "areas": ["race-equality", "children-and-young-people"],
        "user_led": True,
    },
    {
        "name": "The South Yemeni Women's Forum",
        "slug": "south-yemeni-womens-forum",
        "short_description": "Organising women from South Yemen's diaspora to be politically "
        "active and advocate for human rights.",
        "description": "The forum has groups in Sheffield, Liverpool, London and Sandwell that "
        "organise locally, host events and training, and build the agency of women to organise "
        "on Yemeni rights, looking at health, nutrition, the economy and child marriage from a "
        "woman's perspective.",
        "contact_email": "sywf@example.org",
        "boroughs": ["national"],
        "areas": ["gender", "race-equality", "refugees-and-migrants"],
        "user_led": True,
    },
    {
        "name": "Citizens UK",
        "slug": "citizens-uk",
        "short_description": "A people power alliance of diverse local communities working "
        "together for the common good.",
        "description": "Citizens UK develops local leaders and strengthens local organisations. "
        "It has local chapters across England and Wales, and programmes including Sponsor "
        "Refugees and the Living Wage Foundation. It believes leaders are grown, not born.",
        "contact_email": "citizens@example.org",
        "boroughs": ["national", "london-wide"],
        "areas": ["multiple-intersectional", "refugees-and-migrants"],
        "user_led": False,
    },
    {
        "name": "New Economy Organisers Network",
        "slug": "neon",
        "short_description": "Building strength in movements for social and economic justice.",
        "description": "NEON runs a movement building hub with training on organising, a "
        "communications hub with spokesperson and press officer networks, and an organisation "
        "builders' hub. Its work is rooted in anti-oppression, centring marginalised people and "
        "communities.",
        "contact_email": "neon@example.org",
        "boroughs": ["national"],
        "areas": ["multiple-intersectional", "refugees-and-migrants"],
        "user_led": False,
    },
    {
        "name": "Act, Build, Change",
        "slug": "act-build-change",
        "short_description": "A learning community making community organising accessible to "
        "everyone.",
        "description": "Act, Build, Change teaches the fundamentals of community organising, "
        "building power and relationships, sustainably and with collective care, through "
        "online, video and workshop approaches.",
        "contact_email": "abc@example.org",
        "boroughs": ["national"],
        "areas": ["multiple-intersectional"],
        "user_led": False,
    },
    {
        "name": "Refugee Week",
        "slug": "refugee-week",
        "short_description": "Celebrating the contributions, creativity and resilience of "
        "refugees.",
        "description": "Refugee Week brings together national and hundreds of local "
        "organisations each year, and leaves behind local networks that support refugees long "
        "after its flagship events.",
        "contact_email": "refugee-week@example.org",
        "boroughs": ["national"],
        "areas": ["refugees-and-migrants"],
        "user_led": False,
    },
    {
        "name": "Amnesty International UK",
        "slug": "amnesty-international-uk",
        "short_description": "Activist-led campaigning on human rights, locally and nationally.",
        "description": "Amnesty International UK supports activists to take local action on the "
        "human rights issues they care about most.",
        "contact_email": "amnesty@example.org",
        "boroughs": ["national"],
        "areas": ["multiple-intersectional"],
        "user_led": False,
        "status": Organisation.Status.LAPSED,
    },
]

DEMO_MEMBER_ORGANISATION = "southwark-travellers-action-group"

APPLICATIONS = [
    {
        "name": "Lewisham Deaf Women's Group",
        "short_description": "Deaf women in Lewisham meeting, campaigning and supporting each "
        "other in BSL.",
        "public_email": "ldwg@example.org",
        "contact_name": "The Group Coordinator",
        "contact_email": "coordinator@example.org",
        "boroughs": ["lewisham"],
        "areas": ["deaf-people", "gender"],
        "user_led": True,
    },
    {
        "name": "Haringey Older People's Forum",
        "short_description": "Older residents of Haringey speaking up on services and "
        "discrimination.",
        "public_email": "hopf@example.org",
        "contact_name": "The Forum Secretary",
        "contact_email": "secretary@example.org",
        "charity_number": "1234567",
        "boroughs": ["haringey"],
        "areas": ["older-people"],
        "user_led": True,
    },
]


def build(report):
    boroughs = {borough.slug: borough for borough in Borough.objects.all()}
    areas = {area.slug: area for area in EqualityArea.objects.all()}

    created = 0
    for number, data in enumerate(ORGANISATIONS):
        if Organisation.objects.filter(slug=data["slug"]).exists():
            continue
        organisation = Organisation(
            name=data["name"],
            slug=data["slug"],
            short_description=data["short_description"],
            description=data["description"],
            contact_email=data["contact_email"],
            user_led=data["user_led"],
            status=data.get("status", Organisation.Status.ACTIVE),
            # Spread over the last few years, so the directory shows a range of join dates.
            joined_on=timezone.localdate() - timedelta(days=200 + 97 * number),
        )
        organisation.boroughs.set([boroughs[slug] for slug in data["boroughs"]])
        organisation.equality_areas.set([areas[slug] for slug in data["areas"]])
        organisation.save()
        organisation.save_revision().publish()
        created += 1
    report("member organisations", created)

    member = get_user_model().objects.filter(username="member").first()
    if member:
        _, was_created = Membership.objects.get_or_create(
            user=member,
            organisation=Organisation.objects.get(slug=DEMO_MEMBER_ORGANISATION),
            defaults={"role": Membership.Role.ADMIN},
        )
        report("demo member's organisation admin role", int(was_created))

    created = 0
    for data in APPLICATIONS:
        if MembershipApplication.objects.filter(name=data["name"]).exists():
            continue
        application = MembershipApplication.objects.create(
            name=data["name"],
            short_description=data["short_description"],
            public_email=data["public_email"],
            charity_number=data.get("charity_number", ""),
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            user_led=data["user_led"],
            values_agreement=VALUES_AGREEMENT,
            privacy_agreement=PRIVACY_AGREEMENT,
            agreed_at=timezone.now(),
        )
        application.boroughs.set([boroughs[slug] for slug in data["boroughs"]])
        application.equality_areas.set([areas[slug] for slug in data["areas"]])
        created += 1
    report("membership applications to review", created)
