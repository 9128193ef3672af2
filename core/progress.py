"""Long work shown as progress: a task records how far it got; its starter watches a page.

`progress_start` makes the row (the view that queued the task then redirects to
`progress_url`), the task calls `progress_step` and `progress_finish`. The page (/progress/<id>/)
asks again every 2 seconds with htmx, or refreshes itself every 5 seconds without JavaScript,
until the task has finished; then it shows the result and a link back. Only the person who
started the task may see it.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.models import TaskProgress


def progress_start(*, owner, label: str, total: int, back_url: str = "") -> TaskProgress:
    return TaskProgress.objects.create(owner=owner, label=label, total=total, back_url=back_url)


def progress_url(progress: TaskProgress) -> str:
    return reverse("progress", args=[progress.pk])


def progress_step(progress_id: int, count: int = 1) -> None:
    TaskProgress.objects.filter(pk=progress_id).update(done=F("done") + count)


def progress_finish(progress_id: int, result: str, *, failed: bool = False) -> None:
    TaskProgress.objects.filter(pk=progress_id).update(
        finished=True, failed=failed, result=result, done=F("total")
    )


@never_cache
@login_required
@require_GET
def progress_view(request, pk):
    progress = TaskProgress.objects.filter(pk=pk, owner=request.user).first()
    if progress is None:
        raise Http404
    template = "core/_progress.html" if request.htmx else "core/progress.html"
    return render(request, template, {"progress": progress})
