from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from modelcluster.forms import ClusterForm

from hub.forms import NoControlCharactersMixin, NoLabelColonMixin
from hub.uploads import ImageUploadField
from members import emails, logos
from members.models import (
    Membership,
    MembershipApplication,
    Organisation,
)
from members.validators import normalise_registration_number

# The exact words applicants agree to. They are stored with each application, so change them
# here freely: past applications keep the wording their applicants saw.
VALUES_AGREEMENT = (
    "Our organisation shares the network's values: we work for equality, human rights and "
    "social justice, against discrimination of any kind, and with the communities we serve."
)
# The whole privacy notice is in these words, so what is stored is what was agreed to.
PRIVACY_AGREEMENT = (
    "I agree to the privacy notice: the network keeps my name and email address with this "
    "application, only to tell me its decision and to send me a link to set up our "
    "organisation's account. They are never shown in the directory or shared."
)


class RegistrationNumbersMixin:
    """Store charity and company numbers in one canonical form (upper case, no spaces)."""

    def clean_charity_number(self):
        return normalise_registration_number(self.cleaned_data["charity_number"])

    def clean_company_number(self):
        return normalise_registration_number(self.cleaned_data["company_number"])


class LoginForm(NoLabelColonMixin, AuthenticationForm):
    """Log in with an email address or a username: accounts made from an invitation use the
    email address as their username, but people type it in any case."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "The email address or username and the password do not match an account. Check "
            "them and try again: the password is case-sensitive."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email address or username"
        self.fields["username"].error_messages["required"] = "Enter your email address."
        self.fields["password"].error_messages["required"] = "Enter your password."

    def clean(self):
        username = self.cleaned_data.get("username", "")
        users = get_user_model().objects
        if "@" in username and not users.filter(username=username).exists():
            # Only a single account with that address is unambiguous.
            matches = list(
                users.filter(email__iexact=username).values_list("username", flat=True)[:2]
            )
            if len(matches) == 1:
                self.cleaned_data["username"] = matches[0]
        return super().clean()


class ResetPasswordForm(NoControlCharactersMixin, NoLabelColonMixin, PasswordResetForm):
    """Queues the reset email instead of sending it inside the request (members.emails), and
    does the same work whether or not an account uses the address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages.update(
            required="Enter the email address of your account.",
            invalid="Enter an email address like name@example.org.",
        )
        self.queued = []

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        self.queued.append(emails.queue_password_reset(context["email"], context))

    def save(self, *, request=None, use_https=False, extra_email_context=None, **kwargs):
        super().save(
            request=request,
            use_https=use_https,
            extra_email_context=extra_email_context,
            **kwargs,
        )
        if not self.queued:
            # Render the email a known address would get, with a token for no account.
            email = self.cleaned_data["email"]
            nobody = get_user_model()(email=email)
            emails.render_password_reset(
                {
                    "email": email,
                    "domain": request.get_host() if request else "",
                    "uid": "MA",  # "0" encoded as the link's account id is
                    "user": nobody,
                    "token": default_token_generator.make_token(nobody),
                    "protocol": "https" if use_https else "http",
                    **(extra_email_context or {}),
                }
            )


class NewPasswordForm(NoLabelColonMixin, SetPasswordForm):
    pass


class OrganisationProfileForm(
    NoControlCharactersMixin, NoLabelColonMixin, RegistrationNumbersMixin, ClusterForm
):
    """What an organisation admin may change on the front end. The result is saved as a draft
    revision for staff to approve, never straight to the live profile."""

    # Wagtail's upload field, which checks the file type, size and pixel count as the admin
    # does, with the pixel count read from the header before anything decodes the image.
    new_logo = ImageUploadField(
        label="New logo",
        required=False,
        help_text="A PNG, JPEG, GIF or WebP file. Leave empty to keep the current logo.",
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_description",
            "description",
            "website",
            "contact_email",
            "charity_number",
            "company_number",
            "boroughs",
            "equality_areas",
            "user_led",
            "new_logo",
            "logo_alt_text",
        ]
        widgets = {
            "short_description": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 10}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "boroughs": forms.CheckboxSelectMultiple,
            "equality_areas": forms.CheckboxSelectMultiple,
        }

    def save_logo(self, uploaded_by):
        """Adds an uploaded logo to the image library and to the draft. Until staff approve the
        draft, the public profile keeps showing the old logo, and the new one has no public
        address (members.logos)."""
        upload = self.cleaned_data.get("new_logo")
        if upload:
            self.instance.logo = logos.store_pending(
                upload, title=f"{self.instance.name} logo", uploaded_by=uploaded_by
            )
        return self.instance


