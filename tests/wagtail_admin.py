"""Driving Wagtail's page editor as an editor would: the form as the admin renders it."""

from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield


def edit_and_publish(client, page, **changes):
    """Submit the page's edit form with `changes`, publishing; returns the followed response."""
    url = f"/admin/pages/{page.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    data.update(nested_form_data({"body": streamfield([])}))
    for field, value in changes.items():
        data[field] = value
    data["action-publish"] = "action-publish"
    return client.post(url, data, follow=True)
