"""Helpers shared by the demo builders: rich-text paragraphs, dates relative to today and a
small PDF."""

from datetime import timedelta

from django.utils import timezone


def paragraphs(*texts):
    """Stream-field paragraph blocks, one a text."""
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def bullets(*items):
    """A stream-field paragraph block holding one bulleted list, an item a text."""
    return ("paragraph", "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")


def rich_text(*texts):
    """Rich-text HTML, one paragraph a text."""
    return "".join(f"<p>{text}</p>" for text in texts)


def at(days, hour, minute=0):
    """London time `days` from today at hour:minute."""
    day = timezone.localtime() + timedelta(days=days)
    return day.replace(hour=hour, minute=minute, second=0, microsecond=0)


def on_weekday(weekday, days, hour, minute=0):
    """London time on the first `weekday` (Monday is 0) at least `days` from today, at
    hour:minute: `on_weekday(3, 8, 9)` is 9.00am on a Thursday at least eight days away."""
    day = at(days, hour, minute)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _pdf_text(text):
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(title, *lines):
    """A small valid one-page PDF (PDF 1.4, Helvetica) with a title and lines of ASCII text."""
    commands = ["BT", "/F1 16 Tf", "72 770 Td", f"({_pdf_text(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        commands += ["0 -22 Td", f"({_pdf_text(line)}) Tj"]
    commands.append("ET")
    stream = "\n".join(commands).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
