import factory
from django.utils import timezone

from newsletter.models import DEFAULT_CONSENT_WORDING, Subscriber


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    first_name = "Sam"
    interests = factory.LazyFunction(lambda: ["jobs", "events"])
    status = Subscriber.Status.SUBSCRIBED
    consent_text = DEFAULT_CONSENT_WORDING
    consented_at = factory.LazyFunction(timezone.now)
    consent_source = "/newsletter/"

    class Meta:
        model = Subscriber
