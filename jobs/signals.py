from django.db.models.signals import post_save
from django.dispatch import receiver

from jobs.models import JobsSettings, apply_closed_vacancy_days


@receiver(post_save, sender=JobsSettings)
def closed_vacancy_days_changed(instance, **kwargs):
    apply_closed_vacancy_days(instance.closed_vacancy_days)
