"""A network-scale data set, loaded in bulk: 10,000 bulletin posts of every kind with tags,
3,000 vacancies (a third open), 1,200 member organisations and 20,000 newsletter subscribers.

Pages are inserted a thousand rows at a time, with their tree paths worked out here, instead of
one `add_child` (several queries and a revision each) per page; then Wagtail's search index is
filled in bulk. Run on an empty, migrated database: `bench/server.py` does it for `make bench`,
through `bench/inprocess.py`. A second data set a tenth the size (`SIZES["small"]`) goes into a
database of its own for the scaling figures, and `new_items` adds the items of a digest.
"""

import itertools
import random
import uuid
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from bulletin.choices import AttendanceMode, Kind
from bulletin.models import BulletinIndexPage, BulletinPost, BulletinPostTag
from hub.models import HomePage
from jobs.choices import ContractType, Location, SalaryPeriod, WorkingPattern
from jobs.models import JobsIndexPage, Vacancy, closed_vacancy_days
from members.models import Borough, EqualityArea, MemberDirectoryPage, Organisation
from newsletter.models import Subscriber

BATCH = 1000
TOPICS = [
    "Data",
    "Funders",
    "Youth",
    "Hate crime",
    "Human rights",
    "Disability",
    "Housing",
    "Health",
    "Migrants",
    "Older people",
    "LGBTQ+",
    "Race equality",
    "Women",
    "Faith",
    "Mental health",
    "Employment",
    "Advice",
    "Volunteering",
    "Campaigns",
    "Training",
]
SUBJECTS = [
    "equality",
    "community",
    "funding",
    "youth",
    "housing",
    "advice",
    "volunteers",
    "campaign",
    "training",
    "wellbeing",
]


def pages_under(parent, pages):
    """Inserts `pages` (unsaved, of one page type, with title and slug) as the last children
    of `parent`, live, in batches: the `wagtailcore_page` rows first, then the type's own rows
    with the same ids. Returns them, saved."""
    model = type(pages[0])
    content_type = ContentType.objects.get_for_model(model)
    last = parent.get_last_child()
    first_step = int(last.path[-Page.steplen :], 36) + 1 if last else 1
    depth = parent.depth + 1
    for number, page in enumerate(pages):
        page.path = Page._get_path(parent.path, depth, first_step + number)
        page.depth = depth
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.live = getattr(page, "live", True)
    base_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    own_fields = model._meta.local_concrete_fields
    for start in range(0, len(pages), BATCH):
        batch = pages[start : start + BATCH]
        rows = Page.objects.bulk_create(
            [Page(**{f.attname: getattr(page, f.attname) for f in base_fields}) for page in batch]
        )
        for page, row in zip(batch, rows, strict=True):
            page.pk = page.id = page.page_ptr_id = row.pk
        model._base_manager._insert(batch, fields=own_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    return pages


def site_pages():
    """The home page and its bulletin, jobs board and directory, made the ordinary way when
    missing (a handful of pages)."""
    home = HomePage.objects.first()
    if home is None:
        from tests.factories import make_site

        home = make_site()
    sections = {}
    for model, title, slug in [
        (BulletinIndexPage, "Bulletin", "bulletin"),
        (JobsIndexPage, "Jobs board", "jobs"),
        (MemberDirectoryPage, "Members", "members"),
    ]:
        page = model.objects.child_of(home).first()
        if page is None:
            page = home.add_child(instance=model(title=title, slug=slug))
        sections[model] = page
    return sections


def organisations(count, rng):
    boroughs = list(Borough.objects.all())
    areas = list(EqualityArea.objects.all())
    rows = Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"{rng.choice(SUBJECTS).capitalize()} network {n}",
                slug=f"organisation-{n}",
                short_description=f"A {rng.choice(SUBJECTS)} organisation in London.",
                contact_email=f"info{n}@example.org",
                # One in ten has let its membership lapse: it is not listed.
                status=Organisation.Status.LAPSED if n % 10 == 9 else Organisation.Status.ACTIVE,
                user_led=n % 3 == 0,
                live=True,
                last_published_at=timezone.now() - timedelta(days=n % 700),
            )
            for n in range(count)
        ],
        batch_size=BATCH,
    )
    through = Organisation.boroughs.through
    through.objects.bulk_create(
        [
            through(organisation_id=row.pk, borough_id=borough.pk)
            for row in rows
            for borough in rng.sample(boroughs, k=min(2, len(boroughs)))
        ],
        batch_size=BATCH * 5,
    )
    through = Organisation.equality_areas.through
    through.objects.bulk_create(
        [
            through(organisation_id=row.pk, equalityarea_id=area.pk)
            for row in rows
            for area in rng.sample(areas, k=min(2, len(areas)))
        ],
        batch_size=BATCH * 5,
    )
    return rows


