"""Building blocks of the editors' admin: shared ModelAdmin behaviour, the live Markdown
preview and the review-due filter. The ModelAdmins themselves are in learn/admin.py.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from learn.admin_forms import PartialRowForm
from learn.models import REVIEW_DUE_SOON_DAYS
from publishing.rendering import render_markdown

PREVIEW_MAX_BYTES = 100 * 1024


class EditorAdmin(admin.ModelAdmin):
    """Shared behaviour: plain-words unique errors and a direct "View on site" link."""

    def get_form(self, request, obj=None, **kwargs):
        # Django's default ("Lesson with this Slug already exists.") does not say what to do.
        messages_by_field = {}
        for field in self.model._meta.fields:
            if field.unique and not field.primary_key and field.editable:
                messages_by_field[field.name] = {
                    "unique": _(
                        "Another %(thing)s already uses this %(field)s. Choose a different one."
                    )
                    % {"thing": self.model._meta.verbose_name, "field": field.verbose_name}
                }
        kwargs.setdefault("error_messages", messages_by_field)
        return super().get_form(request, obj, **kwargs)

    def get_view_on_site_url(self, obj=None):
        # The public page itself, not the admin's redirect: for a draft it is the editor's
        # preview (the page shows a preview banner to editors and a 404 to everyone else).
        if obj is None or not self.view_on_site or not hasattr(obj, "get_absolute_url"):
            return None
        return obj.get_absolute_url()


class MarkdownPreviewAdmin(EditorAdmin):
    """A live, sanitised preview of a Markdown field while editing it.

    static/js/admin-preview.js posts the text box's Markdown to `preview_view`, which answers
    with publishing.rendering.render_markdown's output: the same sanitised HTML the public page
    shows. The script is a static file because the Content-Security-Policy forbids inline
    scripts; without JavaScript editors still see the saved version on the form.
    """

    preview_field = "body"

    class Media:
        css = {"all": ["css/admin.css"]}
        js = ["js/admin-preview.js"]

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_preview"
        preview = path("preview/", self.admin_site.admin_view(self.preview_view), name=name)
        # Before the default patterns: their "<object_id>/" would swallow "preview/".
        return [preview, *super().get_urls()]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == self.preview_field:
            kwargs["widget"] = admin.widgets.AdminTextareaWidget(
                attrs={
                    "rows": 20,
                    "data-preview-url": reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_preview"
                    ),
                    "data-preview-title": _("Live preview"),
                    "data-preview-button": _("Update the preview"),
                    "data-preview-done": _("Preview updated."),
                    "data-preview-problem": _(
                        "The preview could not be loaded. Your text is safe: save as usual."
                    ),
                }
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def preview_view(self, request):
        """Render posted Markdown to sanitised HTML for an editor who may change this model."""
        if request.method != "POST":
            return JsonResponse({"error": _("Send the text with POST.")}, status=405)
        if not self.has_change_permission(request):
            raise PermissionDenied
        source = request.POST.get("source", "")
        if len(source.encode()) > PREVIEW_MAX_BYTES:
            message = _(
                "This text is too long to preview (more than %(kb)d KB). Split it into "
                "shorter lessons, or save it and use View on site."
            ) % {"kb": PREVIEW_MAX_BYTES // 1024}
            return JsonResponse({"error": message}, status=413)
        return JsonResponse({"html": render_markdown(source)})

    @admin.display(description=_("saved version, as readers see it"))
    def rendered_preview(self, obj):
        html = getattr(obj, f"{self.preview_field}_html", "") if obj else ""
        if not html:
            return _("Save to see the rendered text here.")
        # Stored HTML is rendered and sanitised by publishing.rendering on save.
        return format_html('<div class="markdown-preview-body">{}</div>', mark_safe(html))  # noqa: S308


class ReviewDueFilter(admin.SimpleListFilter):
    title = _("review due")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue")),
            ("soon", _("Due within %(days)d days") % {"days": REVIEW_DUE_SOON_DAYS}),
            ("not_due", _("Not due")),
            ("unset", _("No date set")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "overdue":
                return queryset.review_overdue()
            case "soon":
                return queryset.review_due_soon()
            case "not_due":
                return queryset.review_not_due()
            case "unset":
                return queryset.filter(next_review_on__isnull=True)
        return queryset


class OrderInline(admin.TabularInline):
    """Reorder a parent's items (a module's lessons, a topic's FAQs) by their numbers, on the
    parent's page. Items are added and changed on their own forms, with their checks; a
    subclass names the model, `fields` (position first) and the read-only rest."""

    form = PartialRowForm
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False
