"""Signals groups sends for the apps above it (notifications listens; groups names none).

Each is sent after the change is saved, with the keyword arguments listed; the sender is the
model class.
"""

from django.dispatch import Signal

# assignment: a new Assignment in a group.
assignment_created = Signal()
# assignment, old_due_at, user: an educator changed the assignment's due date; with `user`,
# only that learner's (an accommodation), and old_due_at is their earlier later date.
assignment_due_changed = Signal()
# hold: a learner paused an assignment (the Hold row; no reason is ever asked).
hold_started = Signal()