class JoinForm(
    NoControlCharactersMixin, NoLabelColonMixin, RegistrationNumbersMixin, forms.ModelForm
):
    """The public "Join the network" form."""

    agrees_to_values = forms.BooleanField(
        label=VALUES_AGREEMENT,
        error_messages={"required": "Confirm that your organisation shares the network's values."},
    )
    agrees_to_privacy = forms.BooleanField(
        label=PRIVACY_AGREEMENT,
        error_messages={"required": "Confirm that you agree to the privacy notice."},
    )

    class Meta:
        model = MembershipApplication
        fields = [
            "name",
            "website",
            "public_email",
            "charity_number",
            "company_number",
            "boroughs",
            "equality_areas",
            "user_led",
            "short_description",
            "contact_name",
            "contact_email",
        ]
        labels = {
            "boroughs": "Where does your organisation work?",
            "equality_areas": "Which communities and equality areas do you work with?",
            "user_led": "Our organisation is user-led",
            "short_description": "What does your organisation do?",
            "contact_name": "Your full name",
            "contact_email": "Your email address",
        }
        help_texts = {
            "charity_number": "Optional. For example 1234567, SC012345 or NIC100001.",
            "company_number": "Optional. For example 01234567 or SC123456.",
            "user_led": "Led by and for the communities it serves.",
            "short_description": "One or two sentences (up to 280 characters) for the directory.",
            "contact_email": "We send our decision, and the link to set up your account, here.",
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
            "public_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "boroughs": forms.CheckboxSelectMultiple,
            "equality_areas": forms.CheckboxSelectMultiple,
            "short_description": forms.Textarea(attrs={"rows": 3}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        error_messages = {
            "name": {"required": "Enter your organisation's name."},
            "short_description": {"required": "Describe what your organisation does."},
            "contact_name": {"required": "Enter your full name."},
            "contact_email": {
                "required": "Enter your email address.",
                "invalid": "Enter an email address like name@example.org.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["boroughs"].required = True
        self.fields["boroughs"].error_messages["required"] = "Choose at least one area."

    def save(self, agreed_at):
        """Stores the application and returns (application, created). The same organisation and
        contact sending the form again while their application is pending (a double click, or
        a retry after a slow answer) get the pending one back: the database holds one."""
        same = MembershipApplication.objects.filter(
            status=MembershipApplication.Status.PENDING,
            name__iexact=self.cleaned_data["name"],
            contact_email__iexact=self.cleaned_data["contact_email"],
        )
        pending = same.first()
        if pending:
            return pending, False
        application = super().save(commit=False)
        application.values_agreement = VALUES_AGREEMENT
        application.privacy_agreement = PRIVACY_AGREEMENT
        application.agreed_at = agreed_at
        try:
            with transaction.atomic():
                application.save()
                self.save_m2m()
        except IntegrityError:  # the same form, sent at the same moment, got there first
            return same.get(), False
        return application, True


class InvitationForm(NoControlCharactersMixin, NoLabelColonMixin, forms.Form):
    email = forms.EmailField(
        label="Your colleague's email address",
        error_messages={
            "required": "Enter your colleague's email address.",
            "invalid": "Enter an email address like name@example.org.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices,
        initial=Membership.Role.CONTRIBUTOR,
        widget=forms.RadioSelect,
        help_text="Organisation admins can also invite and remove colleagues and edit the profile.",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.organisation.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError("This person already has an account for your organisation.")
        return email


class AccountSetupForm(NoControlCharactersMixin, NoLabelColonMixin, forms.Form):
    """Sets up a new account when someone accepts an invitation."""

    first_name = forms.CharField(
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": "Enter your first name."},
    )
    last_name = forms.CharField(
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": "Enter your last name."},
    )
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
        error_messages={"required": "Choose a password."},
    )
    password2 = forms.CharField(
        label="Type the password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again."},
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password2(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data["password2"]
        if password1 and password1 != password2:
            raise forms.ValidationError("The two passwords do not match.")
        return password2

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("password2")
        if password and not self.has_error("password2"):
            user = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=self.cleaned_data.get("first_name", ""),
                last_name=self.cleaned_data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned_data

    def create_user(self):
        return get_user_model().objects.create_user(
            username=self.email,
            email=self.email,
            password=self.cleaned_data["password1"],
            first_name=self.cleaned_data["first_name"],
            last_name=self.cleaned_data["last_name"],
        )


class DecisionForm(forms.ModelForm):
    """Staff's decision on a membership application. The reason is emailed to the applicant."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("decline", "Decline")], widget=forms.RadioSelect
    )

    class Meta:
        model = MembershipApplication
        fields = ["decision_reason"]
        labels = {"decision_reason": "Reason"}
        help_texts = {"decision_reason": "Sent to the applicant by email. Required when declining."}

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.status != MembershipApplication.Status.PENDING:
            raise forms.ValidationError("This application has already been decided.")
        if (
            cleaned_data.get("decision") == "decline"
            and not cleaned_data.get("decision_reason", "").strip()
        ):
            self.add_error("decision_reason", "Give a reason for declining the application.")
        return cleaned_data
