"""Application pack uploads: PDF, DOC, DOCX and ODT only, judged by content rather than by
name, 10 MB at most, stored as Wagtail documents and always served as a download."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from hub.uploads import MAX_DOCUMENT_BYTES, DocumentUploadField, document_type
from tests.factories import UserFactory
from tests.jobs.posting_helpers import (
    doc_bytes,
    docx_bytes,
    newest_vacancy,
    odt_bytes,
    pdf_bytes,
    png_bytes,
    post_vacancy,
    posting_site,
    upload,
)

pytestmark = pytest.mark.django_db

Document = get_document_model()


@pytest.fixture
def site(settings, tmp_path, client):
    settings.MEDIA_ROOT = tmp_path
    site = posting_site()
    client.force_login(site["contributor_a"])
    return site


def document_error(response):
    html = BeautifulSoup(response.content, "html.parser")
    control = html.find(id="id_document_1")
    assert control["aria-invalid"] == "true"
    return control.find_parent(class_="form-field").select_one(".errorlist").get_text()


@pytest.mark.parametrize(
    "name, content, stored_as",
    [
        ("Job description.pdf", pdf_bytes(), "pdf"),
        ("Person spec.docx", docx_bytes(), "docx"),
        ("Person spec.odt", odt_bytes(), "odt"),
        ("Application form.DOC", doc_bytes(), "doc"),
        # Named as the older format, holding the newer: stored under what it is.
        ("Application form.doc", docx_bytes(), "docx"),
    ],
)
def test_real_documents_of_each_type_are_accepted(client, site, name, content, stored_as):
    response = post_vacancy(client, site["org_a"], document_1=upload(name, content))
    assert response.status_code == 302
    (item,) = newest_vacancy().application_pack.all()
    assert item.document.file_extension == stored_as
    assert item.document.file_size == len(content)
    with item.document.open_file() as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("cv.pdf", png_bytes(), "“cv.pdf” is not in PDF format"),
        ("cv.docx", b"PK\x03\x04 not a zip at all", "is not in Word (.docx) format"),
        ("macros.docx", docx_bytes(macros=True), "is not in Word (.docx) format"),
        ("sheet.doc", doc_bytes("Workbook"), "is not in Word (.doc) format"),
        (
            "sheet.odt",
            odt_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            "is not in OpenDocument text (.odt) format",
        ),
        ("photo.png", png_bytes(), "“photo.png” is not a document we accept"),
        ("notes.txt", b"%PDF-1.4 pretending", "“notes.txt” is not a document we accept"),
        ("no extension", pdf_bytes(), "is not a document we accept"),
    ],
)
def test_files_that_are_not_what_we_accept_are_refused(client, site, name, content, message):
    response = post_vacancy(client, site["org_a"], document_1=upload(name, content))
    assert response.status_code == 200
    error = document_error(response)
    assert message in error
    assert "PDF, Word (.doc), Word (.docx) or OpenDocument text (.odt)" in error
    assert newest_vacancy() is None
    assert not Document.objects.exists()


def test_files_over_10_mb_are_refused(client, site):
    too_big = b"%PDF-1.4\n" + bytes(MAX_DOCUMENT_BYTES)
    response = post_vacancy(client, site["org_a"], document_1=upload("big.pdf", too_big))
    assert "“big.pdf” is 10.0\xa0MB: a file can be at most 10.0\xa0MB" in document_error(response)
    assert not Document.objects.exists()


def test_exactly_10_mb_is_allowed():
    field = DocumentUploadField()
    exact = b"%PDF-1.4\n".ljust(MAX_DOCUMENT_BYTES, b"\0")
    assert field.clean(SimpleUploadedFile("exact.pdf", exact)).size == MAX_DOCUMENT_BYTES


def test_content_is_recognised_whatever_the_name():
    assert document_type(io.BytesIO(pdf_bytes())) == "pdf"
    assert document_type(io.BytesIO(docx_bytes())) == "docx"
    assert document_type(io.BytesIO(odt_bytes())) == "odt"
    assert document_type(io.BytesIO(doc_bytes())) == "doc"
    assert document_type(io.BytesIO(png_bytes())) is None
    assert document_type(io.BytesIO(doc_bytes("Workbook"))) is None
    assert document_type(io.BytesIO(b"")) is None
    # A truncated zip is not a document.
    assert document_type(io.BytesIO(docx_bytes()[:200])) is None


def test_documents_wait_unreachable_until_approval_then_download_never_inline(client, site):
    post_vacancy(
        client,
        site["org_a"],
        document_1=upload("Job description.pdf", pdf_bytes()),
        document_2=upload("Form.docx", docx_bytes()),
        kind_2="application-form",
    )
    vacancy = newest_vacancy()
    documents = [item.document for item in vacancy.application_pack.all()]
    moderator = UserFactory(username="moderator")
    moderator.groups.add(Group.objects.get(name="Moderators"))

    # Awaiting approval: no public address works, not even for the member who uploaded them.
    for document in documents:
        for who in (None, site["contributor_a"]):
            client.logout()
            if who:
                client.force_login(who)
            assert client.get(document.url).status_code in (302, 403)
        client.force_login(moderator)
        assert client.get(document.url).status_code == 200

    vacancy.current_workflow_state.current_task_state.specific.approve(user=site["staff"])
    client.logout()
    for document in documents:
        document.refresh_from_db()
        assert document.collection.name == "Vacancy application packs"
        response = client.get(document.url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert document.filename in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith((b"%PDF-", b"PK"))
