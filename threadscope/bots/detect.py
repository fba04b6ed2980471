"""Posts → ``BotReport``: assess links, group, score, summarise each account, export the network.

The pipeline is linear in the number of posts: posts are consumed once as they stream in,
links are assessed once per distinct link, texts are compared through LSH buckets
(``minhash``), links and accounts are joined by key (``cluster``), co-actions are paired only
inside each object's episodes (``network``), and each group is scored once (``score``).
"""

from __future__ import annotations

import contextlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import NamedTuple

from threadscope.assessment import BrandRegistry, default_registry
from threadscope.assessment.score import total
from threadscope.auditor import LinkAuditor
from threadscope.authors import Account, author_label, members_of
from threadscope.bots import codes, signals
from threadscope.bots.actions import Actions, collect
from threadscope.bots.cluster import accounts_of, group, text_sets
from threadscope.bots.links import LinkIndex
from threadscope.bots.network import DEFAULT_MIN_REPEATS, KINDS, Network, build
from threadscope.bots.score import Context, score_group
from threadscope.gcpause import cycles_uncollected
from threadscope.models import (
    AccountSummary,
    AuthorKind,
    BotReport,
    Cluster,
    ClusterVerdict,
    CoAction,
    NetworkEdge,
    NetworkOptions,
    Platform,
    Post,
    PostKind,
    Reason,
)


def detect(
    posts: Iterable[Post],
    *,
    registry: BrandRegistry | None = None,
    network: NetworkOptions | None = None,
    source: str = "<text>",
    context: Iterable[Post] = (),
    warnings: Iterable[str] = (),
    window: float | Mapping[str, float] | None = None,
    min_repeats: int = DEFAULT_MIN_REPEATS,
    auditor: LinkAuditor | None = None,
) -> BotReport:
    """Find clusters of coordinated accounts among ``posts`` (network None: offline).

    ``posts`` is consumed once, in order (a ``PostStream`` streams from the file);
    ``context`` (posts shown for context only, the post answered) and ``warnings`` are read
    after it, so a stream may fill them as it goes. ``window``: seconds within which two
    accounts' actions on the same object are one co-action (one number, or per kind:
    ``{"co-text": 3600}``, ``"*"`` for the rest); ``min_repeats``: how often a pair must
    co-act to be linked. Clusters and accounts refer to posts by their position in ``posts``.
    ``auditor``, when given, assesses the links instead of ``registry`` and ``network`` (its
    tally then counts what could not be checked).
    """
    if min_repeats < 1:
        raise ValueError("min_repeats must be at least 1")
    if auditor is None:
        auditor = LinkAuditor.from_options(registry or default_registry(), network)
    kept: list[Post] = []
    links = LinkIndex()
    # Offline, the cycle collector is paused from the first post on (its pass when it resumes
    # walks what was made while it slept, so one pause costs less than two); with the network
    # it runs while the posts are read and their links followed: httpx and asyncio do make
    # cycles.
    with cycles_uncollected() if auditor.offline else contextlib.nullcontext():
        for post in posts:
            kept.append(post)
            links.add(post)
        linked = links.assess(auditor)
        shown = list(context)
        root, original = answered([*shown, *kept])
        threads = threads_of(kept, shown, root)
        skip = set_apart(kept, threads)
        with cycles_uncollected():
            times = signals.PostTimes.of(kept, thread_starts(kept, shown, threads, root, original))
            texts = text_sets(kept, times, skip)
            owners = accounts_of(kept)
            acts = collect(kept, texts, linked, skip, times, owners)
            net = build(acts.by_object, window=window, min_repeats=min_repeats,
                        describe=acts.describe)
            acts.by_object = {}  # the episodes hold what is still needed
            grouping = group(kept, linked, texts, net.groups, skip, acts.handles, min_repeats,
                             owners)
            scoring = Context(kept, grouping, linked, times, net, acts.describe, owners)
            labels = platform_labels(kept, owners)
            clusters = _clusters(grouping.groups, scoring, labels)
            accounts = _accounts(kept, owners, clusters, times, skip, labels)
            edges = _edges(net, acts, clusters)
            flagged = _flagged(clusters, len(kept))
    return BotReport(
        source=source,
        replies=len(kept),
        clusters=clusters,
        accounts=accounts,
        links=linked.assessments,
        warnings=tuple(warnings),
        network=edges,
        window={kind: net.window[n] for n, kind in enumerate(KINDS)},
        min_repeats=min_repeats,
        flagged_posts={position: kept[position] for position in flagged},
        flagged_links={position: linked.per_reply[position] for position in flagged
                       if position < len(linked.per_reply) and linked.per_reply[position]},
        read_as=read_as(kept),
    )


