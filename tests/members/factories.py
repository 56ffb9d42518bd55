"""Factories for the members app. Areas and equality areas come from a data migration, but
browser tests flush the database, so the factories get or create them by slug."""

import factory
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask

from members.forms import PRIVACY_AGREEMENT, VALUES_AGREEMENT
from members.models import (
    Borough,
    EqualityArea,
    Invitation,
    MemberDirectoryPage,
    Membership,
    MembershipApplication,
    Organisation,
)
from tests.factories import UserFactory


class BoroughFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Borough {n}")
    slug = factory.LazyAttribute(lambda b: b.name.lower().replace(" ", "-"))

    class Meta:
        model = Borough
        django_get_or_create = ("slug",)


class EqualityAreaFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.LazyAttribute(lambda a: a.name.lower().replace(" ", "-"))

    class Meta:
        model = EqualityArea
        django_get_or_create = ("slug",)


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    short_description = factory.LazyAttribute(lambda o: f"What {o.name} does.")
    contact_email = "info@example.org"
    status = Organisation.Status.ACTIVE
    live = True

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    @factory.post_generation
    def boroughs(self, create, extracted, **kwargs):
        if extracted:
            self.boroughs.set(extracted)
            self.save()

    @factory.post_generation
    def equality_areas(self, create, extracted, **kwargs):
        if extracted:
            self.equality_areas.set(extracted)
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.CONTRIBUTOR

    class Meta:
        model = Membership


class InvitationFactory(factory.django.DjangoModelFactory):
    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"colleague{n}@example.org")
    role = Membership.Role.CONTRIBUTOR

    class Meta:
        model = Invitation


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Applicant group {n}")
    short_description = "A user-led group of Deaf Londoners."
    public_email = "hello@example.org"
    contact_name = "Sam Applicant"
    contact_email = factory.Sequence(lambda n: f"applicant{n}@example.org")
    values_agreement = VALUES_AGREEMENT
    privacy_agreement = PRIVACY_AGREEMENT
    agreed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = MembershipApplication
        skip_postgeneration_save = True

    @factory.post_generation
    def boroughs(self, create, extracted, **kwargs):
        if extracted:
            self.boroughs.set(extracted)


def make_directory(home):
    return home.add_child(
        instance=MemberDirectoryPage(title="Members", slug="members", intro="<p>Our members.</p>")
    )


def moderation_workflow():
    """The workflow organisations' edits go through. A data migration assigns it, but browser
    tests (which may run first) flush the database, so remake it when needed."""
    content_type = WorkflowContentType.objects.filter(
        content_type__app_label="members", content_type__model="organisation"
    ).first()
    if content_type:
        return content_type.workflow
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.create(
        content_type=ContentType.objects.get_for_model(Organisation), workflow=workflow
    )
    return workflow
