"""
Editorial seed data: source metadata, claims with their quotes, and briefings.

Plain data, read by ``build_seed_fixtures.py``. Quotes are copied from the seed
documents; the build script locates each one and fails if it is not found.
Claim keys are stable: the fixtures derive every claim's and citation's UUID
from them, so renaming a key changes an identifier.

A claim is a dict: ``key``, ``statement``, ``tags``, optional ``status``,
``date`` (a ``(date, precision)`` pair), ``editor_notes``, and ``cite``: a list
of ``(source file prefix, quote)`` pairs or dicts that add ``attribution`` or
``stance``.
"""

from . import claims_economy, claims_history, claims_military_diplomacy, claims_sanctions_labour
from .briefings import BRIEFINGS
from .sources import SOURCES

CLAIMS = [
    *claims_history.CLAIMS,
    *claims_economy.CLAIMS,
    *claims_sanctions_labour.CLAIMS,
    *claims_military_diplomacy.CLAIMS,
]

__all__ = ["BRIEFINGS", "CLAIMS", "SOURCES"]
