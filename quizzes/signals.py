"""Signals quizzes sends for the apps built on it, which quizzes itself must not import.

`attempt_submitted` is sent once per attempt, inside the transaction that writes its grade
(after a double submit or a second tab, only the call that graded it sends it), with
`attempt`: the graded Attempt. The review app listens to queue the missed questions.
"""

from django.dispatch import Signal

attempt_submitted = Signal()
