"""Signup and the "me" pages: progress, attempts, extra time, data download, account deletion.

The settings page that links to most of them is accounts/settings_views.py.

Login, logout and password reset are Django's own views (msportal/urls.py) with the templates
in templates/registration/; password change is Django's too, with wrong old passwords counted
like failed logins (PasswordChangeView below).
"""

import json

from django.contrib import admin, messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from accounts.export import user_data_export
from accounts.forms import AccountDeleteForm, CountedPasswordChangeForm, SignupForm
from accounts.languages import profile_save_language
from accounts.passwords import lockout_retry_after
from accounts.services import AccountDeleteBlocked, account_delete
from accounts.signals import account_created
from accounts.time_zones import profile_save_time_zone
from groups.models import LearnerGroup
from learn.models import Article, LessonProgress, Module
from quizzes.mastery import objective_mastery
from quizzes.models import Attempt


def _safe_next(request):
    """The `next` address from the form or query string, if it points at this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


@sensitive_post_parameters("password1", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def signup(request):
    """Create an account and log in, which also moves this browser's earlier work into it."""
    if request.user.is_authenticated:
        return redirect("accounts:me")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        profile_save_time_zone(user=user, time_zone=form.cleaned_data["time_zone"])
        # Emails will be in the language the person signed up in (/es/accounts/signup/: Spanish).
        profile_save_language(user=user, language=get_language())
        account_created.send(
            sender=type(user), user=user, email_consent=form.cleaned_data["email_consent"]
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Your account is ready and you are logged in."))
        return redirect(_safe_next(request) or "learn:home")
    status = 400 if form.errors else 200
    return render(
        request, "accounts/signup.html", {"form": form, "next": _safe_next(request)}, status=status
    )


def _module_progress(user):
    """Each published module with its published lessons, the ones this user has done, and how
    secure the user is in each of its learning objectives."""
    lessons = Article.objects.published().defer("body", "body_html").order_by("position", "title")
    modules = Module.objects.published().prefetch_related(
        Prefetch("articles", queryset=lessons, to_attr="published_lessons"), "objectives"
    )
    done_ids = set(LessonProgress.objects.filter(user=user).values_list("article_id", flat=True))
    # One query for every objective's mastery (quizzes/mastery.py holds the rule).
    levels = objective_mastery(
        user=user, objectives=[o for module in modules for o in module.objectives.all()]
    )
    rows = []
    for module in modules:
        done = [lesson for lesson in module.published_lessons if lesson.pk in done_ids]
        # Lesson URLs need the module's slug; reuse the module already in hand.
        for lesson in done:
            lesson.module = module
        objectives = [(o, levels[o.pk]) for o in module.objectives.all()]
        rows.append(
            {
                "module": module,
                "total": len(module.published_lessons),
                "done": done,
                "objectives": objectives,
            }
        )
    return rows


@never_cache
@login_required
@require_GET
def me(request):
    """My assignments, my lesson progress per module and my quiz attempts (settings: elsewhere)."""
    attempts = (
        Attempt.objects.filter(user=request.user).select_related("quiz").order_by("-started_at")
    )
    context = {"module_rows": _module_progress(request.user), "attempts": attempts}
    return render(request, "accounts/me.html", context)


@never_cache
@login_required
@require_GET
def me_export(request):
    """Download everything the site holds about me, as a JSON file."""
    data = user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"msportal-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@sensitive_post_parameters("password")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def me_delete(request):
    """GET asks for the password; POST deletes the account and everything it owns."""
    form = AccountDeleteForm(request.POST or None, request=request)
    if request.method == "GET":
        blocked_groups = list(LearnerGroup.objects.filter(educator=request.user).order_by("name"))
        context = {"form": form, "blocked_groups": blocked_groups}
        return render(request, "accounts/delete.html", context)
    status = 400
    blocked_groups = []
    if form.is_valid():
        try:
            account_delete(user=request.user)
        except AccountDeleteBlocked as blocked:
            blocked_groups, status = blocked.groups, 409
        else:
            logout(request)
            # Added after logout, so the message survives the new, empty session.
            messages.success(request, _("Your account and all your data have been deleted."))
            return redirect("learn:home")
    retry_after = lockout_retry_after(form, "password")
    context = {"form": form, "blocked_groups": blocked_groups}
    response = render(
        request, "accounts/delete.html", context, status=429 if retry_after else status
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, with wrong old passwords counted like failed logins.

    The site's page (/accounts/password_change/) and the admin's (/admin/password_change/,
    msportal/urls.py) both use it: each asks for the current password.
    """

    form_class = CountedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        response = super().form_invalid(form)
        retry_after = lockout_retry_after(form, "old_password")
        if retry_after:
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        return response


def admin_password_change(request):
    """The admin's password change page, with the same counted check (wrapped in admin_view)."""
    request.current_app = admin.site.name
    return PasswordChangeView.as_view(
        success_url=reverse("admin:password_change_done"),
        template_name=admin.site.password_change_template
        or "registration/password_change_form.html",
        extra_context=admin.site.each_context(request),
    )(request)
