"""The vacancy form members use on the public site, for people with no CMS training.

The description is plain text: blank lines part paragraphs and lines starting "- " are bullet
points. It is stored as the same rich text staff write in the admin, with everything the
member typed escaped, and turned back into plain text when they edit it."""

import re
from datetime import datetime, time
from html.parser import HTMLParser
from itertools import groupby

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from wagtail.documents import get_document_model

from hub.deadlines import LONDON, describe_moment
from hub.forms import NoControlCharactersMixin, NoLabelColonMixin
from hub.uploads import MAX_DOCUMENT_BYTES, DocumentUploadField
from jobs.choices import MAX_HOURS, MIN_HOURS, DocumentKind, Location
from jobs.documents import awaiting_approval_collection
from jobs.models import Vacancy, VacancyDocument
from members.models import Borough

DEFAULT_CLOSING_TIME = time(17, 0)
MAX_DOCUMENTS = 3
MAX_TAGS = 10
#: What each upload slot offers first: the usual three parts of an application pack.
SLOT_KINDS = [
    DocumentKind.JOB_DESCRIPTION,
    DocumentKind.PERSON_SPECIFICATION,
    DocumentKind.APPLICATION_FORM,
]
BULLET = "- "
SALARY_ERRORS = {
    "invalid": "Give the salary as an amount in pounds, such as 28000 or 14.50.",
    "min_value": "The salary cannot be below £0.",
    "max_decimal_places": "Give pence as two figures at most, such as 14.50.",
    "max_digits": "That salary is too large: check the figure.",
    "max_whole_digits": "That salary is too large: check the figure.",
}


# Plain text <-> rich text


def text_to_html(text):
    """Paragraphs and bullet lists as Wagtail rich text; single line breaks are kept."""
    html = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        for is_list, group in groupby(lines, key=lambda line: line.startswith(BULLET)):
            if is_list:
                items = format_html_join(
                    "", "<li>{}</li>", ((line[len(BULLET) :].strip(),) for line in group)
                )
                html.append(format_html("<ul>{}</ul>", items))
            else:
                *first, last = group
                lines_html = format_html_join("", "{}<br/>", ((line,) for line in first))
                html.append(format_html("<p>{}{}</p>", lines_html, last))
    return "".join(html)


