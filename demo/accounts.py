"""Demo log-ins. Their passwords are public, so they are only made on a DEBUG site."""

from django.contrib.auth import get_user_model

DEMO_ACCOUNTS = [
    {
        "username": "admin",
        "email": "admin@example.org",
        "password": "demo-admin-password",
        "first_name": "Demo",
        "last_name": "Administrator",
        "is_staff": True,
        "is_superuser": True,
        "role": "network staff (Wagtail admin at /admin/)",
    },
    {
        "username": "member",
        "email": "member@example.org",
        "password": "demo-member-password",
        "first_name": "Demo",
        "last_name": "Member",
        "is_staff": False,
        "is_superuser": False,
        "role": "member organisation staff (no admin access)",
    },
]


def build(report):
    """Creates the demo accounts, or resets them to the documented passwords."""
    User = get_user_model()
    created = 0
    for account in DEMO_ACCOUNTS:
        fields = {
            key: account[key]
            for key in ("email", "first_name", "last_name", "is_staff", "is_superuser")
        }
        user, was_created = User.objects.update_or_create(
            username=account["username"], defaults=fields
        )
        user.set_password(account["password"])
        user.save(update_fields=["password"])
        created += was_created
    report("demo accounts", created)
    return DEMO_ACCOUNTS
