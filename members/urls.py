"""Member accounts under /account/ and the join form at /join/. The directory and profiles are
served by the MemberDirectoryPage in Wagtail's page tree."""

from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/thanks/", views.join_thanks, name="join_thanks"),
    path("account/", views.dashboard, name="dashboard"),
    path("account/login/", views.login_view, name="login"),
    path("account/logout/", views.logout_view, name="logout"),
    path("account/password-reset/", views.password_reset, name="password_reset"),
    path("account/password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "account/password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "account/password-reset/done/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
    path("account/invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path(
        "account/organisations/<slug:slug>/invite/",
        views.invite_colleague,
        name="invite_colleague",
    ),
    path(
        "account/organisations/<slug:slug>/colleagues/<int:membership_id>/remove/",
        views.remove_colleague,
        name="remove_colleague",
    ),
    path(
        "account/organisations/<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("account/organisations/<slug:slug>/profile/", views.edit_profile, name="edit_profile"),
]
