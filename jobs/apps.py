from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Jobs board"

    def ready(self):
        from hub.email import send_own_workflow_emails
        from jobs import notifications, signals  # noqa: F401  (connect their receivers)
        from jobs.models import Vacancy

        # Vacancies' workflow emails are the jobs board's own (jobs/notifications.py): queued,
        # and with links a member can use, instead of Wagtail's.
        send_own_workflow_emails(Vacancy)
