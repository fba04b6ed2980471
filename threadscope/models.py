"""The data that flows through the pipeline: ingest → threads → links → assess → enrich → report.

Every record is a frozen dataclass; stages build new records with ``dataclasses.replace``
instead of mutating what an earlier stage produced. Field names follow ``CONTRACT.md`` where the
record is part of the JSON output. The JSON shapes themselves are here too, as ``to_dict``
methods (``Assessment``, ``Reassembly``, ``AuditReport``, ``BotReport`` and what they hold):
the one implementation ``--format json`` and ``jsonl`` print (``threadscope.report.shapes``
calls them), and plain data for a script that imports the library.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, NamedTuple

from threadscope import __version__

# --------------------------------------------------------------------------- ingest / threads


class PostKind(enum.StrEnum):
    """What a post is on its platform: what the reply graph and the bot detector build on."""

    ORIGINAL = "original"
    REPLY = "reply"
    QUOTE = "quote"
    REPOST = "repost"
    """A plain retweet / boost / repost: the text is someone else's, never "same text"."""


class AuthorKind(enum.StrEnum):
    """What a post's ``author`` is, as its source says: whether a report may write ``@`` before
    it. A display name shown as ``@Anna`` would name whoever holds that handle, quite possibly
    someone else: a journalist citing it would misattribute the post."""

    HANDLE = "handle"
    """A platform-unique account name, mentioned with ``@`` (X's ``username``, a Bluesky or
    Mastodon handle, a Reddit or Threads username, a YouTube ``@handle``, a Telegram channel's
    public name)."""
    NAME = "name"
    """A display name: chosen freely, shared by many, never mentioned with ``@`` (a Telegram
    sender's ``from``, a YouTube display name of a channel without a handle, a CSV's name
    column)."""
    ID = "id"
    """The platform's id of the account (a Bluesky DID, Telegram's ``user456``, a YouTube
    channel id): unique, but nobody writes it with ``@``."""


class Platform(enum.StrEnum):
    """Where a post was made, as the reader that read it knows from the data's shape
    (``Post.platform``). Rules that hold on one platform only ask it: the handles X proposes
    at sign-up (``MariaSchulz83651``) are X's; a Reddit user who picked ``Maria12345678``
    chose it. A CSV or pasted text says no platform (``Post.platform`` None)."""

    X = "x"
    BLUESKY = "bluesky"
    MASTODON = "mastodon"
    REDDIT = "reddit"
    YOUTUBE = "youtube"
    TELEGRAM = "telegram"
    THREADS = "threads"
    """Meta's Threads."""


class YoutubeIds(NamedTuple):
    """A YouTube comment's place by YouTube's ids, as the Data API gives them: the video it
    is under (``snippet.videoId``), the channel that video belongs to (``snippet.channelId``,
    for a comment on a channel itself that channel) and the commenter's channel
    (``authorChannelId.value``). A comment whose author is the video's channel is the
    channel's own post: the owner of the thread, which ``bots`` sets apart from the replies
    (``bots.detect.thread_owner``). None where the dump does not say: youtube-comment-
    downloader keeps neither the video nor its channel, so its comments have no known owner.
    A tuple: one is made for each comment of a dump of a hundred thousand."""

    video: str | None = None
    channel: str | None = None
    author_channel: str | None = None


POLL_OPTION = "[ ] "
"""How a poll's option opens its line in ``Post.text`` (after the text and a blank line): a
box to tick, as a reader sees it. Threads look for a post's closing marker above them."""


