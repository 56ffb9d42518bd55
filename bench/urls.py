"""The site's addresses plus the benchmark's floor: used by `hub.settings.bench` only."""

from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/floor/", views.floor, name="bench_floor"),
    path("", include("hub.urls")),
]
