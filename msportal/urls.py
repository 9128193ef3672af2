"""URL map. The public paths are a contract (docs/architecture.md): keep them."""

from django.contrib import admin
from django.urls import include, path

from msportal import views

handler404 = "msportal.views.page_not_found"
handler500 = "msportal.views.server_error"

urlpatterns = [
    path("", include("learn.urls")),
    path("", include("editorial.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("groups/", include("quizzes.group_urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("display/", include("msportal.display_urls")),
    path("api/", include("msportal.api_urls")),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
]
