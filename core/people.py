"""The name a person is shown by to others (an educator, a group's member list, a CSV).

Accounts keep an optional display name in Django's `User.first_name` (accounts/account_fields.py
holds the rules for writing it) and leave `last_name` empty; older accounts made in the admin
may have both. Everything that shows a learner to someone else calls `shown_name`, so the
fallback to the username lives here once. It sits in core because groups (the educator pages)
sit below accounts and may not import it.
"""


def shown_name(user) -> str:
    """The person's display name, or their username when they have not given one."""
    return user.get_full_name().strip() or user.get_username()
