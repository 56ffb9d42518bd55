"""The kinds of bulletin post and how people attend events, shared by models, filters and feeds."""

from django.db import models


class Kind(models.TextChoices):
    NEWS = "news", "News"
    CONSULTATION = "consultation", "Survey or consultation"
    FUNDING = "funding", "Funding call"
    EVENT = "event", "Event or workshop"
    MEMBER_MESSAGE = "member_message", "Member message"


# Kinds that are pointless without a closing date.
DEADLINE_REQUIRED = {Kind.CONSULTATION, Kind.FUNDING}


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"
    MIXED = "mixed", "In person and online"
