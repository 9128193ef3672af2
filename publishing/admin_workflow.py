"""The editorial workflow in the admin, shared by lessons, FAQs and quizzes.

- Buttons under the change form ("Send to review", "Publish", "Archive", "Back to draft"):
  each saves the form with the new status, so the model's checks run on what is submitted.
  They come after Django's own Save buttons, so pressing Enter in a field still just saves.
- The same moves as changelist actions, item by item, each refused item named with why.
- Every status change made in the admin goes through publishing.workflow (logged, announced) and
  shown on the change form; the list and the form say whether the public sees the item now,
  or from or until when (visibility is worked out from the clock: no background job).
- "Approve medical review" (medical reviewers only) records an approval of the saved text;
  publishing, by button, status menu or action, is refused without one for the current text.
- Saving changed reviewed text of a published item (Save, or a revert) needs the "Minor edit"
  tick (`MINOR_EDIT_FIELD`); the minor edit is logged, otherwise the save is refused.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from core.roles import is_medical_reviewer
from publishing.models import Status
from publishing.workflow import (
    MOVES,
    approval_problems,
    item_approve_review,
    item_minor_edit_record,
    item_move,
    item_saved_with_move,
    live_edit_problem,
    moves_from,
    status_changes_for,
    status_label,
    validation_messages,
    visibility,
)

WORKFLOW_FIELD = "_workflow"  # The name of the workflow buttons in a change form's POST.
STATUS_HISTORY_LIMIT = 50
MINOR_EDIT_FIELD = "minor_edit"  # The "Minor edit" tick on a published item's change form.


def minor_edit_field():
    return forms.BooleanField(
        label=gettext_lazy(
            "Minor edit: a typo or formatting fix that does not change the meaning (no new "
            "medical review)"
        ),
        required=False,
        help_text=gettext_lazy(
            "Needed to save a change to the text of a published item. The edit is logged in "
            "the workflow history; no new approval is recorded, so the page keeps naming the "
            "last medical reviewer. To change the meaning, move the item back to draft or "
            "review instead."
        ),
    )


def minor_edit_fieldset():
    return (gettext_lazy("Editing public text"), {"fields": [MINOR_EDIT_FIELD]})


class WorkflowFormMixin:
    """A workflow button sets the status the form saves, whatever the status menu says."""

    def clean(self):
        cleaned = super().clean()
        move = MOVES.get(self.data.get(WORKFLOW_FIELD, ""))
        if move is not None and "status" in self.fields:
            cleaned["status"] = move.to_status
        return cleaned

    # Set by _post_clean: the save changes public text and "Minor edit" is ticked.
    minor_edit_confirmed = False

    def _post_clean(self):
        """Refuse a move to published (button or status menu) without an approval of the text
        as submitted; sources or questions changed in the same POST are not approved yet.
        Refuse a change to the text of a published item unless "Minor edit" is ticked."""
        super()._post_clean()
        item = self.instance
        if "status" not in self.fields:
            # This form (a revert, a read-only status) cannot move the item.
            self._check_live_edit(was_published=item.status == Status.PUBLISHED)
            return
        before = self.initial.get("status", "") if item.pk else ""
        if before == Status.PUBLISHED and item.status == Status.PUBLISHED:
            self._check_live_edit(was_published=True)
        if item.status != Status.PUBLISHED or before == Status.PUBLISHED:
            return
        if getattr(item, "_reviewed_inlines_changed", False):
            self.add_error(
                None,
                _(
                    "Save the changes to the sources or questions first: a medical reviewer "
                    "must approve them before the item is published."
                ),
            )
        elif problems := approval_problems(item):
            self.add_error(None, problems)

    def _check_live_edit(self, *, was_published):
        item = self.instance
        problem = live_edit_problem(
            item,
            was_published=was_published,
            related_changed=getattr(item, "_reviewed_inlines_changed", False),
        )
        if not problem:
            return
        if self.cleaned_data.get(MINOR_EDIT_FIELD):
            self.minor_edit_confirmed = True
        else:
            self.add_error(None, problem)


def _names(items):
    return ", ".join(f"“{item}”" for item in items)


class WorkflowAdminMixin:
    """Workflow buttons, actions, status log and visibility for a Publishable's ModelAdmin."""

    # Add these to the ModelAdmin's `actions` (with any of its own).
    workflow_actions = [
        "send_to_review_selected",
        "publish_selected",
        "archive_selected",
        "move_to_draft",
    ]

    # Inlines holding reviewed text (a lesson's sources, a quiz's questions).
    reviewed_inlines = ()

    def get_fieldsets(self, request, obj=None):
        """A published item that needs medical review gets the "Minor edit" tick (for those
        who may change it)."""
        fieldsets = list(super().get_fieldsets(request, obj))
        if (
            obj is not None
            and obj.pk
            and obj.status == Status.PUBLISHED
            and getattr(obj, "needs_medical_review", False)
            and self.has_change_permission(request, obj)
        ):
            fieldsets.insert(1, minor_edit_fieldset())
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        # The tick is declared on the base form so that the admin's field list may name it.
        base = type(self.form.__name__, (self.form,), {MINOR_EDIT_FIELD: minor_edit_field()})
        form = super().get_form(request, obj, **{"form": base, **kwargs})
        return type(form.__name__, (WorkflowFormMixin, form), {})

    def _create_formsets(self, request, obj, change):
        # Made before the form is validated, so WorkflowFormMixin can see what changed.
        formsets, inlines = super()._create_formsets(request, obj, change)
        if request.method == "POST":
            obj._reviewed_inlines_changed = any(
                formset.has_changed()
                for formset, inline in zip(formsets, inlines, strict=True)
                if isinstance(inline, self.reviewed_inlines)
            )
        return formsets, inlines

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        approve = path(
            "<path:object_id>/approve-review/",
            self.admin_site.admin_view(self.approve_review_view),
            name=f"{info}_approve_review",
        )
        return [approve, *super().get_urls()]

    def approve_review_view(self, request, object_id):
        """POST: the signed-in medical reviewer approves the item's saved text."""
        back = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[object_id]
        )
        if request.method != "POST":
            return HttpResponseRedirect(back)
        item = self.get_object(request, object_id)
        if item is None:
            raise Http404(_("No such item."))
        if not self.has_view_or_change_permission(request, item):
            raise PermissionDenied
        try:
            approval = item_approve_review(
                item=item, user=request.user, note=request.POST.get("approval_note", "").strip()
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.log_change(request, item, _("Medical review approved."))
            self.message_user(
                request,
                _("You approved the medical review of “%(item)s” (revision %(revision)s).")
                % {"item": item, "revision": approval.revision_id or "-"},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(back)

    @staticmethod
    def _status_before(form, change):
        """The status the item had before this form was submitted ("" for a new item)."""
        if "status" in form.fields:
            return form.initial.get("status", "") if change else ""
        return form.instance.status

    def save_model(self, request, obj, form, change):
        if self._status_before(form, change) != obj.status:
            obj._change_reason = _("Status: %(status)s") % {"status": status_label(obj.status)}
        super().save_model(request, obj, form, change)
        if getattr(form, "minor_edit_confirmed", False):
            item_minor_edit_record(item=obj, user=request.user)

    def save_related(self, request, form, formsets, change):
        # After the inlines: receivers of the move see the item as saved, sources included.
        super().save_related(request, form, formsets, change)
        item_saved_with_move(
            item=form.instance, from_status=self._status_before(form, change), user=request.user
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        saved_status = form.initial.get("status", "") if obj is not None else ""
        if obj is not None and obj.pk and self.has_change_permission(request, obj):
            context["workflow_moves"] = moves_from(saved_status)
            context["workflow_status"] = status_label(saved_status)
        if obj is not None and obj.pk and getattr(obj, "needs_medical_review", False):
            context["review_approval_problems"] = approval_problems(obj)
            context["can_approve_review"] = is_medical_reviewer(request.user)
        move = MOVES.get(request.POST.get(WORKFLOW_FIELD, "")) if request.method == "POST" else None
        if move is not None and context.get("errors"):
            self.message_user(
                request,
                _("Not done: “%(move)s” needs the problems marked below fixed first.")
                % {"move": move.label},
                messages.ERROR,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_change(self, request, obj):
        move = MOVES.get(request.POST.get(WORKFLOW_FIELD, ""))
        if move is None:
            return super().response_change(request, obj)
        _state, sentence = visibility(obj)
        self.message_user(
            request,
            _("Saved. “%(item)s” is now “%(status)s”. %(visibility)s")
            % {"item": obj, "status": status_label(obj.status), "visibility": sentence},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(request.path)

    # Read-only displays ---------------------------------------------------------------------

    @admin.display(description=gettext_lazy("visibility"))
    def visibility_display(self, obj):
        if obj is None or obj.pk is None:
            return _("Not public until it is published.")
        state, sentence = visibility(obj)
        return format_html('<span class="visibility visibility-{}">{}</span>', state, sentence)

    @admin.display(description=gettext_lazy("visibility"))
    def visibility_column(self, obj):
        """The list's short form: a live item without an expiry just says "Live"."""
        state, sentence = visibility(obj)
        if state == "live":
            sentence = _("Live")
        return format_html('<span class="visibility visibility-{}">{}</span>', state, sentence)

    @admin.display(description=gettext_lazy("workflow history"))
    def status_history(self, obj):
        if obj is None or obj.pk is None:
            return _("Nothing yet.")
        changes = list(status_changes_for(obj)[:STATUS_HISTORY_LIMIT])
        for change in changes:
            change.from_label = status_label(change.from_status)
            change.to_label = status_label(change.to_status)
        return render_to_string("admin/workflow/_status_history.html", {"changes": changes})

    # Actions --------------------------------------------------------------------------------

    def _move_selected(self, request, queryset, to_status):
        moved, already, refused = [], [], []
        for item in queryset:
            if item.status == to_status:
                already.append(item)
                continue
            try:
                item_move(item=item, to_status=to_status, user=request.user)
            except ValidationError as error:
                refused.append((item, validation_messages(error, self.model)))
                continue
            self.log_change(request, item, _("Status: %(s)s") % {"s": status_label(to_status)})
            moved.append(item)
        label = status_label(to_status)
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(names)s is now “%(status)s”.",
                    "%(count)d items are now “%(status)s”: %(names)s.",
                    len(moved),
                )
                % {"names": _names(moved), "count": len(moved), "status": label},
                messages.SUCCESS,
            )
        if already:
            self.message_user(
                request,
                _("Already “%(status)s”: %(names)s.") % {"status": label, "names": _names(already)},
                messages.INFO,
            )
        for item, problems in refused:
            self.message_user(
                request,
                _("“%(item)s” was not moved to “%(status)s”. %(problems)s")
                % {"item": item, "status": label, "problems": " ".join(problems)},
                messages.ERROR,
            )

    @admin.action(description=gettext_lazy("Send the selected to review"), permissions=["change"])
    def send_to_review_selected(self, request, queryset):
        self._move_selected(request, queryset, MOVES["review"].to_status)

    @admin.action(description=gettext_lazy("Publish the selected"), permissions=["change"])
    def publish_selected(self, request, queryset):
        """Publish each selected item that passes its publishing checks; name the others."""
        self._move_selected(request, queryset, MOVES["publish"].to_status)

    @admin.action(description=gettext_lazy("Archive the selected"), permissions=["change"])
    def archive_selected(self, request, queryset):
        self._move_selected(request, queryset, MOVES["archive"].to_status)

    @admin.action(
        description=gettext_lazy("Move the selected back to draft"), permissions=["change"]
    )
    def move_to_draft(self, request, queryset):
        self._move_selected(request, queryset, MOVES["draft"].to_status)
