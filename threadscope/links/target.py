"""One pasted target (``check``, ``domains``): a domain or URL, perhaps defanged or disguised.

Unlike free text, a target is taken whole: whatever the user pasted is meant as one link, so
anything that makes it unusable (an empty label, a label over 63 characters, broken punycode,
a broken IPv6 literal, a bad port) is an error with a short reason, not a silent skip.
"""

from __future__ import annotations

import re

from threadscope.links.browser import without_line_breaks
from threadscope.links.extract import (
    DEFANGED_SEPARATOR,
    extract_links,
    malformed,
    normalise,
    trim,
)
from threadscope.links.fold import fold
from threadscope.links.hosts import LinkError
from threadscope.models import Link

_SCHEME = re.compile(
    rf"[a-z][a-z0-9+.-]*(?::|\[:\])//|(?:h(?:tt|xx)ps?|f[tx]p)(?:{DEFANGED_SEPARATOR})"
    r"|(?:h(?:tt|xx)ps?|f[tx]p|wss?):",
    re.IGNORECASE,
)
"""A target written with its scheme; after http(s), ftp and ws(s) a browser takes any slashes
and backslashes, or none, as the start of the host (``https:\\welt.ltd``, ``https:welt.ltd``).
The defanged ``://`` forms (``hxxps[://]``, ``fxp(:)//``) are the ones links in a post are
found by (``extract.DEFANGED_SEPARATOR``)."""
_WRAPPERS = ("<>", "()", "[]", '""', "''", "“”", "„“", "«»")
_TYPOGRAPHIC_ENDS = "…“”„‟«»‹›"
"""Quotes and the ellipsis that end a link in a post (``extract``'s stop characters): around
a pasted target (``»https://welt.ltd/a«``, ``https://welt.ltd/a…``) they are not part of it."""
_MARKDOWN_LINK = re.compile(r"\[[^\[\]]*\]\((?P<address>.+)\)", re.DOTALL)
"""``[label](address)``: a link copied out of a Markdown note is its address, not its label."""
# ``name@example.com``; but ``welt.de@evil.example`` (a domain before the @) is a link whose
# user info imitates a brand, and stays a link.
_EMAIL = re.compile(r"(?:mailto:)?[^@/.:\s]+@[^@/\s]+", re.IGNORECASE)
_NOT_WEB = re.compile(
    r"(?P<scheme>javascript|vbscript|data|tel|sms|mms|file|about|blob|intent|magnet|urn|geo)"
    r":(?!//)", re.IGNORECASE)
"""A scheme a browser does not fetch a site by (``javascript:alert(1)``): read as a host and
a port, such a target was called an "invalid port". With ``//`` it names a host and stays a
link (``javascript://welt.ltd/%0a…`` is judged by its host)."""
_BARE_IPV6 = re.compile(r"[0-9a-f]*:[0-9a-f:.%]*:[0-9a-z:.%]*", re.IGNORECASE)


def parse_target(raw: str) -> Link:
    """``raw`` as a Link; raises ``LinkError`` (an ``InputError``) when it is unusable."""
    folded = fold(raw)
    stripped = folded.text.strip()
    if not stripped:
        raise LinkError("empty input")
    first = folded.text.index(stripped[0])
    hidden = folded.evasions(*folded.span(first, first + len(stripped)))
    text = _address(stripped)
    if not text:
        raise LinkError("empty input")
    has_scheme = _SCHEME.match(text) is not None
    if has_scheme and ("\t" in text or "\n" in text or "\r" in text):
        text = without_line_breaks(text)
    if any(c.isspace() for c in text):
        raise LinkError(_white_space_reason(text))
    if not has_scheme and (not_web := _NOT_WEB.match(text)):
        raise LinkError(f"a {not_web['scheme'].lower()}: address, not a web link")
    if not has_scheme and _EMAIL.fullmatch(text):
        raise LinkError("an e-mail address, not a link")
    if not has_scheme and _BARE_IPV6.fullmatch(text):
        text = f"[{text}]"
    try:
        url, host, evasions = normalise(text, bare=not has_scheme, strict=True)
    except (LinkError, ValueError) as error:
        found = malformed(text, error, bare=not has_scheme, strict=True)
        if found is None:
            if isinstance(error, LinkError):
                raise
            raise LinkError(_reason(text, error)) from error
        url, host, evasions, why = found
        return Link(input=raw, url=url, host=host, start=0, end=len(raw),
                    evasions=hidden + tuple(e for e in evasions if e not in hidden),
                    malformed=why)
    glued = _glued_card(text)
    return Link(
        input=raw,
        url=url if glued is None else glued.url,
        host=host,
        start=0,
        end=len(raw),
        card_domain=None if glued is None else glued.card_domain,
        evasions=hidden + tuple(e for e in evasions if e not in hidden),
    )


