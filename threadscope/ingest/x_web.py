"""Text copied from the X web page → posts, page furniture removed.

A copied post looks like (one item per line; the layout varies with language and width)::

    Maria Weber                     display name
    @MariaWeber13278                handle (or ``@handle · 2h`` / ``Maria Weber @handle · 2h``)
    ·
    Jul 14                          time: ``2h``, ``Jul 14``, ``14. Juli``, ``14. März 2023`` …
    Replying to @someone            (``Antwort an @…``)
    the post's text …
    Translate post
    12                              counters: replies, reposts, likes, views (``1.2K``, ``1.203``)
    1.2K

A header is recognised only with its evidence (a ``@handle`` line followed by ``·`` or a time,
or ``@handle · time`` inline), so a post that begins with ``@someone`` is not a header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from threadscope.ingest.authorship import as_handle
from threadscope.models import Platform, Post

_HANDLE = r"@(?P<handle>[A-Za-z0-9_]{1,30})"
_MONTH = r"[A-Za-zÄÖÜäöüé]{3,9}\.?"
_TIME = (
    r"(?:\d{1,2}\s?(?:s|m|h|d|min|Min\.|Std\.|Sek\.|Tg\.)"
    rf"|{_MONTH}\s\d{{1,2}}(?:,\s\d{{4}})?"
    rf"|\d{{1,2}}\.?\s{_MONTH}(?:\s\d{{4}})?"
    r"|\d{1,2}:\d{2}(?:\s?[AP]M)?(?:\s·\s.{1,40})?"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4})"
)
_TIME_LINE = re.compile(rf"(?:·\s*)?{_TIME}")
_HANDLE_LINE = re.compile(_HANDLE)
_INLINE_HEADER = re.compile(rf"(?:(?P<name>[^@\n]{{1,60}}?)\s+)?{_HANDLE}\s*·\s*{_TIME}")
_REPLYING = re.compile(r"(?:Replying to|Antwort an|En réponse à|Respondiendo a)\b\s*(?P<rest>.*)")
_REPOSTED = re.compile(
    r"(?:.{1,60}\s)?(?:reposted|retweeted|hat repostet|hat retweetet|a reposté|reposteó)"
    r"|(?:You|Du|Sie) (?:reposted|hast repostet|haben repostet)", re.IGNORECASE)
"""``Lena Hartmann reposted`` above a post: the post below is the original author's."""
_STAMP = re.compile(rf"{_TIME}\s·\s.{{1,40}}|\d{{1,2}}:\d{{2}}(?:\s?[AP]M)?\s·\s.{{1,60}}")
"""``3:45 PM · Jul 14, 2024 · 880 Views``: the time under a post opened on its own page."""
_MENTION_LIST = re.compile(r"(?:@[A-Za-z0-9_]{1,30}|and|und|et|y|\d+ (?:others|weitere))(?:\s.*)?")
_COUNTER = re.compile(
    r"\d{1,3}(?:[.,\u202f ]?\d{3})*(?:[.,]\d{1,2})?\s?(?:[KkMB]|Mio\.?|Tsd\.?|Mrd\.?)?"
    r"(?:\s(?:views?|Views|Aufrufe|Mal angezeigt|reposts?|Reposts|likes?|Likes|"
    r"Gefällt mir|replies|Antworten|quotes?|Zitate|bookmarks?|Lesezeichen))?"
)
_FURNITURE = frozenset(
    s.casefold()
    for s in (
        "Show more replies", "Show replies", "Show more", "Show this thread", "Show this post",
        "Translate post", "Translate Tweet", "Translate", "Show translation", "Quote", "Pinned",
        "Reposted", "Ad", "Promoted", "Views", "Follow", "Subscribe", "Read more", "Post",
        "Show additional replies, including those that may contain offensive content",
        "Discover more", "Sourced from across X", "Relevant people", "Last edited",
        "Beitrag übersetzen", "Übersetzung anzeigen", "Weitere Antworten anzeigen",
        "Antworten anzeigen", "Diesen Thread anzeigen", "Mehr anzeigen", "Zitat", "Angeheftet",
        "Angepinnt", "Anzeige", "Aufrufe", "Folgen", "Gesponsert", "Weiterlesen",
        "Zuletzt bearbeitet", "Mehr entdecken", "·", "…",
    )
)


@dataclass(frozen=True)
class _Header:
    line: int
    """0-based index of the first header line (the display name when there is one)."""
    body: int
    """0-based index of the first line after the header."""
    handle: str
    name: str | None


