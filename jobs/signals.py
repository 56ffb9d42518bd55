from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from jobs.documents import publish_application_pack
from jobs.models import JobsSettings, Vacancy, apply_closed_vacancy_days


@receiver(post_save, sender=JobsSettings)
def closed_vacancy_days_changed(instance, **kwargs):
    apply_closed_vacancy_days(instance.closed_vacancy_days)


@receiver(page_published, sender=Vacancy)
def application_pack_published(instance, **kwargs):
    publish_application_pack(instance)