def read_as(posts: Sequence[Post]) -> str:
    """What ``posts`` are, as a report's header counts them: a count of 14 retweets headed
    "Replies" misleads. ``retweets`` where every one is a retweet on X, ``reposts`` where
    every one is a repost elsewhere or on no platform said (a QUT toolkit CSV); ``posts``
    where reposts come with posts of other kinds, or where a platform's data (which says
    what a reply is) holds no reply and no repost at all; else ``replies``: the replies and
    the posts they answer, the dump ``bots`` is made for, and what text or a CSV that
    cannot say whether a post answers another is taken to be."""
    kinds = {post.kind for post in posts}
    if PostKind.REPOST in kinds:
        if kinds != {PostKind.REPOST}:
            return "posts"
        return "retweets" if all(post.platform is Platform.X for post in posts) else "reposts"
    said = bool(posts) and all(post.platform is not None for post in posts)
    return "posts" if said and PostKind.REPLY not in kinds else "replies"


def detect_file(
    path: str,
    *,
    columns: Mapping[str, str] | None = None,
    registry: BrandRegistry | None = None,
    network: NetworkOptions | None = None,
    window: float | Mapping[str, float] | None = None,
    min_repeats: int = DEFAULT_MIN_REPEATS,
    auditor: LinkAuditor | None = None,
) -> BotReport:
    """``threadscope bots FILE``: ``detect`` over the posts of a file (``-``: stdin), streamed
    (``open_replies``; ``columns`` names a CSV's columns), with the posts it shows for context
    and what reading it found. ``detect(open_replies(path))`` alone would miss those."""
    # Imported here: the report formats import ``threadscope.bots`` (for its codes), and
    # ``check`` needs no dump readers.
    from threadscope.ingest.replies import open_replies

    stream = open_replies(path, columns=columns)
    return detect(
        stream,
        registry=registry,
        network=network,
        source=stream.source,
        context=stream.context,
        warnings=stream.warnings,
        window=window,
        min_repeats=min_repeats,
        auditor=auditor,
    )


def _flagged(clusters: Sequence[Cluster], count: int) -> list[int]:
    """Positions of the coordinated clusters' replies: kept for reports that quote them."""
    return sorted({
        position
        for cluster in clusters
        if cluster.verdict is ClusterVerdict.COORDINATED
        for position in cluster.replies
        if 0 <= position < count
    })


def answered(posts: Sequence[Post]) -> tuple[str | None, datetime | None]:
    """The post most replies answer (its id), and when it was made if it is in the dump.

    Within a conversation the dump names (``conversation_id``: X's, Bluesky's root, a
    Reddit submission, a Telegram thread's top), that is the conversation's first post
    (``_conversation_root``): replies cannot move it. Counted alone, a team's dozen ``+1``
    answers to one of its own replies made that reply the root and its author the owner,
    set apart from the team, while the thread's real author was weighed as one of them.
    """
    counts: dict[str, int] = defaultdict(int)
    for post in posts:
        if post.reply_to:
            counts[post.reply_to] += 1
    if not counts:
        return None, None
    by_id = {post.post_id: post for post in posts if post.post_id}
    ranked = sorted(counts, key=lambda key: -counts[key])
    found = next((post_id for post_id in ranked if post_id in by_id), ranked[0])
    found = _conversation_root(posts, found, counts, by_id)
    first = by_id.get(found)
    return found, None if first is None else signals.parse_time(first.created_at)


