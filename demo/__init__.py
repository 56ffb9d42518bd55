"""Demo content for a local site: the top layer, the one app that gathers from every content app.

`manage.py load_demo_content` builds it; each module builds one part (site, accounts, members,
jobs, bulletin) and shares its helpers through `demo.text`."""