def post_fields(kind, moment, closes):
    """A post's dates and kind-specific fields: first published at `moment`; a consultation
    or funding call closes at `closes`, an event starts then."""
    fields = {"first_published_at": moment, "last_published_at": moment}
    if kind in (Kind.CONSULTATION, Kind.FUNDING):
        fields.update(deadline=closes, closes_at=closes, cta_text="Find out more")
        fields["cta_url"] = "https://example.org/more"
        if kind == Kind.FUNDING:
            fields.update(funder="London Community Fund", amount_min=1000, amount_max=10000)
    elif kind == Kind.EVENT:
        fields.update(
            starts_at=closes,
            ends_at=closes + timedelta(hours=2),
            closes_at=closes,
            attendance_mode=AttendanceMode.IN_PERSON,
            venue="Community Hall",
            address="1 High Street\nLondon",
            cta_text="Register",
            cta_url="https://example.org/register",
        )
    return fields


def make_post(n, kind, subject, slug, organisation_ids, fields):
    return BulletinPost(
        title=f"{Kind(kind).label}: {subject} {n}",
        slug=slug,
        kind=kind,
        summary=f"What this {subject} post is about, for member organisations.",
        organisation_id=organisation_ids[n % len(organisation_ids)] if n % 4 == 0 else None,
        **fields,
    )


def posts(index, count, organisation_ids, now, rng):
    kinds = itertools.cycle(Kind.values)
    # Dated between two years ago and two months ahead, however many there are.
    first = now - timedelta(days=730)
    spacing = timedelta(days=790) / count
    built = []
    for n in range(count):
        kind = next(kinds)
        subject = rng.choice(SUBJECTS)
        moment = (first + spacing * n).replace(microsecond=0)
        closes = moment + timedelta(days=rng.randint(7, 60))
        fields = post_fields(kind, moment, closes)
        built.append(make_post(n, kind, subject, f"post-{n}", organisation_ids, fields))
    built = pages_under(index, built)
    tags = Tag.objects.bulk_create([Tag(name=name, slug=slugify(name)) for name in TOPICS])
    BulletinPostTag.objects.bulk_create(
        [
            BulletinPostTag(content_object_id=post.pk, tag_id=tag.pk)
            for post in built
            for tag in rng.sample(tags, k=rng.randint(1, 3))
        ],
        batch_size=BATCH * 5,
    )
    return built


def make_vacancy(n, slug, published, closes, organisation_ids, rng):
    vacancy = Vacancy(
        title=f"{rng.choice(SUBJECTS).capitalize()} worker {n}",
        slug=slug,
        summary="Support our members and the people they work with.",
        employer_name="" if n % 2 else "Peckham Community Kitchen",
        organisation_id=organisation_ids[n % len(organisation_ids)] if n % 2 else None,
        location=Location.LONDON_WIDE,
        place="Peckham",
        working_pattern=rng.choice(WorkingPattern.values),
        hours_per_week=Decimal(rng.choice([14, 21, 28, 35])),
        contract_type=rng.choice(ContractType.values),
        contract_months=6,
        salary_min=Decimal(rng.choice([24000, 28000, 32000])),
        salary_period=SalaryPeriod.YEAR,
        closes_at=closes,
        apply_url=f"https://example.org/apply/{n}",
        description="<p>About the job.</p>",
        first_published_at=published,
        last_published_at=published,
    )
    vacancy.derive_fields()
    return vacancy