def _conversation_root(posts: Sequence[Post], found: str, counts: Mapping[str, int],
                       by_id: Mapping[str, Post]) -> str:
    """The first post of the conversation that the replies to ``found`` are in, where the
    dump names one that is a post of the dump or answered in it; else the top of the reply
    tree ``found`` is in (``_top_of``)."""
    conversations = Counter(post.conversation_id for post in posts
                            if post.reply_to == found and post.conversation_id)
    if not conversations:
        return _top_of(found, counts, by_id)
    conversation = conversations.most_common(1)[0][0]
    if conversation != found and (conversation in by_id or conversation in counts):
        return conversation
    return found


def _top_of(found: str, counts: Mapping[str, int], by_id: Mapping[str, Post]) -> str:
    """Where no conversation is named: the post the reply tree above ``found`` starts at,
    following each post's ``reply_to`` up while the dump holds that post, or other replies
    than this one answer it (a reply's parent alone, outside the dump, is no thread)."""
    seen = {found}
    while (post := by_id.get(found)) is not None:
        parent = post.reply_to
        if not parent or parent in seen or not (parent in by_id or counts.get(parent, 0) > 1):
            break
        seen.add(parent)
        found = parent
    return found


def original_time(posts: Sequence[Post]) -> datetime | None:
    """When the post most replies answer was made, if that post is in the dump."""
    return answered(posts)[1]


class Thread(NamedTuple):
    """One thread of a dump: the post its replies answer, whose thread it is, and which of the
    dump's posts are in it (``threads_of``); ``set_apart`` sets apart its own posts."""

    root: str | None
    """The post the replies answer, where the dump may hold it; None under YouTube videos
    (a video is never in the dump)."""
    owner: Account | None
    """The thread's owner (``thread_owner``), None where the dump cannot say."""
    channel: str | None = None
    """The YouTube channel the videos belong to: the owner's comments are those its channel
    id is on (``authorChannelId``); a comment without one is matched by the owner's name."""
    members: frozenset[int] | None = None
    """Positions of the thread's posts; None: every post no other thread holds."""


def threads_of(posts: Sequence[Post], context: Sequence[Post], root: str | None
               ) -> tuple[Thread, ...]:
    """Each thread of the dump, the one ``root`` is in (the post most replies answer,
    ``answered``) first, each with its own owner: a dump may mix several threads.

    - YouTube comments (``Post.youtube``): the videos of each channel the comments name are
      one thread, owned by that channel (its comments under its own videos are its own;
      under another channel's video it comments like anyone), most comments first. A
      comment of no known channel (youtube-comment-downloader keeps none) is in no thread:
      no root, no owner is guessed for it.
    - Other posts: each conversation the dump names (``conversation_id``: an X conversation,
      a Bluesky root, a Reddit submission, a Mastodon context, a Telegram thread) that holds
      a reply, other than ``root``'s, is a thread of its own, rooted at its first post; the
      thread of ``root`` holds the rest (so a Telegram channel's own chat, in no
      conversation, stays with the discussion that answers it). With one owner for all,
      the most answered thread's, the other threads' authors were weighed as replies in
      their own threads, and their warnings quoting a campaign's link joined the campaign.
    """
    authored: dict[str, Post] | None = None
    if any(post.youtube is not None for post in posts):
        found = list(_channel_threads(posts))
    else:
        authored = _authored_by_id([*context, *posts])
        found = [Thread(root, _root_owner(posts, context, root, authored))]
    main = _main_conversations(posts, root) if found and found[0].root is not None else set()
    conversations = _conversations(posts, main)
    if conversations:
        if authored is None:
            authored = _authored_by_id([*context, *posts])
        for conversation, members in conversations.items():
            inside = [posts[i] for i in members]
            found.append(Thread(conversation, _root_owner(inside, (), conversation, authored),
                                members=frozenset(members)))
    return tuple(found)


