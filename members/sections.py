"""The hook under which apps contribute sections to an organisation's public profile.

Each function is called with (organisation, request) and returns a list of
`hub.sections.Section`; see `hub.sections` for how sections work."""

ORGANISATION_PROFILE_SECTIONS = "organisation_profile_sections"
