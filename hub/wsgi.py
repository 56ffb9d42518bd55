import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.production")

# Requests after which what the first ones built (compiled templates, URL and Wagtail caches)
# has settled, and is frozen too.
WARM_UP_REQUESTS = 500


def freeze_after_warm_up(**kwargs):
    freeze_after_warm_up.left -= 1
    if freeze_after_warm_up.left <= 0:
        gc.freeze()
        request_finished.disconnect(freeze_after_warm_up)


freeze_after_warm_up.left = WARM_UP_REQUESTS

application = get_wsgi_application()

# Django, Wagtail and the site make some 180,000 objects at start-up, and tens of thousands more
# on the first requests, that live as long as the process. Frozen, they are left out of
# Python's full garbage collections (200 ms over them on the benchmark machine, against 2-3 ms
# for a cached page), so no request waits on one.
gc.freeze()
request_finished.connect(freeze_after_warm_up)
