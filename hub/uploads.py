"""Uploads checked by what the file contains, not only by its name.

Images: the pixel count is read from the file's header, before anything decodes the picture.
Decoding takes about 4 bytes a pixel, so a small file claiming 11000 x 11000 pixels would
otherwise hold a worker at half a gigabyte and more.

Documents:

a name proves nothing: a photo renamed `cv.pdf` would otherwise be stored and offered as a PDF.
Each allowed type is recognised by its own signature, with the standard library only:

- PDF starts with `%PDF-`;
- DOC (Word 97-2003) is an OLE2 compound file holding a `WordDocument` stream;
- DOCX is a zip archive with `[Content_Types].xml` and a `word/` folder (and no macros);
- ODT is a zip archive whose `mimetype` member says `application/vnd.oasis.opendocument.text`.
"""

import warnings
import zipfile
import zlib
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from PIL import Image, UnidentifiedImageError
from wagtail.images.fields import WagtailImageField

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024

#: The types a document upload may have: extension -> name people know it by.
DOCUMENT_TYPES = {
    "pdf": "PDF",
    "doc": "Word (.doc)",
    "docx": "Word (.docx)",
    "odt": "OpenDocument text (.odt)",
}

OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
# The name of a Word document's main stream in the compound file's directory (UTF-16).
WORD_STREAM_NAME = "WordDocument".encode("utf-16-le")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
ZIP_SIGNATURE = b"PK\x03\x04"
# What a damaged or unusual zip archive can raise while its directory is read.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError)
CHUNK = 64 * 1024


def document_type(upload):
    """'pdf', 'doc', 'docx' or 'odt' as the file's content shows, else None. The file is left
    at its start."""
    upload.seek(0)
    head = upload.read(8)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head == OLE2_SIGNATURE:
            # Excel and PowerPoint files are compound files too.
            return "doc" if contains(upload, WORD_STREAM_NAME) else None
        if head.startswith(ZIP_SIGNATURE):
            return zip_document_type(upload)
        return None
    finally:
        upload.seek(0)


def contains(upload, needle):
    """Whether the bytes `needle` occur in the file, read a chunk at a time."""
    upload.seek(0)
    tail = b""
    while chunk := upload.read(CHUNK):
        if needle in tail + chunk:
            return True
        tail = chunk[-len(needle) :]
    return False


def zip_document_type(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    return "odt" if member.read(len(ODT_MIMETYPE) + 1) == ODT_MIMETYPE else None
            # A .docm renamed .docx carries macros: refuse it.
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None
            if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
                return "docx"
    except ZIP_ERRORS:
        return None
    return None


def extension(name):
    return PurePath(name or "").suffix.lower().lstrip(".")


def type_names(types):
    names = [DOCUMENT_TYPES[kind] for kind in types]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


class DocumentUploadField(forms.FileField):
    """An upload of one of `types` (keys of DOCUMENT_TYPES), judged by its content, of at most
    `max_bytes`. A file whose name claims another allowed type than it holds (a .doc that is
    really .docx, as old habits name them) is renamed to what it is, so it opens correctly."""

    def __init__(self, *, types=tuple(DOCUMENT_TYPES), max_bytes=MAX_DOCUMENT_BYTES, **kwargs):
        self.types = tuple(types)
        self.max_bytes = max_bytes
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", ",".join(f".{kind}" for kind in self.types))

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None:
            return None
        allowed = type_names(self.types)
        if upload.size > self.max_bytes:
            raise ValidationError(
                f"“{upload.name}” is {filesizeformat(upload.size)}: a file can be at most "
                f"{filesizeformat(self.max_bytes)}. Make it smaller (a PDF often is) and choose "
                "it again.",
                code="too_big",
            )
        if extension(upload.name) not in self.types:
            raise ValidationError(
                f"“{upload.name}” is not a document we accept. Choose a file in one of these "
                f"formats: {allowed}.",
                code="extension",
            )
        found = document_type(upload)
        if found not in self.types:
            raise ValidationError(
                f"“{upload.name}” is not in {DOCUMENT_TYPES[extension(upload.name)]} format, "
                f"whatever its name says. Save it again in one of these formats and choose it "
                f"again: {allowed}.",
                code="content",
            )
        if PurePath(upload.name).suffix != f".{found}":
            upload.name = f"{PurePath(upload.name).stem}.{found}"
        return upload


def image_dimensions(upload):
    """(width, height) from the image file's header, without decoding it, or None if Pillow
    does not recognise the file. Raises Pillow's DecompressionBombError, from the header too,
    for an image past its own limit (about 179 million pixels)."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:  # lazy: reads the header only
                return image.size
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None
    finally:
        upload.seek(0)


def validate_image_pixels(upload, max_pixels=None):
    """Refuses an image whose header claims more than `max_pixels` (by default
    WAGTAILIMAGES_MAX_IMAGE_PIXELS), before anything decodes it. Files that are not images
    pass, for the image field's own checks to name."""
    max_pixels = max_pixels or settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        size = image_dimensions(upload)
    except Image.DecompressionBombError:
        size = None
        too_big = True
    else:
        too_big = size is not None and size[0] * size[1] > max_pixels
    if too_big:
        measured = (
            f"{number_format(size[0], force_grouping=True)} × "
            f"{number_format(size[1], force_grouping=True)} pixels"
            if size
            else "far too many pixels"
        )
        raise ValidationError(
            f"“{upload.name}” is {measured}: an image can have at most "
            f"{number_format(max_pixels // 1_000_000)} million pixels. "
            "Save a smaller copy and choose it again.",
            code="too_many_pixels",
        )


class ImageUploadField(WagtailImageField):
    """Wagtail's image upload field (type, byte size and pixel limits from its settings), with
    the pixel count checked from the header first, so a huge image is refused without being
    decoded."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image_pixels(data, self.max_image_pixels)
        return super().to_python(data)
