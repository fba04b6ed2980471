"""Recognising a dump by its content and handing it to the right reader."""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from threadscope.errors import InputError
from threadscope.ingest.accounts import AccountFacts
from threadscope.ingest.across import Read, Wait, add_up, settle_all
from threadscope.ingest.bluesky import (
    bluesky_accounts,
    from_sdk,
    is_bluesky,
    is_bluesky_items,
    is_sdk_dump,
    parse_bluesky_items,
    read_bluesky,
)
from threadscope.ingest.csv_input import csv_dump, looks_like_csv
from threadscope.ingest.dump import MIXED, Dump, context_once
from threadscope.ingest.jetstream import is_jetstream, parse_jetstream
from threadscope.ingest.jsonish import (
    NotJson,
    load,
    looks_structured,
    mostly,
    not_json,
    walked_once,
)
from threadscope.ingest.mastodon import MastodonFacts, is_mastodon
from threadscope.ingest.meta_threads import is_meta_threads, parse_meta_threads
from threadscope.ingest.reddit import RedditFacts, is_reddit, read_reddit
from threadscope.ingest.repo_records import is_repo_records, parse_repo_records
from threadscope.ingest.snscrape import SnscrapeFacts, is_snscrape, read_snscrape
from threadscope.ingest.telegram import (
    TelegramFacts,
    is_telegram_desktop,
    is_telethon,
    read_telegram,
)
from threadscope.ingest.twarc import TwarcFacts, is_twarc_flat, read_twarc_flat
from threadscope.ingest.twint import is_twint, parse_twint
from threadscope.ingest.versions import one_each
from threadscope.ingest.x_api import XUserFacts, is_x_api, read_x_api
from threadscope.ingest.x_archive import ArchiveFacts, is_x_archive, read_x_archive
from threadscope.ingest.x_web import looks_like_x_web, parse_x_web
from threadscope.ingest.youtube_api import YoutubeFacts, is_youtube_api, read_youtube_api
from threadscope.ingest.youtube_comments import is_youtube_comments, parse_youtube_comments
from threadscope.models import Post


def parse_dump(text: str, *, columns: Mapping[str, str] | None = None) -> Dump:
    """Recognise ``text`` by its content and read it into posts; never raises on bad input
    unless ``columns`` is given.

    Returns ``Dump(format, posts, warnings, context, gaps)`` with ``format`` one of ``text``,
    ``x-web``, ``x-api-v2``, ``twarc2``, ``x-archive``, ``bluesky``, ``mastodon``,
    ``meta-threads``, ``telegram`` (a Telegram Desktop export or Telethon messages),
    ``snscrape`` (its JSON Lines, of any of its modules), ``twint`` (its JSON),
    ``youtube`` (youtube-comment-downloader's comments, the YouTube Data API's),
    ``reddit`` (the Reddit API's listings, Pushshift-style archives), ``csv`` (a CSV whose
    header names an author and a text column, as ``bots`` reads it: ``csv_input``; twint's
    and youtube-comment-downloader's CSV are ``twint`` and ``youtube``), ``mixed`` (records of
    several of these shapes, each read by its own: ``parse_structured``). Plain
    text that is not X web copy gives ``format="text"`` and no posts: the caller works on the
    text itself. A Bluesky Jetstream log is ``bluesky``, as Bluesky's API answers are.
    JSON Lines whose lines are of several shapes, or mostly of none (an API's answers of
    several endpoints saved one a line), are read line by line, as ``bots`` streams them.
    JSON that does not parse, or parses into no known shape, is read as text with a warning
    (a researcher's half-saved file should still show what it can); so is CSV that breaks
    off (a quote left open). JSON documents one after another (``cat a.json b.json``) are
    read as the same documents one a line; when they stop parsing, the whole ones before are
    read and the rest is said to be skipped (read as text, as before, when those are of no
    known shape). ``columns`` (``--column``: key → column name) says the text is
    CSV and names its columns: then a CSV that cannot be read is an ``InputError``.
    """
    if columns or looks_like_csv(text):
        return _csv(text, columns)
    if looks_structured(text):
        try:
            loaded = load(text)
        except NotJson as error:
            return _as_text(text, f"looks like JSON but is not ({error}); read as plain text")
        structured = parse_structured(loaded.values)
        if structured is not None:
            skipped = loaded.warning()
            if skipped:
                structured = replace(structured, warnings=(skipped, *structured.warnings))
            return structured
        if loaded.rest is not None:  # a few whole documents of no shape, then anything
            return _as_text(text, f"looks like JSON but is not ({not_json(text)}); read as "
                                  "plain text")
        return _as_text(string_values(loaded.values),
                        "JSON of no known shape (X API v2, twarc2, X archive, Bluesky, "
                        "Mastodon, Threads, Telegram, snscrape, twint, YouTube comments, "
                        "Reddit); its text values read as plain text",
                        replaced=True)
    return _as_text(text)


