"""Find the links in a post's text: URLs, bare domains, defanged and disguised forms.

Two passes over the folded text (see ``fold``), each one regular expression without nested
ambiguity, so the work is linear in the text (a 10 MB line is no problem):

1. ``http(s)://`` and ``ftp://`` URLs, and defanged ``hxxp(s)://``, ``fxp://``,
   ``https[:]//``, up to white space or a character no URL holds unescaped;
2. bare domains, ``de.wikipedia.org/wiki/Logan_Act`` or ``Welt.de``, which count only when the
   name ends in a real public suffix (tldextract's bundled list, through ``threadscope.names``)
   and does not read as prose, an e-mail address or a file name (see ``domain_like``).

Each candidate is trimmed (trailing punctuation, unbalanced brackets and quotes), refanged,
split from a glued link-card title (``https://t.co/cykVk0lJUJWelt.de``) and parsed with
``urllib.parse`` after ``browser.browser_slashes`` has put its slashes where a browser reads
them; its host is normalised by ``hosts.normalise_host``. The host is the one a browser
visits (tests/links/test_whatwg.py holds it against ada, a WHATWG URL parser), except for the
documented extras a browser refuses: folded text, defangs, and invisible characters a browser
does not map to nothing (bidi controls, tag characters, a joiner between Latin letters), where
the host is the one the reader sees.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from threadscope import names
from threadscope.links import shown
from threadscope.links.browser import browser_slashes, without_line_breaks
from threadscope.links.budget import LinkBudget, active_budget
from threadscope.links.fold import Folded, fold, without_hidden
from threadscope.links.hosts import LinkError, is_ip_literal, normalise_host, refused_host
from threadscope.links.wrapped import wrapped_end
from threadscope.models import Link

DEFANGED_CODE = "defanged"
USERINFO_CODE = "userinfo"
PERCENT_CODE = "percent-encoded"

# Characters that end a URL in running text: white space, quotes and angle brackets (RFC 3986
# appendix C), and the typographic quotes and ellipsis that surround or truncate links in posts.
_STOP_BUT_BACKSLASH = r"\s<>\"`|^…“”„«»‹›"
_STOP = _STOP_BUT_BACKSLASH + r"\\"
_BODY = rf"[^{_STOP}]*"
_BACKSLASHED_BODY = rf"[^{_STOP_BUT_BACKSLASH}]*"
"""A link written with a backslash after its scheme (``https:\\welt.ltd\\a\\b``) uses
backslashes as a browser does, as slashes: they are part of it, path included."""
DEFANGED_SEPARATOR = r"\[:\]//|\[://\]|\[:/\]/|\(:\)//"
"""The ``://`` after a scheme as researchers defang it: ``[:]//``, ``[://]``, ``[:/]/``,
``(:)//``. One definition for finding links in text (``_SCHEME``), for a pasted target
(``target``) and for refanging (``_DEFANGS``), so no form is known to one and not another."""
_SCHEME = re.compile(
    rf"(?:h(?:tt|xx)ps?|f[tx]p)(?::/*\\[/\\]*{_BACKSLASHED_BODY}"
    rf"|(?::[/\\]+|{DEFANGED_SEPARATOR}){_BODY})",
    re.IGNORECASE,
)
_DOT = r"(?:\.|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\})"
_LABEL_CHAR = r"[\w\u0300-\u036f-]"
_LABEL = rf"{_LABEL_CHAR}{{1,63}}"
# Not after a word character, a dot, @ or a slash: no domain from the middle of a word, an
# e-mail address (name@example.com) or a path.
_HOST_AND_REST_PATTERN = (
    rf"(?P<host>(?:{_LABEL}{_DOT}){{1,126}}{_LABEL})(?P<rest>(?::[0-9]{{1,5}})?(?:[/?#]{_BODY})?)"
)
_BARE = re.compile(rf"(?<![\w@./\\-]){_HOST_AND_REST_PATTERN}", re.IGNORECASE)
_HOST_AND_REST = re.compile(_HOST_AND_REST_PATTERN, re.IGNORECASE)
_DOT_RE = re.compile(_DOT, re.IGNORECASE)
_BARE_SIGN = re.compile(
    rf"[.\[({{](?<={_LABEL_CHAR}.)(?:(?<=\.)|(?:\.|dot)[\])}}])(?={_LABEL_CHAR})", re.IGNORECASE
)
"""What every bare domain holds: a dot, written or defanged (``[.]``, ``(dot)``, …; whether
the brackets pair is not checked), between two label characters. Most prose has none (a full
stop is followed by a space); scanning for the dot first costs a tenth of ``_BARE``, which
tries every word as a label."""
_MAX_PREFIXES = 8
"""Shorter domains tried in front of a rejected bare name (bounded: linear work)."""
_DEFANGED_SCHEME = rf"^(?:hxxp(?=s?(?::|{DEFANGED_SEPARATOR}))|fxp(?=:|{DEFANGED_SEPARATOR}))"
"""``hxxp``/``hxxps``/``fxp`` (any case: ``hXXp``) only where they are a scheme, followed by
``:`` or a defanged ``://``: ``hxxps://``, ``hxxp[:]//``, ``fxp[://]``. A name that merely
starts with those letters is kept as written (``fxpro.com`` is not ``ftpro.com``,
``hxxpsnews.com`` not ``httpsnews.com``), and so is a scheme that is no defang of ours
(``meow://``)."""
_DEFANGS = re.compile(
    rf"\[\.\]|\(\.\)|\{{\.\}}|\[dot\]|\(dot\)|\{{dot\}}|{_DEFANGED_SCHEME}|{DEFANGED_SEPARATOR}",
    re.IGNORECASE,
)
_REFANGED = {"[:]//": "://", "[://]": "://", "[:/]/": "://", "(:)//": "://"}
# t.co ids are 10 characters (since 2011); X's web copy glues the link card's domain to them.
_TCO_GLUED = re.compile(r"(?:https?://)?t\.co/[A-Za-z0-9]{10}(?=[A-Za-z0-9])", re.IGNORECASE)
_TRAILING = ".,;:!?'*~_’‘"
_CLOSERS = {")": "(", "]": "[", "}": "{", ">": "<"}

# Suffixes that are also common file extensions: ``report.zip``, ``clip.mov``, ``setup.py``,
# ``run.sh``, ``README.md``, ``main.rs``, ``libc.so``. In prose such a bare name is a file;
# with a scheme, a path or ``www.`` it is a link.
FILE_SUFFIXES = frozenset({"zip", "mov", "py", "sh", "md", "rs", "so"})


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    """Folded offsets."""
    text: str
    bare: bool
    wrapped: bool = False
    """The link goes on over the next line(s): ``text`` holds its line breaks."""


def extract_links(text: str) -> tuple[Link, ...]:
    """Every link in ``text``, in order of appearance; never raises on any ``str`` but
    ``TooManyLinks`` inside an ``audit``'s ``link_budget`` (``links.budget``)."""
    budget = active_budget()
    folded = fold(text)
    candidates = _candidates(folded.text, budget)
    if not candidates:
        return ()
    if "\n" in folded.text:
        candidates = _joined(folded.text, candidates)
    links: list[Link] = []
    for candidate in candidates:
        link = _link(folded, candidate)
        if link is not None:
            if budget is not None:
                budget.spend(link.url)
            links.append(link)
    if len(links) > 1 and "\n" in text:
        links = _cards_read(text, links)
    if len(links) > 1 and "](" in text:
        links = _labels_read(text, links)
    return tuple(links)


_MAX_LABEL = 300


def _labels_read(text: str, links: list[Link]) -> list[Link]:
    """``[welt.de](https://welt.ltd/x)``: a Markdown link is its address, shown as its label.
    Where the label shows another site (``shown.shown_site``: ``[welt.de/x]``,
    ``[welt.de/x"]``, ``[Quelle: welt.de]``), that site's text is no link of its own but what
    the address is shown as (``Link.shown``)."""
    kept: list[Link] = []
    for link in links:
        label = _label_before(text, link.start)
        site = shown.shown_site(text[label[0] : label[1]], link.host) if label else None
        if label is None or site is None:
            kept.append(link)
            continue
        for position in range(len(kept) - 1, -1, -1):
            inside = kept[position]
            if inside.start < label[0]:
                break
            if inside.end <= label[1] and inside.url == site.url:
                del kept[position]
                break
        kept.append(dataclasses.replace(link, shown=site.text))
    return kept


def _label_before(text: str, start: int) -> tuple[int, int] | None:
    """The span of a Markdown label that ends right before ``start`` (``[label](`` then the
    link), on one line; None when there is none. Brackets inside it pair up (a defanged
    ``welt[.]de`` in the label is no label's start)."""
    if start < 3 or text[start - 2 : start] != "](":
        return None
    end = start - 2
    opening = _opening(text, end)
    return None if opening is None else (opening + 1, end)


def _opening(text: str, end: int) -> int | None:
    """Where the ``[`` stands that the ``]`` at ``end`` closes, on its line and at most
    ``_MAX_LABEL`` characters before it; None when there is none."""
    depth = 0
    for position in range(end - 1, max(-1, end - 1 - _MAX_LABEL), -1):
        char = text[position]
        if char == "\n":
            return None
        if char == "]":
            depth += 1
        elif char == "[":
            if not depth:
                return position
            depth -= 1
    return None


_CARD_PREFIXES = ("From", "Von")
"""What X writes before the domain under a link card (``From welt.de``; ``Von`` in German)."""
CARD_DISTANCE = 4
"""At most this many line breaks between a link and its card's domain line (the card's
title and description stand between)."""


def _cards_read(text: str, links: list[Link]) -> list[Link]:
    """``links`` with each link card's domain line read as what it is: the domain the card
    shows for the link above it (``card_domain``), not a link of its own. X shows a card under
    a post as its title, then ``From welt.de`` (or the domain alone); that is the card's claim
    of where the link goes, which a clone sets as it likes."""
    kept = [links[0]]
    for link in links[1:]:
        above = kept[-1]
        if _card_line(text, link, above) and above.card_domain in (None, link.host):
            kept[-1] = dataclasses.replace(above, card_domain=link.host)
        else:
            kept.append(link)
    return kept


def _card_line(text: str, link: Link, above: Link) -> bool:
    """``link`` is a domain alone on its line, a card's, under ``above``: after ``From``
    (or ``Von``), or alone with a line of text (the card's title) between them and a link
    written with its scheme above (a card belongs to a URL, not to a domain in a list)."""
    if any(mark in link.input for mark in "/:@") or above.end > link.start:
        return False
    line_start = text.rfind("\n", 0, link.start) + 1
    line_end = text.find("\n", link.end)
    if text[link.end : len(text) if line_end < 0 else line_end].strip():
        return False
    between = text[above.end : line_start]
    if not 0 < between.count("\n") <= CARD_DISTANCE:
        return False
    prefix = text[line_start : link.start].strip()
    if prefix in _CARD_PREFIXES:
        return True
    if prefix or "://" not in above.input.replace("[:]//", "://"):
        return False
    return bool(between.partition("\n")[2].strip())


def from_line(text: str, link: Link) -> bool:
    """``link`` is the domain of a ``From welt.de`` (``Von welt.de``) line of ``text``, alone
    on it: what X writes under a link card, whether or not a link stands above it.

    Only the few characters around the link are read: a line of a million domains costs no
    more than their number."""
    if any(mark in link.input for mark in "/:@"):
        return False
    before = text[max(0, link.start - _CARD_ROOM) : link.start]
    line_start = before.rfind("\n")
    if line_start < 0 and link.start > _CARD_ROOM:
        return False  # far into a long line
    if before[line_start + 1 :].strip() not in _CARD_PREFIXES:
        return False
    after = text[link.end : link.end + _CARD_ROOM]
    line_end = after.find("\n")
    if line_end < 0 and link.end + _CARD_ROOM < len(text):
        return False
    return not after[: len(after) if line_end < 0 else line_end].strip()


_CARD_ROOM = 64
"""Characters read on each side of a card's domain for the rest of its line."""


def read_as_card(above: Link, below: str, card: Link) -> bool:
    """``card``, a link of the text ``below``, is the card of ``above`` when ``below`` stands
    right under ``above`` (a copy put a post's counter between them): ``_card_line`` over the
    two, with ``card`` the first link below."""
    head = above.input + "\n"
    shift = len(head)
    if card.start > CARD_DISTANCE * _MAX_CARD_LINE:
        return False  # far down a long post: no card of the link above
    text = head + below[: card.end + _MAX_CARD_LINE]
    moved = dataclasses.replace(card, start=card.start + shift, end=card.end + shift)
    return _card_line(text, moved, dataclasses.replace(above, start=0, end=len(above.input)))


_MAX_CARD_LINE = 1000
"""Characters of a card's line: its title is shorter (X cuts titles at 70)."""


def _candidates(text: str, budget: LinkBudget | None = None) -> list[_Candidate]:
    """Scheme URLs first, then bare domains in the stretches between them, in text order.

    A bare domain whose path holds a URL (``web.archive.org/web/2024/https://welt.de/``)
    replaces that URL; one whose name runs into a scheme (``prosehttps://``) is dropped.
    Each pattern runs only on text with what it needs: a colon for a scheme, ``_BARE_SIGN``
    for a bare domain (most replies have neither). ``budget`` refuses a text with too many
    of them while they are found (``LinkBudget.check_text``), before they are all held.
    """
    schemes, bare = ":" in text, _BARE_SIGN.search(text) is not None
    if not schemes and not bare:
        return []
    urls = _scheme_urls(text, budget) if schemes else []
    kept = [True] * len(urls)
    found: list[_Candidate] = []
    cursor = 0
    for match in _BARE.finditer(text) if bare else ():
        while cursor < len(urls) and urls[cursor].end() <= match.start():
            cursor += 1
        end = _label_end(match)
        inside = cursor
        while inside < len(urls) and urls[inside].start() < end:
            inside += 1
        if inside > cursor and urls[cursor].start() < match.end("host"):
            continue  # glued prose before a scheme, or the query or path of a URL
        candidate = _bare(text, match)
        if candidate is None:
            continue
        if end < match.end():
            candidate = _Candidate(candidate.start, end, text[candidate.start : end], True)
        for index in range(cursor, inside):
            kept[index] = False
        found.append(candidate)
        if budget is not None:
            budget.check_text(len(found) + len(urls))
    found.extend(
        _Candidate(m.start(), m.end(), m.group(), False)
        for m, keep in zip(urls, kept, strict=True)
        if keep
    )
    return sorted(found, key=lambda c: c.start)


def _scheme_urls(text: str, budget: LinkBudget | None = None) -> list[re.Match[str]]:
    """The URLs written with a scheme, in text order. One that is a Markdown label's
    (``[https://welt.de/x](https://welt.ltd/y)``) ends at the ``](`` that closes the label,
    and the address after it is a link of its own, as for a bare domain (``_label_end``):
    read whole, the clone's address was the path of a welt.de link."""
    found: list[re.Match[str]] = []
    position = 0
    while (match := _SCHEME.search(text, position)) is not None:
        closing = match.group().find("](")
        if budget is not None:
            budget.check_text(len(found) + 1)
        if closing < 0 or not _in_label(text, match.start()):
            found.append(match)
            position = match.end()
            continue
        label = _SCHEME.match(text, match.start(), match.start() + closing)
        if label is not None:
            found.append(label)
        position = match.start() + closing + 1
    return found


def _in_label(text: str, start: int) -> bool:
    """A Markdown label is open at ``start``: a ``[`` before it on its line, not closed."""
    return _opening(text, start) is not None


def _joined(text: str, candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates with each link that was broken over lines joined to its rest
    (``wrapped.wrapped_end`` says when a next line is one); what the rest held is no
    candidate of its own. Only links written with a scheme: a bare name that ends a line is
    a name."""
    joined: list[_Candidate] = []
    covered = 0
    for candidate in candidates:
        if candidate.start < covered:
            continue
        end = candidate.end
        if not candidate.bare and text[end : end + 1] in ("\n", "\r") \
                and trim(candidate.text) == candidate.text:
            end = wrapped_end(text, end, _is_link)
        if end != candidate.end:
            candidate = _Candidate(candidate.start, end, text[candidate.start : end], False, True)
            covered = end
        joined.append(candidate)
    return joined


def _is_link(token: str) -> bool:
    """``token`` starts with a domain of its own (``welt.de``, ``bild.de/x``): a card's
    line or the next link of a list, not the rest of the link above it."""
    match = _BARE.match(token)
    if match is None:
        return False
    return domain_like(_refang(match.group("host")), qualified=bool(match.group("rest")))


def _label_end(match: re.Match[str]) -> int:
    """Where a bare domain ends that is a Markdown label's (``[welt.de/x](https://…)``):
    at the ``](`` that closes the label; the link after it is a link of its own."""
    closing = match.group().find("](", match.end("host") - match.start())
    return match.end() if closing < 0 else match.start() + closing


def _bare(text: str, match: re.Match[str]) -> _Candidate | None:
    """A bare ``name.suffix`` that is a domain rather than prose, a number or a file."""
    rest = match.group("rest")
    if not rest and text.startswith("@", match.end()):
        return _bare_userinfo(text, match)
    if domain_like(_refang(match.group("host")), qualified=bool(rest.strip(_TRAILING))):
        return _Candidate(match.start(), match.end(), match.group(), True)
    if rest:
        return None
    return _bare_prefix(match)


def _bare_prefix(match: re.Match[str]) -> _Candidate | None:
    """``welt.de.Das``: a domain with the next sentence glued on after a missing space."""
    host = match.group("host")
    # A domain is at most 253 characters, so only the dots near the start can end one.
    dots = [dot.start() for dot in _DOT_RE.finditer(host, 0, 254)][-_MAX_PREFIXES:]
    for end in reversed(dots):
        prefix = host[:end]
        if _DOT_RE.search(prefix) and domain_like(_refang(prefix), qualified=False):
            return _Candidate(match.start(), match.start() + end, prefix, True)
    return None


def _bare_userinfo(text: str, match: re.Match[str]) -> _Candidate | None:
    """``welt.de@evil.example/a`` without a scheme: a URL with user info, not an e-mail.

    An address is taken as a link only when a path follows the host after the @ and the part
    before it is itself a domain; ``name@example.com`` and ``a.b@example.com`` stay e-mail.
    """
    after = _HOST_AND_REST.match(text, match.end() + 1)
    if after is None or not after.group("rest").startswith("/"):
        return None
    if not domain_like(_refang(match.group("host")), qualified=False):
        return None
    if not domain_like(_refang(after.group("host")), qualified=True):
        return None
    return _Candidate(match.start(), after.end(), text[match.start() : after.end()], True)


@functools.lru_cache(maxsize=8192)
def domain_like(host: str, *, qualified: bool) -> bool:
    """A bare name with a real public suffix; ``qualified`` when a path or port follows.

    Rejects what is prose: ``z.B``, ``e.g`` and version numbers have no real suffix; a
    title-case suffix (``Jahr.In``, ``Ende.Es``) is a missing space after a full stop; a
    file-extension suffix (``report.zip``) is a file unless qualified or under ``www.``.
    """
    if len(host) > 253 or host.endswith("-"):
        return False
    labels = host.split(".")
    suffix_label = labels[-1]
    if not (suffix_label.isalpha() or suffix_label.lower().startswith("xn--")):
        return False
    lowered = host.lower()
    parts = registrable_parts(lowered)
    if parts is None:
        return False
    if qualified or lowered.startswith("www."):
        return True
    if suffix_label.istitle() and len(suffix_label) > 1:
        return False
    return parts[1] not in FILE_SUFFIXES


def registrable_parts(host: str) -> tuple[str, str] | None:
    """(name, suffix) of a lower-case host, or None when it has no real public suffix.

    A wildcard suffix (``*.er``) swallows a whole two-label name (``sagte.er``), which is prose;
    a private suffix alone (``github.io``) is a real site, so the ICANN-only split decides.
    """
    parts = names.split_host(host)
    if parts.name and parts.suffix:
        return parts.name, parts.suffix
    if not parts.suffix or "." not in parts.suffix:
        return None
    icann = names.split_host_icann(host)
    if icann.name and icann.suffix:
        return icann.name, icann.suffix
    return None


def _refang(text: str) -> str:
    if not any(c in text for c in "[({") and text[:4].lower() != "hxxp" \
            and text[:3].lower() != "fxp":
        return text  # the common case: nothing defanged
    for token in ("[.]", "(.)", "{.}"):
        text = text.replace(token, ".")
    return _DEFANGS.sub(_refanged, text)


def _refanged(match: re.Match[str]) -> str:
    token = match.group().lower()
    if token == "hxxp":
        return "http"
    if token == "fxp":
        return "ftp"
    return _REFANGED.get(token, ".")


def trim(text: str) -> str:
    """Drop trailing punctuation and closing brackets or quotes the link does not open.

    Linear: the brackets are counted once, then the end is walked back, each closer dropped
    while more of its kind close than open (300 000 ``)`` took 26 s when each step counted
    the whole text again).
    """
    end = len(text)
    counts = {closer: text.count(closer) - text.count(opener)
              for closer, opener in _CLOSERS.items() if closer in text}
    while end:
        last = text[end - 1]
        if last in _TRAILING:
            end -= 1
        elif last in _CLOSERS and counts.get(last, 0) > 0:
            counts[last] -= 1
            end -= 1
        else:
            break
    return text[:end]


def _link(folded: Folded, candidate: _Candidate) -> Link | None:
    raw = trim(candidate.text)
    card_domain = None
    glued = None if candidate.wrapped else _TCO_GLUED.match(raw)
    if glued is not None:
        card_domain = _card(raw[glued.end() :])
        if card_domain is not None:
            raw = raw[: glued.end()]
    if not raw:
        return None
    address = without_line_breaks(raw) if candidate.wrapped else raw
    why = None
    try:
        url, host, evasions = normalise(address, bare=candidate.bare, strict=False)
    except (LinkError, ValueError) as error:
        found = malformed(address, error, bare=candidate.bare, strict=False)
        if found is None:
            return None
        url, host, evasions, why = found
    if "." not in host and not is_ip_literal(host):
        return None  # https://www, http://intranet: nothing a reader could be sent to
    start, end = folded.span(candidate.start, candidate.start + len(raw))
    hidden = folded.evasions(start, end)
    return Link(
        input=folded.original[start:end],
        url=url,
        host=host,
        start=start,
        end=end,
        card_domain=card_domain,
        evasions=hidden + tuple(e for e in evasions if e not in hidden),
        malformed=why,
    )


def _card(text: str) -> str | None:
    """The domain a glued card title names (``Welt.de``), or None when it names none."""
    match = _BARE.fullmatch(trim(text))
    if match is None or match.group("rest") or not domain_like(match.group("host"), qualified=True):
        return None
    try:
        host, _ = normalise_host(_refang(match.group("host")), strict=True)
    except LinkError:
        return None
    return host


def normalise(raw: str, *, bare: bool, strict: bool) -> tuple[str, str, tuple[str, ...]]:
    """(url, host, evasions) for one refanged-or-not link; raises LinkError or ValueError.

    Posts repeat their links, so short ones are remembered; a huge one is not kept alive.
    """
    if len(raw) <= _CACHED_LENGTH:
        return _normalise_cached(raw, bare, strict)
    return _normalise(raw, bare, strict)


_CACHED_LENGTH = 2048


@functools.lru_cache(maxsize=8192)
def _normalise_cached(raw: str, bare: bool, strict: bool) -> tuple[str, str, tuple[str, ...]]:
    return _normalise(raw, bare, strict)


def _normalise(raw: str, bare: bool, strict: bool) -> tuple[str, str, tuple[str, ...]]:
    evasions: list[str] = []
    refanged = _refang(raw)
    if refanged != raw:
        evasions.append(DEFANGED_CODE)
    parts = urlsplit(browser_slashes(f"https://{refanged}" if bare else refanged))
    hostname = parts.hostname
    if not hostname:
        raise LinkError("no host name")
    port = parts.port  # ValueError for a port out of range or not a number
    if "%" in hostname:
        # Browsers percent-decode host names (WHATWG URL): https://%77elt.de is welt.de.
        try:
            decoded = unquote(hostname, errors="strict")
        except UnicodeError as error:
            raise LinkError("invalid percent-encoding in host name") from error
        decoded, hidden = without_hidden(decoded)
        evasions.extend(code for code in hidden if code not in evasions)
        if refused_host(decoded):
            # https://welt.de%2Fevil.example/, %40, %00, %EF%BC%8F: no browser opens such a URL.
            raise LinkError("character not allowed in a host name")
        if decoded != hostname:
            hostname = decoded.lower()
            evasions.append(PERCENT_CODE)
    host, host_evasions = normalise_host(hostname, strict=strict)
    evasions.extend(host_evasions)
    if "@" in parts.netloc:
        evasions.append(USERINFO_CODE)
    return _rebuild(parts, host, port), host, tuple(evasions)




INVALID_PORT = "invalid port"
_UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f]|%(?![0-9A-Fa-f]{2})")
"""What a reader does not see as part of a name in a percent-decoded host: control characters
(``%00``, ``%0a``) and a ``%`` that starts no escape (``welt%.ltd``, ``spiegel.ltd%``)."""


def malformed(
    raw: str, error: Exception, *, bare: bool, strict: bool
) -> tuple[str, str, tuple[str, ...], str] | None:
    """(url, host, evasions, why) for a link ``normalise`` refused (``error``) that no browser
    opens but whose host is still a name a reader reads: a port out of range or no number
    (``https://spiegel.ltd:99999/artikel``), or a host whose percent-escapes a browser
    refuses only for what a reader does not see (``https://welt%00.ltd/``: a control
    character; ``welt%ff.ltd``: no UTF-8; a stray ``%``). An attacker writes such a link so
    that a filter drops it while the name does its work: it is kept, its host judged by name
    (``Link.malformed``), and never followed. ``url`` is the link as written, refanged.

    None when the host reads as no one name (``welt.de%2Fevil.example``: a browser's ``/``
    inside it) or is not a host name at all: ``error`` stands."""
    refanged = _refang(raw)
    written = browser_slashes(f"https://{refanged}" if bare else refanged)
    try:
        parts = urlsplit(written)
        hostname = parts.hostname
    except ValueError:
        return None
    if not hostname:
        return None
    why = None
    try:
        parts.port  # noqa: B018 - raises for a port out of range or no number
    except ValueError:
        why = INVALID_PORT
    evasions: list[str] = [DEFANGED_CODE] if refanged != raw else []
    if "%" in hostname:
        unquoted = unquote(hostname, errors="ignore")
        decoded, hidden = without_hidden(_UNSEEN.sub("", unquoted))
        if refused_host(decoded):
            return None
        evasions.extend(hidden)
        if unquoted != hostname:
            evasions.append(PERCENT_CODE)
        hostname = decoded.lower()
        why = why or str(error)
    if why is None:
        return None  # refused for its name itself: no name to judge
    try:
        host, host_evasions = normalise_host(hostname, strict=strict)
    except (LinkError, ValueError, UnicodeError):
        return None
    if not host:
        return None
    evasions.extend(host_evasions)
    if "@" in parts.netloc:
        evasions.append(USERINFO_CODE)
    return written, host, tuple(dict.fromkeys(evasions)), why


def _rebuild(parts: SplitResult, host: str, port: int | None) -> str:
    userinfo, _, _ = parts.netloc.rpartition("@")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc = f"{netloc}:{port}"
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    return urlunsplit(
        (parts.scheme.lower(), netloc, parts.path or "/", parts.query, parts.fragment)
    )
