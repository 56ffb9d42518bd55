"""Edits that staff approve: for any model with Wagtail's workflow (pages, and snippets with
WorkflowMixin). A member's edit is saved as a draft revision and sent to the model's workflow;
the live version changes only when a moderator approves it in the admin."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import WorkflowState


@transaction.atomic
def submit_for_moderation(edited, user):
    """Save `edited` (an unsaved copy carrying the changes) as a revision by `user` and start
    its workflow. Moderators review the newest edit: one still awaiting review is withdrawn."""
    revision = edited.save_revision(user=user, log_action=True)
    if state := edited.current_workflow_state:
        state.cancel(user=user)
    if workflow := edited.get_workflow():
        workflow.start(edited, user)
    return revision


def base_content_type(model):
    """The content type Wagtail files revisions and workflow states under: the page model for
    every page type, the model itself otherwise."""
    parents = model._meta.get_parent_list()
    return ContentType.objects.get_for_model(parents[-1] if parents else model)


def reviews_in_progress(model, object_ids):
    """The workflow states of these objects that are in progress or sent back for changes, by
    object id, in one query."""
    states = (
        WorkflowState.objects.active()
        .filter(
            base_content_type=base_content_type(model),
            object_id__in=[str(pk) for pk in object_ids],
        )
        .select_related("current_task_state")
    )
    return {int(state.object_id): state for state in states}
