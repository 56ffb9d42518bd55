from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"

    def ready(self):
        from wagtail.signals import published

        from members.logos import publish_approved_logo
        from members.models import Organisation

        published.connect(publish_approved_logo, sender=Organisation)
