"""Public reading pages: home, modules, FAQs, references and search (the lesson page and its
"mark as done" form are learn/lesson_views.py).

Only published content reaches the public (learn.services.published_lessons and the
``published()`` QuerySet method). Editors may open an unpublished module or lesson at its own
address: the page then says so in a banner and is never cached.
"""

from functools import partial

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.visitors import owner_filter
from learn import services
from learn.forms import ReferenceFilterForm
from learn.models import FAQ, Article, Module, ReferenceLink
from publishing import holes
from publishing.pagecache import public_page
from publishing.search import normalise_query, search_site
from publishing.translations import carry_over, localize_list, localized

REFERENCES_PER_PAGE = 50
MODULES_PER_PAGE = 24
HOME_MODULES = 12
FAQS_PER_PAGE = 40


def _localized_list(items, language, *, keep=()):
    """(what a list page shows for `items`, whether any of it falls back to its source's
    language): `localize_list` (one query in another language, none in English)."""
    shown = localize_list(items, language, keep=keep)
    return shown, any(item.locale != language for item in shown)


def never_cache_in_preview(response, preview):
    """An unpublished page seen by an editor must never sit in a cache."""
    if preview:
        add_never_cache_headers(response)
    return response


@require_GET
@public_page
def home(request):
    """Home: a welcome, where to carry on, and every module with this learner's progress."""
    owner = owner_filter(request)
    next_lesson, started = services.continue_lesson(owner=owner)
    # The first modules, and a link to the rest: the page stays the same size as they grow.
    first = services.published_modules()[: HOME_MODULES + 1]
    modules = services.modules_with_progress(owner=owner, modules=first)
    language = get_language()
    shown, language_fallback = _localized_list(
        modules[:HOME_MODULES], language, keep=("lesson_count", "done_count")
    )
    if next_lesson is not None:
        # The lesson in the reader's language, in its module's (shown above, or looked up).
        next_lesson = carry_over(next_lesson, localized(next_lesson, language)[0])
        module = next((m for m in shown if m.source_pk == next_lesson.module_id), None)
        next_lesson.shown_module = module or localized(next_lesson.module, language)[0]
    context = {
        "modules": shown,
        "more_modules": len(modules) > HOME_MODULES,
        "next_lesson": next_lesson,
        "started": started,
        "list_fallback": language_fallback,
    }
    return render(request, "learn/home.html", context)