def thread_of(
    posts: Sequence[Post], context: Sequence[Post], root: str | None
) -> tuple[str | None, Account | None]:
    """The post the replies are about, where the dump may hold it, and its owner
    (``thread_owner``), of the first thread ``threads_of`` finds. ``root`` is the post most
    replies answer (``answered``); under a YouTube video, the root is the video, never in the
    dump: the comment most answered is one of the replies, however high it was lifted."""
    found = threads_of(posts, context, root)
    if any(post.youtube is not None for post in posts):
        return None, found[0].owner if found and found[0].channel is not None else None
    return (found[0].root, found[0].owner) if found else (root, None)


def thread_owner(
    posts: Sequence[Post], context: Sequence[Post], root: str | None
) -> Account | None:
    """The account whose post the replies answer: the thread's author, the channel that owns
    a discussion or a video, the account a conversation was started by.

    Read from the root post where the dump or its context holds it (a Telegram discussion
    group's copy of the channel post, an X conversation's first tweet, the Bluesky or Reddit
    post a thread hangs from, the Mastodon status a context was asked for); where it lacks
    the root, from whom the replies to it say they answer (``reply_to_author``: X's
    ``in_reply_to_user_id``, Bluesky's parent, Reddit's submission author), if the dump has
    posts of that account at all (else there is nothing of theirs to set apart).

    YouTube comments (``Post.youtube``) answer a video: its owner is the video's channel,
    where the dump says which it is and holds a comment of it, and no one otherwise
    (youtube-comment-downloader keeps no channel), never the author of the comment most
    answered: a bot whose comment was lifted to the top would have had its other comments
    set apart. In a dump of several channels' videos, this is the owner of the channel most
    comments are under (``threads_of`` gives each channel's).
    """
    return thread_of(posts, context, root)[1]


def _root_owner(
    posts: Sequence[Post], context: Sequence[Post], root: str | None,
    authored: Mapping[str, Post] | None = None,
) -> Account | None:
    """The author of the root post, or the account the replies to it say they answer.
    ``authored``: ``context`` and ``posts`` indexed already (``_authored_by_id``)."""
    if root is None:
        return None
    if authored is None:
        authored = _authored_by_id((*context, *posts))
    post = authored.get(root)
    if post is not None and post.author:
        return Account(post.author, post.author_kind, post.author_id)
    named = Counter(p.reply_to_author for p in posts if p.reply_to == root and p.reply_to_author)
    if not named:
        return None
    name = named.most_common(1)[0][0]
    return _named_account(posts, name)


def _authored_by_id(posts: Iterable[Post]) -> dict[str, Post]:
    """Each post id's first post that names an author (the context's before the dump's)."""
    found: dict[str, Post] = {}
    for post in posts:
        if post.post_id and post.author:
            found.setdefault(post.post_id, post)
    return found


def _named_account(posts: Sequence[Post], name: str) -> Account | None:
    """The account of ``posts`` that a reply's ``reply_to_author`` names. Several accounts
    may read ``name`` (a display name anyone may take, beside the handle): the handle is the
    one the platform meant (``reply_to_author`` names handles); a display name never takes
    its place, or a bot calling itself after the owner would be set apart from its team
    as the owner (and the owner weighed as one of the replies)."""
    accounts = list(dict.fromkeys(Account(post.author, post.author_kind, post.author_id)
                                  for post in posts if post.author == name))
    if len(accounts) == 1:
        return accounts[0]
    handles = [account for account in accounts if account.kind == AuthorKind.HANDLE]
    return handles[0] if len(handles) == 1 else None


def _channel_threads(posts: Sequence[Post]) -> Iterator[Thread]:
    """One thread per channel whose videos the YouTube comments are under, the channel most
    comments are under first (ties: the one named first)."""
    under: dict[str, list[int]] = defaultdict(list)
    for position, post in enumerate(posts):
        if post.youtube is not None and post.youtube.channel is not None:
            under[post.youtube.channel].append(position)
    for channel in sorted(under, key=lambda key: -len(under[key])):
        yield Thread(None, _channel_account(posts, channel), channel, frozenset(under[channel]))


def _channel_account(posts: Sequence[Post], channel: str | None) -> Account | None:
    """The account of the comments that ``channel`` wrote, if the dump holds one."""
    if channel is None:
        return None
    return next((Account(p.author, p.author_kind, p.author_id) for p in posts
                 if p.youtube is not None and p.youtube.author_channel == channel and p.author),
                None)


