"""Groups: the list, joining with a code, a group's page, its members and its join code.

Who may see what is decided here, not in templates: an educator sees only the groups they
run, a learner only the groups they belong to. Anything else is a 404, so a guessed id does
not even confirm that a group exists.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import timezones
from core.people import shown_name
from groups import services
from groups.forms import GroupForm, GroupTimeZoneForm, JoinForm
from groups.models import Accommodation, LearnerGroup, Membership


def owned_group_or_404(request, pk) -> LearnerGroup:
    """The group with this id if the signed-in educator runs it; otherwise 404."""
    return get_object_or_404(services.owned_groups(request.user), pk=pk)


def owned_assignment_or_404(request, group_pk, pk):
    """The assignment if it belongs to this group and the signed-in educator runs it; else 404."""
    assignment = services.assignment_for_educator(request.user, pk, group_pk=group_pk)
    if assignment is None:
        raise Http404
    return assignment


def group_zone_label(group) -> str:
    """The group's zone as people read it, for the forms that take its dates."""
    return timezones.zone_label(group.zone_name)


def is_member(user, group_id) -> bool:
    return Membership.objects.filter(group_id=group_id, user=user).exists()


@login_required
@require_http_methods(["GET", "POST"])
def group_list(request):
    """Educators: their groups and a form for a new one. Learners: their groups and work."""
    educator = services.is_educator(request.user)
    form = GroupForm(request.POST if request.method == "POST" else None) if educator else None
    if request.method == "POST":
        if not educator:
            raise Http404
        if form.is_valid():
            try:
                group = services.group_create(educator=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Group created. Share the join code %(code)s with your learners.")
                    % {"code": services.format_join_code(group.join_code)},
                )
                return redirect("groups:group-detail", pk=group.pk)
    my_groups = (
        services.owned_groups(request.user)
        .annotate(member_count=Count("memberships"))
        .order_by("name")
        if educator
        else []
    )
    member_groups = LearnerGroup.objects.filter(memberships__user=request.user).select_related(
        "educator"
    )
    context = {
        "is_educator": educator,
        "my_groups": my_groups,
        "member_groups": member_groups,
        "form": form,
        "my_assignments": services.learner_assignments(user=request.user),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "groups/group_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def group_join(request):
    """Join a group with a code. A link with ?code= fills the form in; joining needs a POST."""
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                group, joined = services.group_join(
                    user=request.user, code=form.cleaned_data["code"]
                )
            except ValidationError as error:
                form.add_error("code", error.messages)
            else:
                if joined:
                    messages.success(request, _("Welcome to %(name)s.") % {"name": group.name})
                else:
                    messages.info(request, _("You are already in %(name)s.") % {"name": group.name})
                return redirect("groups:group-detail", pk=group.pk)
        return render(request, "groups/group_join.html", {"form": form}, status=400)
    form = JoinForm(initial={"code": request.GET.get("code", "")[:20]})
    return render(request, "groups/group_join.html", {"form": form})


@login_required
@require_GET
def group_detail(request, pk):
    """The educator's page for a group they run, or a member's page for a group they are in."""
    if services.is_educator(request.user):
        group = services.owned_groups(request.user).filter(pk=pk).first()
        if group is not None:
            return _group_detail_educator(request, group)
    group = get_object_or_404(
        LearnerGroup.objects.select_related("educator"), pk=pk, memberships__user=request.user
    )
    context = {
        "group": group,
        "items": services.learner_assignments(user=request.user, group_id=group.pk),
    }
    return render(request, "groups/group_detail_learner.html", context)


def _group_detail_educator(request, group, zone_form=None, status=200):
    members = list(
        Membership.objects.filter(group=group)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )
    # Each member's adjustments on this group's assignments, in one query.
    adjustments = defaultdict(list)
    for accommodation in Accommodation.objects.filter(assignment__group=group).select_related(
        "assignment__quiz"
    ):
        adjustments[accommodation.user_id].append(
            {
                "assignment": accommodation.assignment,
                "summary": services.accommodation_summary(
                    extra_attempts=accommodation.extra_attempts,
                    due_at=accommodation.due_at,
                    extra_time=accommodation.extra_time,
                ),
            }
        )
    for membership in members:
        membership.adjustments = adjustments.get(membership.user_id, [])
    assignments = group.assignments.select_related("quiz").annotate(
        submitted=Count(
            "attempts__user", filter=Q(attempts__submitted_at__isnull=False), distinct=True
        )
    )
    join_path = reverse("groups:group-join") + f"?code={group.join_code}"
    context = {
        "group": group,
        "zone_form": zone_form or GroupTimeZoneForm(initial={"time_zone": group.zone_name}),
        "group_zone": group_zone_label(group),
        "members": members,
        "assignments": assignments,
        "join_code": services.format_join_code(group.join_code),
        "join_link": request.build_absolute_uri(join_path),
    }
    return render(request, "groups/group_detail_educator.html", context, status=status)


@login_required
@require_POST
def group_regenerate_code(request, pk):
    """Give the group a new join code; the old one stops working."""
    group = owned_group_or_404(request, pk)
    code = services.group_regenerate_code(group=group, educator=request.user)
    messages.success(
        request,
        _("New join code: %(code)s. The old code no longer works.")
        % {"code": services.format_join_code(code)},
    )
    return redirect("groups:group-detail", pk=group.pk)


@login_required
@require_POST
def group_set_time_zone(request, pk):
    """Change the zone the group's due dates are typed in (stored dates keep their moment)."""
    group = owned_group_or_404(request, pk)
    form = GroupTimeZoneForm(request.POST)
    if not form.is_valid():
        return _group_detail_educator(request, group, zone_form=form, status=400)
    services.group_set_time_zone(
        group=group, educator=request.user, time_zone=form.cleaned_data["time_zone"]
    )
    messages.success(
        request,
        _("Due dates for this group are now set in %(zone)s time.")
        % {"zone": group_zone_label(group)},
    )
    return redirect("groups:group-detail", pk=group.pk)


@login_required
@require_POST
def group_set_open(request, pk):
    """Open the group to new members, or close it (members stay)."""
    group = owned_group_or_404(request, pk)
    if request.POST.get("open") == "1":
        services.group_open(group=group, educator=request.user)
        messages.success(request, _("The group is open: people can join with the code."))
    else:
        services.group_close(group=group, educator=request.user)
        messages.success(request, _("The group is closed: nobody new can join."))
    return redirect("groups:group-detail", pk=group.pk)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request, pk, user_id):
    """Ask, then take a learner out of the group (GET shows the question, POST does it)."""
    group = owned_group_or_404(request, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user"), group=group, user_id=user_id
    )
    if request.method == "POST":
        services.membership_remove(group=group, educator=request.user, user=membership.user)
        messages.success(
            request,
            _("%(name)s is no longer in the group.") % {"name": shown_name(membership.user)},
        )
        return redirect("groups:group-detail", pk=group.pk)
    context = {"group": group, "member": membership.user}
    return render(request, "groups/member_remove_confirm.html", context)
