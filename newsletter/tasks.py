"""Background work: the visitor's request only saves the record and enqueues this."""

from django_tasks import task

from newsletter import sync
from newsletter.models import Subscriber


@task()
def sync_subscriber(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is not None:  # erased since the task was enqueued
        sync.sync(subscriber)
