"""URL map. The public paths are a contract (docs/architecture.md): keep them."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as accounts_views
from accounts.forms import AccountLanguagePasswordResetForm
from core import views
from core.languages import set_language
from core.progress import progress_view
from core.ratelimit import posted_email, ratelimit

# The editors' admin names the site, not the framework, and links back to the public pages
# ("View site", at the top of every admin page).
admin.site.site_header = _("msportal editors")
admin.site.site_title = _("msportal editors")
admin.site.index_title = _("Lessons, quizzes and site content")
admin.site.site_url = "/"

handler400 = "core.views.bad_request"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

# Forms that can be abused (mass signups, reset emails sent to someone else's inbox) are
# rate-limited here, on the same paths as the apps' own entries below, which they shadow;
# reversing "accounts:signup" or "password_reset" still gives these paths.
rate_limited = [
    path(
        "accounts/signup/",
        ratelimit(scope="signup", key="ip", rate="20/h")(accounts_views.signup),
    ),
    path(
        "accounts/password_reset/",
        ratelimit(scope="password-reset", key="ip", rate="10/h")(
            ratelimit(scope="password-reset-email", key=posted_email, rate="3/h")(
                auth_views.PasswordResetView.as_view(form_class=AccountLanguagePasswordResetForm)
            )
        ),
    ),
]

# Forms that ask for the current password count wrong ones like failed logins
# (accounts.passwords), on the same paths as Django's and the admin's own, which they shadow.
password_checked = [
    path("accounts/password_change/", accounts_views.PasswordChangeView.as_view()),
]

# The pages people read come in every language of settings.LANGUAGES: English at today's
# unprefixed addresses, the others under their prefix (/es/learn/…); core/languages.py.
# The API, the admin and the health check keep one address each. The health check comes
# first: it is asked for most often (load balancers, monitors) and nothing else matches it,
# so URL resolving does not walk every page's pattern first.
urlpatterns = [path("healthz", views.healthz, name="healthz")]
urlpatterns += i18n_patterns(
    *rate_limited,
    *password_checked,
    path("", include("learn.urls")),
    path("", include("editorial.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("groups/", include("groups.urls")),
    path("review/", include("review.urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("display/", include("accounts.display_urls")),
    path("notifications/", include("notifications.urls")),
    prefix_default_language=False,
) + [
    # The language switcher posts here (Django's view, wrapped): it sets the language cookie
    # and, for a signed-in person, keeps the choice on the account for emails.
    path("i18n/setlang/", set_language, name="set_language"),
    path(
        "admin/password_change/",
        admin.site.admin_view(accounts_views.admin_password_change),
    ),
    path("api/", include("msportal.api_urls")),
    path("admin/", admin.site.urls),
    path("progress/<int:pk>/", progress_view, name="progress"),
]
