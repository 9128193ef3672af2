from django.urls import path

from editorial import views

app_name = "editorial"

urlpatterns = [
    path("about/", views.site_page, {"slug": "about"}, name="about"),
    path(
        "editorial-policy/", views.site_page, {"slug": "editorial-policy"}, name="editorial-policy"
    ),
    path("privacy/", views.site_page, {"slug": "privacy"}, name="privacy"),
    path("contact/", views.site_page, {"slug": "contact"}, name="contact"),
    path("pages/<slug:slug>/", views.site_page, name="page"),
    path("glossary/", views.glossary, name="glossary"),
    path("feedback/<slug:kind>/<int:pk>/", views.feedback_submit, name="feedback"),
    path("feedback/<slug:kind>/<int:pk>/thanks/", views.feedback_thanks, name="feedback-thanks"),
]
