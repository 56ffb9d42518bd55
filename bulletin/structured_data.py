"""schema.org Event data for event posts, so search engines and calendars can read them."""

from bulletin.choices import AttendanceMode
from hub.deadlines import london
from hub.models import NetworkSettings

ATTENDANCE_MODES = {
    AttendanceMode.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "https://schema.org/MixedEventAttendanceMode",
}


def event_location(post):
    """A Place, a VirtualLocation, or both for an event people can attend either way."""
    places = []
    if post.is_in_person:
        place = {"@type": "Place", "name": post.venue or post.title}
        if post.address:
            place["address"] = ", ".join(line.strip() for line in post.address.splitlines())
        places.append(place)
    if post.is_online:
        places.append({"@type": "VirtualLocation", "url": post.online_url})
    return places[0] if len(places) == 1 else places


def event_organizer(post, request, organisation_url=None):
    """The member organisation that sent the post, else the network itself."""
    if post.organisation:
        organizer = {"@type": "Organization", "name": post.organisation.name}
        url = post.organisation.website or organisation_url
        if url:
            organizer["url"] = request.build_absolute_uri(url)
        return organizer
    network = NetworkSettings.for_request(request)
    return {
        "@type": "Organization",
        "name": network.network_name,
        "url": request.build_absolute_uri("/"),
    }


def event_json_ld(post, request, organisation_url=None):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": post.title,
        "description": post.summary,
        "url": request.build_absolute_uri(post.get_url(request)),
        "startDate": london(post.starts_at).isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODES[post.attendance_mode],
        "location": event_location(post),
        "organizer": event_organizer(post, request, organisation_url),
    }
    if post.ends_at:
        data["endDate"] = london(post.ends_at).isoformat()
    image_url = post.share_image_url(request)
    if image_url:
        data["image"] = [image_url]
    return data