@dataclass(frozen=True, slots=True)
class Post:
    """One post, as read from a dump: a numbered piece of a pasted thread or a platform record.

    Slotted: a dump of a million lines or a bot analysis of a hundred thousand replies
    holds that many at once.
    """

    text: str
    """The post's own text, page furniture (counters, "Replying to", …) removed."""
    line: int
    """1-based line of the source where the post starts (for JSON records: the record's order)."""
    index: int | None = None
    """The ``n`` of an ``n/m`` marker, or the position in a reply chain; None when unnumbered."""
    total: int | None = None
    """The ``m`` of an ``n/m`` marker; None for ``n/``-style markers or structured posts."""
    author: str | None = None
    """Who posted it, as the dump names the account: a handle without ``@``, a display name
    or an account id (``author_kind`` says which); None where the dump does not say."""
    display_name: str | None = None
    post_id: str | None = None
    """The platform's id (tweet id, Bluesky at:// URI, Mastodon status id)."""
    reply_to: str | None = None
    """The post_id this one answers, where the dump says."""
    conversation_id: str | None = None
    created_at: str | None = None
    """ISO 8601 timestamp in UTC where known."""
    author_created_at: str | None = None
    """When the author's account was created (X API v2 ``includes.users``), ISO 8601."""
    urls: tuple[str, ...] = ()
    """Links the platform expanded for us (X ``expanded_url``, Bluesky facets, Mastodon hrefs)."""
    expansions: tuple[tuple[str, str], ...] = ()
    """(short link as the text writes it, the address the dump says it expands to): X's
    ``url`` and ``unwound_url`` or ``expanded_url`` of one entity, so that an audit can tie
    the t.co link of a text to the address it stands for (both are in its links)."""
    card_title: str | None = None
    """Title or domain of an attached link card, where the platform gave one."""
    repost_of: str | None = None
    """The post_id this post reposts (X ``retweeted``, archive ``retweeted_status``, QUT
    ``repost_id``, Mastodon ``reblog``, Bluesky repost); None for posts of one's own. An
    archive keeps a retweet only as ``RT @x: …``: then it is ``@x`` (no post id starts
    with ``@``), the reposted author."""
    quote_of: str | None = None
    """The post_id this post quotes (X ``quoted``), where the dump says."""
    reply_to_author: str | None = None
    """Handle of the author of the post this one answers, where the dump says (X
    ``in_reply_to_user_id`` resolved, archive ``in_reply_to_screen_name``, Mastodon
    ``in_reply_to_account_id``, the DID in a Bluesky parent URI): tells a self-reply to a post
    the dump lacks from a reply to someone else."""
    author_status: str | None = None
    """What became of the author's account later in the dump, where it says (a Bluesky
    Jetstream log's account events): its last status, ``takendown`` or ``suspended`` (the
    platform's doing), ``deactivated`` or ``deleted`` (the holder's), …; None while active,
    reinstated, or not said; a Bluesky API answer's label on the author (``!takedown``,
    ``!suspend``) and a Mastodon account's ``suspended`` say it as it stood when the answer
    was saved. Every other reader leaves it None."""
    author_status_by: str | None = None
    """Who set ``author_status`` and when the dump saw it, as a reason cites it after "taken
    down by": ``Bluesky later in the log`` (a Jetstream account event), ``Bluesky, labelled
    so when the data was saved``, ``the Mastodon server, marked so when the data was saved``;
    None: "the platform"."""
    edited_at: str | None = None
    """When the version shown was written, for a post edited after it was made (Mastodon
    ``edited_at``, the last version of an edit history), ISO 8601; ``created_at`` stays the
    first version's time. None for a post not edited, or where the dump does not say."""
    edited_away: tuple[str, ...] = ()
    """Links an earlier version of the post had and the version shown no longer has (a
    Mastodon edit history): also in ``urls``, since a link spread and then edited away is
    evidence the audit still assesses."""
    link_texts: tuple[tuple[str, str], ...] = ()
    """(address, the text a reader sees for it) of the links the platform marks up in the
    text: a Mastodon or HTML anchor's href and its text, a Bluesky link facet's uri and the
    characters it covers. Where the text reads as another site (``welt.de/politik/x`` over a
    link to welt.ltd), ``post_links`` lists the address with ``Link.shown``, not the text."""
    alt_text: tuple[str, ...] = ()
    """Descriptions of the post's images and videos (Mastodon ``description``, Bluesky
    ``alt``): not the post's text (readers see the picture, and threads and ``bots`` compare
    what readers see), but a place links hide in, so ``post_links`` reads them."""
    author_kind: AuthorKind | None = None
    """What ``author`` is: a handle, a display name or an account id, as the reader knows from
    the field it took it from. None where there is no author, or where a post was built
    without saying (``authors.author_label`` then guesses from the text, as before)."""
    youtube: YoutubeIds | None = None
    """Set by the YouTube readers only: the video, its channel and the commenter's channel,
    as far as the dump says. Kept apart from ``conversation_id``, which threads key on (one
    video's comment threads are many threads). None: not a YouTube comment."""
    author_labels: tuple[str, ...] = ()
    """What the platform said about the author's account when the data was saved, as a reader
    is shown it (``ingest.account_labels``): ``X: verified (business)``, ``X: protected
    account``, ``Mastodon: marked as automated (bot)``, ``Bluesky: labelled spam``, … Read only
    from the platform's boolean and enum fields, never from text the account holder wrote (a
    display name or bio saying "verified" is no label). Context for a reader: ``bots`` scores
    no label."""
    author_id: str | None = None
    """The author's stable account id, where the dump has one (X's user id, a Bluesky DID,
    a Mastodon account's ``id@server``): what ``bots`` tells accounts apart by, since a
    handle given up can be taken by another account. None: the dump names the author only
    (pasted text, a CSV without an id column). Set by ``AccountFacts.settle``."""
    platform: Platform | None = None
    """Where the post was made, set by the reader of its shape (an X API answer, a Reddit
    listing, a snscrape record of any of its platforms, …); None where the dump does not say
    (a CSV, pasted text other than X's page). ``bots`` applies a platform's own rule only to
    its posts (``signals.generated_handle``: X's sign-up handles)."""

    def to_dict(self, links: Sequence[int] | None = None) -> dict[str, Any]:
        """A post as ``threads[].posts[]`` of the JSON contract: ``links`` (indices into an
        audit's ``links``) only where given, ``author_id`` always (the author's stable id,
        as ``bots`` gives ``account_id``; null where the input has none, so a script can
        tell two accounts that went by one handle apart, and one renamed account as one),
        each other optional field only where it says something."""
        data: dict[str, Any] = {
            "index": self.index,
            "total": self.total,
            "text": self.text,
            "line": self.line,
        }
        if links is not None:
            data["links"] = list(links)
        if self.author is not None:
            data["author"] = self.author
        if self.author_kind is not None:
            data["author_kind"] = _value(self.author_kind)
        data["author_id"] = self.author_id  # always: null says the input has no stable id
        optional = {
            "post_id": self.post_id,
            "reply_to": self.reply_to,
            "created_at": self.created_at,
            "urls": list(self.urls) or None,
            "card_title": self.card_title,
            "edited_at": self.edited_at,
            "edited_away": list(self.edited_away) or None,
            "alt_text": list(self.alt_text) or None,
            "author_status": self.author_status,
            "author_labels": list(self.author_labels) or None,
            "platform": _value(self.platform),
        }
        data.update({key: value for key, value in optional.items() if value is not None})
        return data

    @property
    def is_video(self) -> bool:
        """A YouTube video (a ``videos.list`` answer's, read into the context: its title the
        text, its id its video's), not a comment: what its comments are under and are timed
        from, never a post of a thread."""
        youtube = self.youtube
        return youtube is not None and self.post_id is not None and self.post_id == youtube.video

    @property
    def kind(self) -> PostKind:
        """Repost before quote before reply: a retweet of a reply is still a retweet."""
        if self.repost_of is not None:
            return PostKind.REPOST
        if self.quote_of is not None:
            return PostKind.QUOTE
        if self.reply_to is not None:
            return PostKind.REPLY
        return PostKind.ORIGINAL