def _csv(text: str, columns: Mapping[str, str] | None) -> Dump:
    """CSV as ``bots`` reads it; a CSV recognised by its header alone that breaks off is read
    as text, as broken JSON is, and one the user named columns of is an error."""
    try:
        return csv_dump(text, columns)
    except InputError as error:
        if columns:
            raise
        return _as_text(text, f"looks like CSV but is not ({error}); read as plain text")


def string_values(values: list[Any]) -> str:
    """The strings of JSON values, keys left out, one a line, in document order.

    JSON of a shape we do not know (a monitoring tool's export, a chat export) is read by
    what it says, not by its syntax: escapes are decoded (``https:\\/\\/welt.ltd\\/a``, as
    PHP writes slashes, is a link), and keys are no text (``"admin.report": true`` names no
    site). Iterative, so that nesting deeper than the recursion limit is read too."""
    out: list[str] = []
    stack: list[Any] = list(reversed(values))
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            stack.extend(reversed(value.values()))
        elif isinstance(value, list):
            stack.extend(reversed(value))
    return "\n".join(out)


@dataclass
class Carried:
    """What the lines of one dump tell about each other (``across``), carried from line to
    line by a stream and through a whole dump alike: snscrape's users, YouTube's channels
    by name, Telegram's and Reddit's authors by post and Telegram's senders by name, an X
    archive's owner, X accounts by id (API pages' and twarc2's, each its own) and the
    references twarc2's lines hold. Bounded by the dump's accounts and ids, never by its text."""

    snscrape: SnscrapeFacts = field(default_factory=SnscrapeFacts)
    youtube: YoutubeFacts = field(default_factory=YoutubeFacts)
    telegram: TelegramFacts = field(default_factory=TelegramFacts)
    reddit: RedditFacts = field(default_factory=RedditFacts)
    x_archive: ArchiveFacts = field(default_factory=ArchiveFacts)
    x_api: XUserFacts = field(default_factory=XUserFacts)
    bluesky: AccountFacts = field(default_factory=bluesky_accounts)
    twarc: TwarcFacts = field(default_factory=TwarcFacts)
    mastodon: MastodonFacts = field(default_factory=MastodonFacts)

    def warnings(self) -> list[str]:
        """What the facts have to say once the dump has ended (an X archive that never
        named its owner, X accounts renamed between pages or twarc2's lines, twarc2's
        references and Mastodon's requested statuses no line held)."""
        return [*self.x_archive.warnings(), *self.x_api.warnings(), *self.twarc.warnings(),
                *self.snscrape.warnings(), *self.bluesky.warnings(),
                *self.mastodon.warnings()]


@walked_once()  # every shape asks for the records: each value is walked once, not per shape
def parse_structured(values: list[Any]) -> Dump | None:
    """Values from ``jsonish.load`` → a Dump of the first shape they fit, or None.

    Scripts that page through an API often save the pages as one JSON array
    (``json.dump([page1, page2, …])``): an array that fits no shape itself is read as its
    items, each as one value (the pages one a line would give), and so is an array of an
    API's answers of several endpoints, most of no known shape (``_saved_answers``). Records
    of several shapes
    (an snscrape search, v1.1 tweets and Bluesky posts collected into one list) that fit no
    one shape together are read each by its own (``mixed``), as ``bots`` streams them one a
    line."""
    carried = Carried()
    array = values[0] if len(values) == 1 and isinstance(values[0], list) else None
    if array and len(array) > 1 and _items_apart(array):
        read: Read | None = _mixed([read_line([value], carried) for value in array])
    else:
        read = _lines(values, carried) if len(values) > 1 else _whole(values, carried)
    if read is None and array:
        read = _whole(array, carried)
    if read is None and array and len(array) > 1:
        read = _saved_answers(array, carried)
    if read is None:
        return None
    dump = settle_all(read)
    if isinstance(read, _RecordByRecord):
        dump = _versions_folded(dump)
    return _ended(_context_once(dump), carried)


