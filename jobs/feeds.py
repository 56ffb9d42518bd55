"""An RSS feed of the board's open vacancies, served from a route on the jobs board page."""

from django.contrib.syndication.views import Feed
from django.utils.html import format_html, format_html_join

FEED_LENGTH = 50


class VacancyFeed(Feed):
    """Open vacancies, newest first, each with where, pay, hours and the closing date in its
    description. The date carries no countdown ("in 3 days"): feed readers keep items for
    weeks. A vacancy leaves the feed at its closing minute, as it leaves the board."""

    def __init__(self, board, vacancies, *, scope="", link):
        super().__init__()
        self.board = board
        self.vacancies = vacancies[:FEED_LENGTH]
        self.scope = scope
        self.board_link = link
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

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
