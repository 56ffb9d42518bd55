"""Where members' application packs are kept. A document uploaded with a vacancy waits in a
collection only moderators can download from, so nothing unapproved has a public address; it
moves to the public collection when the vacancy is published."""

from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction

PUBLISHED_COLLECTION = "Vacancy application packs"
AWAITING_APPROVAL_COLLECTION = "Vacancy application packs awaiting approval"
#: Wagtail's own groups of staff who review pages.
REVIEWER_GROUPS = ["Moderators", "Editors"]


def collection(name):
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def awaiting_approval_collection():
    """Made on first use, with a view restriction to the reviewer groups."""
    awaiting = collection(AWAITING_APPROVAL_COLLECTION)
    if not awaiting.view_restrictions.exists():
        restriction = CollectionViewRestriction.objects.create(
            collection=awaiting, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=REVIEWER_GROUPS))
    return awaiting


def publish_application_pack(vacancy):
    """Moves the vacancy's documents still awaiting approval to the public collection."""
    waiting = [
        item.document
        for item in vacancy.application_pack.select_related("document__collection")
        if item.document.collection.name == AWAITING_APPROVAL_COLLECTION
    ]
    if not waiting:
        return
    published = collection(PUBLISHED_COLLECTION)
    for document in waiting:
        document.collection = published
        document.save(update_fields=["collection"])
