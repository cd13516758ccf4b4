"""Language negotiation and the server's message catalogue (French first, English too).

Every human sentence the API sends is looked up here by a stable key (an error ``code`` or
a message key), formatted with named parameters, in the request's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lan_server.core.messages import MESSAGES

SUPPORTED = ("fr", "en")
DEFAULT_LOCALE = "fr"


def negotiate(accept_language: str | None, default: str = DEFAULT_LOCALE) -> str:
    """The best of fr/en for an Accept-Language header (``en-GB,en;q=0.8,fr;q=0.5``)."""
    if not accept_language:
        return default
    best, best_q = default, -1.0
    for position, part in enumerate(accept_language.split(",")[:20]):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        primary = tag.split("-")[0]
        if primary in SUPPORTED and q > 0:
            # Earlier entries win ties, as browsers list them by preference.
            score = q - position * 1e-6
            if score > best_q:
                best, best_q = primary, score
    return best


def translate(key: str, locale: str, params: Mapping[str, Any] | None = None) -> str:
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    template = entry.get(locale) or entry[DEFAULT_LOCALE]
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
