"""RSS and Atom feeds of bulletin posts, served from routes on the bulletin index page."""

from django.db.models import Count, Max
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html_join

from hub.feeds import ConditionalFeed

FEED_TYPES = {"rss": Rss201rev2Feed, "atom": Atom1Feed}
#: Items in a feed, whatever the number of posts: readers poll feeds, so they stay cheap.
FEED_LENGTH = 50


class BulletinFeed(ConditionalFeed):
    """The newest posts of one scope (all posts, one kind or one tag), each with its dates,
    its tags and kind as categories, and its dates in words in its description. The words
    carry no countdown ("in 3 days"): feed readers keep items for weeks."""

    def __init__(self, index_page, posts, feed_type, scope_label, link):
        super().__init__()
        self.index_page = index_page
        self.all_posts = posts
        self.posts = posts[:FEED_LENGTH]
        self.feed_type = FEED_TYPES[feed_type]
        self.scope_label = scope_label
        self.scope_link = link

    def version_parts(self):
        """A post published or republished moves the latest publication; one unpublished or
        deleted changes the count."""
        state = self.all_posts.order_by().aggregate(
            latest=Max("last_published_at"), count=Count("pk", distinct=True)
        )
        return [self.index_page.last_published_at, state["latest"]], [state["count"]]

    def title(self):
        return f"{self.index_page.title}: {self.scope_label}"

    def link(self):
        return self.scope_link

    def description(self):
        return f"{self.title()}, newest first."

    def items(self):
        return self.posts

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        lines = [post.dates_text, post.summary]
        if post.organisation:
            lines.append(f"From {post.organisation_name}")
        return format_html_join("", "<p>{}</p>", ((line,) for line in lines if line))

    def item_link(self, post):
        return post.get_url(self.request)

    def item_pubdate(self, post):
        return post.first_published_at

    def item_updateddate(self, post):
        return post.last_published_at

    def item_categories(self, post):
        return [post.get_kind_display(), *(tag.name for tag in post.tag_list)]

    def item_author_name(self, post):
        return post.organisation_name or None
