"""
One policy for links made from stored data: which URLs may become a link.

Forms refuse unsafe URLs, but fixtures, imports and the ORM store whatever they
are given; every page, export, feed and API answer that emits a stored URL asks
:func:`safe_link` first. A URL that fails is shown as text, never as a link.
"""

import re
from urllib.parse import urlsplit

# Absolute links only: no script-running schemes (javascript:, vbscript:, data:),
# and no relative or protocol-relative addresses, which would resolve against our site.
LINK_SCHEMES = frozenset({"http", "https", "ftp", "ftps", "mailto"})

# Browsers remove tabs and newlines anywhere in a URL ("java\tscript:") and
# strip C0 controls and spaces around it, so the check sees what they see.
_REMOVED = re.compile(r"[\t\n\r]")
_AROUND = "".join(chr(code) for code in range(0x21))


def safe_link(url):
    """``url`` as a browser would read it if it may be a link, else the empty string."""
    if not url:
        return ""
    candidate = _REMOVED.sub("", str(url)).strip(_AROUND)
    try:
        parts = urlsplit(candidate)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return ""
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return ""
    if scheme != "mailto" and not parts.netloc:
        return ""
    return candidate