def looks_like_x_web(text: str) -> bool:
    """True when at least one post header (``@handle`` with its ``·`` or time) is present."""
    return "@" in text and bool(find_headers(text.splitlines()))


def parse_x_web(text: str) -> tuple[Post, ...]:
    """Posts in page order; text before the first header becomes a post without author."""
    lines = text.splitlines()
    headers = find_headers(lines)
    posts: list[Post] = []
    first = headers[0].line if headers else len(lines)
    lead = clean_body(lines[: _before_repost_line(lines, 0, first)] if headers else lines)
    if lead:
        posts.append(Post(text=lead, line=1, platform=Platform.X if headers else None))
    for i, header in enumerate(headers):
        end = headers[i + 1].line if i + 1 < len(headers) else len(lines)
        if i + 1 < len(headers):
            end = _before_repost_line(lines, header.body, end)
        posts.append(
            Post(
                text=clean_body(lines[header.body : end]),
                line=header.line + 1,
                platform=Platform.X,
                author=header.handle,
                author_kind=as_handle(header.handle),
                display_name=header.name,
            )
        )
    return tuple(posts)


def _before_repost_line(lines: list[str], start: int, end: int) -> int:
    """``end`` moved above a "… reposted" line standing right over the next post's header."""
    while end > start:
        line = lines[end - 1].strip()
        if line and not _REPOSTED.fullmatch(line):
            break
        end -= 1
    return end


def find_headers(lines: list[str]) -> list[_Header]:
    headers: list[_Header] = []
    for i, raw in enumerate(lines):
        if "@" not in raw:
            continue
        header = _header_at(lines, i, raw.strip())
        if header is not None and (not headers or header.line >= headers[-1].body):
            headers.append(header)
    return headers


def _header_at(lines: list[str], i: int, line: str) -> _Header | None:
    if len(line) > 120 or "@" not in line:
        return None
    inline = _INLINE_HEADER.fullmatch(line)
    if inline:
        name = inline.group("name")
        if name is None and i > 0 and _is_name(lines[i - 1].strip()):
            return _Header(i - 1, i + 1, inline.group("handle"), lines[i - 1].strip())
        return _Header(i, i + 1, inline.group("handle"), name.strip() if name else None)
    handle = _HANDLE_LINE.fullmatch(line)
    if handle is None:
        return None
    if i > 0 and _REPLYING.fullmatch(lines[i - 1].strip()):
        return None  # the answered handle under "Replying to", never an author
    after = _next_nonblank(lines, i + 1)
    if after is None:
        return None
    nxt = lines[after].strip()
    if _REPLYING.fullmatch(nxt):
        # a post opened on its own page: name and handle, "Replying to", the time goes below
        after = i
    elif nxt == "·":
        time_at = _next_nonblank(lines, after + 1)
        if time_at is not None and _TIME_LINE.fullmatch(lines[time_at].strip()):
            after = time_at
    elif not (nxt.startswith("·") and _TIME_LINE.fullmatch(nxt)):
        return None
    has_name = i > 0 and _is_name(lines[i - 1].strip())
    start = i - 1 if has_name else i
    name = lines[i - 1].strip() if has_name else None
    return _Header(start, after + 1, handle.group("handle"), name)


def _is_name(line: str) -> bool:
    if not 0 < len(line) <= 60 or line.casefold() in _FURNITURE or _REPOSTED.fullmatch(line):
        return False
    return not _COUNTER.fullmatch(line)


def _next_nonblank(lines: list[str], start: int) -> int | None:
    for j in range(start, min(start + 3, len(lines))):
        if lines[j].strip():
            return j
    return None


def clean_body(lines: list[str]) -> str:
    """The post's own text: furniture, counters and "Replying to" lines removed."""
    kept: list[str] = []
    in_replying = False
    for raw in lines:
        line = raw.strip()
        replying = _REPLYING.fullmatch(line)
        if replying:
            in_replying = not replying.group("rest")
            continue
        if in_replying and _MENTION_LIST.fullmatch(line):
            continue
        in_replying = False
        if line.casefold() in _FURNITURE or _STAMP.fullmatch(line):
            continue
        kept.append(raw.rstrip())
    # Counters stand below the text; a number inside the text ("2024" on its own) stays.
    while kept and (not kept[-1].strip() or _COUNTER.fullmatch(kept[-1].strip())):
        kept.pop()
    return "\n".join(kept).strip()
