"""Revisions in the admin, on django-simple-history: the list, a side-by-side comparison of
any two revisions, and a checked revert.

Revisions are numbered 1, 2, 3… from the oldest, per item. The comparison shows only the fields
that differ; long texts (a lesson's body, its sources) are compared line by line with the
changed words marked (learn/diffs.py); every value is escaped by the template.

Revert restores an item's own fields from a revision through the admin's own form, so every
check of `Model.clean()` runs, and it keeps the item's *current* status and publishing times:
going back to old wording must never publish, unpublish or reschedule anything on the side.
Related rows (a lesson's sources, a quiz's questions) are not part of an item's revision and
are left as they are; the page says so.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from publishing.diffs import line_diff

HISTORY_PAGE_SIZE = 200
NOT_COMPARED = {"id", "created_at", "updated_at", "word_count", "reading_minutes", "reading_grade"}
REVERT_KEEPS = ("status", "publish_at", "expires_at")
# What the admin's change-form template needs to know about the revert form: no inlines, no
# other buttons than revert and close.
REVERT_FORM_FLAGS = {
    "is_popup": False,
    "inline_admin_formsets": [],
    "add": False,
    "change": True,
    "has_add_permission": False,
    "has_view_permission": True,
    "has_delete_permission": False,
    "has_editable_inline_admin_formsets": False,
    "has_file_field": False,
    "has_absolute_url": False,
    "form_url": "",
    "content_type_id": None,
    "save_as": False,
    "save_on_top": False,
    "show_save": False,
    "show_close": True,
}


class RevisionAdminMixin(SimpleHistoryAdmin):
    """History list, comparison and revert for a model with `history = HistoricalRecords()`."""

    object_history_template = "admin/revisions/object_history.html"
    revision_extra_fields = ()  # Columns of the history table that are not model fields.
    revision_related_note = ""  # What a revert leaves alone, in words (e.g. the sources).

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        compare = path(
            "<path:object_id>/history/compare/",
            self.admin_site.admin_view(self.compare_view),
            name=f"{info}_history_compare",
        )
        # Before simple-history's "<id>/history/<version>/", which would take "compare".
        return [compare, *super().get_urls()]

    # Reading revisions ----------------------------------------------------------------------

    def _object_or_404(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404(_("No such item. It may have been deleted."))
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        return obj

    def _revision_numbers(self, obj):
        """{history_id: number}, 1 for the oldest revision."""
        ids = obj.history.order_by("history_date", "history_id").values_list(
            "history_id", flat=True
        )
        return {history_id: number for number, history_id in enumerate(ids, start=1)}

    def compared_fields(self):
        """(name, label, is_long_text) of what a comparison shows, in form order."""
        history_fields = {f.name for f in self.model.history.model._meta.fields}
        fields = [
            (f.attname, capfirst(f.verbose_name), isinstance(f, models.TextField), f)
            for f in self.model._meta.concrete_fields
            if f.name in history_fields and f.name not in NOT_COMPARED
        ]
        for name in self.revision_extra_fields:
            f = self.model.history.model._meta.get_field(name)
            fields.append((name, capfirst(f.verbose_name), True, None))
        return fields

    def display_value(self, field, value):
        """A revision's value as an editor reads it."""
        if value is None or value == "":
            return _("(empty)")
        if field is None:
            return str(value)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.ForeignKey):
            related = field.related_model._default_manager.filter(pk=value).first()
            return str(related) if related else _("(deleted, id %(id)s)") % {"id": value}
        if isinstance(field, models.DateTimeField):
            return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
        if isinstance(field, models.DateField):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        if isinstance(field, models.BooleanField):
            return _("yes") if value else _("no")
        return str(value)

    @staticmethod
    def same_value(field, old, new):
        """Equal for an editor: a time saved again through a form loses its microseconds."""
        if isinstance(field, models.DateTimeField) and old and new:
            return old.replace(microsecond=0) == new.replace(microsecond=0)
        return old == new

    def revision_changes(self, older, newer):
        """[{label, long, rows | old, new}] for each field that differs between two revisions."""
        changes = []
        for name, label, is_long, field in self.compared_fields():
            old, new = getattr(older, name), getattr(newer, name)
            if self.same_value(field, old, new):
                continue
            if field is None and (not old or not new):
                continue  # An extra column not recorded for one of them: nothing to compare.
            if is_long:
                changes.append({"label": label, "long": True, "rows": line_diff(old, new)})
                continue
            changes.append(
                {
                    "label": label,
                    "long": False,
                    "old": self.display_value(field, old),
                    "new": self.display_value(field, new),
                }
            )
        return changes

    def _revision_context(self, request, obj, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "original": obj,
            "module_name": capfirst(self.opts.verbose_name_plural),
            "app_label": self.opts.app_label,
            "history_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk]
            ),
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
            ),
            "can_revert": self.has_change_permission(request, obj),
        }

    def history_view(self, request, object_id, extra_context=None):
        """Every revision, newest first: number, when, who, why, which fields changed."""
        obj = self._object_or_404(request, object_id)
        revisions = list(
            obj.history.order_by("history_date", "history_id").select_related("history_user")
        )
        previous = None
        compared = self.compared_fields()
        for number, revision in enumerate(revisions, start=1):
            revision.number = number
            revision.changed_labels = [
                label
                for name, label, _long, field in compared
                if previous is not None
                and not self.same_value(field, getattr(previous, name), getattr(revision, name))
                and (field is not None or (getattr(previous, name) and getattr(revision, name)))
            ]
            previous = revision
        newest_first = revisions[::-1][:HISTORY_PAGE_SIZE]
        context = self._revision_context(request, obj, _("History: %(item)s") % {"item": obj})
        context |= {
            "revisions": newest_first,
            "revision_count": len(revisions),
            "default_from": newest_first[1].history_id if len(newest_first) > 1 else None,
            "default_to": newest_first[0].history_id if newest_first else None,
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        """Two revisions side by side (?from=<id>&to=<id>), the older one on the left."""
        obj = self._object_or_404(request, object_id)
        numbers = self._revision_numbers(obj)
        try:
            chosen = {int(request.GET["from"]), int(request.GET["to"])}
        except (KeyError, ValueError):
            chosen = set()
        if not chosen or not chosen <= numbers.keys():
            self.message_user(
                request, _("Choose two revisions of this item to compare."), messages.WARNING
            )
            return HttpResponseRedirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_history", args=[obj.pk]
                )
            )
        records = sorted(
            obj.history.filter(history_id__in=chosen).select_related("history_user"),
            key=lambda record: numbers[record.history_id],
        )
        older, newer = records[0], records[-1]
        older.number, newer.number = numbers[older.history_id], numbers[newer.history_id]
        context = self._revision_context(
            request,
            obj,
            _("Compare revisions %(a)d and %(b)d: %(item)s")
            % {"a": older.number, "b": newer.number, "item": obj},
        )
        context |= {
            "older": older,
            "newer": newer,
            "changes": self.revision_changes(older, newer) if older is not newer else [],
        }
        return TemplateResponse(request, "admin/revisions/compare.html", context)

    # Revert ---------------------------------------------------------------------------------

    def after_revert(self, request, obj):
        """Hook: what else follows a revert (lessons record sources, flag quiz questions)."""

    def _revert(self, request, form, number):
        """Save a valid revert form as a new revision and go back to the item's page."""
        new_object = self.save_form(request, form, change=True)
        new_object._change_reason = _("Reverted to revision %(n)d") % {"n": number}
        self.save_model(request, new_object, form, change=True)
        form.save_m2m()
        self.after_revert(request, new_object)
        self.log_change(request, new_object, _("Reverted to revision %(n)d.") % {"n": number})
        self.message_user(
            request,
            _("“%(item)s” is back to revision %(n)d, saved as a new revision.")
            % {"item": new_object, "n": number},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[new_object.pk]
            )
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """A revision in the admin form; POST reverts to it (with the form's own checks)."""
        current = self._object_or_404(request, object_id)
        if not str(version_id).isdigit():
            raise Http404(_("No such revision."))
        record = get_object_or_404(current.history.all(), history_id=int(version_id))
        number = self._revision_numbers(current)[record.history_id]
        can_revert = self.has_change_permission(request, current)
        if request.method == "POST" and not can_revert:
            raise PermissionDenied

        reverted = record.instance
        reverted._state.adding = False
        kept = [name for name in REVERT_KEEPS if hasattr(current, name)]
        for name in kept:
            setattr(reverted, name, getattr(current, name))
        fieldsets = self.get_fieldsets(request, current)
        readonly = [*self.get_readonly_fields(request, current), *kept]
        if not can_revert:
            readonly = flatten_fieldsets(fieldsets)  # As Django's own view-only change form.
        fields = [f for f in flatten_fieldsets(fieldsets) if f not in readonly]
        form_class = self.get_form(request, current, change=True, fields=fields)
        # No inline formsets here: the model's clean() must check the saved related rows.
        form_class = type(
            f"Revert{form_class.__name__}",
            (form_class,),
            {"checks_questions_in_inline": False, "checks_sources_in_inline": False},
        )

        if request.method == "POST":
            form = form_class(request.POST, request.FILES, instance=reverted)
            if form.is_valid():
                return self._revert(request, form, number)
            self.message_user(
                request,
                _(
                    "Not reverted: revision %(n)d does not pass today's checks for this item as "
                    "it stands (status “%(status)s”). Fix the problems marked below, or move the "
                    "item back to draft first."
                )
                % {"n": number, "status": current.get_status_display()},
                messages.ERROR,
            )
        else:
            form = form_class(instance=reverted)

        prepopulated = self.get_prepopulated_fields(request, current) if can_revert else {}
        admin_form = helpers.AdminForm(form, fieldsets, prepopulated, readonly, self)
        context = self._revision_context(
            request, current, _("Revision %(n)d of “%(item)s”") % {"n": number, "item": current}
        )
        context |= {
            "adminform": admin_form,
            "object_id": current.pk,
            "original": reverted,
            "record": record,
            "revision_number": number,
            "kept_fields": [capfirst(self.opts.get_field(name).verbose_name) for name in kept],
            "related_note": self.revision_related_note,
            "media": self.media + admin_form.media,
            "errors": helpers.AdminErrorList(form, []),
            "has_change_permission": can_revert,
            **REVERT_FORM_FLAGS,
        }
        return TemplateResponse(request, "admin/revisions/revert_form.html", context)
