"""Translations in the editors' admin: the overview page, and what each translatable model's
admin adds (`TranslationAdminMixin`).

- Changelists: a "language" column that says, for a translation, "source changed since
  translation" in words; filters by language and by that flag. The flags of a page of items
  take a fixed number of queries (`publishing.translations.changed_sources`).
- A translation's change form: a box naming its source, the flag, the source's change since
  the translation (escaped text; lines marked − and + in words, colour only repeats them) and
  "Confirm still up to date" (POST, change permission, logged).
- A source's change form and changelist: "Translate into Spanish" (POST, add permission),
  refused with a message when the translation exists.
- The overview (`translation_overview_view`, linked from the admin index): per translated
  item, each language's workflow status, whether readers see it, and the flag.

The rules are in `publishing.translations`; this module only asks them and shows the answers.
"""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from publishing.translations import (
    changed_sources,
    confirm_up_to_date,
    create_translation,
    is_source,
    source_diff,
    source_of,
    translatable_models,
    translation_languages,
    translation_overview,
)
from publishing.workflow import status_label


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def _other_language_names() -> str:
    return ", ".join(str(name) for _code, name in translation_languages())


def diff_lines(diff: str) -> list[tuple[str, str]]:
    """A unified diff (`source_diff`) as (kind, text) rows for a template: kind is
    "removed", "added", "same" or "gap" (unchanged lines left out). The two file-name lines
    are left out (the page says what each side is); the record separators between fields
    become empty lines."""
    lines = diff.splitlines()
    if len(lines) >= 2 and lines[0].startswith("---") and lines[1].startswith("+++"):
        lines = lines[2:]
    rows = []
    for line in lines:
        marker, text = line[:1], line[1:].replace("\x1e", "")
        if marker == "@":
            rows.append(("gap", ""))
        elif marker == "-":
            rows.append(("removed", text))
        elif marker == "+":
            rows.append(("added", text))
        else:
            rows.append(("same", text))
    return rows


