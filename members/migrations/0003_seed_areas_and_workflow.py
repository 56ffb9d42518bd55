"""Load the fixed list of areas served and the starting vocabulary of equality areas, and send
edits of organisations through Wagtail's default "Moderators approval" workflow."""

from django.db import migrations
from django.utils.text import slugify

LONDON_BOROUGHS = [
    "Barking and Dagenham",
    "Barnet",
    "Bexley",
    "Brent",
    "Bromley",
    "Camden",
    "City of London",
    "Croydon",
    "Ealing",
    "Enfield",
    "Greenwich",
    "Hackney",
    "Hammersmith and Fulham",
    "Haringey",
    "Harrow",
    "Havering",
    "Hillingdon",
    "Hounslow",
    "Islington",
    "Kensington and Chelsea",
    "Kingston upon Thames",
    "Lambeth",
    "Lewisham",
    "Merton",
    "Newham",
    "Redbridge",
    "Richmond upon Thames",
    "Southwark",
    "Sutton",
    "Tower Hamlets",
    "Waltham Forest",
    "Wandsworth",
    "Westminster",
]

EQUALITY_AREAS = [
    "Disabled people",
    "Deaf people",
    "Race equality",
    "Faith and belief",
    "Gender",
    "LGBTQI+",
    "Older people",
    "Children and young people",
    "Refugees and migrants",
    "Gypsy, Roma and Traveller communities",
    "Mental health",
    "Multiple/intersectional",
]


def area_slug(name):
    return slugify(name.replace("+", " plus").replace("/", " "))


def seed(apps, schema_editor):
    Borough = apps.get_model("members", "Borough")
    EqualityArea = apps.get_model("members", "EqualityArea")
    # London-wide and National sort first: they are the widest choices.
    for order, name in enumerate(["London-wide", "National", *LONDON_BOROUGHS]):
        Borough.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "sort_order": order}
        )
    for name in EQUALITY_AREAS:
        EqualityArea.objects.get_or_create(slug=area_slug(name), defaults={"name": name})

    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ContentType = apps.get_model("contenttypes", "ContentType")
    workflow = Workflow.objects.filter(name="Moderators approval", active=True).first()
    if workflow is not None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="members", model="organisation"
        )
        WorkflowContentType.objects.get_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_organisations_and_accounts"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
