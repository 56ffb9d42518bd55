"""Helpers for the tests of members posting vacancies: real minimal documents of each type,
the page moderation workflow, an organisation with its members, and the form's data."""

import io
import struct
import zipfile
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from wagtail.models import Collection, Page, WorkflowPage

from jobs.models import Vacancy
from members.models import Membership
from tests.factories import UserFactory
from tests.jobs.factories import make_jobs_board
from tests.members.factories import (
    BoroughFactory,
    MembershipFactory,
    OrganisationFactory,
    moderation_workflow,
)

PASSWORD = "correct horse battery staple"  # noqa: S105 -- UserFactory's test password


# Documents ---------------------------------------------------------------------------------


def pdf_bytes():
    """A one-page PDF."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def docx_bytes(macros=False):
    """A Word document with one paragraph: the three parts Word needs (and, with `macros`,
    the part a macro-enabled .docm adds)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if macros:
            archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macros")
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="application'
            '/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentTyp'
            'e="application/xml"/><Override PartName="/word/document.xml" ContentType="applicati'
            'on/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxml'
            'formats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schem'
            'as.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
            '"word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxml'
            'formats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Job description'
            "</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def odt_bytes(mimetype="application/vnd.oasis.opendocument.text"):
    """An OpenDocument text: `mimetype` first and stored, as the format requires."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis'
            ':names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path'
            f'="/" manifest:media-type="{mimetype}"/><manifest:file-entry manifest:full-path="'
            'content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:'
            'oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:open'
            'document:xmlns:text:1.0"><office:body><office:text><text:p>Person specification'
            "</text:p></office:text></office:body></office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()


FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _directory_entry(name, kind, child, start, size):
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", NO_STREAM, NO_STREAM, child)
        + bytes(16 + 4 + 16)  # class id, state bits, creation and modification times
        + struct.pack("<IQ", start, size)
    )


def doc_bytes(stream_name="WordDocument"):
    """A Word 97-2003 compound file (version 3, 512-byte sectors): a FAT sector, a directory
    sector and a 4096-byte `stream_name` stream that starts with Word's FIB signature."""
    stream = (struct.pack("<HH", 0xA5EC, 0x00C1)).ljust(4096, b"\0")
    stream_sectors = len(stream) // 512
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END_OF_CHAIN, 0, END_OF_CHAIN, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", FREE) * 108
    )
    fat = [FAT_SECTOR, END_OF_CHAIN]
    fat += [2 + n + 1 for n in range(stream_sectors - 1)] + [END_OF_CHAIN]
    fat += [FREE] * (128 - len(fat))
    directory = (
        _directory_entry("Root Entry", 5, 1, END_OF_CHAIN, 0)
        + _directory_entry(stream_name, 2, NO_STREAM, 2, len(stream))
        + _directory_entry("", 0, NO_STREAM, 0, 0) * 2
    )
    return header + struct.pack("<128I", *fat) + directory + stream


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), (90, 31, 122)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


# Site, people and workflow ------------------------------------------------------------------


def page_moderation_workflow():
    """The "Moderators approval" workflow on the page tree's root, as Wagtail's migrations
    set it up; browser tests flush the database, so remake it when needed."""
    root = Page.get_first_root_node()
    assignment = WorkflowPage.objects.filter(page=root).first()
    if assignment:
        return assignment.workflow
    workflow = moderation_workflow()
    WorkflowPage.objects.create(page=root, workflow=workflow)
    return workflow


def root_collection():
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def posting_site():
    """A jobs board, two organisations (A and B) with an admin and a contributor each, a
    staff user (a superuser), and the moderation workflow on pages."""
    board = make_jobs_board()
    page_moderation_workflow()
    root_collection()
    # Seeded by a migration, but browser tests flush the database.
    BoroughFactory(name="Southwark", slug="southwark")
    staff = UserFactory(username="staff", is_staff=True, is_superuser=True)
    people = {"board": board, "staff": staff}
    for key, name in (("a", "Peckham Youth Project"), ("b", "Barnet Advice Centre")):
        organisation = OrganisationFactory(name=name)
        people[f"org_{key}"] = organisation
        people[f"admin_{key}"] = MembershipFactory(
            organisation=organisation,
            role=Membership.Role.ADMIN,
            user=UserFactory(username=f"admin-{key}"),
        ).user
        people[f"contributor_{key}"] = MembershipFactory(
            organisation=organisation,
            role=Membership.Role.CONTRIBUTOR,
            user=UserFactory(username=f"contributor-{key}"),
        ).user
    return people


def in_days_london(days):
    return timezone.localdate() + timedelta(days=days)


def vacancy_data(**changes):
    """A complete, valid form: a part-time fixed-term youth worker in Southwark."""
    southwark = BoroughFactory(name="Southwark", slug="southwark")
    data = {
        "title": "Youth worker",
        "summary": "Run our Friday youth club in Peckham.",
        "description": "We run a youth club.\n\n- Plan sessions\n- Keep records",
        "positions": "1",
        "location": "borough",
        "borough": str(southwark.pk),
        "place": "Peckham",
        "postcode": "se15 4st",
        "working_pattern": "hybrid",
        "hours_per_week": "17.5",
        "contract_type": "fixed-term",
        "contract_months": "12",
        "salary_min": "£28,000",
        "salary_max": "30000",
        "salary_period": "year",
        "salary_note": "pro rata",
        "benefits": "",
        "closes_on": in_days_london(14).isoformat(),
        "closes_time": "",
        "interviews_on": "",
        "interviews_until": "",
        "apply_url": "https://example.org/apply",
        "apply_email": "",
        "equality_statement": "",
        "tags": "youth work, Peckham",
        "kind_1": "job-description",
        "kind_2": "person-specification",
        "kind_3": "application-form",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def url(name, organisation, vacancy=None):
    args = [organisation.slug] + ([vacancy.pk] if vacancy is not None else [])
    return reverse(f"jobs:{name}", args=args)


def post_vacancy(client, organisation, **changes):
    return client.post(url("new_vacancy", organisation), vacancy_data(**changes))


def newest_vacancy():
    return Vacancy.objects.order_by("-pk").first()


def task_state(vacancy):
    """The task awaiting a moderator's decision on `vacancy`."""
    return Vacancy.objects.get(pk=vacancy.pk).current_workflow_state.current_task_state.specific


def approve(vacancy, moderator):
    task_state(vacancy).approve(user=moderator)


def request_changes(vacancy, moderator, comment):
    task_state(vacancy).reject(user=moderator, comment=comment)