def _context_once(dump: Dump) -> Dump:
    """The dump with each context post id once, none of its own posts (``context_once``,
    the rule ``bots`` streams by)."""
    context = context_once(dump.context, {p.post_id for p in dump.posts if p.post_id})
    return dump if len(context) == len(dump.context) else replace(dump, context=context)


class _RecordByRecord(Read):
    """A dump read record by record (``_mixed``), each record by its own shape's reader:
    the versions of one post on records of their own are still apart."""


def _versions_folded(dump: Dump) -> Dump:
    """A Mastodon or Reddit dump read record by record (``_mixed``: the same comment fetched
    again after an edit on a line of its own, among answers of other endpoints) with each
    post once and its versions folded, latest edit first, as ``bots`` streams it
    (``versions.one_each``; ``parse_mastodon`` and ``read_reddit`` do so for a dump they
    read whole); the posts numbered again through the dump."""
    posts = one_each(dump.posts, dump.format)
    context = one_each(dump.context, dump.format)  # a status a later context requested
    if (len(posts) == len(dump.posts) and all(map(operator.is_, posts, dump.posts))
            and len(context) == len(dump.context)
            and all(map(operator.is_, context, dump.context))):
        return dump
    posts = tuple(replace(post, line=line) for line, post in enumerate(posts, 1))
    context = tuple(replace(post, line=len(posts) + line)
                    for line, post in enumerate(context, 1))
    return replace(dump, posts=posts, context=context)


def _items_apart(array: list[Any]) -> bool:
    """Whether an array's items are read one by one, by the rule its items one a line are
    (``_apart``): they are of several shapes, or most of them are of none. Read together as
    the shape of the first (a Mastodon context), an X API page among them was skipped with
    the records of no known shape, where the lines gave its posts."""
    found = _reader_for(array)
    return found is not None and _apart(array, found)


ANSWERS_HEAD = 20
"""Items of an array looked at to tell saved API answers from another tool's records, as a
dump is known by its first 20 records (``mostly``): an array of a million records of no
known shape costs no more than its head."""


def _saved_answers(array: list[Any], carried: Carried) -> Read | None:
    """An array of an API's answers of several endpoints (``json.dump(pages)`` of a script
    that also saved the users, lists, relationships or errors it asked for), most of them of
    no known shape, read as the same answers one a line are (``_lines``): item by item, the
    posts of those that hold them, the others skipped and counted.

    The rule, by the head of the array (``ANSWERS_HEAD`` items): two items or more hold
    posts (as ``_answers_with_posts`` asks of lines), and one of them holds several (an
    answer page: a timeline, a listing, a search's page, a context, which only a client of
    the API saves) or no more than half the items are of no known shape (bare posts beside
    as many other records: read as the same records one a line are). Otherwise the array is
    another tool's JSON, most of whose records are its own, a few with a known shape's
    fields (a tweet or a post copied into a collector's list): read as text, its records'
    words and links are all kept, where reading its few posts would skip the rest
    (``test_records_mostly_of_no_known_shape_are_still_text``); the same records one a line
    give their posts, as ``bots`` streams them. An array most of whose items are of a known
    shape never comes here (``_whole``)."""
    reads = [read_line([value], carried) for value in array[:ANSWERS_HEAD]]
    holding = [len(read.dump.posts) for read in reads if read is not None and read.dump.posts]
    unknown = sum(read is None for read in reads)
    if len(holding) < 2 or (max(holding) < 2 and unknown * 2 > len(reads)):
        return None
    reads.extend(read_line([value], carried) for value in array[ANSWERS_HEAD:])
    return _mixed(reads)


def _ended(dump: Dump, carried: Carried) -> Dump:
    """The dump with what the facts say once it has ended."""
    said = carried.warnings()
    return replace(dump, warnings=(*dump.warnings, *said)) if said else dump


