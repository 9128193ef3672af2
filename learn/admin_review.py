"""The "Review due" page: lessons whose medical review is overdue or due within 30 days, with a
one-click "Mark reviewed today" (POST, change permission) that records who recorded it.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from learn.models import (
    REVIEW_DUE_SOON_DAYS,
    Article,
)
from learn.workflow import article_mark_reviewed
from publishing.models import Status


def review_due_lessons(today=None):
    """Lessons not archived whose next review is past, due within 30 days, or not set; the
    most urgent first (no date, then the oldest date)."""
    today = today or timezone.localdate()
    limit = today + timedelta(days=REVIEW_DUE_SOON_DAYS)
    return (
        Article.objects.exclude(status=Status.ARCHIVED)
        .filter(Q(next_review_on__lte=limit) | Q(next_review_on__isnull=True))
        .select_related("module", "medical_reviewer")
        .order_by(F("next_review_on").asc(nulls_first=True), "title")
    )


class ReviewDueAdminMixin:
    """Adds the review-due page and the mark-reviewed action to the lesson admin."""

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        views = [
            path(
                "review-due/",
                self.admin_site.admin_view(require_GET(self.review_due_view)),
                name=f"{info}_review_due",
            ),
            path(
                "<path:object_id>/mark-reviewed/",
                self.admin_site.admin_view(require_POST(self.mark_reviewed_view)),
                name=f"{info}_mark_reviewed",
            ),
        ]
        # Before the default patterns: their "<object_id>/" would swallow "review-due/".
        return views + super().get_urls()

    def review_due_view(self, request):
        """Lessons to review, oldest due date first, overdue ones marked in words."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        lessons = list(review_due_lessons(today))
        for lesson in lessons:
            lesson.state = lesson.review_state(today) or "unset"
            if lesson.next_review_on:
                lesson.days = (lesson.next_review_on - today).days
                lesson.days_late = -lesson.days
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review due"),
            "subtitle": None,
            "opts": self.opts,
            "lessons": lessons,
            "overdue_count": sum(1 for lesson in lessons if lesson.state in {"overdue", "unset"}),
            "soon_days": REVIEW_DUE_SOON_DAYS,
            "can_mark": self.has_change_permission(request),
            "today": today,
        }
        return TemplateResponse(request, "admin/learn/article/review_due.html", context)

    def mark_reviewed_view(self, request, object_id):
        """Record today's medical review of one lesson; back to the review-due page."""
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404(_("No such lesson."))
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        try:
            record = article_mark_reviewed(
                article=article, user=request.user, note=request.POST.get("note", "").strip()
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.log_change(request, article, _("Marked as medically reviewed."))
            self.message_user(
                request,
                _(
                    "“%(lesson)s” is marked as reviewed today (medical reviewer: %(reviewer)s). "
                    "Next review due %(date)s."
                )
                % {
                    "lesson": article,
                    "reviewer": record.medical_reviewer.name,
                    "date": formats.date_format(record.next_review_on, "SHORT_DATE_FORMAT"),
                },
                messages.SUCCESS,
            )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_review_due")
        )
