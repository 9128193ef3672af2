"""The module admin's translation page: download a module's translation file, upload it back.

The module admin belongs to learn, but a module's translation job includes its quizzes, so
quizzes (above learn) plugs in here: it registers the module admin again with one more action
and one more page (as accounts does for the user admin).
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from learn.admin import ModuleAdmin
from learn.models import Module
from publishing.translation_files import MAX_FILE_BYTES, TranslationFileError
from quizzes.translation_export import FORMATS, export_module
from quizzes.translation_import import import_translation

# Importing creates and changes translations of all of these.
IMPORT_MODELS = [
    "learn.module",
    "learn.article",
    "learn.faq",
    "learn.learningobjective",
    "editorial.glossaryterm",
    "quizzes.quiz",
    "quizzes.question",
    "quizzes.choice",
]


def _languages():
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class TranslationDownloadForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=_languages)
    file_format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("po", "PO (gettext)"), ("xliff", "XLIFF 1.2")],
        widget=forms.RadioSelect,
        initial="po",
    )


class TranslationUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Translated file (PO or XLIFF)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".po,.xlf,.xliff"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)d MB is accepted.")
                % {"size": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


class TranslatableModuleAdmin(ModuleAdmin):
    actions = ["translation_page", *ModuleAdmin.translation_actions]

    @admin.action(description=gettext_lazy("Translate: download or upload a translation file"))
    def translation_page(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one module."), messages.ERROR)
            return None
        url = reverse("admin:learn_module_translation", args=[queryset.get().pk])
        return HttpResponseRedirect(url)

    def get_urls(self):
        view = require_http_methods(["GET", "POST"])(self.translation_view)
        page = path(
            "<path:object_id>/translation/",
            self.admin_site.admin_view(view),
            name="learn_module_translation",
        )
        return [page, *super().get_urls()]

    def translation_view(self, request, object_id):
        """GET: the page, or with ?language= the file itself. POST: import an upload."""
        module = self.get_object(request, object_id)
        if module is None or module.locale != settings.LANGUAGE_CODE:
            raise Http404(_("No module with that id."))
        if not self.has_view_permission(request, module):
            raise PermissionDenied
        may_import = request.user.has_perms(
            [
                f"{app}.{action}_{model}"
                for app, model in (m.split(".") for m in IMPORT_MODELS)
                for action in ("add", "change")
            ]
        )
        download = TranslationDownloadForm(request.GET if "language" in request.GET else None)
        if download.is_valid():
            name, content_type, content = export_module(
                module,
                language=download.cleaned_data["language"],
                file_format=download.cleaned_data["file_format"],
            )
            response = HttpResponse(content, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        upload = TranslationUploadForm()
        if request.method == "POST":
            if not may_import:
                raise PermissionDenied
            upload = TranslationUploadForm(request.POST, request.FILES)
            if upload.is_valid() and (summary := self._import(request, upload, module)):
                self.message_user(
                    request,
                    _(
                        "Imported. Translations created as drafts: %(created)d. Texts "
                        "written: %(changed)d. Published translations sent back to review: "
                        "%(review)d."
                    )
                    % {
                        "created": len(summary.created),
                        "changed": summary.changed,
                        "review": len(summary.sent_to_review),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": module,
            "module": module,
            "title": _("Translate “%(module)s”") % {"module": module},
            "download": download if download.is_bound else TranslationDownloadForm(),
            "upload": upload,
            "may_import": may_import,
            "formats": sorted(FORMATS),
        }
        return TemplateResponse(request, "admin/learn/module/translation.html", context)

    @staticmethod
    def _import(request, upload, module):
        try:
            return import_translation(
                upload.cleaned_data["file"].read(), user=request.user, module=module
            )
        except TranslationFileError as error:
            upload.add_error("file", str(error))
            return None


admin.site.unregister(Module)
admin.site.register(Module, TranslatableModuleAdmin)
