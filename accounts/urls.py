from django.urls import path

from accounts import api_token_views, email_change, settings_views, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("me/", views.me, name="me"),
    path("me/extra-time/", settings_views.me_extra_time, name="me-extra-time"),
    path("me/export.json", views.me_export, name="me-export"),
    path("me/delete/", views.me_delete, name="me-delete"),
    path("settings/", settings_views.settings_page, name="settings"),
    path("settings/name/", settings_views.settings_display_name, name="settings-name"),
    path("settings/email/", settings_views.settings_email, name="settings-email"),
    path("settings/review/", settings_views.settings_review, name="settings-review"),
    path("settings/time-zone/", settings_views.settings_time_zone, name="settings-time-zone"),
    path("settings/language/", settings_views.settings_language, name="settings-language"),
    path("email/confirm/<str:token>/", email_change.email_confirm, name="email-confirm"),
    # Personal API tokens.
    path("me/api-tokens/new/", api_token_views.api_token_new, name="api-token-new"),
    path(
        "me/api-tokens/<int:token_id>/revoke/",
        api_token_views.api_token_revoke,
        name="api-token-revoke",
    ),
]