@require_GET
@public_page
def module_list(request):
    """Every published module, in order and in pages, with this learner's progress."""
    page = Paginator(services.published_modules(), MODULES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    modules = services.modules_with_progress(owner=owner_filter(request), modules=page)
    modules, language_fallback = _localized_list(
        modules, get_language(), keep=("lesson_count", "done_count")
    )
    context = {"modules": modules, "page": page, "list_fallback": language_fallback}
    return render(request, "learn/module_list.html", context)


def _get_module(request, slug, now):
    """(module, preview): the published module, or for an editor any module; else 404."""
    module = Module.objects.published(now).filter(slug=slug).first()
    if module is not None:
        return module, False
    # A second look, at a module in any state, only for editors.
    if services.can_preview(request.user):
        module = Module.objects.sources().filter(slug=slug).first()
        if module is not None:
            return module, True
    raise Http404(_("No such module."))


@require_GET
@public_page
def module_detail(request, module):
    """One module: its lessons in order, done or not for this learner (its quizzes come from
    the quizzes app's `module_quizzes` tag in the template)."""
    now = timezone.now()
    module, preview = _get_module(request, module, now)
    # The source's lessons (progress is kept on sources), shown in the reader's language.
    lessons = module.articles.sources() if preview else module.articles.published(now)
    lessons = list(lessons.defer("body", "body_html").order_by("position", "title"))
    done_ids = services.done_lesson_ids(owner=owner_filter(request), module=module)
    for lesson in lessons:
        lesson.is_done = lesson.pk in done_ids
        lesson.hidden = preview and not lesson.is_public(now)
    language = get_language()
    lessons = localize_list(lessons, language, keep=("is_done", "hidden"))
    shown, language_fallback = localized(module, language)
    context = {
        "module": shown,
        "source_module": module,
        "language_fallback": language_fallback,
        "lessons": lessons,
        "done_count": sum(lesson.is_done for lesson in lessons),
        "next_lesson": next((lesson for lesson in lessons if not lesson.is_done), None),
        "preview": preview,
        "preview_reason": services.unpublished_reason(module, now) if preview else "",
    }
    response = render(request, "learn/module_detail.html", context)
    return never_cache_in_preview(response, preview)


def _published_faqs(language):
    """Published FAQs in topic order, with their published related lessons (each with
    `translated_title` in `language` when it has a published translation: same query) and
    sources."""
    lessons = services.published_lessons().select_related("module").defer("body", "body_html")
    if language and language != settings.LANGUAGE_CODE:
        translated = Article.objects.published_any_locale().filter(
            translation_key=OuterRef("translation_key"), locale=language
        )
        lessons = lessons.annotate(translated_title=Subquery(translated.values("title")[:1]))
    return (
        FAQ.objects.published()
        .select_related("topic")
        .prefetch_related(
            Prefetch("related_articles", queryset=lessons),
            Prefetch("references", queryset=ReferenceLink.objects.order_by("title")),
        )
        .order_by("topic__position", "topic__name", "topic_id", "position", "question")
    )


# What a translated FAQ takes over from its source: the related lessons and sources loaded.
_FAQ_KEEP = ("_prefetched_objects_cache",)


@require_GET
@public_page
def faq_list(request):
    """Published FAQs grouped by topic, in pages, each linking to its own page; each answer in
    the reader's language when it has a published translation (one more query)."""
    language = get_language()
    page = Paginator(_published_faqs(language), FAQS_PER_PAGE).get_page(request.GET.get("page"))
    faqs, language_fallback = _localized_list(page.object_list, language, keep=_FAQ_KEEP)
    context = {"faqs": faqs, "page": page, "list_fallback": language_fallback}
    return render(request, "learn/faq_list.html", context)


@require_GET
@public_page
def faq_detail(request, slug):
    """One published answer on a page of its own: its lasting address. In the reader's
    language when it has a published translation, else in English with a notice."""
    language = get_language()
    faq = get_object_or_404(_published_faqs(language), slug=slug)
    shown, language_fallback = localized(faq, language)
    context = {"faq": carry_over(faq, shown, _FAQ_KEEP), "language_fallback": language_fallback}
    return render(request, "learn/faq_detail.html", context)


@require_GET
@public_page
def reference_list(request):
    """The reference library, filtered by kind and topic through a plain GET form."""
    form = ReferenceFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    references = ReferenceLink.objects.filter(**filters).order_by("title", "pk")
    page = Paginator(references, REFERENCES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": bool(filters)}
    return render(request, "learn/reference_list.html", context)


@require_GET
@public_page
def search(request):
    """Search every registered kind of published content; results grouped by kind.

    The search box asks again as the learner types (htmx, 400 ms after the last key) and
    gets only the results region back; without JavaScript the form loads the whole page,
    at the same address. ``exact=1`` (the "search for what I typed" link under corrected
    results) turns spelling correction off.
    """
    query, shortened = normalise_query(request.GET.get("q", ""))
    exact = request.GET.get("exact") == "1"
    # The content generation (the page's and the results' key) and the header's entries in
    # one round trip, not one each (core.cachebatch).
    holes.prefetch(request)
    context = {
        "query": query,
        "shortened": shortened,
        "exact": exact,
        # The results region is the same for everyone who asks the same thing in the same
        # language: the template keeps it as a shared fragment, so the search itself runs
        # only when the fragment is not in the cache (the first time it is read).
        "results": SimpleLazyObject(partial(search_site, query, correct=not exact))
        if query
        else None,
    }
    template = "learn/search.html"
    response = None
    # A history restore asks for the whole page, even though it comes from htmx.
    if request.htmx and not request.htmx.history_restore_request:
        template += "#search-results"
    elif set(request.GET) <= {"q", "exact"}:
        # The whole page is the same for everyone asking this, but for the account menu and
        # the messages: kept whole with those as holes (publishing.holes), keyed by its
        # address, in the shared cache only (one page per query).
        kept = holes.kept_page(
            request,
            "search",
            [query, str(exact), str(shortened)],
            lambda: holes.keep(request, template, context),
            remember=False,
        )
        if kept is not None:
            response = HttpResponse(kept.fill(request, {}))
    if response is None:
        response = render(request, template, context)
    # Caches must keep the page and the fragment apart.
    patch_vary_headers(response, ["HX-Request"])
    return response
