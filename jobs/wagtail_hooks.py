"""The jobs board's sections on the home page and on organisation profiles."""

from wagtail import hooks

from hub.sections import HOME_PAGE_SECTIONS, Section
from jobs.models import JobsIndexPage, Vacancy
from members.sections import ORGANISATION_PROFILE_SECTIONS


@hooks.register(HOME_PAGE_SECTIONS)
def home_page_sections(home, request):
    jobs_index = JobsIndexPage.objects.child_of(home).live().public().first()
    if jobs_index is None:
        return []
    return [
        Section(
            "components/jobs/home_jobs_section.html",
            order=30,
            jobs_index=jobs_index,
            open_vacancies_count=jobs_index.open_vacancies().count(),
        )
    ]


@hooks.register(ORGANISATION_PROFILE_SECTIONS)
def organisation_profile_sections(organisation, request):
    vacancies = list(
        Vacancy.objects.live()
        .public()
        .filter(organisation=organisation)
        .open()
        .select_related("organisation")
        .closing_soonest_first()
    )
    if not vacancies:
        return []
    return [
        Section("components/jobs/profile_vacancies_section.html", order=20, vacancies=vacancies)
    ]
