"""Public pages of editorial governance: site pages, the glossary and readers' feedback.

Feedback forms work without JavaScript (post, then a thank-you page) and with htmx (the form's
region is swapped for a thank-you). htmx only swaps 2xx answers, so, as on quiz pages, a
problem goes back to htmx with 200 and the problem shown in place, and to a plain form post
with 400 (bad input) or 429 (too many messages).
"""

from itertools import groupby

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from editorial import services
from editorial.forms import FeedbackForm
from editorial.models import GlossaryTerm, SitePage
from editorial.templatetags.editorial_tags import feedback_box_context
from learn.models import FAQ, Article, Module
from learn.services import unpublished_reason
from publishing.search.spelling import fold
from publishing.translations import localize_list, localized


def can_preview_pages(user) -> bool:
    """Editors (staff who may view site pages in the admin) may see unpublished pages."""
    return user.is_active and user.is_staff and user.has_perm("editorial.view_sitepage")


@require_GET
def site_page(request, slug):
    """A published site page; for editors, any page with a preview banner."""
    now = timezone.now()
    page = SitePage.objects.published(now).filter(slug=slug).first()
    preview = False
    if page is None and can_preview_pages(request.user):
        page = SitePage.objects.sources().filter(slug=slug).first()
        preview = page is not None
    if page is None:
        raise Http404(_("No such page."))
    if request.path != page.get_absolute_url():
        # /pages/about/ and /about/ are the same page: keep one address.
        return redirect(page.get_absolute_url(), permanent=True)
    shown, language_fallback = localized(page, get_language())
    context = {
        "page": shown,
        "language_fallback": language_fallback,
        "preview": preview,
        "preview_reason": unpublished_reason(page, now) if preview else "",
    }
    response = render(request, "editorial/site_page.html", context)
    if preview:
        add_never_cache_headers(response)
    return response


def _sort_key(term):
    """A term's place A to Z in any language: case and accents aside ("ácido" goes under A)."""
    return fold(term.term)


def _initial(term):
    letter = _sort_key(term)[:1].upper()
    return letter if letter.isalpha() else "#"


@require_GET
def glossary(request):
    """Every published glossary term, A to Z, each with an anchor lessons link to: in the
    reader's language when it has a published translation (one query), else in English."""
    terms = localize_list(GlossaryTerm.objects.published(), get_language())
    terms.sort(key=_sort_key)
    groups = [(letter, list(items)) for letter, items in groupby(terms, key=_initial)]
    context = {"groups": groups, "list_fallback": any(t.locale != get_language() for t in terms)}
    return render(request, "editorial/glossary.html", context)


def _feedback_page(kind, pk):
    """The published lesson, FAQ or site page feedback is about, else 404."""
    querysets = {
        # A reader may send feedback on a published translation (its own item), of a lesson
        # in a published module as of a source.
        "lesson": lambda: (
            Article.objects.published_any_locale()
            .filter(module__in=Module.objects.published())
            .select_related("module")
        ),
        "faq": FAQ.objects.published_any_locale,
        "page": SitePage.objects.published_any_locale,
    }
    if kind not in querysets:
        raise Http404(_("No such page."))
    return get_object_or_404(querysets[kind](), pk=pk)


def _is_htmx_swap(request):
    return bool(request.htmx) and not request.htmx.history_restore_request


def _region(request, page, **kwargs):
    context = feedback_box_context(page, **kwargs)
    return render(request, "editorial/_feedback.html#feedback-region", context)


@require_POST
def feedback_submit(request, kind, pk):
    """Store a reader's feedback on a published page, unless they sent too many lately."""
    retry_after = services.feedback_rate_limit(request)
    page = _feedback_page(kind, pk)
    form = FeedbackForm(request.POST)
    if retry_after:
        form.is_valid()  # so the form comes back with what they wrote
        if _is_htmx_swap(request):
            response = _region(request, page, form=form, retry_after=retry_after)
        else:
            context = {
                "page": page,
                **feedback_box_context(page, form=form, retry_after=retry_after),
            }
            response = render(request, "editorial/feedback_limited.html", context, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    if form.is_robot:
        # Looks like success to the robot; nothing is stored.
        return _feedback_sent(request, kind, page)
    if not form.is_valid():
        if _is_htmx_swap(request):
            return _region(request, page, form=form)
        context = {"page": page, **feedback_box_context(page, form=form)}
        return render(request, "editorial/feedback_form.html", context, status=400)
    data = form.cleaned_data
    wants_contact = request.user.is_authenticated and data["contact_ok"]
    services.feedback_create(
        page=page,
        helpful={"yes": True, "no": False}.get(data["helpful"]),
        kind=data["kind"],
        message=data["message"],
        contact_user=request.user if wants_contact else None,
    )
    return _feedback_sent(request, kind, page)


def _feedback_sent(request, kind, page):
    if _is_htmx_swap(request):
        return _region(request, page, sent=True)
    return redirect("editorial:feedback-thanks", kind=kind, pk=page.pk)


@require_GET
def feedback_thanks(request, kind, pk):
    """The thank-you page after a feedback form was sent without JavaScript."""
    page = _feedback_page(kind, pk)
    context = {"page": page, **feedback_box_context(page)}
    return render(request, "editorial/feedback_thanks.html", context)
