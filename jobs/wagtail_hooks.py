"""The jobs board's sections on the home page, on organisation profiles and on members'
dashboards."""

from wagtail import hooks

from hub.sections import HOME_PAGE_SECTIONS, Section
from jobs.dashboard import member_vacancies
from jobs.models import JobsIndexPage, Vacancy
from members.sections import MEMBER_DASHBOARD_SECTIONS, ORGANISATION_PROFILE_SECTIONS


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
        .select_related("organisation", "borough")
        .closing_soonest_first()
    )
    if not vacancies:
        return []
    return [
        Section("components/jobs/profile_vacancies_section.html", order=20, vacancies=vacancies)
    ]


@hooks.register(MEMBER_DASHBOARD_SECTIONS)
def member_dashboard_sections(membership, request):
    by_organisation, board = member_vacancies(request)
    vacancies = by_organisation.get(membership.organisation_id, [])
    if board is None and not vacancies:
        return []
    return [
        Section(
            "components/jobs/dashboard_vacancies.html", order=10, vacancies=vacancies, board=board
        )
    ]
