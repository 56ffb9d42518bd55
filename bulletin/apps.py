from django.apps import AppConfig


class BulletinConfig(AppConfig):
    name = "bulletin"

    def ready(self):
        from bulletin import signals  # noqa: F401  (connects the receivers)
