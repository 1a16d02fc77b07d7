"""
The audit log: editorial actions, with who and when, kept as Django admin log entries.

Every action is a ``LogEntry`` whose message starts with its verb and a colon
(``"Published: …"``), so the log can be filtered by action without a table of
our own, and the admin's per-object history shows it too.
"""

from django.contrib.admin.models import CHANGE, LogEntry

ACTIONS = {
    "submit": "Submitted",
    "approve": "Approved",
    "reject": "Rejected",
    "publish": "Published",
    "unpublish": "Unpublished",
    "verify": "Verified",
    "cite": "Cited a found passage",
    "reverify": "Verified again",
    "import": "Imported",
    "revert": "Reverted",
    "revise": "Draft revision started",
}


def message(action, detail=""):
    """The log message for ``action``: its verb, a colon, then the detail."""
    return f"{ACTIONS[action]}: {detail}".strip()


def audit(*, user, obj, action, detail=""):
    """Record that ``user`` took ``action`` on ``obj``."""
    return LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=message(action, detail),
        single_object=True,
    )


def entries_for(action, entries=None):
    """Log entries (of ``entries``, else all) of one action (an ``ACTIONS`` key)."""
    entries = LogEntry.objects.all() if entries is None else entries
    return entries.filter(change_message__startswith=f"{ACTIONS[action]}:")
