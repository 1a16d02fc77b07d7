"""
The one policy for URLs that become links on our pages. Pure functions, no ORM.

``safe_url(url)`` gives back the URL to put in ``href`` or ``None`` to refuse it. Both
the Markdown renderer (briefings/markdown.py) and the template check for stored URLs
call it, so a scheme allowed in one place is allowed everywhere.

Allowed:
    * ``http://host…`` and ``https://host…`` (a host is required), ``mailto:…``;
    * relative references to our own site: ``/path``, ``path``, ``../path``, ``?q``, ``#frag``.

Refused:
    * every other scheme (``javascript:``, ``data:``, ``vbscript:``, ``file:``, …), whatever
      its case;
    * protocol-relative ``//host`` and its backslash spellings (``\\\\host``, ``/\\host``),
      which browsers read as a link to another site;
    * any control character (a tab or newline inside ``java\\tscript:`` is removed by the
      browser's URL parser, so it cannot be allowed to hide a scheme);
    * a URL that is unsafe once its HTML character references are decoded
      (``&#106;avascript:``), in case a caller writes it into markup unescaped.

Surrounding spaces are trimmed, as browsers do; nothing else is rewritten.
"""

import html
import re

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# Schemes that must name a host: "https:/evil" or "https:evil" are refused.
HOST_SCHEMES = frozenset({"http", "https"})

# WHATWG URL parsing: a scheme is an ASCII letter then letters, digits, "+", "-", ".".
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# C0 controls, DEL and C1 controls: never part of a link we write.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# What browsers strip from both ends of a URL before parsing it.
_EDGE = "".join(map(chr, range(0x21)))


def safe_url(url: str | None) -> str | None:
    """The URL, trimmed, if links to it are allowed on our pages; ``None`` if not."""
    if url is None:
        return None
    candidate = str(url).strip(_EDGE)
    if not candidate or not _is_safe(candidate):
        return None
    decoded = html.unescape(candidate).strip(_EDGE)
    if decoded != candidate and decoded and not _is_safe(decoded):
        return None
    return candidate


def is_safe_url(url: str | None) -> bool:
    """Whether :func:`safe_url` allows ``url``."""
    return safe_url(url) is not None


def _is_safe(url):
    if _CONTROL.search(url):
        return False
    match = _SCHEME.match(url)
    if match is None:
        return _is_own_relative(url)
    scheme = match[1].lower()
    if scheme not in ALLOWED_SCHEMES:
        return False
    if scheme in HOST_SCHEMES:
        rest = url[match.end() :]
        return rest[:2] == "//" and _has_host(rest[2:])
    return True


def _is_own_relative(url):
    """A reference that stays on our site: not "//host", nor its backslash spellings."""
    # Browsers treat "\" as "/" in http(s) URLs, so "/\host" and "\\host" leave the site too.
    return url[:2].replace("\\", "/") != "//"


def _has_host(authority_and_path):
    authority = re.split(r"[/\\?#]", authority_and_path, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    return bool(host.strip(":"))
