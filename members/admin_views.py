"""The admin screen where staff review a membership application and approve or decline it."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail.admin.views.generic import EditView

from members import applications
from members.forms import DecisionForm


class ReviewApplicationView(EditView):
    """Replaces the generic edit view: the application itself is read-only (it is what the
    applicant sent), and the only thing staff change is the decision."""

    template_name = "admin/members/review_application.html"
    page_title = "Review application"
    submit_button_label = "Record decision"
    submit_button_active_label = "Recording…"

    def get_panel(self):
        return None

    def get_form_class(self):
        return DecisionForm

    def save_instance(self):
        application = self.form.instance
        reason = self.form.cleaned_data["decision_reason"].strip()
        # The emails are queued: Settings → Outgoing email shows whether they went.
        if self.form.cleaned_data["decision"] == "approve":
            organisation = applications.approve(
                application, self.request.user, reason, self.request
            )
            messages.success(
                self.request,
                f"Approved. {organisation} is now listed. Its contact is being emailed a link to "
                "set up their account.",
            )
        else:
            applications.decline(application, self.request.user, reason)
            messages.success(self.request, "Declined. The applicant is being emailed the reason.")
        return application

    def save_action(self):
        return redirect(self.get_success_url())
