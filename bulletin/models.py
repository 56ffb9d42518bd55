"""The bulletin: one stream of posts of every kind under one index page.

All kinds share one page type and one table, so the listing, feeds, calendar and newsletter
digest read them with a single query. Kind-specific fields are optional in the database and
required by `BulletinPost.clean()` where the kind needs them.
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished, post_page_move

from bulletin.calendar import calendar_response, dated_in
from bulletin.choices import DEADLINE_REQUIRED, Kind
from bulletin.feeds import BulletinFeed
from bulletin.field_groups import CallToActionFields, DeadlineFields, EventFields, FundingFields
from bulletin.filters import BulletinFilterForm
from bulletin.structured_data import event_json_ld
from hub import calendar as site_calendar
from hub import deadlines
from hub.blocks import BodyBlock
from hub.closing import ClosingDateMixin, ClosingDateQuerySet
from hub.pages import IndexPage, ShareCardFields, lazy_page

LISTING_IMAGE_SPEC = "fill-480x270"
# Wagtail page URLs cannot contain dots, so calendars live at calendar/ and download as .ics.
CALENDAR_ROUTE = "calendar"
POSTS_PER_PAGE = 12
TAGS_IN_USE_CACHE_KEY = "bulletin:tags-in-use:{page_id}"
# Bounds how stale another worker's copy can be when the cache is per process (no CACHE_URL).
TAGS_IN_USE_CACHE_SECONDS = 15 * 60


class BulletinPostQuerySet(ClosingDateQuerySet):
    def for_listing(self):
        """What a listing, feed or calendar shows of each post, in a fixed number of queries."""
        images = get_image_model().objects.prefetch_renditions(LISTING_IMAGE_SPEC)
        return self.select_related("organisation").prefetch_related(
            "tagged_items__tag", Prefetch("listing_image", queryset=images)
        )


BulletinPostManager = PageManager.from_queryset(BulletinPostQuerySet)


class BulletinIndexPage(RoutablePageMixin, IndexPage):
    """News, consultations, funding calls, events and member messages, newest first."""

    subpage_types = ["bulletin.BulletinPost"]
    template = "pages/bulletin/bulletin_index_page.html"

    def posts(self):
        return BulletinPost.objects.child_of(self).live().public().for_listing()

    def tags_in_use(self):
        """The tags of this bulletin's live, public posts, by name. A DISTINCT over every live
        post's tags costs tens of milliseconds at network scale, so it is kept per page (and
        so per site) in the cache until a post is published, unpublished, moved or deleted
        (`clear_tags_in_use_cache`), and read once per request."""
        if self._tags_in_use is None:
            key = TAGS_IN_USE_CACHE_KEY.format(page_id=self.pk)
            self._tags_in_use = cache.get(key)
            if self._tags_in_use is None:
                live_posts = BulletinPost.objects.child_of(self).live().public().values("pk")
                self._tags_in_use = list(
                    Tag.objects.filter(
                        bulletin_bulletinposttag_items__content_object__in=live_posts
                    )
                    .distinct()
                    .order_by("name")
                )
                cache.set(key, self._tags_in_use, TAGS_IN_USE_CACHE_SECONDS)
        return self._tags_in_use

    _tags_in_use = None

    def tag_in_use(self, slug):
        for tag in self.tags_in_use():
            if tag.slug == slug:
                return tag
        raise Http404(f"No live post in the bulletin is tagged “{slug}”.")

    def filtered_posts(self, request, kind=None, tag=None):
        form = BulletinFilterForm(request.GET, tags=self.tags_in_use(), kind=kind, tag=tag)
        return form, form.apply(self.posts())

    def listing_context(self, request, kind=None, tag=None):
        form, posts = self.filtered_posts(request, kind=kind, tag=tag)
        page_obj = lazy_page(posts, POSTS_PER_PAGE, request.GET.get("page"))
        return {
            "filter_form": form,
            "posts": page_obj,
            "page_obj": page_obj,
            "current_kind": kind,
            "current_tag": tag,
            "feeds": self.feed_links(kind=kind, tag=tag),
        }

    def scope(self, kind=None, tag=None):
        """How to name and link the posts on screen: all, one kind or one tag."""
        if tag is not None:
            return "tag", [tag.slug], f"Posts tagged {tag.name}"
        if kind is not None:
            return "kind", [kind], Kind(kind).label
        return "all", [], "All posts"

    def feed_links(self, kind=None, tag=None):
        prefix, args, label = self.scope(kind=kind, tag=tag)
        return {
            "label": label,
            "rss": self.url + self.reverse_subpage(f"{prefix}_rss", args=args),
            "atom": self.url + self.reverse_subpage(f"{prefix}_atom", args=args),
        }

    def render_listing(self, request, kind=None, tag=None):
        return self.render(
            request, context_overrides=self.listing_context(request, kind=kind, tag=tag)
        )

    @path("", name="all_posts")
    def all_posts(self, request):
        return self.render_listing(request)

    @path("kind/<str:kind>/", name="kind_posts")
    def kind_posts(self, request, kind):
        return self.render_listing(request, kind=self.valid_kind(kind))

    @path("tag/<slug:slug>/", name="tag_posts")
    def tag_posts(self, request, slug):
        return self.render_listing(request, tag=self.tag_in_use(slug))

    def valid_kind(self, kind):
        if kind not in Kind.values:
            raise Http404(f"The bulletin has no kind of post called “{kind}”.")
        return kind

    def _feed(self, request, feed_type, kind=None, tag=None):
        posts = self.posts().newest_first()
        if kind is not None:
            posts = posts.filter(kind=kind)
        if tag is not None:
            posts = posts.filter(tagged_items__tag=tag)
        prefix, args, label = self.scope(kind=kind, tag=tag)
        link = self.url + self.reverse_subpage(f"{prefix}_posts", args=args)
        return BulletinFeed(self, posts, feed_type, scope_label=label, link=link)(request)

    @path("feed/rss/", name="all_rss")
    def rss(self, request):
        return self._feed(request, "rss")

    @path("feed/atom/", name="all_atom")
    def atom(self, request):
        return self._feed(request, "atom")

    @path("kind/<str:kind>/feed/rss/", name="kind_rss")
    def kind_rss(self, request, kind):
        return self._feed(request, "rss", kind=self.valid_kind(kind))

    @path("kind/<str:kind>/feed/atom/", name="kind_atom")
    def kind_atom(self, request, kind):
        return self._feed(request, "atom", kind=self.valid_kind(kind))

    @path("tag/<slug:slug>/feed/rss/", name="tag_rss")
    def tag_rss(self, request, slug):
        return self._feed(request, "rss", tag=self.tag_in_use(slug))

    @path("tag/<slug:slug>/feed/atom/", name="tag_atom")
    def tag_atom(self, request, slug):
        return self._feed(request, "atom", tag=self.tag_in_use(slug))

    @path(f"{CALENDAR_ROUTE}/", name="calendar")
    def calendar(self, request):
        # The site calendar's window: a month of the recent past, so a subscribed calendar does
        # not lose what just happened, and a year ahead, so the feed stays bounded.
        posts = BulletinPost.objects.child_of(self).live().public()
        return calendar_response(request, dated_in(posts, *site_calendar.window()), "bulletin.ics")

    class Meta:
        verbose_name = "bulletin"


class BulletinPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "bulletin.BulletinPost", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BulletinPost(
    RoutablePageMixin,
    ClosingDateMixin,
    ShareCardFields,
    DeadlineFields,
    CallToActionFields,
    FundingFields,
    EventFields,
    Page,
):
    """Any bulletin item: news, a survey or consultation, a funding call, an event or workshop,
    or a message from a member."""

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences for listings, feeds and the newsletter digest.",
    )
    body = StreamField(BodyBlock(), blank=True)
    tags = ClusterTaggableManager(through=BulletinPostTag, blank=True)
    organisation = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bulletin_posts",
        help_text="The member organisation that sent this post, if any.",
    )

    # Derived in save(): the deadline for deadline kinds, registration deadline or start for
    # events. One indexed column makes "open", "closing soon" and "closing soonest" cheap.
    closes_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    objects = BulletinPostManager()

    listing_image_specs = (LISTING_IMAGE_SPEC,)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("organisation"),
        *DeadlineFields.deadline_panels,
        *CallToActionFields.call_to_action_panels,
        *FundingFields.funding_panels,
        *EventFields.event_panels,
        *ShareCardFields.share_panels,
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("funder"),
        index.SearchField("venue"),
        index.SearchField("audience"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        # "consultation" finds every survey, "BSL" every event with an interpreter.
        index.SearchField("kind_search_words"),
        index.FilterField("kind"),
        index.FilterField("closes_at"),
    ]

    #: The words people search each kind by, beyond its label.
    KIND_SEARCH_WORDS = {
        Kind.NEWS: "news update announcement",
        Kind.CONSULTATION: "survey surveys consultation consultations questionnaire have your say",
        Kind.FUNDING: "funding fund grant grants funder",
        Kind.EVENT: "event events workshop workshops training meeting",
        Kind.MEMBER_MESSAGE: "member message from our members",
    }
    #: An event's access provisions, in the words people search them by.
    ACCESS_SEARCH_WORDS = {
        "step_free": "step-free step free access wheelchair accessible",
        "bsl_interpreted": "BSL British Sign Language interpreter interpretation interpreted",
        "captioned": "captions captioned live captioning subtitles",
    }

    parent_page_types = ["bulletin.BulletinIndexPage"]
    subpage_types = []
    template = "pages/bulletin/bulletin_post.html"

    class Meta:
        verbose_name = "bulletin post"

    def clean(self):
        super().clean()
        errors = {}
        if self.slug == CALENDAR_ROUTE:
            errors["slug"] = "“calendar” is the address of the bulletin's calendar: choose another."
        if self.kind in DEADLINE_REQUIRED and self.deadline is None:
            errors["deadline"] = f"A {self.get_kind_display().lower()} needs a deadline."
        errors.update(self.funding_errors())
        if self.is_event:
            errors.update(self.event_errors())
            if self.deadline and self.starts_at and self.deadline > self.starts_at:
                errors["deadline"] = "Registration should close before the event starts."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.closes_at = self.derive_closes_at()
        return super().save(*args, **kwargs)

    def derive_closes_at(self):
        if self.kind == Kind.EVENT:
            return self.deadline or self.starts_at
        return self.deadline

    # What readers see, worded by hub.deadlines.

    @property
    def is_event(self):
        return self.kind == Kind.EVENT

    @property
    def closing_verb(self):
        return "Registration closes" if self.is_event else "Closes"

    def status(self, now=None):
        """open, closing_soon or closed for a deadline; for an event, the same for its
        registration while it is open, then upcoming, today or past_event."""
        now = now or timezone.now()
        if not self.is_event:
            return self.deadline_status(now)
        happening = deadlines.event_status(self.starts_at, self.ends_at, now)
        if happening == deadlines.PAST_EVENT or not self.deadline:
            return happening
        if self.deadline > now:
            return self.deadline_status(now)
        return deadlines.TODAY if happening == deadlines.TODAY else deadlines.CLOSED

    def status_label(self, now=None):
        """The status badge's words, from hub.deadlines: "Closing soon: 3 days left",
        "Registration closes tomorrow", "Upcoming", "Today", "Past event"."""
        now = now or timezone.now()
        status = self.status(now)
        if status in deadlines.EVENT_LABELS:
            return deadlines.EVENT_LABELS[status]
        prefix = "Registration" if self.is_event else ""
        return deadlines.deadline_label(self.closes_at, now, self.closing_soon, prefix=prefix)

    def finished_notice(self, now=None):
        """What the page leads with once there is nothing left to do: "This funding call closed
        at 5pm on Wednesday 18 November 2026." Empty while it is open."""
        if self.is_event and self.has_ended(now):
            return f"This event ended on {deadlines.format_date(self.ends_at or self.starts_at)}."
        if self.deadline and not self.is_open(now):
            subject = "Registration for this event" if self.is_event else self.kind_name
            return f"{subject} closed at {deadlines.describe_moment_on(self.deadline)}."
        return ""

    def offers_calendar(self, now=None):
        """An event's calendar entry is useful until it ends; a deadline's until it passes."""
        if self.closes_at is None:
            return False
        if self.is_event:
            return not self.has_ended(now)
        return self.is_open(now)

    def kind_search_words(self):
        """What site search indexes beside the text: the kind's label and the words people use
        for it, and for an event how people attend and its access provisions."""
        words = [self.get_kind_display(), self.KIND_SEARCH_WORDS.get(self.kind, "")]
        if self.is_event:
            words.append(self.get_attendance_mode_display())
            words += [
                text for name, text in self.ACCESS_SEARCH_WORDS.items() if getattr(self, name)
            ]
        return " ".join(word for word in words if word)

    @property
    def kind_name(self):
        """ "This funding call", "This survey or consultation"."""
        return f"This {self.get_kind_display().lower()}"

    def deadline_text(self, now=None):
        """The deadline field's countdown. An event's `closes_at` may be its start, so this
        reads `deadline` rather than `closes_at`."""
        if self.deadline is None:
            return ""
        if self.is_event and not self.is_open(now):
            return "Registration closed"
        return deadlines.describe_deadline(self.deadline, now, verb=self.closing_verb)

    def closing_words(self):
        """When it happens and when it closes, without a countdown: "Wednesday 9 December 2026,
        10am to 11:30am. Registration closes 5pm, Friday 4 December 2026"."""
        words = [self.event_time_text]
        if self.deadline:
            words.append(f"{self.closing_verb} {self.deadline_moment_text}")
        return ". ".join(word for word in words if word)

    @property
    def deadline_label(self):
        return "Registration closes" if self.is_event else "Deadline"

    @property
    def dates_text(self):
        """Every date of the post without a countdown, for feeds and the admin listing, which
        are read long after they are written and must still name the date once it has passed:
        "Deadline: 5pm, Thursday 3 December 2026"."""
        parts = [self.event_time_text]
        if self.deadline:
            parts.append(f"{self.deadline_label}: {self.deadline_moment_text}")
        return ". ".join(part for part in parts if part)

    @property
    def event_time_text(self):
        if not self.is_event or self.starts_at is None:
            return ""
        return deadlines.describe_event_time(self.starts_at, self.ends_at)

    @property
    def closing_label(self):
        """What closes_at means for this post, in words."""
        if not self.is_event:
            return "deadline"
        return "registration deadline" if self.deadline else "start time"

    @cached_property
    def tag_list(self):
        # Reads the prefetched tagged_items rather than querying per post.
        return [item.tag for item in self.tagged_items.all()]

    @property
    def organisation_name(self):
        return self.organisation.name if self.organisation else ""

    def organisation_url(self):
        return self.organisation.public_url() if self.organisation else None

    def related_posts(self, limit=3):
        """Live posts sharing the most tags with this one, in one query."""
        own_tags = BulletinPostTag.objects.filter(content_object=self).values("tag_id")
        return (
            BulletinPost.objects.live()
            .public()
            .for_listing()
            .filter(tagged_items__tag_id__in=own_tags)
            .exclude(pk=self.pk)
            .annotate(shared_tags=Count("tagged_items"))
            .order_by("-shared_tags", "-first_published_at")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Looked up only when the template's content cache has no copy of the post's body.
        context["index_page"] = SimpleLazyObject(lambda: self.get_parent().specific)
        context["related_posts"] = self.related_posts()
        context["organisation_url"] = SimpleLazyObject(self.organisation_url)
        if self.is_event:
            context["event_json_ld"] = event_json_ld(
                self, request, organisation_url=self.organisation_url()
            )
        return context

    @path(f"{CALENDAR_ROUTE}/", name="calendar")
    def calendar(self, request):
        """Add to calendar: this one event or deadline as an .ics download."""
        if self.closes_at is None:
            raise Http404("This post has no date to add to a calendar.")
        posts = BulletinPost.objects.filter(pk=self.pk)
        return calendar_response(request, posts, filename=f"{self.slug}.ics")


@receiver(page_published, sender=BulletinPost)
@receiver(page_unpublished, sender=BulletinPost)
@receiver(post_page_move)
@receiver(post_delete, sender=BulletinPost)
@receiver(post_save, sender=Tag)
@receiver(post_delete, sender=Tag)
def clear_tags_in_use_cache(**kwargs):
    """A post that appears, goes or moves, or a renamed tag, changes the tags in use."""
    cache.delete_many(
        [
            TAGS_IN_USE_CACHE_KEY.format(page_id=pk)
            for pk in BulletinIndexPage.objects.values_list("pk", flat=True)
        ]
    )