def _main_conversations(posts: Sequence[Post], root: str | None) -> set[str]:
    """The conversations ``root``'s thread is: its own, and the one the root post or the
    replies to it name (a root that is itself a reply is in a conversation named after
    another post, which the dump may lack)."""
    if root is None:
        return set()
    return {root, *(post.conversation_id for post in posts
                    if post.conversation_id and root in (post.post_id, post.reply_to))}


def _conversations(posts: Sequence[Post], main: set[str]) -> dict[str, list[int]]:
    """The positions of each conversation named outside ``main`` that holds a reply (a post
    that is its own conversation, answered by no one, is no thread)."""
    found: dict[str, list[int]] = defaultdict(list)
    for position, post in enumerate(posts):
        conversation = post.conversation_id
        if conversation and post.youtube is None and conversation not in main:
            found[conversation].append(position)
    return {conversation: members for conversation, members in found.items()
            if any(posts[i].reply_to for i in members)}


def thread_starts(posts: Sequence[Post], context: Sequence[Post], threads: Iterable[Thread],
                  root: str | None, original: datetime | None) -> list[signals.Start]:
    """When each thread a post of the dump is in began, as ``fast-reply`` times it: a reply
    is fast after the first post of its own thread, never after another thread's, hours or
    years apart (it looked fast, or never did, by accident).

    - The thread of the post most replies answer (``root``, made at ``original``): the posts
      whose reply chain in the dump leads up to it, or whose conversation is its
      (``main_thread``).
    - Each further conversation the dump names, from its root (``thread_originals``).
    - YouTube comments, per video (``video_starts``).

    A reply in none of these (its parent, and so its thread, is not in the dump) is not
    timed: what it answered, and when, is unknown. A post that names no post at all (web
    copy, a CSV without ids) is taken to be in the root's thread, as ever."""
    starts: list[signals.Start] = []
    if root is not None and original is not None:
        first = next((post for post in (*context, *posts)
                      if post.post_id == root and post.author), None)
        since = _first_post(first) if first is not None else signals.ORIGINAL
        starts.append(signals.Start(original, main_thread(posts, context, root), since))
    starts.extend(thread_originals(threads, context, posts))
    starts.extend(video_starts(posts, context))
    return starts


def main_thread(posts: Sequence[Post], context: Sequence[Post], root: str) -> list[int]:
    """Positions of the posts in ``root``'s thread: a post that is the root or names no
    post, one in a conversation the root's thread is (``_main_conversations``), and a reply
    whose chain of parents in the dump (or its context) leads up to the root. YouTube
    comments are timed by their video instead."""
    conversations = _main_conversations(posts, root)
    reaches: dict[str, bool] = {root: True}
    parents: dict[str, str | None] | None = None  # made once a reply needs its chain
    found = []
    for position, post in enumerate(posts):
        if post.youtube is not None:
            continue
        parent = post.reply_to
        if parent == root or (post.conversation_id is not None
                              and post.conversation_id in conversations):
            found.append(position)
        elif parent is None:
            if post.post_id is None or post.post_id == root:
                found.append(position)
        else:
            if parents is None:
                parents = {p.post_id: p.reply_to for p in (*context, *posts) if p.post_id}
            if _leads_to(parent, parents, reaches):
                found.append(position)
    return found


def _leads_to(start: str, parents: Mapping[str, str | None], reaches: dict[str, bool]) -> bool:
    """Whether the chain of parents from ``start`` reaches a post ``reaches`` knows leads to
    the root; every post walked is remembered (iterative: no chain is too long, a cycle
    ends it)."""
    walked: list[str] = []
    at: str | None = start
    while at is not None and at not in reaches:
        walked.append(at)
        if len(walked) > len(parents) or at not in parents:
            at = None
            break
        at = parents[at]
    answer = at is not None and reaches[at]
    for post_id in walked:
        reaches[post_id] = answer
    return answer


def _first_post(post: Post) -> str:
    """A thread's first post as a reason cites it: its id, author and time."""
    return f"the thread's first post {_cited(post)}"


