"""The groups part of the REST API (/api/v1/): educators' groups, assignments and results
(views.py, serializers.py), and starting a quiz from an assignment (attempts.py).

The names below keep `from groups import api; api.GroupList` working for the URL map.
"""

from groups.api.attempts import AssignmentAttemptStart
from groups.api.views import AssignmentResults, GroupAssignments, GroupDetail, GroupList

__all__ = [
    "AssignmentAttemptStart",
    "AssignmentResults",
    "GroupAssignments",
    "GroupDetail",
    "GroupList",
]
