"""A link broken over two lines inside a post, and when its next line is the rest of it.

Text copied out of a terminal, an e-mail or a narrow column breaks a long URL where the line
ends: ``https://welt.ltd/politik/artikel-`` and, on the next line, ``2024-ukraine.html``.
Read line by line, the link keeps its domain and loses its path. A browser removes line
breaks from a URL (``browser.without_line_breaks``, what ``check`` does with one pasted link),
but in a post the next line is most often something else: the next sentence, the thread's
counter (``2/22``), a card's ``From welt.de``, X's ``Show more``, a hashtag. So a line is
joined only when both sides say so:

- the first part ends at a plausible break: after a character no URL ends with (``-``,
  ``=``, ``&`` …), after a ``/`` (a path goes on), or mid-token on a line exactly as long
  as a common wrap width (``WRAP_WIDTHS``: e-mail and terminals break there);
- the next line starts, without a space, with one run of URL characters that holds a sign
  of a path (``/ . - _ = ? & % #`` or a digit) and is not a counter (``2/22``), a mention,
  a hashtag, a new link or a domain of its own (a card line, a list of domains).

After a ``/`` or mid-token the continuation must also start in lower case or with a digit:
``https://welt.ltd/politik/`` then ``Ukraine-Krieg: was nun`` is a sentence, not a path.
"""

from __future__ import annotations

import re
from collections.abc import Callable

WRAP_WIDTHS = frozenset({72, 76, 78, 80})
"""Line lengths text is hard-wrapped at: e-mail (RFC 5322's 78, format=flowed's 72 and 76,
Outlook's 76) and the 80 columns of a terminal. A URL cut mid-token on a line of another
length is more likely a link that ends there."""
_UNFINISHED = frozenset("-_=&?%~+")
"""Characters a URL does not end with, or seldom: a line that ends a link with one was cut."""
_CONTINUATION = re.compile(r"[A-Za-z0-9\-._~/?#\[\]@!$&'()*+,;=%]+")
_PATH_SIGN = re.compile(r"[/.\-_=?&%#0-9]")
_COUNTER = re.compile(r"\(?\[?\d{1,4}\s?/\s?\d{0,4}\]?\)?[.:,]?")
"""A thread's counter (``2/22``, ``1/``, ``(3/5)``): the next post, not a path."""
_NOT_STARTING = ("@", "#", "(", "[", "/")
"""What a continuation does not start with: a mention, a hashtag, a bracket, a slash (the
first part carries the slash it breaks after)."""
_MAX_LINES = 8


def wrapped_end(text: str, end: int, is_link: Callable[[str], bool]) -> int:
    """Where a link that ends at ``end`` in ``text`` really ends, its wrapped lines joined:
    ``end`` itself when the next line is no part of it. ``is_link`` says whether a run of
    text is a link or a domain of its own (``extract`` decides what a domain is)."""
    for _ in range(_MAX_LINES):
        following = _continuation(text, end, is_link)
        if following is None:
            return end
        end = following
    return end


def _continuation(text: str, end: int, is_link: Callable[[str], bool]) -> int | None:
    """The end of the next line's continuation of a link that ends at ``end``, or None."""
    if end == 0 or end >= len(text):
        return None
    start = end + 2 if text.startswith("\r\n", end) else end + 1
    if text[end] not in "\r\n" or start >= len(text):
        return None
    last = text[end - 1]
    line_start = text.rfind("\n", 0, end) + 1
    if last not in _UNFINISHED and last != "/" and end - line_start not in WRAP_WIDTHS:
        return None
    match = _CONTINUATION.match(text, start)
    if match is None:
        return None
    token = match.group()
    after = text[match.end() : match.end() + 1]
    if after and not after.isspace():
        return None  # letters a URL does not hold unescaped: a word, not a path
    if not _continues(token, strict=last not in _UNFINISHED) or is_link(token):
        return None
    return match.end()


def _continues(token: str, *, strict: bool) -> bool:
    """``token`` reads as the rest of a URL, not as the next post's first word."""
    if len(token) < (2 if strict else 1) or token.startswith(_NOT_STARTING):
        return False
    if _COUNTER.fullmatch(token):
        return False
    if "://" in token or _PATH_SIGN.search(token.rstrip(".,;:!?'")) is None:
        return False
    return not strict or token[0].islower() or token[0].isdigit()
