from hub.pages import IndexPage


class MemberDirectoryPage(IndexPage):
    """The public directory of member organisations."""

    template = "members/member_directory_page.html"

    class Meta:
        verbose_name = "member directory"
