"""The site's URLs plus one view that fails, to see what a visitor gets from an error."""

from django.urls import path

from hub.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("A deliberate failure for the 500 page test")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