@walked_once()  # as ``parse_structured``: a line (``bots`` streams) is walked once
def read_line(values: list[Any], carried: Carried) -> Read | None:
    """One line of JSON Lines as ``parse_structured`` reads a dump, with what the lines
    before it told (``carried``, which learns this line's): its posts, and what each still
    waits on from the lines after it."""
    read = _shaped(values, carried)
    if read is None and len(values) == 1 and isinstance(values[0], list) and values[0]:
        return _shaped(values[0], carried)
    return read


def _whole(values: list[Any], carried: Carried) -> Read | None:
    """The values as one shape; record by record, as lines are streamed, when they are of
    several shapes, or when they fit none together but most records fit one alone."""
    found = _reader_for(values)
    if len(values) > 1 and _several_shapes(values, found):
        return _mixed([read_line([value], carried) for value in values])
    read = None if found is None else found.read(found.values, carried)
    if read is not None or len(values) < 2 or not mostly(_fits_alone, values):
        return read
    return _mixed([_shaped([value], carried) for value in values])


def _lines(values: list[Any], carried: Carried) -> Read | None:
    """JSON Lines (``values``: one a line) as ``bots`` streams them, each line recognised on
    its own (``read_line``), when the lines are not of one shape: answers of an API's
    several endpoints saved one a line (a client library's recorded answers: users, lists
    and relationships between the timelines) are read for the posts of the lines that hold
    them, the others skipped and counted. Read together they were taken for no shape (read
    as text), or for the shape of the first records (an X archive whose "records that are
    not tweets" were whole answers). Lines most of which are of one shape are read
    together, as before: the shape's reader says what it skipped."""
    found = _reader_for(values)
    if found is not None and not _apart(values, found):
        return found.read(found.values, carried)
    reads = [read_line([value], carried) for value in values]
    if found is not None or mostly(_fits_alone, values) or _answers_with_posts(values, reads):
        return _mixed(reads)
    return None


def _answers_with_posts(values: list[Any], reads: list[Read | None]) -> bool:
    """Whether two lines or more, each read alone, gave posts and are whole answers (an
    API's answers saved one a line are many): one such line among lines of no known shape
    may as well be a record of another tool's JSON that has a shape's fields (X API v2's
    ``{"data": [{"id", "text"}]}`` are few), and that JSON is read as text. A Jetstream
    event is no whole answer: a log's events tell each other's handles, edits and
    deletes, and a log is known by most of its events (``is_jetstream``)."""
    answers = 0
    for value, read in zip(values, reads, strict=True):
        if read is not None and read.dump.posts and not is_jetstream([value]):
            answers += 1
            if answers > 1:
                return True
    return False


def _fits_alone(value: Any) -> bool:
    return _shaped([value], Carried()) is not None


def _mixed(reads: list[Read | None]) -> Read:
    """Records read one by one, merged in order as a stream of them one a line is: posts
    counted through the dump, warnings of each shape added up, records of no known shape
    skipped and counted."""
    posts: list[Post] = []
    context: list[Post] = []
    post_waits: list[Wait | None] = []
    context_waits: list[Wait | None] = []
    warnings: list[str] = []
    gaps: list[str] = []
    gapped: dict[str, dict[str, None]] = {}
    formats: set[str] = set()
    for read in reads:
        if read is None:
            continue
        dump = read.dump
        formats.add(dump.format)
        posts.extend(replace(p, line=len(posts) + 1) for p in dump.posts)
        post_waits.extend(read.post_waits())
        context.extend(dump.context)
        context_waits.extend(read.context_post_waits())
        add_up(warnings, dump.warnings, dump.gaps, gapped)
        gaps.extend(dump.gaps)
    unknown = sum(read is None for read in reads)
    if unknown:
        warnings.insert(0, f"{unknown} record(s) of no known shape skipped")
    context = [replace(p, line=len(posts) + i) for i, p in enumerate(context, 1)]
    fmt = formats.pop() if len(formats) == 1 else MIXED
    dump = Dump(fmt, tuple(posts), tuple(warnings), tuple(context), tuple(dict.fromkeys(gaps)))
    return _RecordByRecord(dump, tuple(post_waits), tuple(context_waits))


Reader = tuple[Callable[[list[Any]], bool], Callable[[list[Any], Carried], Read]]


