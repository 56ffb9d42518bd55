from hub.pages import IndexPage


class JobsIndexPage(IndexPage):
    """The jobs board: vacancies at member organisations."""

    template = "jobs/jobs_index_page.html"

    class Meta:
        verbose_name = "jobs board"