class _TextFromHtml(HTMLParser):
    """Rich text back to the form's plain text, noting formatting that plain text cannot keep
    (staff may have added headings, links or bold in the admin)."""

    KEPT = {"p", "br", "ul", "li"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.current = ""
        self.lost_formatting = False

    def end_block(self):
        if self.current.strip():
            self.blocks.append("\n".join(line.strip() for line in self.current.split("\n")))
        self.current = ""

    def handle_starttag(self, tag, attrs):
        if tag not in self.KEPT:
            self.lost_formatting = True
        if tag == "br":
            self.current += "\n"
        elif tag == "li":
            self.current = self.current.rstrip("\n")
            self.current += ("\n" if self.current else "") + BULLET
        elif tag in {"p", "ul", "ol", "h2", "h3", "h4", "blockquote"}:
            self.end_block()

    def handle_endtag(self, tag):
        if tag in {"p", "ul", "ol", "h2", "h3", "h4", "blockquote"}:
            self.end_block()

    def handle_data(self, data):
        self.current += data.replace("\n", " ")


def html_to_text(html):
    """(plain text, whether formatting was lost)."""
    parser = _TextFromHtml()
    parser.feed(html or "")
    parser.close()
    parser.end_block()
    return "\n\n".join(parser.blocks), parser.lost_formatting


# Fields


class MoneyField(forms.DecimalField):
    """Pounds as people type them: "£28,000" and "28000" are the same."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("£", "").replace(",", "").replace(" ", "")
        return super().to_python(value)


class TagsField(forms.CharField):
    """Topics separated by commas only, so "youth work" stays one topic."""

    def to_python(self, value):
        names = {}
        for name in super().to_python(value).split(","):
            name = " ".join(name.split())
            if name:
                names.setdefault(name.lower(), name)
        return list(names.values())

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_TAGS:
            raise ValidationError(f"Give at most {MAX_TAGS} topics.")
        if any(len(name) > 100 for name in value):
            raise ValidationError("Keep each topic to 100 characters at most.")


class Fieldset:
    """A group of the form's fields under a legend, for the template."""

    def __init__(self, legend, hint, fields):
        self.legend = legend
        self.hint = hint
        self.fields = fields


class VacancyForm(NoControlCharactersMixin, NoLabelColonMixin, forms.ModelForm):
    """A new, copied or edited vacancy of `organisation`. `pack` is the application pack the
    vacancy (or the one copied) already has: members keep or remove those documents and may
    upload up to three in all. `now` pins the moment the closing date must be after."""

    description = forms.CharField(
        label="About the job",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="What the job involves and who you are looking for. Leave a blank line "
        "between paragraphs. Start a line with a dash and a space (“- ”) for a bullet point.",
        error_messages={"required": "Describe the job."},
    )
    hours_per_week = forms.DecimalField(
        label="Hours a week",
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        max_digits=3,
        decimal_places=1,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
        help_text="A number from 0.5 to 48, such as 35 or 17.5. Full time is 35 hours or more.",
        error_messages={
            "required": "Give the hours a week, such as 35 or 17.5.",
            "invalid": "Give the hours a week as a number, such as 35 or 17.5.",
            "min_value": "The hours a week must be at least 0.5.",
            "max_value": "The hours a week can be at most 48, the legal weekly limit.",
            "max_digits": "The hours a week can be at most 48, the legal weekly limit.",
            "max_whole_digits": "The hours a week can be at most 48, the legal weekly limit.",
            "max_decimal_places": "Give the hours to one decimal place at most, such as 17.5.",
        },
    )
    salary_min = MoneyField(
        label="Salary from (£)",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
        help_text="Numbers only, such as 28000 or 14.50. For a single figure, fill in this box.",
        error_messages=SALARY_ERRORS,
    )
    salary_max = MoneyField(
        label="Salary up to (£)",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
        help_text="The top of the range, if there is one.",
        error_messages=SALARY_ERRORS,
    )
    closes_on = forms.DateField(
        label="Closing date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The vacancy leaves the jobs board at the closing time on this day.",
        error_messages={
            "required": "Give the closing date.",
            "invalid": "Give the closing date as a real date, such as 27 March 2026.",
        },
    )
    closes_time = forms.TimeField(
        label="Closing time (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="London time. Leave blank for 5pm.",
        error_messages={"invalid": "Give the closing time as hours and minutes, such as 17:00."},
    )
    tags = TagsField(
        label="Topics (optional)",
        required=False,
        help_text="Words people might look for, separated by commas, for example: youth work, "
        "advice, part time.",
    )

    class Meta:
        model = Vacancy
        fields = [
            "title",
            "summary",
            "description",
            "positions",
            "location",
            "borough",
            "place",
            "postcode",
            "working_pattern",
            "hours_per_week",
            "contract_type",
            "contract_months",
            "unpaid",
            "salary_min",
            "salary_max",
            "salary_period",
            "salary_note",
            "benefits",
            "interviews_on",
            "interviews_until",
            "apply_url",
            "apply_email",
            "equality_statement",
        ]
        labels = {
            "title": "Job title",
            "positions": "Number of posts",
            "location": "Where is the job?",
            "borough": "Borough",
            "place": "Place or address (optional)",
            "postcode": "Postcode (optional)",
            "working_pattern": "How is the work done?",
            "contract_type": "Contract",
            "contract_months": "Length of the contract, in months",
            "unpaid": "Unpaid: a voluntary role with expenses only",
            "salary_period": "Salary per",
            "salary_note": "About the salary (optional)",
            "benefits": "Benefits (optional)",
            "interviews_on": "Interview date (optional)",
            "interviews_until": "Last interview date (optional)",
            "apply_url": "Application link",
            "apply_email": "Application email address",
            "equality_statement": "Equality and access statement (optional)",
        }
        help_texts = {
            "title": "For example “Youth worker” or “Finance officer”.",
            "summary": "One or two sentences for the jobs board listing, 300 characters at most.",
            "borough": "Needed when the job is in a London borough.",
            "place": "Where exactly, for example “Peckham” or “12 Rye Lane, Peckham”.",
            "postcode": "For example SE15 4ST.",
            "contract_months": "Needed for a fixed-term contract, for example 12.",
            "positions": "How many people you are hiring for this job.",
            "interviews_until": "If interviews take more than one day.",
            "apply_url": "A web page where people apply, starting https://.",
            "unpaid": "",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "location": forms.RadioSelect,
            "working_pattern": forms.RadioSelect,
            "contract_type": forms.RadioSelect,
            "positions": forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"}),
            "contract_months": forms.TextInput(
                attrs={"inputmode": "numeric", "class": "input--short"}
            ),
            "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
            "interviews_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "interviews_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "apply_url": forms.URLInput(attrs={"placeholder": "https://"}),
            "benefits": forms.Textarea(attrs={"rows": 3}),
            "equality_statement": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "title": {"required": "Give the job title."},
            "summary": {
                "required": "Give a summary of the job for the jobs board.",
                "max_length": "Keep the summary to 300 characters at most (it has %(show_value)d).",
            },
            "positions": {
                "required": "Give the number of posts, such as 1.",
                "invalid": "Give the number of posts as a whole number, such as 1.",
                "min_value": "The number of posts must be at least 1.",
                "max_value": "The number of posts can be at most 500.",
            },
            "location": {"required": "Say where the job is."},
            "working_pattern": {"required": "Say how the work is done."},
            "contract_type": {"required": "Choose the kind of contract."},
            "contract_months": {
                "invalid": "Give the length in whole months, such as 12.",
                "min_value": "A contract lasts at least 1 month.",
                "max_value": "Give a contract of 120 months (10 years) at most.",
            },
            "interviews_on": {"invalid": "Give the interview date as a real date."},
            "interviews_until": {"invalid": "Give the last interview date as a real date."},
            "apply_url": {"invalid": "Give a web address starting https://, or leave it blank."},
            "apply_email": {"invalid": "Give an email address like jobs@example.org."},
        }

    def __init__(self, *args, organisation, pack=(), now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self.instance.organisation = organisation
        self.instance.employer_name = ""
        self.pack = list(pack)

        self.fields["borough"].queryset = Borough.objects.exclude(
            slug__in=[Borough.LONDON_WIDE, Borough.NATIONAL]
        )
        self.fields["borough"].empty_label = "Choose a borough"
        self.fields["location"].choices = Location.choices
        self.fields["salary_period"].choices = [
            (value, label.removeprefix("a ").removeprefix("an "))
            for value, label in self.fields["salary_period"].choices
        ]

        self.description_lost_formatting = False
        if not self.is_bound:
            self.set_initial_from_instance()

        if self.pack:
            self.fields["remove_documents"] = forms.MultipleChoiceField(
                label="Remove a document (optional)",
                required=False,
                widget=forms.CheckboxSelectMultiple,
                choices=[
                    (str(item.document_id), f"{item.get_kind_display()}: {item.document.title}")
                    for item in self.pack
                ],
                help_text="Tick any document you do not want in the application pack.",
            )
        for number, kind in enumerate(SLOT_KINDS, start=1):
            self.fields[f"document_{number}"] = DocumentUploadField(
                label=f"Document {number} (optional)",
                required=False,
                help_text=f"A PDF, Word or OpenDocument file, {MAX_DOCUMENT_BYTES // 2**20} MB "
                "at most.",
            )
            self.fields[f"kind_{number}"] = forms.ChoiceField(
                label=f"What document {number} is",
                choices=DocumentKind.choices,
                initial=kind,
            )
        # The error summary lists problems in the order of the page.
        self.order_fields([name for _, _, names in self.groups() for name in names])

    def set_initial_from_instance(self):
        """The description and tags as the member types them, and the closing moment split
        into a London date and time. A copy passes these in `initial` instead."""
        text, self.description_lost_formatting = html_to_text(self.initial.get("description"))
        self.initial["description"] = text
        if "tags" not in self.initial and self.instance.pk:
            self.initial["tags"] = ", ".join(tag.name for tag in self.instance.tags.all())
        if self.instance.closes_at:
            closes_at = self.instance.closes_at.astimezone(LONDON)
            self.initial.setdefault("closes_on", closes_at.date())
            self.initial.setdefault("closes_time", closes_at.time())

    def groups(self):
        """(legend, hint, field names): the form in the order a job advert is thought through."""
        documents = ["remove_documents"] if self.pack else []
        for number in range(1, len(SLOT_KINDS) + 1):
            documents += [f"document_{number}", f"kind_{number}"]
        return [
            ("The job", "", ["title", "summary", "description", "positions"]),
            ("Where", "", ["location", "borough", "place", "postcode", "working_pattern"]),
            ("Hours and contract", "", ["hours_per_week", "contract_type", "contract_months"]),
            (
                "Pay",
                "Give a range, a single figure, or tick “unpaid” for a voluntary role.",
                ["unpaid", "salary_min", "salary_max", "salary_period", "salary_note", "benefits"],
            ),
            (
                "Dates",
                "All times are London time.",
                ["closes_on", "closes_time", "interviews_on", "interviews_until"],
            ),
            (
                "How to apply",
                "Give an application link, an email address or both.",
                ["apply_url", "apply_email"],
            ),
            (
                "Application pack",
                f"Up to {MAX_DOCUMENTS} documents for applicants to download, such as the job "
                "description, person specification and application form. Leave these empty if "
                "you have none.",
                documents,
            ),
            ("Equality and topics", "", ["equality_statement", "tags"]),
        ]

    def fieldsets(self):
        return [
            Fieldset(legend, hint, [self[name] for name in names])
            for legend, hint, names in self.groups()
        ]

    def clean_title(self):
        # The page's web address is made from the title, so it needs a letter or a number.
        title = self.cleaned_data["title"]
        if not slugify(title, allow_unicode=True):
            raise ValidationError("Give the job title in words.")
        return title

    def clean_description(self):
        return text_to_html(self.cleaned_data["description"])

    def clean_postcode(self):
        return " ".join(self.cleaned_data["postcode"].upper().split())

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("closes_on")
        if day and "closes_time" not in self.errors:
            at = cleaned.get("closes_time") or DEFAULT_CLOSING_TIME
            closes_at = datetime.combine(day, at, tzinfo=LONDON)
            if closes_at <= self.now:
                self.add_error(
                    "closes_on",
                    f"The closing date has passed: {describe_moment(closes_at)} is before now. "
                    "Give a closing date in the future.",
                )
            else:
                self.instance.closes_at = closes_at
        removed = set(cleaned.get("remove_documents", []))
        kept = [item for item in self.pack if str(item.document_id) not in removed]
        uploads = [number for number in range(1, len(SLOT_KINDS) + 1) if self.upload(number)]
        if uploads and len(kept) + len(uploads) > MAX_DOCUMENTS:
            self.add_error(
                f"document_{uploads[0]}",
                f"The application pack can have {MAX_DOCUMENTS} documents at most: remove one "
                "to add another.",
            )
        return cleaned

    def upload(self, number):
        return self.cleaned_data.get(f"document_{number}")

    def full_clean(self):
        super().full_clean()
        # One message a field, the first found: the model's checks repeat some of the form's
        # (a missing number), and a figure can break two rules at once.
        for errors in self._errors.values():
            del errors[1:]

    def save_vacancy(self, user):
        """The vacancy with the form's changes, its tags and its application pack, not yet
        saved: new uploads are stored as Wagtail documents uploaded by `user`."""
        vacancy = self.save(commit=False)
        vacancy.tags.set(self.cleaned_data["tags"])
        removed = set(self.cleaned_data.get("remove_documents", []))
        pack = []
        for item in self.pack:
            if str(item.document_id) in removed:
                continue
            if vacancy.pk is None or item.vacancy_id != vacancy.pk:
                # A copy gets rows of its own for the same documents.
                item = VacancyDocument(document=item.document, kind=item.kind)
            pack.append(item)
        for number in range(1, len(SLOT_KINDS) + 1):
            if upload := self.upload(number):
                kind = DocumentKind(self.cleaned_data[f"kind_{number}"])
                pack.append(
                    VacancyDocument(document=self.store(upload, kind, user), kind=kind.value)
                )
        vacancy.application_pack = pack
        return vacancy

    def store(self, upload, kind, user):
        document = get_document_model()(
            title=f"{self.instance.title}: {kind.label}",
            file=upload,
            collection=awaiting_approval_collection(),
            uploaded_by_user=user,
        )
        # Size and hash, as Wagtail's own upload views record them.
        document._set_document_file_metadata()
        document.save()
        return document


def copy_initial(source):
    """What the form for a copy of `source` starts with: everything but the dates."""
    initial = forms.model_to_dict(source, fields=VacancyForm._meta.fields)
    for name in ("interviews_on", "interviews_until"):
        initial.pop(name, None)
    initial["tags"] = ", ".join(tag.name for tag in source.tags.all())
    return initial
