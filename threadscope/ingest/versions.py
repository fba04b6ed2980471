"""The versions of one post folded into one, as ``bots`` streams a dump and as ``thread``
and ``audit`` read it whole (``parse.parse_structured``): one rule, one place.

A Mastodon status or a Reddit post read in several versions (a streamed ``status.update``,
a comment fetched again after an edit, a status's ``/history`` saved on a line of its own)
is one post, the latest version in the first one's place with the links only the earlier
had (``edited_away``): an edit must not hide the look-alike link it removed, and the words
now shown are the post's. The same post saved again unchanged is passed over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from threadscope.ingest.csv_input import ROUNDED_ID
from threadscope.ingest.jsonish import unique
from threadscope.ingest.mastodon import fold_versions
from threadscope.ingest.reddit import fold_edits
from threadscope.models import Post

FOLDS: dict[str, Callable[[Sequence[Post]], Post]] = {
    "mastodon": fold_versions, "reddit": fold_edits}
"""The formats whose posts read in several versions are one post, and how they fold."""


@dataclass
class Versions:
    """A Mastodon or Reddit stream's posts, held until it has ended: any later line may
    bring a new version of a status (``status.update``) or of a Reddit post (fetched again,
    edited), or the edit history of a status (``/history`` saved on a line of its own,
    before the status or after it), which is that status again, in its place. Holding
    costs a place in a list for each post, which ``bots`` keeps anyway (the repeats a
    stream gives on each subscription are passed over before), and the ids read in more
    than one version; each line's text and JSON are still let go with it."""

    posts: list[Post] = field(default_factory=list)
    edited: set[str] = field(default_factory=set)
    """Ids of the statuses read in more than one version."""
    histories: int = 0
    """Posts held without an id but with an edit time: edit histories whose status may
    come later."""

    def add(self, post: Post, *, again: bool, history: bool = True) -> None:
        """``again``: the post's id came before, with other words or links; ``history``: a
        post without an id but with an edit time may be an edit history (Mastodon's)."""
        if again and post.post_id is not None:
            self.edited.add(post.post_id)
        elif history and post.post_id is None and post.edited_at is not None:
            self.histories += 1
        self.posts.append(post)

    def as_read(self) -> list[Post]:
        """The posts held, each version as it came (the stream turned out to hold records of
        other platforms too, which are read so, one by one); none held any longer."""
        posts, self.posts = self.posts, []
        self.edited.clear()
        self.histories = 0
        return posts

    def folded(self, fold: Callable[[Sequence[Post]], Post]) -> Iterator[Post]:
        """Each post once, in its first place, its versions folded (``fold``: Mastodon's
        ``fold_versions``, Reddit's ``fold_edits``); an edit history that came before its
        status folded into it."""
        later = self._histories_of_later() if self.histories else {}
        if not self.edited:
            yield from self.as_read()
            return
        versions: dict[str, list[Post]] = {}
        for post in self.posts:
            if post.post_id in self.edited:
                versions.setdefault(post.post_id, []).append(post)
        for post_id, histories in later.items():
            versions[post_id].extend(histories)
        for post in self.as_read():
            if post.post_id not in versions:
                yield post
            elif len(found := versions[post.post_id]) > 0:
                yield fold(found)
                found.clear()  # its later versions are in it

    def _histories_of_later(self) -> dict[str, list[Post]]:
        """Edit histories held without their status, which came later in the stream: each
        is that status's (``history_of_held``), its latest version, as a history saved
        after its status is; taken out of the posts, returned by the status's id."""
        edited: dict[tuple[str | None, str], Post] = {}
        for post in self.posts:
            if post.post_id is not None and post.edited_at is not None:
                edited.setdefault((post.author, post.edited_at), post)
        if not edited:
            return {}
        later: dict[str, list[Post]] = {}
        kept = []
        for post in self.posts:
            found = post
            if post.post_id is None and post.edited_at is not None:
                found = history_of_held(post, edited)
            if found.post_id is not None and found is not post:
                later.setdefault(found.post_id, []).append(found)
                self.edited.add(found.post_id)
            else:
                kept.append(post)
        self.posts = kept
        return later


