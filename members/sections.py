"""The hooks under which apps contribute sections to members' pages.

Each function returns a list of `hub.sections.Section`; see `hub.sections` for how sections
work."""

#: An organisation's public profile: called with (organisation, request).
ORGANISATION_PROFILE_SECTIONS = "organisation_profile_sections"
#: Each organisation's part of a member's dashboard (/account/): called with (membership,
#: request) once per organisation the person belongs to. A function that needs the database
#: should fetch for all of `request.user`'s organisations at the first call and keep the result
#: on the request, so the dashboard costs the same queries however many organisations it shows.
MEMBER_DASHBOARD_SECTIONS = "member_dashboard_sections"