def _cited(post: Post) -> str:
    """``123 (@anna, 2024-04-05 12:00 UTC)``: a post as a reason names it."""
    facts = [author_label(post.author, post.author_kind)] if post.author else []
    moment = signals.parse_time(post.created_at)
    if moment is not None:
        facts.append(signals.shown_time(moment))
    named = post.post_id or f"on line {post.line}"
    return f"{named} ({', '.join(facts)})" if facts else named


def thread_originals(threads: Iterable[Thread], context: Sequence[Post], posts: Sequence[Post]
                     ) -> list[signals.Start]:
    """When each thread of its own (``Thread.members``: a further conversation the dump
    names) began, with its posts' positions: a reply is fast after the original post of its
    own conversation, the thread's root, not after the root of the thread most replies
    answer. A thread whose root is in neither ``posts`` nor ``context`` (when it was made is
    unknown) is left out: its replies are not timed."""
    own = [thread for thread in threads if thread.members is not None and thread.root]
    if not own:
        return []
    roots = {thread.root for thread in own}
    made = {post.post_id: post for post in (*context, *posts) if post.post_id in roots}
    found: list[signals.Start] = []
    for thread in own:
        first = made.get(thread.root)
        moment = signals.parse_time(first.created_at) if first is not None else None
        if first is not None and moment is not None and thread.members is not None:
            found.append(signals.Start(moment, thread.members, _first_post(first)))
    return found


def video_starts(posts: Sequence[Post], context: Sequence[Post]) -> list[signals.Start]:
    """When each YouTube video's comments began, per video (``YoutubeIds.video``): the
    video's own publish time where the dump holds the video (a ``videos.list`` answer, read
    into the context), else the earliest comment under it, itself left untimed. Comments
    under different videos, published years apart, are never timed against one another."""
    under: dict[str, list[int]] = defaultdict(list)
    for position, post in enumerate(posts):
        if post.youtube is not None and post.youtube.video is not None:
            under[post.youtube.video].append(position)
    if not under:
        return []
    published = {post.post_id: post for post in context if post.is_video}
    found: list[signals.Start] = []
    for video, positions in under.items():
        shown = published.get(video)
        moment = signals.parse_time(shown.created_at) if shown is not None else None
        if moment is not None:
            since = f"video {video} was published ({signals.shown_time(moment)})"
            found.append(signals.Start(moment, positions, since))
            continue
        dated = [(at, i) for i in positions if (at := signals.parse_time(posts[i].created_at))]
        if not dated:
            continue
        moment, first = min(dated)
        since = (f"{_cited(posts[first])}, the earliest comment in the dump under video "
                 f"{video}, whose publish time the dump lacks")
        found.append(signals.Start(moment, [i for i in positions if i != first], since))
    return found


def set_apart(posts: Sequence[Post], threads: Iterable[Thread]) -> frozenset[int]:
    """Positions of every thread's own posts (``thread_posts``), each in its thread only."""
    found: set[int] = set()
    for thread in threads:
        found.update(thread_posts(posts, thread.root, thread.owner, channel=thread.channel,
                                  members=_members(thread, threads, len(posts))))
    return frozenset(found)


def _members(thread: Thread, threads: Iterable[Thread], count: int) -> frozenset[int] | None:
    """The thread's positions; for the thread that holds the rest, those no other holds."""
    if thread.members is not None:
        return thread.members
    taken = {i for other in threads if other.members is not None for i in other.members}
    return frozenset(range(count)) - taken if taken else None