def _white_space_reason(text: str) -> str:
    """Why a target with white space inside is no link: a sentence pasted into ``check``
    that holds no link is told so (it was not a link broken by a space), a line that holds
    one (``welt.de ist toll`` in a ``domains`` list) is a link with white space inside."""
    if extract_links(text):
        return LINK_IN_TEXT
    return "text with white space and no link or domain in it"


LINK_IN_TEXT = "white space inside a link or domain"
"""The error of a target that is text with a link in it (``_white_space_reason``)."""


def one_wrapped_link(text: str) -> bool:
    """``text`` is one link written with its scheme and broken over lines (copied out of a
    narrow column): nothing but tabs and line breaks inside, and no second link on its lines.
    ``parse_target`` drops those, as a browser does; ``check`` must not read it as prose, which
    would cut the link at its first line break."""
    stripped = text.strip()
    if any(character.isspace() and character not in "\t\n\r" for character in stripped):
        return False
    if _SCHEME.match(_address(stripped)) is None:
        return False
    return len(extract_links(stripped)) <= 1


def _address(text: str) -> str:
    """The address in a pasted target: a Markdown link's, without the quotes, brackets and
    punctuation copied along with it."""
    markdown = _MARKDOWN_LINK.fullmatch(text)
    if markdown is not None:
        text = markdown["address"].strip()
    text = _unwrap(text)
    before = None
    while text != before:
        before = text
        text = trim(text.strip(_TYPOGRAPHIC_ENDS))
    return text


def _unwrap(text: str) -> str:
    """Drop one pair of quotes or brackets around the whole target (``<https://…>``)."""
    for pair in _WRAPPERS:
        if len(text) >= 2 and text[0] == pair[0] and text[-1] == pair[1]:
            return text[1:-1].strip()
    return text


def _glued_card(text: str) -> Link | None:
    """``https://t.co/cykVk0lJUJWelt.de`` pasted whole: the t.co link and its card domain."""
    if "t.co/" not in text.lower():
        return None
    found = extract_links(text)
    if len(found) == 1 and found[0].card_domain is not None:
        return found[0]
    return None


def _reason(text: str, error: ValueError) -> str:
    message = str(error)
    if "port" in message.lower():
        return "invalid port"
    if "[" in text or "]" in text:
        return _bracket_reason(text)
    if "IPv6" in message or "IPv4" in message:
        return "broken IPv6 literal"
    return f"not a usable link ({message[:60]})"


BRACKET_IN_NAME = "a '[' or ']' in the host name"


def _bracket_reason(text: str) -> str:
    """urllib calls every stray bracket an "Invalid IPv6 URL"; a reader who wrote
    ``welt].de`` or ``[welt.de]`` wrote no address at all. An IPv6 literal has a colon
    inside its brackets, closed or not (``http://[::1/``)."""
    start = text.find("[")
    if start < 0:
        return BRACKET_IN_NAME
    end = text.find("]", start)
    inside = text[start + 1 : end if end > start else len(text)]
    return "broken IPv6 literal" if ":" in inside else BRACKET_IN_NAME
