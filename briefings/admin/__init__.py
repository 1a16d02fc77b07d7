"""The editors' admin for the editorial layer, one module per area."""

from . import audit, briefings, claims  # noqa: F401  (registers the ModelAdmins)