@dataclass(frozen=True)
class Thread:
    """One reassembled thread: posts in order, with what is missing or repeated."""

    id: int
    author: str | None
    total: int | None
    """The last declared total, or None for ``1/``-style and structured threads."""
    declared_totals: tuple[int, ...]
    posts: tuple[Post, ...]
    missing: tuple[int, ...]
    duplicates: tuple[int, ...]
    """Indices of posts that were pasted more than once (each kept once in ``posts``)."""
    trailing: str | None = None
    """Text after the thread's last post and before the next thread."""
    head_missing: bool = False
    """The thread's first post is not in the dump: ``1`` is in ``missing``, and in a structured
    dump (whose reply graph shows the gap but not its size) more posts may be missing before
    the first one shown than ``missing`` can count."""
    author_kind: AuthorKind | None = None
    """What ``author`` is (``Post.author_kind`` of the thread's posts)."""

    def to_dict(
        self, post_links: Mapping[tuple[int, int], tuple[int, ...]] | None = None
    ) -> dict[str, Any]:
        """A thread as ``threads[]`` of the JSON contract; with an audit's ``post_links``,
        each post lists the indices of its links (``Post.to_dict``)."""
        posts = [
            post.to_dict(None if post_links is None else post_links.get((self.id, i), ()))
            for i, post in enumerate(self.posts)
        ]
        return {
            "id": self.id,
            "author": self.author,
            "author_kind": _value(self.author_kind),
            "total": self.total,
            "declared_totals": list(self.declared_totals),
            "posts": posts,
            "missing": list(self.missing),
            "duplicates": list(self.duplicates),
            "trailing": self.trailing,
            "head_missing": self.head_missing,
        }


@dataclass(frozen=True)
class Reassembly:
    """The result of ``threadscope.reassemble``: every thread, and every line that fit none."""

    source: str
    threads: tuple[Thread, ...]
    unthreaded: tuple[str, ...] = ()
    format: str = "text"
    """What the input was recognised as: text, x-web, x-api-v2, twarc2, x-archive, bluesky,
    mastodon, meta-threads, telegram, snscrape, twint, youtube, reddit."""
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``threadscope thread --format json`` as plain data: ``json.dumps`` of it is the
        command's output (warnings go to stderr, not here)."""
        return {
            "source": self.source,
            "format": self.format,
            "threads": [thread.to_dict() for thread in self.threads],
            "unthreaded": list(self.unthreaded),
        }


# --------------------------------------------------------------------------- links


@dataclass(frozen=True)
class Link:
    """A link found in free text, normalised so that it can be assessed."""

    input: str
    """The text exactly as it stood in the source (defanged, bold Unicode, …)."""
    url: str
    """Normalised absolute URL: scheme added, refanged, NFKC-folded, hidden characters removed."""
    host: str
    """Lower-case host name (Unicode form for IDNs), or an IP literal."""
    start: int = 0
    """Character offset of ``input`` in the text it was extracted from."""
    end: int = 0
    card_domain: str | None = None
    """The domain a link card claims: glued to the link (``https://t.co/abcdefghijWelt.de`` →
    ``welt.de``) or on the card's own line under it (``From welt.de``)."""
    evasions: tuple[str, ...] = ()
    """How the link was disguised: ``defanged``, ``unicode-compat`` (𝐰𝐞𝐥𝐭), ``zero-width``,
    ``bidi-control``, ``userinfo``, ``punycode`` …; each becomes a reason in the assessment."""
    shown: str | None = None
    """The text a reader sees in place of the link where it reads as another link or domain:
    an anchor's text (Mastodon, HTML), a Markdown label (``[welt.de](https://welt.ltd/x)``),
    a Bluesky facet's text. None when the link is shown as itself or as words."""
    malformed: str | None = None
    """Why no browser opens the link although its host is a name a reader reads (``invalid
    port``: ``https://spiegel.ltd:99999/``; ``character not allowed in a host name``:
    ``https://welt%00.ltd/``): ``url`` is then the link as written, never followed, and the
    host is judged by its name alone (``extract.malformed``). None for a link that opens."""


@dataclass(frozen=True)
class Card:
    """A link card's ``From welt.de`` line with no link to belong to (the copy lost the link,
    or only the card was pasted). The platform writes on a card the site of the link that
    was posted, so the domain is assessed as a link of its post (``AuditReport.links``);
    the card says where it stood and that the address itself is not in the paste."""

    domain: str
    """The domain the card shows, normalised as a link's host."""
    text: str
    """The card's line as pasted (``From welt.de``)."""
    thread: int | None = None
    """The id of the thread whose post (or trailing text) holds it; None outside threads."""
    post: int | None = None
    """The index (``n`` of ``n/m``) of the post that holds it; None outside a numbered post."""
    line: int | None = None
    """1-based line of the paste; None where the paste's lines do not say."""


