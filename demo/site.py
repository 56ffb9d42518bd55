"""Demo content for the site core: the home page, about pages, the apps' index pages, settings.

Texts are adapted from public pages of London's equality sector (see ../shared/content); people
appear only by role, and every address is @example.org."""

from wagtail.models import Page, Site

from bulletin.models import BulletinIndexPage
from demo.text import paragraphs
from hub.models import HomePage, NetworkSettings, StandardPage
from jobs.models import JobsIndexPage
from members.models import MemberDirectoryPage

NETWORK_NAME = "HEAR Equality and Human Rights Network"

HOME_INTRO = (
    "<p>A network of voluntary and community organisations across London working for equality, "
    "rights and social justice, and against discrimination. Find consultations, funding, events "
    "and jobs from across the sector, and join over a thousand member organisations.</p>"
)


ABOUT = {
    "title": "About us",
    "slug": "about",
    "intro": "We connect specialist equality and human rights groups across London, especially "
    "the smaller and user-led ones.",
    "body": [
        ("heading", {"text": "Who we are", "level": "h2"}),
        *paragraphs(
            "We are a network of voluntary and community sector organisations across London "
            "working for equality, rights and social justice and against discrimination. We are "
            "funded by charitable trusts and the National Lottery.",
            "We work to ensure that specialist equality and human rights groups, particularly the "
            "smaller and user-led ones, and the Londoners they work with, can connect and work "
            "together across London and across equality specialisms.",
        ),
        ("heading", {"text": "What we do", "level": "h2"}),
        *paragraphs(
            "With our members we work to make equality issues central in local and regional "
            "decision making, and to work more closely with universities, think tanks, "
            "professional bodies and business. Our core activities are regular bulletins and "
            "information, knowledge sharing, signposting and networking.",
            "Our policy and campaigns work supports organisations to campaign together on equality "
            "and rights issues of joint importance: support for Deaf and disabled refugees and "
            "asylum seekers, hate crime, mental health equality, LGBTQI+ diversity and digital "
            "exclusion.",
        ),
        (
            "quote",
            {
                "quote": "Smaller user-led and grass roots equality groups working together to "
                "strengthen our connections and share knowledge quickly and easily.",
                "attribution": "The NetEquality project",
            },
        ),
    ],
    "show_in_menus": True,
}

PROGRAMME = {
    "title": "London Human Rights Communities Programme",
    "slug": "human-rights-communities",
    "intro": "A five-year programme helping London's civil society organisations use human "
    "rights-based approaches to create social change.",
    "body": [
        *paragraphs(
            "London is home to hundreds of flourishing, community-led organisations providing "
            "front-line services to groups experiencing disadvantage. When community groups are "
            "supported to use human rights law in their work, they can in turn support "
            "individuals and communities to know and claim their rights.",
            "The programme begins with a series of Human Rights Open Days across London: a chance "
            "to meet organisations from the four corners of the capital, identify the key human "
            "rights issues facing communities, and understand the barriers to realising rights.",
        ),
        ("heading", {"text": "Who it is for", "level": "h2"}),
        *paragraphs(
            "All London-focused civil society organisations with an interest in human rights, "
            "whatever their size and whatever their experience of rights-based work.",
        ),
    ],
}

MEMBERSHIP = {
    "title": "Membership",
    "slug": "membership",
    "intro": "Membership is free for voluntary and community organisations working for equality "
    "and human rights in London.",
    "body": [
        ("heading", {"text": "What members get", "level": "h2"}),
        *paragraphs(
            "A regular bulletin of consultations, funding calls, events and jobs; a listing in our "
            "member directory; the chance to post vacancies on our jobs board; and a voice in "
            "joint campaigns across equality specialisms.",
        ),
        ("heading", {"text": "Who can join", "level": "h2"}),
        *paragraphs(
            "Registered charities, community interest companies and unregistered groups, from "
            "large organisations to small user-led groups, that share our values of equality, "
            "rights and social justice.",
        ),
    ],
    "show_in_menus": True,
}

CONTACT = {
    "title": "Contact us",
    "slug": "contact",
    "intro": "Write to the network team at hub@example.org. We reply within three working days.",
    "body": paragraphs(
        "We can provide information in large print, Easy Read and other formats on request, and "
        "we welcome contact through British Sign Language video relay services.",
    ),
    "show_in_menus": True,
}

INDEX_PAGES = [
    (
        BulletinIndexPage,
        {
            "title": "Bulletin",
            "slug": "bulletin",
            "intro": "<p>News, consultations, surveys, funding calls, events and messages from our "
            "members.</p>",
        },
    ),
    (
        JobsIndexPage,
        {
            "title": "Jobs board",
            "slug": "jobs",
            "intro": "<p>Vacancies at member organisations across London.</p>",
        },
    ),
    (
        MemberDirectoryPage,
        {
            "title": "Member directory",
            "slug": "members",
            "intro": "<p>Organisations across London working for equality and human rights.</p>",
        },
    ),
]


def child_page(parent, page_class, fields):
    """The child of `parent` with this slug, created and published if missing."""
    existing = parent.get_children().filter(slug=fields["slug"]).specific().first()
    if existing is not None:
        return existing, False
    page = page_class(show_in_menus=fields.pop("show_in_menus", False), **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def build_home():
    """Makes the demo home page the site root, replacing the page Wagtail's migrations create."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    created = home is None
    if created:
        placeholder = (
            root.get_children().filter(slug="home").exclude(content_type__model="homepage").first()
        )
        if placeholder is not None:
            placeholder.slug = "welcome-placeholder"
            placeholder.save(update_fields=["slug"])
        home = HomePage(
            title="Working together for equality and human rights", slug="home", intro=HOME_INTRO
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=NETWORK_NAME,
        )
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = NETWORK_NAME
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2:
            old_root.delete()
    return home, created


def build_settings(site):
    settings = NetworkSettings.for_site(site)
    if settings.network_name == NETWORK_NAME:
        return False
    settings.network_name = NETWORK_NAME
    settings.tagline = "Working together for equality and human rights in London"
    settings.contact_email = "hub@example.org"
    settings.footer_text = (
        "<p>A demo of Network Hub, built from public texts of London's equality sector. "
        "Registered charity number 0000000 (demo).</p>"
    )
    settings.social_links = [
        (
            "link",
            {"service": "bluesky", "url": "https://bsky.app/profile/example.org", "label": ""},
        ),
        (
            "link",
            {"service": "linkedin", "url": "https://www.linkedin.com/company/example", "label": ""},
        ),
    ]
    settings.save()
    return True


def build(report):
    home, created = build_home()
    report("home page", int(created))
    site = Site.objects.get(is_default_site=True)
    report("network settings", int(build_settings(site)))

    about, about_created = child_page(home, StandardPage, dict(ABOUT))
    made = [about_created]
    made.append(child_page(about, StandardPage, dict(PROGRAMME))[1])
    for page_class, fields in INDEX_PAGES:
        made.append(child_page(home, page_class, dict(fields, show_in_menus=True))[1])
    made.append(child_page(home, StandardPage, dict(MEMBERSHIP))[1])
    made.append(child_page(home, StandardPage, dict(CONTACT))[1])
    report("pages", sum(made))
    return home
