"""Demo content for the site core: the home page, about pages, the apps' index pages, settings.

Texts are adapted from public pages of London's equality sector (see ../shared/content); people
appear only by role, and every address is @example.org."""

from wagtail.models import Page, Site

from bulletin.models import BulletinIndexPage
from demo.text import bullets, paragraphs
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

# The statement prepared for this demo; staff change it when they review the statement.
STATEMENT_DATE = "24 November 2026"

# The accessibility statement, after GOV.UK's sample statement for public sector websites.
# Ways to get in touch are on the contact page, which shows the phone, text and BSL video
# relay routes that the network's settings hold, so the statement never lists a stale number.
ACCESSIBILITY = {
    "title": "Accessibility statement",
    "slug": "accessibility",
    "intro": "How accessible this website is, what we know does not work yet, and how to ask "
    "for what you need or tell us about a problem.",
    "body": [
        ("heading", {"text": "Using this website", "level": "h2"}),
        *paragraphs(
            "This website is run by the HEAR Equality and Human Rights Network. We want as many "
            "people as possible to be able to use it. For example, you should be able to:",
        ),
        bullets(
            "change colours, contrast levels and fonts using your browser or device settings",
            "zoom in up to 400% without the text spilling off the screen",
            "use the whole website with just a keyboard",
            "use most of the website with speech recognition software",
            "listen to the website with a screen reader (including recent versions of JAWS, "
            "NVDA and VoiceOver)",
        ),
        *paragraphs(
            "We have also tried to write the website's text as plainly as we can.",
            '<a href="https://mcmw.abilitynet.org.uk/">AbilityNet has advice on making your '
            "device easier to use</a> if you have a disability.",
        ),
        ("heading", {"text": "How accessible this website is", "level": "h2"}),
        *paragraphs("We know some parts of this website are not fully accessible:"),
        bullets(
            "documents that member organisations upload, such as the application packs of "
            "vacancies, are often PDF or Word files that we do not check, and many will not "
            "work well with a screen reader",
            "videos embedded from other websites may not have captions or transcripts",
            "images in bulletin posts rely on the person who posted them describing them, and "
            "some descriptions may be missing or unhelpful",
        ),
        ("heading", {"text": "What to do if you cannot use part of this website", "level": "h2"}),
        *paragraphs(
            "If you need information on this website in a different format, such as an "
            "accessible PDF, large print, Easy Read, audio recording or braille, ask us through "
            'our <a href="/contact/">contact page</a>. It lists every way to reach us: our '
            "contact form, email, and where we have them a phone number, a number for text "
            "messages and a British Sign Language (BSL) video relay service.",
            "We will consider your request and get back to you within 5 working days.",
        ),
        ("heading", {"text": "Reporting accessibility problems with this website", "level": "h2"}),
        *paragraphs(
            "We are always looking to improve the accessibility of this website. If you find a "
            "problem not listed on this page, or think we are not meeting accessibility "
            'requirements, tell us through our <a href="/contact/">contact page</a>, by any of '
            "the ways it lists: the form, email, phone, text message or BSL video relay. Say "
            "which page and what went wrong, and we will reply within 5 working days.",
        ),
        ("heading", {"text": "Enforcement procedure", "level": "h2"}),
        *paragraphs(
            "The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
            "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
            "Regulations 2018 (the accessibility regulations). We are a charity, not a public "
            "sector body, so the regulations do not bind us, but we follow them, and as a "
            "service provider we have duties under the Equality Act 2010.",
            "If you are not happy with how we respond to your complaint, contact the "
            '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support '
            "Service (EASS)</a>.",
        ),
        (
            "heading",
            {"text": "Technical information about this website's accessibility", "level": "h2"},
        ),
        *paragraphs(
            "We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 AA "
            "standard. This website is partially compliant with it, because of the "
            "non-compliances listed below.",
        ),
        ("heading", {"text": "Non-accessible content", "level": "h3"}),
        *paragraphs(
            "Many PDF and Word documents uploaded by member organisations are not tagged for "
            "screen readers and may fail WCAG 2.2 success criteria 1.1.1 (non-text content), "
            "1.3.1 (info and relationships) and 2.4.2 (page titled). We ask members to upload "
            "accessible documents, and we will send you any document in another format on "
            "request.",
            "Videos embedded from other websites may fail success criteria 1.2.2 (captions, "
            "prerecorded) and 1.2.3 (audio description or media alternative).",
        ),
        ("heading", {"text": "How we tested this website", "level": "h2"}),
        *paragraphs(
            "Every change to the website's software is tested before it goes live. Automated "
            "tests open every type of public page in a real web browser and check it with "
            "axe-core, at desktop width and at 320 CSS pixels wide (the width of 400% zoom); "
            "any problem axe finds, of any impact, stops the change. The tests also check that "
            "pages do not scroll sideways at 640 and 320 pixels wide, and they complete the main "
            "journeys, such as logging in and finding a vacancy, with the keyboard alone.",
            "Automated checks find only some problems. This website has not yet been audited by "
            "an accessibility specialist or tested with disabled people using their own "
            "assistive technology, and the content staff and members add is checked only by "
            "the editor's built-in accessibility checker.",
        ),
        ("heading", {"text": "What we are doing to improve accessibility", "level": "h2"}),
        *paragraphs(
            "We plan to commission an audit by an accessibility specialist, and we are writing "
            "guidance for members on making accessible documents.",
        ),
        ("heading", {"text": "Preparation of this accessibility statement", "level": "h2"}),
        *paragraphs(
            f"This statement was prepared on {STATEMENT_DATE}. It was last reviewed on "
            f"{STATEMENT_DATE}.",
        ),
    ],
}

