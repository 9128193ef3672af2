"""The lesson page and its "mark as done" form.

A public lesson is the same for every reader of a language, so its parts come from the shared
cache (publishing.fragments) until content changes, and the whole page is kept with holes for
what is personal (publishing.holes); progress stays on the source lesson.
Editors may open an unpublished lesson (or a translation in review) at its own address: the
page then says so in a banner and is never cached.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.visitors import learner, owner_filter
from learn import services
from learn.models import Article, Module
from learn.objectives import LearningObjective
from learn.views import never_cache_in_preview
from publishing import holes
from publishing.fragments import cached_value
from publishing.pagecache import public_page
from publishing.translations import carry_over, localize_list, translation_of


def _in_reader_language(rows):
    """Rows of one query holding sources and their published translations in the reader's
    language: each source once, in the rows' order, as the reader sees it (`carry_over`)."""
    translations = {
        row.translation_key: row for row in rows if row.locale != settings.LANGUAGE_CODE
    }
    return [
        carry_over(row, translations.get(row.translation_key, row))
        for row in rows
        if row.locale == settings.LANGUAGE_CODE
    ]


def _reader_locales(language):
    return {settings.LANGUAGE_CODE, language or settings.LANGUAGE_CODE}


def _get_lesson(request, module_slug, lesson_slug, now, language):
    """(source, shown, language_fallback, preview): the public lesson and what a reader in
    `language` sees of it (its published translation, else itself), or for an editor any
    lesson; else 404.

    A public lesson is the same for every reader of a language: the lesson and its
    translation come in one query, from the shared cache (publishing.fragments, keyed by the
    language too) until content changes. Progress stays on the source.
    """
    related = ("module", "author", "medical_reviewer")

    def load():
        wanted = Article.objects.sources().filter(module__slug=module_slug, slug=lesson_slug)
        rows = list(
            services.with_approver(
                Article.objects.published_any_locale(now).filter(
                    module__in=Module.objects.published(now),
                    translation_key__in=wanted.values("translation_key"),
                    locale__in=_reader_locales(language),
                )
            ).select_related(*related)
        )
        shown = _in_reader_language(rows)
        if not shown:
            return None
        lesson = shown[0]
        source = (
            lesson
            if lesson.pk == lesson.source_pk
            else next(r for r in rows if r.pk == lesson.source_pk)
        )
        return source, lesson, lesson.locale != (language or source.locale)

    editor = services.can_preview(request.user)
    found = cached_value("lesson", [module_slug, lesson_slug], load)
    if found is not None:
        source, lesson, language_fallback = found
        if editor and language_fallback:
            # An editor (a medical reviewer reviewing the translation) sees the unpublished
            # translation in the page's language, under the preview banner.
            draft = translation_of(source, language, public_only=False)
            if draft is not None:
                return source, carry_over(source, draft), False, True
        return source, lesson, language_fallback, False
    if editor:
        lessons = services.with_approver(Article.objects.sources())
        lesson = (
            lessons.select_related(*related)
            .filter(module__slug=module_slug, slug=lesson_slug)
            .first()
        )
        if lesson is not None:
            # Whatever its state, the lesson in the page's language, else the English.
            shown = translation_of(lesson, language or lesson.locale, public_only=False) or lesson
            fallback = shown.locale != (language or lesson.locale)
            return lesson, carry_over(lesson, shown), fallback, True
    raise Http404(_("No such lesson."))


def _lesson_list(module, preview, now, language):
    """The module's lessons in order as a reader in `language` sees them (each with
    `source_pk`), in one query (previous and next come from it); the published ones from
    the shared cache."""
    if preview:
        lessons = module.articles.sources().defer("body", "body_html")
        return localize_list(lessons.order_by("position", "title"), language)

    def load():
        rows = module.articles.published_any_locale(now).filter(
            locale__in=_reader_locales(language)
        )
        return _in_reader_language(
            list(rows.defer("body", "body_html").order_by("position", "title"))
        )

    return cached_value("lesson-list", [str(module.pk)], load)


def _objectives(source, lesson, now):
    """The source lesson's learning objectives; on a translated lesson each carries
    `translated_text`, its text in the published translation of the module (same query)."""
    objectives = source.objectives.all()
    if lesson.pk == source.pk:
        return objectives
    translated = LearningObjective.objects.filter(
        source_objective=OuterRef("pk"),
        module__locale=lesson.locale,
        module__in=Module.objects.published_any_locale(now),
    )
    return objectives.annotate(translated_text=Subquery(translated.values("text")[:1]))


TEMPLATE = "learn/article_detail.html"


