"""The quiz admin: one screen for a quiz, its questions and choices; publish, preview, import."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from core.progress import progress_url
from publishing.admin_history import RevisionAdminMixin
from publishing.admin_translations import TranslationAdminMixin
from publishing.admin_workflow import WorkflowAdminMixin
from publishing.models import Status
from publishing.workflow import item_move, live_edit_problem, validation_messages
from quizzes.admin.forms import BaseQuestionFormSet, QuestionForm, QuizAdminForm
from quizzes.admin.imports import QuestionImportForm, handle_import
from quizzes.admin.protection import protected_summary
from quizzes.models import Question, Quiz
from quizzes.validation import (
    quiz_publish_problems,
    saved_questions_problems,
    saved_quiz_warnings,
)


class QuestionInline(admin.StackedInline):
    model = Question
    form = QuestionForm
    formset = BaseQuestionFormSet
    template = "admin/quizzes/edit_inline/question_stacked.html"
    fieldsets = [
        (
            None,
            {"fields": [("position", "kind"), "prompt", "explanation", "keep_choice_order"]},
        ),
        (
            gettext_lazy("Lesson link"),
            {
                "fields": [("article", "anchor"), "needs_check"],
                "description": gettext_lazy(
                    "After answering, learners get a link to this lesson (and section) to read "
                    "more."
                ),
            },
        ),
    ]
    show_change_link = True

    def get_extra(self, request, obj=None, **kwargs):
        return 2 if obj is None else 1

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("choices")


@admin.register(Quiz)
class QuizAdmin(TranslationAdminMixin, WorkflowAdminMixin, RevisionAdminMixin, admin.ModelAdmin):
    form = QuizAdminForm
    inlines = [QuestionInline]
    reviewed_inlines = (QuestionInline,)
    revision_related_note = gettext_lazy(
        "Questions and choices are not changed by a revert: each question has its own history."
    )
    list_display = [
        "title",
        "module",
        "status",
        "visibility_column",
        "question_count",
        "feedback_timing",
        "publish_at",
    ]
    list_filter = ["status", "module", "feedback_timing"]
    list_select_related = ["module"]
    search_fields = ["title", "slug", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "publish_at"
    actions = [*WorkflowAdminMixin.workflow_actions, *TranslationAdminMixin.translation_actions]
    readonly_fields = ["visibility_display", "status_history"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "module", "intro"]}),
        (
            gettext_lazy("Publishing"),
            {
                "fields": ["status", "visibility_display", "publish_at", "expires_at"],
                "description": gettext_lazy(
                    "Learners see a quiz once it is published and its publish time has come. "
                    "Use “Preview as a learner” to check it first."
                ),
            },
        ),
        (
            gettext_lazy("How the quiz works"),
            {
                "fields": [
                    ("pass_percent", "feedback_timing"),
                    ("shuffle_questions", "shuffle_choices", "partial_credit"),
                    ("max_attempts", "grading_method"),
                    "time_limit_minutes",
                    "ask_confidence",
                ]
            },
        ),
        (
            gettext_lazy("Workflow history"),
            {"classes": ["collapse"], "fields": ["status_history"]},
        ),
    ]

    class Media:
        css = {"all": ["css/admin-quiz.css", "css/admin-workflow.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(question_count=Count("questions"))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            # The banner lists the questions whose lessons changed after they were written.
            context["needs_check_questions"] = list(
                obj.questions.filter(needs_check=True).order_by("position", "pk")
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=gettext_lazy("questions"), ordering="question_count")
    def question_count(self, quiz):
        return quiz.question_count

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.checks_questions_in_inline = any(
            isinstance(inline, QuestionInline) for inline in self.get_inline_instances(request, obj)
        )
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        quiz = form.instance
        questions = list(quiz.questions.prefetch_related("choices"))
        if quiz.status != Status.PUBLISHED and (problems := saved_questions_problems(questions)):
            self.message_user(
                request,
                _("Saved. Before this quiz can be published: %(problems)s")
                % {"problems": " ".join(problems)},
                messages.WARNING,
            )
        if warnings := saved_quiz_warnings(questions):
            self.message_user(
                request,
                _("Saved. Some questions could be written more clearly (advice, not a rule): %(w)s")
                % {"w": " ".join(warnings)},
                messages.WARNING,
            )

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            protected = protected_summary(quizzes=objs)
        return deleted, counts, perms_needed, protected

    @admin.action(description=gettext_lazy("Publish selected quizzes"), permissions=["change"])
    def publish_selected(self, request, queryset):
        """Publish the quizzes that follow the rules; name the others with their problems."""
        ready, refused = [], []
        for quiz in queryset.prefetch_related("questions__choices"):
            if quiz.status == Status.PUBLISHED:
                continue
            problems = quiz_publish_problems(quiz)
            if not problems:
                # The one way a status changes: checked, saved (a revision, a fresh public
                # page cache), logged and announced like every other move.
                try:
                    item_move(item=quiz, to_status=Status.PUBLISHED, user=request.user)
                except ValidationError as error:
                    problems = validation_messages(error, Quiz)
            if problems:
                refused.append((quiz, problems))
                continue
            self.log_change(request, quiz, _("Published with the “Publish” action."))
            ready.append((quiz, problems))
        if ready:
            self.message_user(
                request,
                ngettext(
                    "Published %(names)s.", "Published %(count)d quizzes: %(names)s.", len(ready)
                )
                % {"count": len(ready), "names": ", ".join(f"“{quiz}”" for quiz, _p in ready)},
                messages.SUCCESS,
            )
        for quiz, problems in refused:
            self.message_user(
                request,
                _("“%(quiz)s” was not published. %(problems)s")
                % {"quiz": quiz, "problems": " ".join(problems)},
                messages.ERROR,
            )

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        views = [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(require_GET(self.preview_view)),
                name=f"{info}_preview",
            ),
            path(
                "<path:object_id>/import/",
                self.admin_site.admin_view(require_http_methods(["GET", "POST"])(self.import_view)),
                name=f"{info}_import",
            ),
        ]
        return views + super().get_urls()

    def _quiz_or_404(self, request, object_id):
        quiz = self.get_object(request, object_id)
        if quiz is None:
            raise Http404(_("No quiz with that id."))
        return quiz

    def _context(self, request, quiz, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": quiz,
            "quiz": quiz,
            "title": title,
            "has_view_permission": self.has_view_permission(request, quiz),
        }

    def preview_view(self, request, object_id):
        """The quiz as a learner sees it, drafts too; answers only inside a closed section."""
        quiz = self._quiz_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, quiz):
            raise PermissionDenied
        questions = list(
            quiz.questions.select_related("article__module").prefetch_related("choices")
        )
        context = self._context(request, quiz, _("Preview: %(quiz)s") % {"quiz": quiz})
        context |= {"questions": questions, "problems": saved_questions_problems(questions)}
        return TemplateResponse(request, "admin/quizzes/quiz_preview.html", context)

    @staticmethod
    def _import_would_change_public_text(request, quiz):
        """A real import (not a dry run) into a published quiz: new questions are reviewed
        text, so the review gate refuses them (publishing.workflow.live_edit_problem)."""
        dry_run = forms.CheckboxInput().value_from_datadict(request.POST, {}, "dry_run")
        return not dry_run and bool(
            live_edit_problem(
                quiz, was_published=quiz.status == Status.PUBLISHED, related_changed=True
            )
        )

    def import_view(self, request, object_id):
        """Upload a CSV of questions: a dry run reports problems; a real run adds them all."""
        quiz = self._quiz_or_404(request, object_id)
        if not (
            self.has_change_permission(request, quiz)
            and request.user.has_perms(["quizzes.add_question", "quizzes.add_choice"])
        ):
            raise PermissionDenied
        context = self._context(
            request, quiz, _("Import questions into “%(quiz)s”") % {"quiz": quiz}
        )
        if request.method == "POST" and self._import_would_change_public_text(request, quiz):
            self.message_user(
                request,
                _(
                    "“%(quiz)s” is published: imported questions would go public before a "
                    "medical reviewer sees them. Move it back to draft or send it to review, "
                    "import, then have the quiz approved and publish it again."
                )
                % {"quiz": quiz},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)
        if request.method == "POST":
            form = QuestionImportForm(request.POST, request.FILES)
            outcome = handle_import(form, quiz=quiz, owner=request.user)
            if outcome.progress:  # a large file: imported by a background task
                progress = outcome.progress
                progress.back_url = reverse("admin:quizzes_quiz_change", args=[quiz.pk])
                progress.save(update_fields=["back_url"])
                return HttpResponseRedirect(progress_url(progress))
            if outcome.created:
                self.log_change(
                    request,
                    quiz,
                    _("Imported %(n)d questions from a CSV file.") % {"n": len(outcome.created)},
                )
                self.message_user(
                    request,
                    ngettext(
                        "Added %(n)d question to “%(quiz)s”.",
                        "Added %(n)d questions to “%(quiz)s”.",
                        len(outcome.created),
                    )
                    % {"n": len(outcome.created), "quiz": quiz},
                    messages.SUCCESS,
                )
                if warnings := outcome.result.warnings:
                    self.message_user(
                        request,
                        _(
                            "Some questions could be written more clearly (advice, not a "
                            "rule): %(w)s"
                        )
                        % {"w": " ".join(w.message for w in warnings)},
                        messages.WARNING,
                    )
                return HttpResponseRedirect(reverse("admin:quizzes_quiz_change", args=[quiz.pk]))
            context |= {"form": form, "outcome": outcome}
        else:
            context["form"] = QuestionImportForm()
        context["existing_count"] = quiz.questions.count()
        return TemplateResponse(request, "admin/quizzes/quiz_import.html", context)
