"""Settings shared by every environment. Values that differ between deployments come from the
environment; each variable is documented in the README."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from wagtail.embeds.oembed_providers import soundcloud, vimeo, youtube

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name, default=()):
    value = os.environ.get(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "hub.apps.HubConfig",
    "bulletin",
    "jobs",
    "members",
    "newsletter",
    "demo",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Below the CSP middleware, so that the admin's own policy is in place before it answers.
    "hub.middleware.AdminContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below the security and CSP headers, which a hit gets like a miss; above the session, which
    # a hit never loads. Static files are answered above it and never looked up.
    "hub.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hub.middleware.PrivatePagesNotStoredMiddleware",
    "hub.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "hub.routing.CachedRoutingMiddleware",
]

# Security headers that hold in every environment (production adds HTTPS and HSTS): no
# referrer to other sites, a window of its own, no content-type guessing, no framing.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy, in every environment so that dev and the browser tests meet the same
# policy as production and a violation shows up before it is deployed. Public pages run only
# our own files: no inline script or style. JSON-LD blocks need no allowance: browsers do not
# run them, and CSP governs only what they run. Video and audio embeds (StreamField) come from
# the providers WAGTAILEMBEDS_FINDERS allows, which frame-src lists.
EMBED_ORIGINS = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://w.soundcloud.com",
]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF, *EMBED_ORIGINS],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The Wagtail admin (hub.middleware.AdminContentSecurityPolicyMiddleware): Wagtail 8 still
# writes inline scripts (each date picker, inline panel) and style attributes (the tag widget,
# multiple image upload; the digest's email preview is styled inline too), shows uploads
# before they are sent (blob:) and staff's Gravatar pictures, checks for a new release, and
# frames its own previews.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:", "www.gravatar.com"],
    # The dashboard's notice of a new Wagtail release.
    "connect-src": [CSP.SELF, "https://releases.wagtail.org"],
    "frame-ancestors": [CSP.SELF],
}
WAGTAILEMBEDS_FINDERS = [
    {"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo, soundcloud]},
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_cache(url, backend="hub.cache.RedisCache"):
    """Redis at `url`, giving up after a second (redis-py waits 5 by default): a Redis that
    hangs or is gone must not hold every request."""
    return {
        "BACKEND": backend,
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }


def caches_from_env(cache_url):
    if not cache_url:
        return {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            # Rate limits must be counted where every worker and every server sees the same
            # count: Redis, or without it a table in the database (made by hub's migrations),
            # never one worker's memory.
            "ratelimit": {
                "BACKEND": "hub.ratelimit.DatabaseCounterCache",
                "LOCATION": "hub_ratelimit_cache",
                # Culling deletes counts that are still running; a count lives an hour at most.
                "OPTIONS": {"MAX_ENTRIES": 100_000},
            },
        }
    return {
        # While Redis is out of reach, pages are built without the cache (hub.cache).
        "default": redis_cache(cache_url, "hub.cache.ForgivingRedisCache"),
        # Without their counts, limited forms answer the 503 (hub.middleware).
        "ratelimit": redis_cache(cache_url),
    }


CACHES = caches_from_env(os.environ.get("CACHE_URL"))
RATELIMIT_USE_CACHE = "ratelimit"
# Seconds an anonymous visitor's page is kept in the default cache (hub.pagecache); 0 turns the
# page cache off. Publishing and closing dates retire pages sooner.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
# Path prefixes never cached, besides the admin, /account/, /health/, /bench/ and /documents/.
PAGE_CACHE_EXCLUDED_PATHS = []
# Seconds lookups (routes, site settings) and rendered parts of pages (listings, the home page's
# sections) are kept in the default cache for every visitor, logged in or not (hub.generation);
# 0 turns them off. Publishing and closing dates retire them sooner, in every process only when
# they share the cache: so by default only with CACHE_URL, since logged-in editors and members
# see these parts too, and would otherwise see another worker's old copy after their own edit.
CONTENT_CACHE_SECONDS = env_int("CONTENT_CACHE_SECONDS", 300 if os.environ.get("CACHE_URL") else 0)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Request bodies. Forms other than uploads stay small: 2.5 MB of text is far more than any
# vacancy or page holds. Uploaded files over 2.5 MB go to a temporary file instead of memory.
# The admin's page editor posts a field per StreamField block value, hence 5,000 fields rather
# than Django's 1,000. The proxy bounds a whole upload (see the README).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5_000
# Images (logos, listing and page images): 10 MB and 25 megapixels (a 6000 x 4000 photo) at
# most, checked from the file's header before it is decoded (hub.uploads), since decoding
# needs about 4 bytes a pixel.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 25_000_000

# Email. Django 6.1's MAILERS replaces EMAIL_BACKEND.
MAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}


def mailer_from_env(default_backend):
    backend = os.environ.get("EMAIL_BACKEND") or default_backend
    if backend not in MAIL_BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_BACKEND must be one of {', '.join(MAIL_BACKENDS)}, not {backend!r}."
        )
    options = {}
    if backend == "file":
        options["file_path"] = os.environ.get("EMAIL_FILE_PATH") or str(BASE_DIR / "var" / "mail")
    elif backend == "smtp":
        options = {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": env_int("EMAIL_PORT", 587),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
            "timeout": env_int("EMAIL_TIMEOUT", 20),
        }
    return {"default": {"BACKEND": MAIL_BACKENDS[backend], "OPTIONS": options}}


MAILERS = mailer_from_env("console")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Network Hub <hub@example.org>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background work: newsletter syncs, Wagtail's search indexing and image renditions run as
# tasks. "database" queues them for `manage.py db_worker` (django-tasks-db); "immediate" runs
# them inside the request, for tests and for sites that run no worker.
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def tasks_from_env(default):
    backend = os.environ.get("TASKS_BACKEND") or default
    if backend not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {backend!r}."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[backend]}}


TASKS = tasks_from_env("database")

WAGTAIL_SITE_NAME = "Network Hub"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAIL_I18N_ENABLED = False
# The admin's date pickers show and read dates in the order British staff type them. Django's
# en-gb input formats accept these too; deadlines use hub.admin_fields, which also reads ISO.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# Only British English in the admin, so no editor's language choice reads 10/12 as 12 October.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("en-gb", "British English")]
TAGGIT_CASE_INSENSITIVE = True

# Documents: always through Wagtail's view and always as a download, never shown in the browser,
# so an uploaded file cannot act as a page of the site. Members' uploads are checked by content
# (hub/uploads.py); these extensions are what staff may upload in the admin.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_EXTENSIONS = ["csv", "doc", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]

# Members log in on the public site; staff use the admin's own login page.
LOGIN_URL = "/account/login/"
LOGIN_REDIRECT_URL = "/account/"
LOGOUT_REDIRECT_URL = "/"
# How long an emailed invitation to an organisation's account works.
MEMBERS_INVITATION_MAX_AGE_DAYS = env_int("MEMBERS_INVITATION_MAX_AGE_DAYS", 14)
# Accepted join and password-reset requests allowed per hour, per IP and per email address.
# Posts with form errors do not count.
MEMBERS_RATE_LIMIT_PER_HOUR = env_int("MEMBERS_RATE_LIMIT_PER_HOUR", 5)
# Failed logins (member and admin login pages together) allowed per account typed and per IP
# address within LOGIN_LIMIT_MINUTES; then logging in there waits until the window ends.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 10)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 30)
LOGIN_LIMIT_MINUTES = env_int("LOGIN_LIMIT_MINUTES", 15)
# Staff's password reset in the admin queues its email like every other email (hub.email).
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "hub.email.QueuedAdminPasswordResetForm"  # noqa: S105
# Accepted admin password-reset requests allowed per hour, per IP and per email address.
ADMIN_PASSWORD_RESET_RATE_LIMIT_PER_HOUR = env_int("ADMIN_PASSWORD_RESET_RATE_LIMIT_PER_HOUR", 5)
# Accepted contact-form messages allowed per hour, per IP and per email address.
CONTACT_RATE_LIMIT_PER_HOUR = env_int("CONTACT_RATE_LIMIT_PER_HOUR", 5)
# django-ratelimit counts per client IP from REMOTE_ADDR. Behind a reverse proxy, name the header
# carrying the client's address instead (e.g. HTTP_X_REAL_IP), or every visitor shares one count.
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
# Vacancies (new, copied or edited) a member may send for approval per hour, per account.
JOBS_SUBMISSIONS_PER_HOUR = env_int("JOBS_SUBMISSIONS_PER_HOUR", 10)


def mailchimp_settings():
    """The Mailchimp variables, checked together: a key without an audience, or a key whose
    data centre cannot be read, stops start-up naming the variable to fix."""
    api_key = os.environ.get("MAILCHIMP_API_KEY", "").strip()
    prefix = os.environ.get("MAILCHIMP_SERVER_PREFIX", "").strip()
    audience = os.environ.get("MAILCHIMP_AUDIENCE_ID", "").strip()
    if api_key and not prefix:
        if "-" not in api_key:
            raise ImproperlyConfigured(
                "MAILCHIMP_SERVER_PREFIX is needed: MAILCHIMP_API_KEY does not end in its data "
                "centre (like -us21)."
            )
        prefix = api_key.rsplit("-", 1)[1]
    if api_key and not audience:
        raise ImproperlyConfigured("MAILCHIMP_AUDIENCE_ID is needed when MAILCHIMP_API_KEY is set.")
    base_url = os.environ.get("MAILCHIMP_API_BASE_URL", "").strip().rstrip("/")
    base_url = base_url or f"https://{prefix or 'us1'}.api.mailchimp.com/3.0"
    return api_key, prefix, audience, base_url


# The newsletter's Mailchimp audience. Without MAILCHIMP_API_KEY the site runs its own double
# opt-in and sends digests by email itself. MAILCHIMP_API_BASE_URL sends every call elsewhere
# (tests, proxies).
(
    MAILCHIMP_API_KEY,
    MAILCHIMP_SERVER_PREFIX,
    MAILCHIMP_AUDIENCE_ID,
    MAILCHIMP_API_BASE_URL,
) = mailchimp_settings()
MAILCHIMP_WEBHOOK_SECRET = os.environ.get("MAILCHIMP_WEBHOOK_SECRET", "").strip()
# Without Mailchimp, each digest is also written here as .html and .txt.
NEWSLETTER_OUTBOX_DIR = Path(os.environ.get("NEWSLETTER_OUTBOX_DIR") or BASE_DIR / "var" / "outbox")
# Lock files for work that must not run twice at once (on SQLite; PostgreSQL uses its own locks).
LOCKS_DIR = Path(os.environ.get("LOCKS_DIR") or BASE_DIR / "var" / "locks")
# Accepted newsletter sign-ups allowed per hour, per IP and per email address.
NEWSLETTER_SIGNUP_RATE_LIMIT_PER_HOUR = env_int("NEWSLETTER_SIGNUP_RATE_LIMIT_PER_HOUR", 5)
MAILCHIMP_TIMEOUT = env_int("MAILCHIMP_TIMEOUT", 30)

# Errors reach someone: every error is written to stderr (one line, then the traceback), and
# mailed to ADMINS ("Ana <ana@example.org>, ops@example.org") when it is set, through the email
# queue (hub.error_mail): the failing request never waits on the mail server, and one error
# repeated by many requests is one email an hour. A database outage answers 503
# (hub.middleware) and is logged but not mailed, once per request.
ADMINS = env_list("ADMINS")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {"format": "{asctime} {levelname} {name} {process:d}: {message}", "style": "{"},
    },
    "filters": {
        "not_service_unavailable": {
            "()": "django.utils.log.CallbackFilter",
            "callback": lambda record: getattr(record, "status_code", None) != 503,
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line"},
        "mail_admins": {
            "class": "hub.error_mail.QueuedAdminEmailHandler",
            "level": "ERROR",
            "filters": ["not_service_unavailable"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Replaces Django's own handlers for it: its mail_admins has no 503 filter.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # Scanners send other host names all day: logged, not mailed.
        "django.security.DisallowedHost": {"handlers": ["console"], "propagate": False},
        # Both log every task and page action at INFO, which buries what matters.
        "django_tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