def thread_posts(
    posts: Sequence[Post], root: str | None, owner: Account | None = None, *,
    channel: str | None = None, members: frozenset[int] | None = None,
) -> frozenset[int]:
    """Positions of the thread's own posts: the root, and every post of its ``owner``
    (``thread_owner``) that answers no other account.

    A dump of replies usually includes the post answered; it is what the replies are about,
    not one of them. So is the rest of what its owner publishes: its follow-ups (``2/5``
    answering ``1/5``), its other posts (a Telegram export holds the channel's own chat
    beside the discussion group that comments on it), what it quotes or forwards. Replies
    echo what they answer, so sharing its text or links says nothing of the owner: a
    fact-checking channel that quotes a campaign's look-alike link to debunk it would
    otherwise join the campaign's bots on that link; nor is the owner posting when the bots
    answer it a co-action of its own. These posts take part in no grouping and no network.

    The owner's replies to other accounts are kept: answering someone in the thread is the
    same act as the bots' and is weighed as theirs, so an owner whose replies carry the
    bots' text or link, or co-act with them, is clustered with them; its account's own
    evidence (handle, age, moderation) is reported as anyone's. ``root`` None: the thread's
    root is not a post of the dump (a YouTube video), its owner's posts are still set apart.

    ``channel`` (a YouTube video's channel id): a comment that carries its author's channel
    id is the owner's when that id is the channel's, whatever name it shows (a look-alike
    account calling itself after the channel is no owner); by name only where it carries
    none. ``members``: the positions of the thread's posts (None: all of ``posts``).
    """
    if root is None and owner is None:
        return frozenset()
    inside = range(len(posts)) if members is None else sorted(members)
    if owner is None:
        return frozenset(i for i in inside if posts[i].post_id == root)
    mine = [i for i in inside if _is_owners(posts[i], owner, channel)]
    own_ids = {root, *(posts[i].post_id for i in mine if posts[i].post_id)} - {None}
    asked = {posts[i].reply_to for i in mine} - own_ids
    others = {posts[i].post_id for i in inside if posts[i].post_id in asked} if asked else set()
    found = {i for i in inside if root is not None and posts[i].post_id == root}
    found.update(i for i in mine if not _answers_another(posts[i], own_ids, others, owner))
    return frozenset(found)


def _is_owners(post: Post, owner: Account, channel: str | None) -> bool:
    """Whether ``post`` is the owner's: by the channel id where the thread and the comment
    both have one (YouTube), else by the account's name and kind."""
    author_channel = post.youtube.author_channel if post.youtube is not None else None
    if channel is not None and author_channel is not None:
        return author_channel == channel
    same_id = owner.id is None or post.author_id is None or post.author_id == owner.id
    return post.author == owner.name and post.author_kind == owner.kind and same_id


def _answers_another(post: Post, own_ids: set[str | None], others: set[str | None],
                     owner: Account) -> bool:
    """A reply to a post not the owner's: to one of the thread's ``others``, or to one
    outside the thread whose author, where the dump names it, is someone else (a reply whose
    parent is unknown counts as one)."""
    if post.kind is not PostKind.REPLY or post.reply_to in own_ids:
        return False
    return post.reply_to in others or post.reply_to_author != owner.name


def platform_labels(posts: Sequence[Post], owners: Sequence[Account]
                    ) -> dict[Account, tuple[str, ...]]:
    """What the platform says about each account (``Post.author_labels``), from the first of
    its posts that carries any: a repost read from a shape without the reposter's profile
    leaves out what another post of the account tells. Only accounts with labels are kept."""
    found: dict[Account, tuple[str, ...]] = {}
    for position, post in enumerate(posts):
        if post.author_labels:
            found.setdefault(owners[position], post.author_labels)
    return found


def cluster_labels(accounts: Sequence[Account], labels: Mapping[Account, tuple[str, ...]]
                   ) -> tuple[str, ...]:
    """Each label some of the cluster's ``accounts`` carry, with how many of them do, most
    carried first: a cluster's summary says at once that its accounts are, say, verified
    editions of one publisher or self-declared bots."""
    counts = Counter(label for account in accounts for label in labels.get(account, ()))
    return tuple(f"{label}, {count} of {len(accounts)} account{'s' * (len(accounts) != 1)}"
                 for label, count in counts.most_common())


