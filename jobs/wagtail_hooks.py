"""The jobs board's sections on the home page, on organisation profiles and on members'
dashboards."""

from django.db.models import F
from django.utils import timezone
from wagtail import hooks

from hub.calendar import CALENDAR_ENTRIES, CalendarEntry, CalendarPart
from hub.search import SEARCH_SOURCES, SearchResult, SearchSource, ranked_search
from hub.sections import (
    CLOSING_SOON_ITEMS,
    HOME_PAGE_SECTIONS,
    ClosingItem,
    ClosingSoon,
    Section,
    shown_on_page,
)
from jobs.dashboard import member_vacancies
from jobs.models import JobsIndexPage, Vacancy
from members.sections import MEMBER_DASHBOARD_SECTIONS, ORGANISATION_PROFILE_SECTIONS

HOME_VACANCIES = 3


@hooks.register(HOME_PAGE_SECTIONS)
def home_page_sections(home, request):
    """The soonest-closing open vacancies not already shown under "Closing soon", and how
    many are open in all."""
    jobs_index = JobsIndexPage.objects.child_of(home).live().public().first()
    if jobs_index is None:
        return []
    shown = shown_on_page(request)
    vacancies = list(jobs_index.open_vacancies().exclude(pk__in=shown)[:HOME_VACANCIES])
    shown.update(vacancy.pk for vacancy in vacancies)
    return [
        Section(
            "components/jobs/home_jobs_section.html",
            order=30,
            jobs_index=jobs_index,
            vacancies=vacancies,
            open_vacancies_count=jobs_index.open_vacancies().count(),
        )
    ]


@hooks.register(CLOSING_SOON_ITEMS)
def closing_soon_vacancies(home, request, now, limit):
    """Open vacancies in their last 3 days, for the home page's "Closing soon"."""
    jobs_index = JobsIndexPage.objects.child_of(home).live().public().first()
    if jobs_index is None:
        return ClosingSoon([])
    vacancies = jobs_index.open_vacancies(now).closing_soon(now)[:limit]
    return ClosingSoon(
        [
            ClosingItem(vacancy, "components/jobs/vacancy_card.html", vacancy=vacancy)
            for vacancy in vacancies
        ],
        link=(jobs_index.get_url(request), "All open vacancies, closing soonest first"),
    )


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


# Site search ---------------------------------------------------------------------------------


def search_vacancies(terms):
    """Live vacancies, closed ones too: their pages stay up, saying so, until unpublished."""
    vacancies = Vacancy.objects.live().public().select_related("organisation", "borough")
    return ranked_search(vacancies, terms)


def vacancy_search_results(vacancies, request):
    """Each vacancy with its employer and place, closing date and status."""
    now = timezone.now()
    results = []
    for vacancy in vacancies:
        status = vacancy.deadline_status(now) or ""
        results.append(
            SearchResult(
                kind="Vacancy",
                title=vacancy.title,
                url=vacancy.get_url(request) or "",
                summary=vacancy.summary,
                meta=". ".join(
                    part for part in (vacancy.employer, vacancy.location_text()) if part
                ),
                deadline_text=(
                    vacancy.deadline_text(now)
                    if vacancy.is_open(now)
                    else f"Closed {vacancy.closed_text()}"
                ),
                deadline=vacancy.closes_at,
                status=status,
                status_label=vacancy.status_label(now),
            )
        )
    return results


@hooks.register(SEARCH_SOURCES)
def jobs_search_sources():
    """Vacancies, by title, employer, place, borough, tags and description."""
    return [SearchSource(search_vacancies, vacancy_search_results, order=20, page_models=[Vacancy])]


#: What a vacancy's calendar entry reads, as plain rows: a page object for each of hundreds of
#: vacancies cost more than the whole calendar now does.
CALENDAR_FIELDS = (
    "pk",
    "title",
    "employer_name",
    "organisation__name",
    "summary",
    "closes_at",
    "last_published_at",
    "url_path",
)


def vacancy_calendar_entries(rows, urls):
    return [
        CalendarEntry(
            f"jobs-vacancy-{row.pk}-closing",
            # The employer as `Vacancy.employer` names it: the organisation, when there is one.
            f"Closing date: {row.title} ({row.organisation__name or row.employer_name})",
            urls(row.url_path),
            deadline=row.closes_at,
            description=row.summary,
            stamp=row.last_published_at,
        )
        for row in rows
    ]


@hooks.register(CALENDAR_ENTRIES)
def jobs_calendar_entries(request, since, until):
    """Each live vacancy's closing date, for the site's calendar; a vacancy withdrawn or
    filled has no closing date to keep."""
    vacancies = (
        Vacancy.objects.live().public().filter(ended="", closes_at__gte=since, closes_at__lte=until)
    )
    return CalendarPart(vacancies, F("closes_at"), CALENDAR_FIELDS, vacancy_calendar_entries)