def vacancies(board, count, organisation_ids, now, rng):
    """A third open (closing within two months), the rest closed in the last two years; those
    closed longer ago than the jobs settings keep them are unpublished, as `publish_scheduled`
    leaves them."""
    keep = timedelta(days=closed_vacancy_days())
    built = []
    for n in range(count):
        closes = (
            now + timedelta(days=rng.randint(1, 60))
            if n % 3 == 0
            else (now - timedelta(days=rng.randint(1, 730)))
        )
        published = (closes - timedelta(days=rng.randint(14, 40))).replace(microsecond=0)
        vacancy = make_vacancy(n, f"vacancy-{n}", published, closes, organisation_ids, rng)
        if closes + keep < now:
            vacancy.live = False
            vacancy.expired = True
        built.append(vacancy)
    return pages_under(board, built)


def new_items(count, now, seed=12):
    """`count` items new in the next digest, for the digest's scaling figures: posts of every
    kind and vacancies in turn, first published a second apart going back from `now`, all
    still open: those with a closing date close 1 to 21 days after `now` (a third of them
    under "Closing this week"). Returns the moment just before the oldest, the previous
    digest's cut-off. Meant for a transaction the caller rolls back."""
    rng = random.Random(seed)  # noqa: S311 -- made-up data, repeatable by its seed
    sections = site_pages()
    organisation_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    kinds = [*Kind.values, "vacancy"]
    new_posts, new_vacancies = [], []
    for n in range(count):
        kind = kinds[n % len(kinds)]
        published = (now - timedelta(seconds=n + 1)).replace(microsecond=0)
        closes = now + timedelta(days=n // len(kinds) % 21 + 1)
        slug = f"new-{kind.replace('_', '-')}-{n}"
        if kind == "vacancy":
            new_vacancies.append(make_vacancy(n, slug, published, closes, organisation_ids, rng))
        else:
            fields = post_fields(kind, published, closes)
            subject = rng.choice(SUBJECTS)
            new_posts.append(make_post(n, kind, subject, slug, organisation_ids, fields))
    if new_posts:
        pages_under(sections[BulletinIndexPage], new_posts)
    if new_vacancies:
        pages_under(sections[JobsIndexPage], new_vacancies)
    return (now - timedelta(seconds=count + 1)).replace(microsecond=0)


def subscribers(count, now):
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=f"subscriber{n}@example.org",
                status=Subscriber.Status.SUBSCRIBED,
                consent_text="Send me the network's newsletter.",
                consented_at=now,
                confirmed_at=now,
            )
            for n in range(count)
        ],
        batch_size=BATCH * 5,
    )


def index_for_search(*querysets):
    """Wagtail's search index, filled a batch at a time as `update_index` does."""
    backend = get_search_backend()
    for queryset in querysets:
        index = backend.get_index_for_model(queryset.model)
        for start in range(0, queryset.count(), BATCH):
            index.add_items(queryset.model, list(queryset.order_by("pk")[start : start + BATCH]))


#: The data sets: the network's scale, and one a tenth of it for the scaling figures.
SIZES = {
    "network": {
        "posts_count": 10_000,
        "vacancies_count": 3_000,
        "organisations_count": 1_200,
        "subscribers_count": 20_000,
    },
    "small": {
        "posts_count": 1_000,
        "vacancies_count": 300,
        "organisations_count": 120,
        "subscribers_count": 2_000,
    },
}


def load(size="network", seed=12, now=None):
    """Loads the data set `size` names (in `SIZES`) into an empty, migrated database."""
    counts = SIZES[size]
    now = now or timezone.now()
    rng = random.Random(seed)  # noqa: S311 -- made-up data, repeatable by its seed
    with transaction.atomic():
        sections = site_pages()
        organisation_ids = [row.pk for row in organisations(counts["organisations_count"], rng)]
        new_posts = posts(
            sections[BulletinIndexPage], counts["posts_count"], organisation_ids, now, rng
        )
        new_vacancies = vacancies(
            sections[JobsIndexPage], counts["vacancies_count"], organisation_ids, now, rng
        )
        subscribers(counts["subscribers_count"], now)
        index_for_search(
            BulletinPost.objects.filter(pk__in=[post.pk for post in new_posts]),
            Vacancy.objects.filter(pk__in=[vacancy.pk for vacancy in new_vacancies]),
            Organisation.objects.all(),
        )