def _clusters(groups: Sequence[Sequence[int]], context: Context,
              labels: Mapping[Account, tuple[str, ...]] | None = None) -> tuple[Cluster, ...]:
    scored = []
    for number, members in enumerate(groups):
        result = score_group(members, context, context.grouping.network_of(number))
        ordered = tuple(sorted(members))
        accounts = tuple(dict.fromkeys(context.owners[i] for i in ordered))
        scored.append((result, accounts, ordered))
    scored.sort(key=lambda item: (not item[0].coordinated, -item[0].score, item[2][0]))
    return tuple(
        Cluster(
            id=number,
            verdict=ClusterVerdict.COORDINATED if result.coordinated else ClusterVerdict.ORGANIC,
            score=result.score,
            accounts=tuple(account.name for account in accounts),
            replies=members,
            reasons=result.reasons,
            imitates=result.imitates,
            account_kinds=tuple(account.kind for account in accounts),
            account_ids=tuple(account.id for account in accounts),
            platform_labels=cluster_labels(accounts, labels) if labels else (),
        )
        for number, (result, accounts, members) in enumerate(scored, start=1)
    )


def _accounts(
    posts: Sequence[Post], owners: Sequence[Account], clusters: Sequence[Cluster],
    times: signals.PostTimes, skip: frozenset[int],
    labels: Mapping[Account, tuple[str, ...]] | None = None,
) -> tuple[AccountSummary, ...]:
    """Accounts in a cluster or with evidence of their own, highest score first."""
    cluster_of: dict[Account, Cluster] = {}
    for item in clusters:  # coordinated and highest-scoring first: each account's worst
        for account in members_of(item):
            cluster_of.setdefault(account, item)
    positions: dict[Account, list[int]] = defaultdict(list)
    for position in range(len(posts)):
        if position not in skip:
            positions[owners[position]].append(position)
    summaries = []
    for account, own in positions.items():
        reasons = _own_reasons(account, own, posts, times)
        cluster = cluster_of.get(account)
        if cluster is not None and cluster.verdict is ClusterVerdict.COORDINATED:
            reasons.append(Reason(
                codes.COORDINATED_CLUSTER, cluster.score,
                f"member of coordinated cluster {cluster.id}",
            ))
        if cluster is None and not reasons:
            continue
        summaries.append(AccountSummary(
            handle=account.name,
            replies=tuple(own),
            cluster=cluster.id if cluster else None,
            score=total(reasons),
            reasons=tuple(reasons),
            created_at=posts[own[0]].author_created_at,
            status=posts[own[0]].author_status,
            author_kind=account.kind,
            platform_labels=labels.get(account, ()) if labels else (),
            account_id=account.id,
        ))
    summaries.sort(key=lambda s: (-s.score, s.replies[0]))
    return tuple(summaries)


def _own_reasons(
    account: Account, own: Sequence[int], posts: Sequence[Post], times: signals.PostTimes
) -> list[Reason]:
    """The account's own evidence, over its posts at positions ``own``."""
    found = (signals.machine_handle(account.name, account.kind,
                                          signals.handle_platform(posts, own)),
             times.first_young(own, posts),
             times.first_fast(posts, own),
             signals.taken_down_account(posts[own[0]]))
    return [reason for reason in found if reason is not None]


def _edges(net: Network, acts: Actions, clusters: Sequence[Cluster]) -> tuple[NetworkEdge, ...]:
    """The network's pairs as edges between handles, each with its co-actions and objects."""
    cluster_of: dict[Account, int] = {}
    for item in clusters:
        for account in members_of(item):
            cluster_of.setdefault(account, item.id)
    edges = []
    for (a, b), pair in net.pairs.items():
        source, target = sorted((acts.handles[a], acts.handles[b]),
                                key=lambda account: (account.name, account.kind or "",
                                                    account.id or ""))
        co_actions = tuple(
            CoAction(KINDS[kind], weight, tuple(pair.objects[kind]))
            for kind, weight in enumerate(pair.weights)
            if weight
        )
        together = cluster_of.get(source)
        edges.append(NetworkEdge(
            source=source.name,
            target=target.name,
            weight=sum(pair.weights),
            co_actions=co_actions,
            cluster=together if together is not None and together == cluster_of.get(target)
            else None,
            source_kind=source.kind,
            target_kind=target.kind,
            source_id=source.id,
            target_id=target.id,
        ))
    edges.sort(key=lambda e: (-e.weight, e.source, e.target))
    return tuple(edges)