class SourceChangedFilter(admin.SimpleListFilter):
    title = gettext_lazy("source changed since translation")
    parameter_name = "source_changed"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Yes: check the translation")),
            ("no", _("No: up to date")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in {"yes", "no"}:
            return queryset
        translations = queryset.exclude(locale=settings.LANGUAGE_CODE)
        changed = changed_sources(translations)
        if self.value() == "yes":
            return queryset.filter(pk__in=changed)
        return translations.exclude(pk__in=changed)


class TranslationAdminMixin:
    """Language, "source changed" flag, diff, confirm and translate for a Publishable's admin.
    Add `translation_actions` to the ModelAdmin's `actions`."""

    translation_actions = ["translate_selected"]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "language_column"]

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), "locale", SourceChangedFilter]

    def get_changelist_instance(self, request):
        """The page's items know whether their source changed (one batch, not one per row)."""
        changelist = super().get_changelist_instance(request)
        changed = changed_sources(changelist.result_list)
        for item in changelist.result_list:  # the same objects the rows are drawn from
            item.source_changed_flag = item.pk in changed
        return changelist

    @admin.display(description=gettext_lazy("language"), ordering="locale")
    def language_column(self, obj):
        name = language_name(obj.locale)
        if getattr(obj, "source_changed_flag", False):
            return format_html(
                '{} <strong class="source-changed">({})</strong>',
                name,
                _("source changed since translation"),
            )
        return name

    # Pages ------------------------------------------------------------------------------------

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        views = [
            path(
                "<path:object_id>/confirm-up-to-date/",
                self.admin_site.admin_view(require_POST(self.confirm_up_to_date_view)),
                name=f"{info}_confirm_up_to_date",
            ),
            path(
                "<path:object_id>/translate-into/<str:language>/",
                self.admin_site.admin_view(require_POST(self.translate_view)),
                name=f"{info}_translate",
            ),
        ]
        return [*views, *super().get_urls()]

    def _change_url(self, item):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[item.pk])

    def confirm_up_to_date_view(self, request, object_id):
        """POST: an editor who may change this translation confirms it follows its source's
        current text; the flag goes and the step is logged."""
        item = self.get_object(request, object_id)
        if item is None:
            raise Http404(_("No such item."))
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        try:
            confirm_up_to_date(item, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.log_change(request, item, _("Translation marked up to date with its source."))
            self.message_user(
                request,
                _("“%(item)s” is marked up to date with its source’s current text.")
                % {"item": item},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(item))

    def translate_view(self, request, object_id, language):
        """POST: a draft translation of this source into `language`, then its change form;
        refused with the reason (a translation already exists…), nothing made."""
        item = self.get_object(request, object_id)
        if item is None:
            raise Http404(_("No such item."))
        if not self.has_add_permission(request) or not self.has_view_permission(request, item):
            raise PermissionDenied
        translation = self._translate(request, item, language)
        return HttpResponseRedirect(self._change_url(translation or item))

    def _translate(self, request, item, language):
        try:
            translation = create_translation(item, language, user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        self.log_addition(
            request,
            translation,
            _("%(language)s translation created.") % {"language": language_name(language)},
        )
        self.message_user(
            request,
            _(
                "A %(language)s draft of “%(item)s” was created with the English text: "
                "translate it, then send it to review."
            )
            % {"language": language_name(language), "item": item},
            messages.SUCCESS,
        )
        return translation

    @admin.action(
        description=format_lazy(
            gettext_lazy("Translate the selected into {languages}"),
            languages=lazy(_other_language_names, str)(),
        ),
        permissions=["add"],
    )
    def translate_selected(self, request, queryset):
        """A draft translation of each selected source in every other language; each refusal
        (a translation of a translation, one that exists already) named with why."""
        for item in queryset:
            for language, _name in translation_languages():
                self._translate(request, item, language)

    # The change form ------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["translation_box"] = self._translation_box(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _translation_box(self, request, item):
        info = f"admin:{self.opts.app_label}_{self.opts.model_name}"
        if is_source(item):
            translations = {
                t.locale: t
                for t in type(item)
                ._default_manager.filter(translation_key=item.translation_key)
                .exclude(pk=item.pk)
            }
            may_add = self.has_add_permission(request)
            languages = []
            for code, name in translation_languages():
                translation = translations.get(code)
                languages.append(
                    {
                        "code": code,
                        "name": name,
                        "item": translation,
                        "status": status_label(translation.status) if translation else "",
                        "url": self._change_url(translation) if translation else "",
                        "translate_url": reverse(f"{info}_translate", args=[item.pk, code])
                        if translation is None and may_add
                        else "",
                    }
                )
            return {"is_source": True, "languages": languages}
        source = source_of(item)
        diff = source_diff(item)
        return {
            "is_source": False,
            "language": language_name(item.locale),
            "source": source,
            "source_language": language_name(source.locale),
            "source_url": self._change_url(source),
            "changed": bool(diff),
            "tracks_changes": item.needs_medical_review,
            "diff": diff_lines(diff),
            "confirm_url": reverse(f"{info}_confirm_up_to_date", args=[item.pk])
            if self.has_change_permission(request, item)
            else "",
        }


# The overview ---------------------------------------------------------------------------------


def _change_url(item) -> str:
    opts = item._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    except NoReverseMatch:  # a model without an admin
        return ""


def overview_models(user) -> list[type]:
    """The translatable models whose overview rows `user` sees: those they may change."""
    return [
        model
        for model in translatable_models()
        if user.has_perm(f"{model._meta.app_label}.change_{model._meta.model_name}")
    ]


def translation_overview_view(request, admin_site):
    """Every translated item: each language's status, whether readers see it, and whether
    its source changed since the translation (`?changed=1`: only those). Staff who may
    change some content; a fixed number of queries whatever the number of items."""
    models = overview_models(request.user)
    if not models:
        raise PermissionDenied
    only_changed = request.GET.get("changed") == "1"
    codes = [code for code, _name in settings.LANGUAGES]
    groups = {model: [] for model in models}
    flagged = 0
    for row in translation_overview():
        if row.model not in groups:
            continue
        out_of_date = any(state.out_of_date for state in row.languages.values())
        flagged += sum(1 for state in row.languages.values() if state.out_of_date)
        if only_changed and not out_of_date:
            continue
        cells = []
        for code in codes:
            state = row.languages.get(code)
            cells.append(
                {
                    "language": language_name(code),
                    "state": state,
                    "status": status_label(state.item.status) if state else "",
                    "url": _change_url(state.item) if state else "",
                }
            )
        groups[row.model].append(
            {
                "source": row.source,
                "title": str(row.source or next(iter(row.languages.values())).item),
                "cells": cells,
                "out_of_date": out_of_date,
            }
        )
    context = {
        **admin_site.each_context(request),
        "title": _("Translations"),
        "subtitle": None,
        "languages": [language_name(code) for code in codes],
        "groups": [
            {"name": model._meta.verbose_name_plural, "rows": rows}
            for model, rows in groups.items()
            if rows
        ],
        "only_changed": only_changed,
        "flagged": flagged,
    }
    return TemplateResponse(request, "admin/translations/overview.html", context)
