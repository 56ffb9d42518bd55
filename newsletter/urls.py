"""The newsletter's pages under /newsletter/: sign-up, confirmation and unsubscribe links, and
Mailchimp's webhook."""

from django.urls import path

from newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.signup, name="signup"),
    path("newsletter/thanks/", views.thanks, name="thanks"),
    path("newsletter/issues/<int:number>/", views.issue, name="issue"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "newsletter/mailchimp/webhook/<str:secret>/",
        views.mailchimp_webhook,
        name="mailchimp_webhook",
    ),
]