# --------------------------------------------------------------------------- assessment


class Verdict(enum.StrEnum):
    """What a link or domain is taken for; ``flagged`` ones make a command exit 1."""

    OFFICIAL = "official"
    """A protected brand's own domain."""
    LOOKALIKE = "lookalike"
    """Imitates a protected brand: a score of ``LOOKALIKE_THRESHOLD`` (70) or more."""
    SUSPICIOUS = "suspicious"
    """A score from ``SUSPICIOUS_THRESHOLD`` (40) up to the look-alike threshold."""
    BENIGN = "benign"
    """A score under ``SUSPICIOUS_THRESHOLD``."""
    INVALID = "invalid"
    """Not a usable host; the assessment's ``error`` says why."""

    @property
    def flagged(self) -> bool:
        """True for the verdicts that make a command exit 1."""
        return self in (Verdict.LOOKALIKE, Verdict.SUSPICIOUS)


LOOKALIKE_THRESHOLD = 70
SUSPICIOUS_THRESHOLD = 40


@dataclass(frozen=True)
class Reason:
    """One piece of evidence: points towards the score and a sentence a journalist can cite."""

    code: str
    points: int
    detail: str


@dataclass(frozen=True, slots=True)
class Brand:
    """A protected brand: an outlet, broadcaster, agency, government body or platform."""

    name: str
    domains: tuple[str, ...]
    """All official registrable domains; the first is the main one (what ``imitates`` names)."""
    country: str | None = None
    """ISO 3166 alpha-2, or None for international bodies and platforms."""
    category: str | None = None
    """news, broadcaster, agency, government, international, platform, popular …"""
    tier: int = 1
    """1 = curated brand or ``--brands`` entry (full weight); 2 = a listed site: a known news
    outlet (``data/outlets.tsv``, category news) or a domain of the popularity ranking
    (``data/popular.txt``, category popular)."""


@dataclass(frozen=True)
class Hop:
    """One request made while following a link."""

    url: str
    status: int | None
    """HTTP status, or None when the request failed (see ``error``)."""
    via: str = "http"
    """How we got here: ``http`` (Location header), ``meta-refresh``, ``refresh-header`` (a
    ``Refresh`` response header), ``javascript``, ``start``."""
    error: str | None = None


@dataclass(frozen=True)
class Registration:
    created: str | None
    """Creation date, ISO 8601 (date or datetime)."""
    registrar: str | None = None
    source: str = "rdap"
    """``rdap`` or ``whois``."""
    expires: str | None = None
    error: str | None = None
    observed_at: str | None = None


@dataclass(frozen=True)
class PageEvidence:
    """What the landing page claims to be."""

    title: str | None = None
    canonical: str | None = None
    og_url: str | None = None
    site_name: str | None = None
    brand_assets: tuple[str, ...] = ()
    """URLs of images, scripts or stylesheets the page loads from a protected brand's domain."""
    truncated: bool = False
    """True when the body was cut before parsing: at the size limit, or by the server
    breaking off mid-way (what came is read, as a browser shows it)."""
    header_canonical: str | None = None
    """The canonical address the answer's ``Link: <…>; rel="canonical"`` header names, as
    search engines read it: the same claim as ``canonical``, made in the headers (a PDF or
    an image can make it too; then it is the page's only claim)."""


@dataclass(frozen=True)
class FirstPage(PageEvidence):
    """The page the reader sees first, before its meta refresh or JavaScript timer sends them
    on to the landing page (``page``): the same claims, and where it was and how long it
    showed. Only a page held for a while (``enrich.page.LONG_DELAY``) is one: a redirect
    stub that sends the reader on at once is not seen."""

    url: str = ""
    via: str = "meta-refresh"
    """How it sends the reader on: ``meta-refresh``, ``refresh-header`` or ``javascript``."""
    delay: float = 0.0
    """Seconds it waits before it does."""

    def wait(self) -> str:
        """``86400 s before its meta refresh``: for the reasons and reports that name it."""
        seconds = f"{int(self.delay)}" if self.delay.is_integer() else f"{self.delay:g}"
        if "e" in seconds:  # a timer of days (2147483.647 s): its digits, not 2.14748e+06
            seconds = f"{self.delay:.3f}".rstrip("0")
        how = {"meta-refresh": "meta refresh", "refresh-header": "Refresh header",
               "javascript": "JavaScript redirect"}
        return f"{seconds} s before its {how.get(self.via, self.via)}"


SHORTENER_CODE = "shortener"
"""The reason code of a link through a shortener (``links.shorteners`` gives it out), named
here so that an assessment can say it was not followed."""
UNOPENABLE_CODE = "unopenable"
"""The reason code of a link no browser opens (``Link.malformed``: a port out of range, ``%00``
in its host) that is judged by its host name alone and never followed."""
NOT_FOLLOWED_OFFLINE = "offline"
NOT_FOLLOWED_OFFLINE_SHORTENER = "offline-shortener"
NOT_FOLLOWED_FAILED = "failed"
NOT_FOLLOWED_INVALID = "invalid"
UNKNOWN_LANDING: Final = frozenset({NOT_FOLLOWED_OFFLINE_SHORTENER, NOT_FOLLOWED_FAILED})
"""The ``not_followed`` values of a link whose destination is unknown: a benign one of these
is shown ``not followed`` or ``unresolved``, not ``benign`` (``report.common.verdict_label``)."""


