"""Members' own vacancies, under their organisation's account pages."""

from django.urls import path

from jobs import views
from jobs.choices import Ending

app_name = "jobs"

VACANCIES = "account/organisations/<slug:slug>/vacancies/"

urlpatterns = [
    path(f"{VACANCIES}new/", views.new_vacancy, name="new_vacancy"),
    path(f"{VACANCIES}<int:vacancy_id>/edit/", views.edit_vacancy, name="edit_vacancy"),
    path(f"{VACANCIES}<int:vacancy_id>/copy/", views.copy_vacancy, name="copy_vacancy"),
    path(
        f"{VACANCIES}<int:vacancy_id>/withdraw/",
        views.end_vacancy,
        {"reason": Ending.WITHDRAWN},
        name="withdraw_vacancy",
    ),
    path(
        f"{VACANCIES}<int:vacancy_id>/filled/",
        views.end_vacancy,
        {"reason": Ending.FILLED},
        name="fill_vacancy",
    ),
]
