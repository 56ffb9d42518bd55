from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Jobs board"

    def ready(self):
        from jobs import signals  # noqa: F401  (re-times unpublishing when the setting changes)
