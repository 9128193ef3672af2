"""Public reading pages."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from learn.models import Module


@require_GET
def home(request):
    """Home: the modules in order."""
    modules = Module.objects.published()
    return render(request, "learn/home.html", {"modules": modules})


def _todo(request, **kwargs):
    from django.http import Http404

    raise Http404("Not built yet")


module_list = module_detail = article_detail = faq_list = reference_list = search = _todo