def _read_bluesky(values: list[Any], carried: Carried) -> Read:
    return read_bluesky(values, carried.bluesky)


def _read_mastodon(values: list[Any], carried: Carried) -> Read:
    return carried.mastodon.read_values(values)


def _alone(parse: Callable[[list[Any]], Dump]) -> Callable[[list[Any], Carried], Read]:
    """A reader whose records tell nothing about each other's: nothing to wait on."""
    return lambda values, carried: Read(parse(values))


_BY_THEIR_OWN_FIELDS: tuple[Reader, ...] = (
    (is_snscrape, lambda values, carried: read_snscrape(values, carried.snscrape)),
    (is_twint, _alone(parse_twint)),  # before the archive's: a twint record looks like v1.1
    (is_youtube_comments, _alone(parse_youtube_comments)),
    (is_youtube_api, lambda values, carried: read_youtube_api(values, carried.youtube)),
    (is_reddit, lambda values, carried: read_reddit(values, carried.reddit)),
    (is_twarc_flat, lambda values, carried: read_twarc_flat(values, carried.twarc)),
    (is_jetstream, _alone(parse_jetstream)),
)
"""Shapes told by fields no other shape has, tried in this order before the API answers."""

_AFTER_THE_ARCHIVE: tuple[Reader, ...] = (
    (is_meta_threads, _alone(parse_meta_threads)),  # media of no text (reposts, photos)
    (is_bluesky_items, lambda values, carried: read_bluesky(values, carried.bluesky,
                                                            parse_bluesky_items)),
    (is_repo_records, _alone(parse_repo_records)),
    (is_telegram_desktop, lambda values, carried: read_telegram(values, carried.telegram)),
    (is_telethon, lambda values, carried: read_telegram(values, carried.telegram)),
)
"""Shapes tried once the API answers and the archive did not fit."""


def _shaped(values: list[Any], carried: Carried) -> Read | None:
    found = _reader_for(values)
    return None if found is None else found.read(found.values, carried)


@dataclass(frozen=True)
class _Found:
    """The shape values fit: its name, what tells one line of it (``fits``), the values as
    its reader takes them, the reader."""

    shape: str
    fits: Callable[[list[Any]], bool]
    values: list[Any]
    read: Callable[[list[Any], Carried], Read]


def _first(fits: Callable[[Any], bool]) -> Callable[[list[Any]], bool]:
    return lambda values: bool(values) and fits(values[0])


def _x_api_page(value: Any) -> bool:
    """An X API v2 page, not a Threads page (which has an X page's fields): among X pages,
    a Threads page is of a shape of its own, read by its own reader as a stream reads its
    line, with its authors (the X reader, which looks for them in ``includes``, lost them)."""
    return is_x_api(value) and not is_meta_threads([value])


def _bluesky_line(values: list[Any]) -> bool:
    """One line of Bluesky's answers, as its API or the atproto SDK (``from_sdk``) saved it."""
    return is_sdk_dump(values) or (bool(values) and is_bluesky(values[0]))


def _reader_for(values: list[Any]) -> _Found | None:
    """The first shape the values fit, told by their fields, without reading them."""
    if _mostly_pages(values):
        if is_meta_threads(values):  # Threads' pages look like X API v2 pages
            return _Found("meta-threads", is_meta_threads, values, _alone(parse_meta_threads))
        return _Found("x-api", _first(_x_api_page), values,
                      lambda found, carried: _x_api_pages(found, carried.x_api))
    for fits, read in _BY_THEIR_OWN_FIELDS:
        if fits(values):
            return _Found(fits.__name__, fits, values, read)
    if is_sdk_dump(values):  # the atproto SDK's dump: Bluesky's answers in Python's names
        values = from_sdk(values)
    first = values[0] if values else None
    if is_bluesky(first):
        return _Found("bluesky", _bluesky_line, values, _read_bluesky)
    if is_mastodon(first):
        return _Found("mastodon", _first(is_mastodon), values, _read_mastodon)
    if is_x_archive(values):
        return _Found("x-archive", is_x_archive, values,
                      lambda values, carried: read_x_archive(values, carried.x_archive))
    for fits, read in _AFTER_THE_ARCHIVE:
        if fits(values):
            return _Found(fits.__name__, fits, values, read)
    return _by_most(values)