def history_of_held(post: Post, edited: dict[tuple[str | None, str], Post]) -> Post:
    """A post without an id, by the author and with the edit time of an edited post that came
    before, is that post's edit history (Mastodon's ``/history``, saved on its own line beside
    the status): that post again, with the links its earlier versions had, as
    ``parse_mastodon`` reads the two in one file. Read as a post of its own, it was one more
    reply of its author's, and a fast one (it has no place in the thread to say otherwise).
    ``edited`` remembers the edited posts read so far."""
    key = (post.author, post.edited_at or "")
    if post.post_id is not None:
        edited.setdefault(key, post)
        return post
    held = edited.get(key)
    if held is None:
        return post
    away = unique([link for link in post.urls if link not in held.urls])
    return replace(held, urls=(*held.urls, *away), edited_away=unique([*held.edited_away, *away]))


@dataclass
class OneEach:
    """Each post of a dump once, fed one by one (``take``) with the dump's format as known
    so far (a stream learns it line by line), the rest when the dump has ended (``end``): a
    post whose id came before with the same words and links is passed over (counted in
    ``repeated``); with other words or links it is an edit, and a Mastodon status's or a
    Reddit post's versions are held and folded into one (``FOLDS``); elsewhere (records of
    several platforms) every version is passed on. An id a spreadsheet rounded
    (``1.23457E+18``) tells no repeats (counted in ``rounded``)."""

    seen: dict[str, int] = field(default_factory=dict)
    """Id → the hash of what the post said last."""
    edited: dict[tuple[str | None, str], Post] = field(default_factory=dict)
    """(Author, edit time) → the edited Mastodon status read so far."""
    held: Versions = field(default_factory=Versions)
    repeated: int = 0
    rounded: int = 0
    first_rounded: str = ""

    def take(self, post: Post, fmt: str) -> Iterator[Post]:
        """The posts that can be handed on once ``post`` of a dump of ``fmt`` is read."""
        mastodon = fmt == "mastodon"
        folds = fmt in FOLDS
        if post.edited_at is not None and mastodon:
            post = history_of_held(post, self.edited)
        if self.held.posts and not folds:  # a line of another platform: read as it came
            yield from self.held.as_read()
        again = False
        if post.post_id is not None:
            if ROUNDED_ID.fullmatch(post.post_id):
                self.rounded += 1  # counted, not kept: a million-row export streams past
                self.first_rounded = self.first_rounded or post.post_id
            else:
                said = hash((post.text, post.urls))
                last = self.seen.get(post.post_id)
                if last == said:
                    self.repeated += 1
                    return
                again = last is not None
                self.seen[post.post_id] = said
        if folds:
            self.held.add(post, again=again, history=mastodon)
            return
        yield post

    def end(self, fmt: str) -> Iterator[Post]:
        """The posts still held once the dump of ``fmt`` has ended, versions folded."""
        fold = FOLDS.get(fmt)
        yield from self.held.as_read() if fold is None else self.held.folded(fold)


def one_each(posts: Sequence[Post], fmt: str) -> tuple[Post, ...]:
    """The posts of a whole dump of ``fmt`` as ``bots`` streams them (``OneEach``), each
    once, a Mastodon status's or a Reddit post's versions folded: what ``parse_structured``
    makes of records read one by one (``parse._mixed``), which ``parse_mastodon`` and
    ``read_reddit`` do themselves for a dump of their one shape. Posts keep their ``line``."""
    if fmt not in FOLDS:
        return tuple(posts)
    one = OneEach()
    out = [post for found in posts for post in one.take(found, fmt)]
    out.extend(one.end(fmt))
    return tuple(out)
