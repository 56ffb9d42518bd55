from hub.pages import IndexPage


class BulletinIndexPage(IndexPage):
    """News, consultations, funding calls, events and member messages, newest first."""

    template = "bulletin/bulletin_index_page.html"