@dataclass(frozen=True)
class Assessment:
    """The verdict on one link or domain, with every reason that led to it."""

    input: str
    url: str | None
    domain: str | None
    registrable_domain: str | None
    verdict: Verdict
    score: int
    imitates: str | None = None
    reasons: tuple[Reason, ...] = ()
    final_url: str | None = None
    chain: tuple[Hop, ...] = ()
    error: str | None = None
    registration: Registration | None = None
    page: PageEvidence | None = None
    brand: str | None = None
    """Name of the imitated (or, for ``official``, owning) brand."""
    card_domain: str | None = None
    unresolved: bool = False
    """True when the link was to be followed and could not be followed to where it lands
    (``error`` says why: ``dns failure``, ``timeout``, ``deadline`` …). The verdict then rests
    on the name alone: a ``benign`` t.co link that was never followed is not known to be
    benign. Offline runs follow nothing and leave it False."""
    first_page: FirstPage | None = None
    """The page a reader sees first when it is not the landing page (``FirstPage``): a clone
    that shows itself for a while, then sends its readers on to the real site."""
    shown: str | None = None
    """What the link was shown as where that reads as another site (``Link.shown``: an
    anchor's, a Markdown label's or a Bluesky facet's text); the reasons say so."""

    @property
    def not_followed(self) -> str | None:
        """Why the link was not followed to where it lands, or None where it was: a script
        must tell a short link judged offline (shown ``not followed``) from a benign one, and
        ``unresolved`` is False offline. ``offline`` (an offline run: judged by its name),
        ``offline-shortener`` (the same, through a shortener: where it leads is unknown),
        ``failed`` (``unresolved``: ``error`` says why), ``invalid`` (no host to follow, or
        a link no browser opens, judged by its host name: ``unopenable``). Read from the
        fields, as each run leaves them: only an online run that reached the link has a
        ``chain``."""
        if self.verdict is Verdict.INVALID:
            return NOT_FOLLOWED_INVALID
        if self.unresolved:
            return NOT_FOLLOWED_FAILED
        if self.chain:
            return None
        shortener = False
        for reason in self.reasons:  # a loop, not any(): bulk runs ask it of every line
            code = reason.code
            if code == UNOPENABLE_CODE:
                return NOT_FOLLOWED_INVALID
            if code == SHORTENER_CODE:
                shortener = True
        return NOT_FOLLOWED_OFFLINE_SHORTENER if shortener else NOT_FOLLOWED_OFFLINE

    @property
    def unopenable(self) -> bool:
        """No browser opens the link (a port out of range, ``%00`` in its host): its verdict
        is its host name's, ``error`` says why it cannot be opened, ``url`` is the link as
        written, and it is not followed. See ``Link.malformed``."""
        return any(r.code == UNOPENABLE_CODE for r in self.reasons)

    @property
    def page_cut_off(self) -> bool:
        """The landing page itself was cut off while it came (the timeout): its hop answered
        (a status) and ends the link with an error, and ``page`` is what arrived of it."""
        if self.page is None or not self.page.truncated or not self.chain:
            return False
        last = self.chain[-1]
        return last.status is not None and last.error is not None and last.url == self.final_url

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape (``docs/CONTRACT.md``): plain values, ready for
        ``json.dumps``. Written out field by field: it is what ``--format json`` and ``jsonl``
        print, and the generic dataclass walk cost more than assessing a name in bulk runs."""
        return {
            "input": self.input,
            "url": self.url,
            "domain": self.domain,
            "registrable_domain": self.registrable_domain,
            "verdict": self.verdict.value,
            "score": self.score,
            "imitates": self.imitates,
            "reasons": [
                {"code": r.code, "points": r.points, "detail": r.detail} for r in self.reasons
            ],
            "final_url": self.final_url,
            "chain": [
                {"url": h.url, "status": h.status, "via": h.via, "error": h.error}
                for h in self.chain
            ],
            "error": self.error,
            "registration": None if self.registration is None else _plain(self.registration),
            "page": None if self.page is None else _plain(self.page),
            "brand": self.brand,
            "card_domain": self.card_domain,
            "unresolved": self.unresolved,
            "first_page": None if self.first_page is None else _plain(self.first_page),
            "shown": self.shown,
            "not_followed": self.not_followed,
        }


def _plain(record: Registration | PageEvidence) -> dict[str, Any]:
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in vars(record).items()
    }


# --------------------------------------------------------------------------- network options


BROWSER_USER_AGENT = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                      "(KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36")
"""Desktop Chrome's User-Agent (reduced form: only the major version is real), the most
common browser's: what a clone shows its readers is what it shows this. Kept near the
current release (an old version is itself a crawler's mark)."""
HONEST_USER_AGENT = f"threadscope/{__version__} (link audit for disinformation research)"
"""A User-Agent that says what the run is, for ``--user-agent`` where that matters more than
seeing what readers see."""


@dataclass(frozen=True)
class NetworkOptions:
    """How enrichment may use the network. The one set of defaults: the CLI's options take
    theirs from here (``threadscope.cli.options``)."""

    timeout: float = 10.0
    """Seconds per request."""
    concurrency: int = 16
    """Requests in flight in total."""
    per_host: int | None = None
    """Requests in flight to any one host; None: a quarter of ``concurrency``, at least 4
    (see ``host_limit``), so that ``--concurrency`` also speeds up a list of one shortener's
    links while no site gets more than a fraction of the run."""
    deadline: float | None = 300.0
    """Seconds for the whole run; links not finished by then get ``error: "deadline"``."""
    proxy: str | None = None
    allow_private: bool = False
    cache_path: Path | None = None
    """SQLite file; None means the default in the user cache directory."""
    use_cache: bool = True
    cache_ttl: float = 7 * 24 * 3600.0
    user_agent: str = BROWSER_USER_AGENT
    """Sent with every request: a desktop Chrome's by default, since clones cloak (a crawler's
    User-Agent is shown a clean page); ``HONEST_USER_AGENT``, or one naming a desk's contact,
    where a run should say what it is."""
    max_hops: int = 10
    max_body: int = 2 * 1024 * 1024

    @property
    def host_limit(self) -> int:
        """Requests in flight to one host: ``per_host``, or derived from ``concurrency``."""
        if self.per_host is not None:
            return max(1, min(self.per_host, self.concurrency))
        return max(MIN_PER_HOST, self.concurrency // 4)


MIN_PER_HOST = 4


# --------------------------------------------------------------------------- audit


def found_in_fields(
    found: dict[int, list[dict[str, Any]]], index: int, first: bool
) -> dict[str, Any]:
    """A link's ``found_in`` (every post that holds it), or with ``first`` (``--found-in
    first``) the first of them and ``found_in_count``, how many there are."""
    places = found.get(index, [])
    if not first:
        return {"found_in": places}
    return {"found_in": places[:1], "found_in_count": len(places)}


@dataclass(frozen=True)
class AuditReport:
    """``threadscope audit``: the threads, every distinct link assessed once, and a summary."""

    source: str
    threads: tuple[Thread, ...]
    links: tuple[Assessment, ...]
    post_links: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict)
    """(thread id, position of the post in ``thread.posts``) → indices into ``links``."""
    outside_post_links: tuple[tuple[Post, tuple[int, ...]], ...] = ()
    """Records of a structured dump that are in no thread (replies by other accounts) and hold
    links, in the dump's order, each with the indices into ``links`` of those it holds: who
    posted a link no thread holds. Pasted text in no thread has no record: not here."""
    expands_to: dict[int, int] = field(default_factory=dict)
    """Index of a short link (t.co) in ``links`` → index of the address the dump says it
    expands to (``Post.expansions``): two rows of one link, which reports tie together."""
    unthreaded: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    unlinked_cards: tuple[Card, ...] = ()
    """Link cards with no link to belong to (``Card``): shown, never assessed."""
    trailing_links: dict[int, tuple[int, ...]] = field(default_factory=dict)
    """Thread id → indices into ``links`` of those its trailing text holds
    (``Thread.trailing``: text after its last post, shown under it), in the order written.
    Such a link is in no post, but it stands with its thread, and is said to (``found_in``:
    ``thread`` set, ``post`` null), not to be in text outside every thread."""

    @property
    def flagged(self) -> bool:
        return any(a.verdict.flagged for a in self.links)

    def to_dict(self, *, first: bool = False, lazy: bool = False) -> dict[str, Any]:
        """``threadscope audit --format json`` as plain data: ``json.dumps`` of it is the
        command's output (warnings go to stderr, not here); ``first`` (``--found-in first``):
        each link's ``found_in`` cut to its first post, with ``found_in_count``. ``lazy``:
        ``links`` is a ``LinkRows`` that makes each link's row as a writer reaches it, not
        a list of them all (a JSON writer that walks it: ``report.json_format``)."""
        rows = LinkRows(self, self.found_in(), first)
        return {
            "source": self.source,
            "threads": [thread.to_dict(self.post_links) for thread in self.threads],
            "links": rows if lazy else list(rows),
            "unthreaded": list(self.unthreaded),
            **({"unlinked_cards": [to_data(card) for card in self.unlinked_cards]}
               if self.unlinked_cards else {}),
            "summary": self.summary(),
        }

    def summary(self) -> dict[str, Any]:
        """The JSON's ``summary``: counts of threads, posts, links and each verdict, whether
        any link is flagged, and the brands the flagged ones imitate. ``unknown_landing``
        counts the benign links whose destination is unknown (a short link offline, a link
        that could not be followed): the reports show them grey, ``not followed /
        unresolved``, apart from ``benign``, and a reader comparing the table's ``benign 0``
        with this ``benign 1`` was left to guess why."""
        verdicts = dict.fromkeys(("lookalike", "suspicious", "benign", "official", "invalid"), 0)
        unknown = 0
        for link in self.links:
            verdicts[link.verdict.value] += 1
            unknown += link.verdict is Verdict.BENIGN and link.not_followed in UNKNOWN_LANDING
        return {
            "threads": len(self.threads),
            "posts": sum(len(thread.posts) for thread in self.threads),
            "links": len(self.links),
            "verdicts": verdicts,
            "unknown_landing": unknown,
            "flagged": self.flagged,
            "imitated": sorted(
                {link.imitates for link in self.links if link.imitates and link.verdict.flagged}
            ),
        }

    def thread_places(self) -> list[tuple[int, int | None, tuple[int, ...]]]:
        """(thread id, position in ``thread.posts``, link indices) of every post of a thread
        that holds links, in thread order, each thread's trailing text (position None:
        ``trailing_links``) after its posts: where every report says a link was found."""
        threads = {thread.id: thread for thread in self.threads}
        held: list[tuple[int, int | None, tuple[int, ...]]] = [
            (thread_id, position, indices)
            for (thread_id, position), indices in self.post_links.items()
            if thread_id in threads and position < len(threads[thread_id].posts)]
        held += [(thread_id, None, indices) for thread_id, indices in self.trailing_links.items()
                 if thread_id in threads]
        return sorted(held, key=lambda place: (place[0], len(threads[place[0]].posts)
                                               if place[1] is None else place[1]))

    def found_in(self) -> dict[int, list[dict[str, Any]]]:
        """Index into ``links`` → every post that holds it (the JSON's ``found_in``): the
        posts of the threads in thread order (``thread``, ``post`` index), each thread's
        trailing text after its posts (``thread`` set, ``post`` and the rest null:
        ``trailing_links``), then the dump's records in no thread (``thread`` and ``post``
        null), each named by ``line``, ``post_id``, ``author`` and ``author_kind`` (null
        where the dump has none). A link only pasted text outside the threads holds is in
        none: no key."""
        found: dict[int, list[dict[str, Any]]] = {}
        threads = {thread.id: thread for thread in self.threads}
        for thread_id, position, indices in self.thread_places():
            if position is None:
                entry = _after(thread_id)
            else:
                post = threads[thread_id].posts[position]
                entry = _where(post, thread_id, post.index)
            for index in indices:
                found.setdefault(index, []).append(entry)
        for post, indices in self.outside_post_links:
            for index in indices:
                found.setdefault(index, []).append(_where(post, None, None))
        return found


class LinkRows:
    """The ``links`` of ``AuditReport.to_dict``, each row made when it is reached: held as a
    list, the rows of 100,000 links were some 3 KB each at once (each link's dict, its
    ``found_in`` and the pieces of its reasons) on top of the assessments they are made from,
    more than the audit itself held (``scripts/bench_scale.py``)."""

    def __init__(self, report: AuditReport, found: dict[int, list[dict[str, Any]]],
                 first: bool) -> None:
        self.report = report
        self.found = found
        self.first = first

    def __len__(self) -> int:
        return len(self.report.links)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        expands_to, found, first = self.report.expands_to, self.found, self.first
        for index, link in enumerate(self.report.links):
            yield {**link.to_dict(), "expands_to": expands_to.get(index),
                   **found_in_fields(found, index, first)}


def _after(thread_id: int) -> dict[str, Any]:
    """A ``found_in`` entry for a thread's trailing text: its thread, and no post."""
    return {"thread": thread_id, "post": None, "line": None, "post_id": None, "author": None,
            "author_kind": None}


def _where(post: Post, thread_id: int | None, index: int | None) -> dict[str, Any]:
    return {"thread": thread_id, "post": index, "line": post.line, "post_id": post.post_id,
            "author": post.author, "author_kind": _value(post.author_kind)}


# --------------------------------------------------------------------------- bots


class ClusterVerdict(enum.StrEnum):
    """What a cluster of accounts is taken for: ``coordinated`` (flagged: ``bots`` exits 1)
    or ``organic``."""

    COORDINATED = "coordinated"
    ORGANIC = "organic"


@dataclass(frozen=True)
class Cluster:
    """Accounts that acted together (``threadscope bots``): the verdict, a score that is the
    sum of its ``reasons``, the accounts, and their replies as positions in the input
    (``replies``, in the order ``detect`` read the posts)."""

    id: int
    verdict: ClusterVerdict
    score: int
    accounts: tuple[str, ...]
    replies: tuple[int, ...]
    reasons: tuple[Reason, ...]
    imitates: tuple[str, ...] = ()
    """Brands imitated by the links the cluster posts."""
    account_kinds: tuple[AuthorKind | None, ...] = ()
    """What each of ``accounts`` is (``Post.author_kind``), in the same order: a handle is
    shown ``@handle``, a display name or an id bare. Empty: not said."""
    account_ids: tuple[str | None, ...] = ()
    """Each of ``accounts``' stable id (``Post.author_id``), in the same order; None where the
    dump has none. Two accounts may show the same handle (one gave it up, another took it):
    their ids tell them apart. Empty: not said."""
    platform_labels: tuple[str, ...] = ()
    """What the platforms say about the cluster's accounts (``Post.author_labels``), each
    label with how many of the accounts carry it: ``Mastodon: marked as automated (bot), 3 of 5
    accounts``. Context beside the verdict, never part of the score. Empty: none said."""

    def to_dict(self) -> dict[str, Any]:
        """``clusters[]`` of the JSON contract: ``platform_labels`` only where a platform
        said something of the accounts."""
        data: dict[str, Any] = to_data(self)
        if not data["platform_labels"]:
            del data["platform_labels"]
        if not any(self.account_ids):
            del data["account_ids"]
        return data


@dataclass(frozen=True)
class CoAction:
    """How often two accounts did the same thing on the same object within the time window."""

    kind: str
    """``co-retweet``, ``co-reply``, ``co-link`` or ``co-text`` (``bots.network.KINDS``)."""
    weight: int
    """Distinct occasions the pair co-acted on: a post retweeted, a link, a text, a post
    replied to (an object a pair returns to after a pause longer than the window counts again)."""
    objects: tuple[str, ...] = ()
    """Up to five of the objects: post ids, URLs, or a sample of the text."""


@dataclass(frozen=True)
class NetworkEdge:
    """Two accounts linked in the coordination network (QUT toolkit, CooRTweet): some kind of
    co-action repeated at least ``min_repeats`` times."""

    source: str
    target: str
    weight: int
    """The sum of ``co_actions`` weights."""
    co_actions: tuple[CoAction, ...]
    cluster: int | None = None
    """The cluster both accounts are in, where they are in the same one."""
    source_kind: AuthorKind | None = None
    """What ``source`` is (``Post.author_kind``)."""
    target_kind: AuthorKind | None = None
    """What ``target`` is."""
    source_id: str | None = None
    """``source``'s stable account id (``Post.author_id``), None where the dump has none."""
    target_id: str | None = None
    """``target``'s stable account id."""

    def to_dict(self) -> dict[str, Any]:
        """``network.edges[]`` of the JSON contract: the ids only where the dump has them."""
        data: dict[str, Any] = to_data(self)
        for name in ("source_id", "target_id"):
            if data[name] is None:
                del data[name]
        return data


@dataclass(frozen=True)
class AccountSummary:
    """One account of a ``bots`` run: its replies (positions in the input), its cluster if
    any, and its own score as the sum of its ``reasons``."""

    handle: str
    replies: tuple[int, ...]
    cluster: int | None
    score: int
    reasons: tuple[Reason, ...] = ()
    created_at: str | None = None
    status: str | None = None
    """The account's last status in the dump (``Post.author_status``): ``takendown``,
    ``suspended``, ``deactivated``, …; None when active or not said (JSON leaves it out)."""
    author_kind: AuthorKind | None = None
    """What ``handle`` is, despite the field's name: a handle, a display name or an account
    id (``Post.author_kind``); only a handle is shown ``@handle``."""
    platform_labels: tuple[str, ...] = ()
    """What the platform said about the account when the data was saved (``Post.author_labels``):
    ``X: verified (business)``, ``Mastodon: marked as automated (bot)``, … Context for a
    reader, worth no points (JSON leaves it out when empty)."""
    account_id: str | None = None
    """The account's stable id (``Post.author_id``), what tells it from another account that
    went by the same handle; None where the dump names accounts only (JSON leaves it out)."""

    def to_dict(self) -> dict[str, Any]:
        """``accounts[]`` of the JSON contract: ``status`` only where the dump said what
        became of the account (a Jetstream log), ``platform_labels`` only where the platform
        said something of it."""
        data: dict[str, Any] = to_data(self)
        if data["status"] is None:
            del data["status"]
        if not data["platform_labels"]:
            del data["platform_labels"]
        if data["account_id"] is None:
            del data["account_id"]
        return data


@dataclass(frozen=True)
class BotReport:
    """``threadscope bots`` (``detect``, ``detect_file``): the replies read, the clusters
    found (``flagged`` when one is coordinated), every account scored, the links they posted
    assessed, and the account network."""

    source: str
    replies: int
    clusters: tuple[Cluster, ...]
    accounts: tuple[AccountSummary, ...]
    links: tuple[Assessment, ...] = ()
    warnings: tuple[str, ...] = ()
    network: tuple[NetworkEdge, ...] = ()
    """The account network: pairs whose co-action of some kind repeats ``min_repeats`` times."""
    window: dict[str, float] = field(default_factory=dict)
    """Seconds within which two actions count as one co-action, per kind."""
    min_repeats: int = 2
    flagged_posts: dict[int, Post] = field(default_factory=dict)
    """The replies of the coordinated clusters, by their position (``Cluster.replies``): what a
    report that quotes the flagged replies needs (MISP's ``microblog`` objects); the other
    posts are not kept. Not part of the JSON shape."""
    flagged_links: dict[int, tuple[int, ...]] = field(default_factory=dict)
    """For each reply in ``flagged_posts``, the indices into ``links`` of the links it spreads
    (a link it cites defanged is not among them)."""
    read_as: str = "replies"
    """What the ``replies`` posts read are, as a report names them (``bots.detect.read_as``):
    ``replies``, ``retweets`` (X's reposts), ``reposts``, or ``posts`` for several kinds.
    Not part of the JSON shape, whose ``replies`` counts the posts read of every kind."""

    @property
    def flagged(self) -> bool:
        return any(c.verdict is ClusterVerdict.COORDINATED for c in self.clusters)

    def to_dict(self) -> dict[str, Any]:
        """``threadscope bots --format json`` as plain data: ``json.dumps`` of it is the
        command's output (warnings go to stderr; ``flagged_posts`` and ``flagged_links``, what
        reports quote, are not part of it)."""
        return {
            "source": self.source,
            "replies": self.replies,
            "clusters": [cluster.to_dict() for cluster in self.clusters],
            "accounts": [account.to_dict() for account in self.accounts],
            "links": [link.to_dict() for link in self.links],
            "network": self.network_dict(),
        }

    def network_dict(self) -> dict[str, Any]:
        """The JSON's ``network``: its settings and every edge, with the co-actions behind
        it."""
        return {
            "window": dict(self.window),
            "min_repeats": self.min_repeats,
            "edges": [edge.to_dict() for edge in self.network],
        }


# --------------------------------------------------------------------------- plain data


def to_data(value: Any) -> Any:
    """Dataclasses, enums and tuples → plain JSON-ready values, field by field: the shape of
    the records whose fields are the contract's (``Card``, ``Cluster``, ``NetworkEdge``, …)."""
    if isinstance(value, enum.Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_data(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_data(item) for key, item in value.items()}
    return value


def _value(kind: enum.Enum | None) -> Any:
    """An enum field as its plain value (None stays None): ``to_dict`` gives plain data."""
    return None if kind is None else kind.value
