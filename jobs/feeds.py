"""An RSS feed of the board's open vacancies, served from a route on the jobs board page."""

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from hub.feeds import ConditionalFeed

#: Items in the feed, whatever the number of vacancies: readers poll feeds, so they stay cheap.
FEED_LENGTH = 50


class VacancyFeed(ConditionalFeed):
    """Open vacancies, newest first, each with where, pay, hours and the closing date in its
    description. The date carries no countdown ("in 3 days"): feed readers keep items for
    weeks. A vacancy leaves the feed at its closing minute, as it leaves the board."""

    def __init__(self, board, vacancies, *, scope="", link):
        super().__init__()
        self.board = board
        self.vacancies = vacancies[:FEED_LENGTH]
        self.scope = scope
        self.board_link = link

    def version_parts(self, now=None):
        """From the board's live vacancies, whatever the filters: a vacancy published or
        republished moves the latest publication, one that closes moves the latest closing
        moment passed, one withdrawn changes the open count."""
        now = now or timezone.now()
        state = (
            self.vacancies.model.objects.child_of(self.board)
            .live()
            .aggregate(
                published=Max("last_published_at"),
                closed=Max("closes_at", filter=Q(closes_at__lte=now)),
                open=Count("pk", filter=Q(closes_at__gt=now)),
            )
        )
        return [state["published"], state["closed"], self.board.last_published_at], [state["open"]]

    def title(self):
        title = f"{self.board.title}: open vacancies"
        return f"{title} ({self.scope})" if self.scope else title

    def link(self):
        return self.board_link

    def description(self):
        return f"{self.title()}, newest first."

    def items(self):
        return self.vacancies

    def item_title(self, vacancy):
        return f"{vacancy.title}, {vacancy.employer}" if vacancy.employer else vacancy.title

    def item_description(self, vacancy):
        facts = [
            ("Employer", vacancy.employer),
            ("Location", vacancy.location_text()),
            ("Salary", vacancy.salary_text()),
            ("Hours", vacancy.hours_in_full_text()),
            ("Closing date", f"{vacancy.closed_text()} (London time)"),
        ]
        return format_html("<p>{}</p>", vacancy.summary) + format_html_join(
            "", "<p>{}: {}</p>", ((label, text) for label, text in facts if text)
        )

    def item_link(self, vacancy):
        return vacancy.get_url(self.request)

    def item_pubdate(self, vacancy):
        return vacancy.first_published_at

    def item_updateddate(self, vacancy):
        return vacancy.last_published_at

    def item_categories(self, vacancy):
        return [tag.name for tag in vacancy.tag_list]

    def item_author_name(self, vacancy):
        return vacancy.employer or None