@require_GET
@public_page
def article_detail(request, module, article):
    """One lesson with who wrote and reviewed it, its sources, and where to go next: in the
    reader's language when it has a published translation, else in English with a notice.

    The page is the same for every reader of the lesson but for its account menu, messages,
    "Done" marks and "mark as done", so it is kept whole with those as holes
    (publishing.holes) and each request fills in its own: one query (the learner's progress
    among the module's lessons) once the page is kept. Editors, who may see drafts, and
    addresses with a query string get the page made in full.
    """
    if not request.GET and not services.can_preview(request.user):

        def make():
            context, preview = _lesson_context(request, module, article, owner=None)
            if preview:
                return None
            data = {
                "this": context["source_lesson"].pk,
                "lessons": [sibling.source_pk for sibling in context["siblings"]],
            }
            return holes.keep(request, TEMPLATE, context, data)

        kept = holes.kept_page(request, "lesson", [module, article], make)
        if kept is not None:
            return HttpResponse(kept.fill(request, _lesson_choices(request, kept.data)))
    context, preview = _lesson_context(request, module, article, owner=owner_filter(request))
    response = render(request, TEMPLATE, context)
    return never_cache_in_preview(response, preview)


def _lesson_choices(request, data):
    """How this learner's progress fills the kept lesson page's choices (one query)."""
    done_ids = services.done_lesson_ids(owner=owner_filter(request), lessons=data["lessons"])
    return {
        "done-form": data["this"] in done_ids,
        "done-mark": lambda key: int(key) in done_ids,
        "module-end": all(pk in done_ids for pk in data["lessons"]),
    }


def _lesson_context(request, module_slug, lesson_slug, *, owner):
    """(context, preview) of the lesson page, with `owner`'s progress (none for None)."""
    now = timezone.now()
    language = get_language()
    source, lesson, language_fallback, preview = _get_lesson(
        request, module_slug, lesson_slug, now, language
    )
    module = source.module
    siblings = _lesson_list(module, preview, now, language)
    done_ids = services.done_lesson_ids(owner=owner, module=module)
    for sibling in siblings:
        sibling.is_done = sibling.source_pk in done_ids
        sibling.hidden = preview and not sibling.is_public(now)
    index = next(i for i, sibling in enumerate(siblings) if sibling.source_pk == source.pk)
    is_last = index + 1 == len(siblings)
    next_module = module.next_module(now) if is_last and not preview else None
    # The module (and the next one) in the reader's language: one query, none in English.
    shown_modules = localize_list([m for m in (module, next_module) if m is not None], language)
    context = {
        "article": lesson,
        "source_lesson": source,
        "language_fallback": language_fallback,
        "module": shown_modules[0],
        "source_module": module,
        "siblings": siblings,
        "lesson_number": index + 1,
        "previous_lesson": siblings[index - 1] if index > 0 else None,
        "next_lesson": None if is_last else siblings[index + 1],
        # The last lesson is no dead end: the module's quiz and the next module follow it.
        "module_end": is_last and not preview,
        "module_all_done": all(sibling.is_done for sibling in siblings),
        "next_module": shown_modules[1] if next_module else None,
        "citations": lesson.citations.select_related("reference").order_by("position"),
        # Lazy: read only when the shared fragments holding them are made (not from the cache).
        "update_notes": lesson.update_notes.all(),
        "objectives": _objectives(source, lesson, now),
        "is_done": source.pk in done_ids,
        "can_mark": not preview,
        "preview": preview,
        # A translation in review under a public English lesson: why the translation is hidden.
        "preview_reason": services.unpublished_reason(
            lesson if lesson.locale != source.locale else source, now
        )
        if preview
        else "",
        # The person who approved the lesson's medical review, else its named reviewer.
        "reviewer": services.approving_reviewer(lesson) or lesson.medical_reviewer,
        "review_overdue": bool(
            lesson.next_review_on and lesson.next_review_on < timezone.localdate()
        ),
    }
    return context, preview


@require_POST
def article_done(request, module, article):
    """Mark a published lesson as done (done=1) or not done (done=0) for this learner.

    htmx gets the new "done" region back; without JavaScript the browser is sent back to
    the lesson, where a message says what changed.
    """
    lesson = get_object_or_404(
        services.published_lessons().select_related("module"), module__slug=module, slug=article
    )
    done = request.POST.get("done")
    if done not in {"0", "1"}:
        return HttpResponseBadRequest(_("Say whether the lesson is done (1) or not done (0)."))
    owner = learner(request, create=True)
    try:
        if done == "1":
            services.lesson_mark_done(article=lesson, **owner)
            message = _("Lesson marked as done.")
        else:
            services.lesson_mark_not_done(article=lesson, **owner)
            message = _("Lesson marked as not done.")
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    if request.htmx:
        context = {"article": lesson, "is_done": done == "1", "can_mark": True, "announce": message}
        return render(request, "learn/article_detail.html#done-form", context)
    messages.success(request, message)
    return redirect(lesson.get_absolute_url() + "#lesson-done")