def _several_shapes(values: list[Any], whole: _Found | None) -> bool:
    """Whether the values, each read alone as ``bots`` reads a line of JSON Lines, are of
    two shapes or more, and most of them of a known one (``cat search.jsonl
    comments.jsonl``): read together as the shape of most of the first, the others' records
    would be skipped, where streaming the lines reads them all. A value that fits the shape
    of the whole is taken to be of it, unasked (one predicate a value: a dump of one shape,
    the usual, costs little more). ``whole``: the shape of the values together."""
    if whole is None:
        return False  # no shape together: ``_whole`` goes record by record when most fit
    shapes, known, _ = _shapes_alone(values, whole)
    return len(shapes) > 1 and known * 2 > len(values)


def _apart(values: list[Any], whole: _Found) -> bool:
    """Whether lines found together to be of the shape ``whole`` are to be read one by one:
    they are of several shapes (``_several_shapes``), or most of them are of none (other
    answers of the API saved between those of the shape)."""
    shapes, known, of_whole = _shapes_alone(values, whole)
    several = len(shapes) > 1 and known * 2 > len(values)
    return several or 0 < of_whole * 2 <= len(values)


def _shapes_alone(values: list[Any], whole: _Found) -> tuple[set[str], int, int]:
    """The shapes of the values each read alone, ``whole``'s among them; how many values are
    of a known shape; how many of ``whole``'s."""
    shapes = {whole.shape}
    known = of_whole = 0
    for value in values:
        if whole.fits([value]):
            known += 1
            of_whole += 1
            continue
        found = _reader_for([value])
        if found is None and isinstance(value, list) and value:
            found = _reader_for(value)  # an array on a line: ``read_line`` reads its items
        if found is not None:
            known += 1
            shapes.add(found.shape)
    return shapes, known, of_whole


def _by_most(values: list[Any]) -> _Found | None:
    """Bluesky or Mastodon values whose first is something else (a collector's note on the
    first line of its log, a rate limit's answer saved first): known by most of the first
    20, as a Jetstream log is, so one odd record does not cost the dump."""
    head = values[:20]
    if mostly(is_bluesky, head):
        return _Found("bluesky", _bluesky_line, values, _read_bluesky)
    if mostly(is_mastodon, head):
        return _Found("mastodon", _first(is_mastodon), values, _read_mastodon)
    return None


def _mostly_pages(values: list[Any]) -> bool:
    """Whether most of the values are X API v2 pages, asked of each value until the answer
    is sure (past half of them either way): a dump of another shape is not checked to its
    end for pages, nor a dump of pages past its first half."""
    enough = len(values) // 2 + 1
    misses = len(values) - enough  # more than this many other values: not most
    found = missed = 0
    for value in values:
        if is_x_api(value):
            found += 1
            if found >= enough:
                return True
        else:
            missed += 1
            if missed > misses:
                return False
    return False


def _x_api_pages(values: list[Any], facts: XUserFacts) -> Read:
    """X API v2 pages saved one a line, among which a few lines are something else (a rate
    limit's error response, a stray value): the pages are read, the others skipped and
    counted, as a broken line is (``jsonish.load``); one odd line never costs the dump.
    Threads' pages among X's are left out where any X page is (a stream reads them each
    by its own reader: ``_apart``). Picked out here, as they are read, not when the shape
    is told: a dump is checked for its shape without a pass over it."""
    pages = [value for value in values if is_x_api(value)]
    pages = [page for page in pages if not is_meta_threads([page])] or pages
    others = len(values) - len(pages)
    read = read_x_api(pages, facts)
    if not others:
        return read
    skipped = f"X API v2: {others} line(s) not an X API response; skipped"
    return replace(read, dump=replace(read.dump, warnings=(skipped, *read.dump.warnings)))


def _as_text(text: str, warning: str | None = None, *, replaced: bool = False) -> Dump:
    """``text`` read as a paste; ``replaced``: it is not the input itself (``Dump.text``)."""
    warnings = (warning,) if warning else ()
    if looks_like_x_web(text):
        return Dump("x-web", parse_x_web(text), warnings)
    return Dump("text", (), warnings, text=text if replaced else None)
