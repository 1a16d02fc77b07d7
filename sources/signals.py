"""
What the sources app announces to the apps built on it.

``sources`` never imports its users; they learn that a source's text changed
from this signal (sent inside the saving transaction) and act through their
own services.
"""

from django.dispatch import Signal

# Sent with ``source`` and ``previous_fingerprint`` after a source's text changed. A receiver
# may return sentences for the editor who saved (what the change did to its records); the
# source keeps them in ``text_change_notes`` for the page that saved it to show.
source_text_changed = Signal()

# Sent with ``source_ids`` (the changed sources and those related to them through copies and
# shared material) when something readers see about them changed, inside the transaction,
# so that the apps whose pages show these sources invalidate those pages (rnk_site/pagecache).
sources_changed = Signal()

# Sent with ``source_ids`` after the links between sources that share an origin changed: a
# source's ``derived_from`` (the ids of the source, its previous and its new original) or
# the stored overlaps of these sources. Users that count independent sources recount.
source_origins_changed = Signal()
