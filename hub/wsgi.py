import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.production")

application = get_wsgi_application()

# Django, Wagtail and the site make some 180,000 objects at start-up that live as long as the
# process. Frozen, they are left out of Python's full garbage collections (200 ms over them on
# the benchmark machine, against 2-3 ms for a cached page), so no request waits on one.
gc.freeze()