PRIVACY = {
    "title": "Privacy notice",
    "slug": "privacy",
    "intro": "What personal data this website collects, why, how long we keep it, who else "
    "handles it, and your rights.",
    "body": [
        ("heading", {"text": "Who we are", "level": "h2"}),
        *paragraphs(
            "The HEAR Equality and Human Rights Network is the controller of the personal data "
            "this website collects. To ask about your data or use your rights, write to us "
            'through our <a href="/contact/">contact page</a>, which also lists our other ways '
            "of getting in touch.",
        ),
        ("heading", {"text": "What we collect, why, and for how long", "level": "h2"}),
        ("heading", {"text": "Applications to join the network", "level": "h3"}),
        *paragraphs(
            "Your organisation's details, which we publish in the member directory if we approve "
            "the application, and the contact person's name and email address, which we use "
            "only to tell you our decision and to send a link to set up your organisation's "
            "account. We never publish or share them. We also record the words you agreed to "
            "and when. We need them to decide on the application (legitimate interests); we "
            "keep a declined application for 12 months, then delete it.",
        ),
        ("heading", {"text": "Member accounts", "level": "h3"}),
        *paragraphs(
            "Your name, email address, password (stored only in a scrambled form that cannot "
            "be read back), the organisations you act for, and when you last logged in. We use "
            "them to let you manage your organisation's profile and vacancies. We keep your "
            "account until you or your organisation's admin remove it, or your organisation "
            "leaves the network.",
        ),
        ("heading", {"text": "Newsletter", "level": "h3"}),
        *paragraphs(
            "Your email address, your first name if you give it, the topics you choose, and a "
            "record of your consent: the exact words you agreed to, when, and on which page. We "
            "send the newsletter only with your consent, and you can withdraw it at any time "
            "with the unsubscribe link in every email.",
            "Mailchimp (Intuit) sends the newsletter for us as our processor: it holds your "
            "address and choices on our behalf, in the United States, under safeguards "
            "approved for transfers from the UK. We keep your details while you are subscribed. "
            "On request we send you everything we hold about you, including Mailchimp's copy, "
            "or erase it from this website and from Mailchimp.",
        ),
        ("heading", {"text": "Messages through the contact form", "level": "h3"}),
        *paragraphs(
            "Your name, email address, phone number if you give it, your message and how you "
            "would like us to reply. We email them to our staff so that we can answer you, "
            "and delete the message once dealt with, and within 12 months at the latest.",
        ),
        ("heading", {"text": "Vacancies and documents from members", "level": "h3"}),
        *paragraphs(
            "The vacancies member organisations send us, the documents attached to them (such "
            "as application packs), and which member sent them. Approved vacancies are public "
            "until shortly after they close; documents stay private until a vacancy is "
            "approved. Do not put personal data about anyone in a vacancy or its documents "
            "except the contact details you want applicants to use.",
        ),
        ("heading", {"text": "Server logs and security", "level": "h3"}),
        *paragraphs(
            "Like every website, our server records the address of your connection (IP "
            "address), the pages requested and your browser's name, to keep the website "
            "running and secure; these logs are deleted after 30 days. To stop abuse, our "
            "forms count how often they are used from each connection and for each email "
            "address, for one hour.",
            "We use no analytics or advertising cookies. The website sets a cookie that "
            "protects its forms from forgery, and a session cookie while you are logged in.",
        ),
        ("heading", {"text": "Your rights", "level": "h2"}),
        *paragraphs(
            "You have the right to ask for a copy of your personal data, to have it corrected, "
            "to have it erased, to restrict or object to how we use it, and to receive it in a "
            "format you can take elsewhere. Ask us through our "
            '<a href="/contact/">contact page</a>; we reply within one month.',
            "If you are unhappy with how we have used your data, you can complain to the "
            '<a href="https://ico.org.uk/make-a-complaint/">Information Commissioner\'s Office '
            "(ICO)</a>.",
        ),
        ("heading", {"text": "Changes to this notice", "level": "h2"}),
        *paragraphs(f"This notice was last updated on {STATEMENT_DATE}."),
    ],
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
    # Ofcom's numbers reserved for drama, and an example.org relay link: none reaches anyone.
    settings.phone = "020 7946 0000"
    settings.text_number = "07700 900000"
    settings.bsl_relay_url = "https://example.org/bsl-video-relay"
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


def build_trust_pages(home, site):
    """The accessibility statement and the privacy notice, chosen in the network's settings
    unless staff have chosen others. Returns how many pages were created."""
    accessibility, accessibility_created = child_page(home, StandardPage, dict(ACCESSIBILITY))
    privacy, privacy_created = child_page(home, StandardPage, dict(PRIVACY))
    settings = NetworkSettings.for_site(site)
    if settings.accessibility_page_id is None or settings.privacy_page_id is None:
        settings.accessibility_page = settings.accessibility_page or accessibility
        settings.privacy_page = settings.privacy_page or privacy
        settings.save()
    return int(accessibility_created) + int(privacy_created)


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
    made.append(build_trust_pages(home, site))
    report("pages", sum(made))
    return home
