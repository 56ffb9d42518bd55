"""The table of the rate-limit counts when there is no Redis (CACHES["ratelimit"] in
hub/settings/base.py): made here, so `migrate` is all a new server needs, not a separate
`createcachetable`. Django's own command makes it, with the columns its DatabaseCache reads."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "hub_ratelimit_cache"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("hub", "0005_trust_pages_and_contact_messages")]

    operations = [migrations.RunPython(create_table, drop_table)]
