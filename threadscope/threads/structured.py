"""Structured dumps → threads, ordered by the reply graph.

A thread is an author's tree of replies to themselves (X: ``replied_to``; Bluesky:
``reply.parent``; Mastodon: ``in_reply_to_id``): every self-reply belongs to it, also when the
author answered their first post several times (fan-out). The tree is read depth-first,
replies to one post in the order they were posted. Markers in the text (``3/7``) give the
index where they agree with the tree, so a post the platform lost shows up in ``missing``; a
number that does not fit (``… before 9/11``) stays in the text.

A tree whose first post answers the same author's post that the dump lacks (deleted, not
fetched, or the status a Mastodon context was requested for), or whose conversation started
at a post the dump lacks, has lost its head: ``missing`` starts at 1 and ``head_missing`` is
set. Reposts are never part of a thread. Posts that stand alone (no self-reply either way)
are read like web copy: their markers may still make a thread (an author who numbered
separate posts), and text in no thread is unthreaded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from threadscope.ingest import Dump
from threadscope.models import Post, Thread
from threadscope.threads.assemble import Assembled, assemble
from threadscope.threads.markers import Kind, Marker
from threadscope.threads.segment import post_marker, segment_posts

Chain = list[Post | None]
"""Posts in reading order; None marks a gap (a post known to exist but not shown)."""


@dataclass
class _Tree:
    slots: Chain
    head_missing: bool = False


def reassemble_structured(dump: Dump) -> Assembled:
    """Threads of the dump's posts and its context. A YouTube video (``Post.is_video``, read
    from a ``videos.list`` answer for its publish time) is neither: its comments answer it,
    none continues it, and its title listed among the texts in no thread read as a comment
    someone wrote."""
    posts = tuple(post for post in dump.all_posts if not post.is_video)
    known = {p.post_id for p in posts if p.post_id is not None}
    trees = _join_gaps(chronological(build_chains(posts)), set(dump.gaps), known)
    repeated = {i for i, n in Counter(p.post_id for p in dump.posts if p.post_id).items() if n > 1}
    made: list[Thread] = []
    alone: list[Post] = []
    unthreaded: list[tuple[int, str]] = []
    for tree in trees:
        shown = [p for p in tree.slots if p is not None]
        if len(tree.slots) < 2:
            post = shown[0]
            if post.repost_of is None:
                alone.append(post)
            elif post.repost_of not in known and post.text.strip():
                unthreaded.append((post.line, post.text))  # the original is not there to show
            continue
        made.append(_thread(tree, repeated))
    loose = assemble(segment_posts(alone))
    unthreaded.extend(_lines(alone, loose.unthreaded))
    threads = _in_order([*made, *loose.threads])
    texts = [text for _, text in sorted(unthreaded, key=lambda item: item[0])]
    return Assembled(threads, tuple(texts))


def _lines(posts: Sequence[Post], texts: Sequence[str]) -> list[tuple[int, str]]:
    """Unthreaded texts with the line of the post they came from, to keep the dump's order."""
    where = {p.text: p.line for p in reversed(posts)}
    return [(where.get(text, 0), text) for text in texts]


def _in_order(threads: Sequence[Thread]) -> tuple[Thread, ...]:
    """By first post's time when every thread has one (pages come in any order), else by
    where the first post stood; renumbered 1, 2, …"""
    heads = [t.posts[0] for t in threads]
    if all(h.created_at for h in heads):
        keyed = sorted(zip(heads, threads, strict=True), key=lambda x: (x[0].created_at or ""))
    else:
        keyed = sorted(zip(heads, threads, strict=True), key=lambda x: x[0].line)
    return tuple(replace(t, id=i) for i, (_, t) in enumerate(keyed, 1))


def build_chains(posts: Sequence[Post]) -> list[Chain]:
    """Every post in exactly one chain: an author's self-reply tree, read depth-first with
    replies to one post by time. A repost is a chain of its own, never a parent or a child.
    Chains in order of their first post's appearance. Posts of deleted accounts (no author,
    ``author_status`` set: Reddit's ``[deleted]``) are as many accounts as posts, never one
    author answering themselves."""
    by_id = {p.post_id: p for p in posts if p.post_id is not None and p.repost_of is None}
    children: dict[str, list[Post]] = {}
    heads: list[Post] = []
    for post in posts:
        parent = by_id.get(post.reply_to or "")
        if (parent is not None and parent is not post and parent.author == post.author
                and parent.author_kind == post.author_kind  # a name is not the same-text id
                and (post.author is not None or post.author_status is None)
                and post.repost_of is None):
            children.setdefault(parent.post_id or "", []).append(post)
        else:
            heads.append(post)
    seen: set[int] = set()
    chains: list[Chain] = []
    for head in [*heads, *posts]:  # posts left over (reply cycles) start chains too
        if id(head) not in seen:
            chains.append(_walk(head, children, seen))
    return chains


def _walk(head: Post, children: dict[str, list[Post]], seen: set[int]) -> Chain:
    """Depth-first without recursion (a hostile dump can nest deep)."""
    chain: Chain = []
    stack = [head]
    while stack:
        post = stack.pop()
        if id(post) in seen:
            continue
        seen.add(id(post))
        chain.append(post)
        kids = sorted(children.get(post.post_id or "", ()),
                      key=lambda p: (p.created_at or "", p.line))
        stack.extend(reversed([k for k in kids if id(k) not in seen]))
    return chain


def chronological(chains: list[Chain]) -> list[Chain]:
    """Chains by their first post's time when every one has it (pages may come in any order)."""
    heads = [chain[0] for chain in chains]
    if not all(head is not None and head.created_at for head in heads):
        return chains
    return sorted(chains, key=lambda chain: (chain[0].created_at or "") if chain[0] else "")


def _join_gaps(chains: list[Chain], gaps: set[str], known: set[str]) -> list[_Tree]:
    """Chains broken by a missing post are one thread when the evidence says so.

    A chain whose head answers the same author's post that the dump lacks (or a deleted or
    blocked post, a gap) continues the author's earlier chain in the same conversation, with
    a missing post between; with no earlier chain its head is missing. When the dump does
    not say whose post was answered, the head joins only when markers number both chains
    upwards.
    """
    joined: list[_Tree] = []
    for chain in chains:
        head = chain[0]
        if head is None or head.repost_of is not None or not _lost_head(head, gaps, known):
            joined.append(_Tree(chain))
            continue
        earlier = _earlier(joined, head)
        own = head.reply_to_author is not None and head.reply_to_author == head.author
        if earlier is not None and (own or head.reply_to in gaps):
            earlier.slots.extend([None, *chain])
        elif earlier is not None and _numbers_continue(earlier.slots, head):
            earlier.slots.extend(chain)
        elif own or head.reply_to in gaps or _conversation_elsewhere(head, known):
            joined.append(_Tree([None, *chain], head_missing=True))
        else:
            joined.append(_Tree(chain))
    return joined


def _lost_head(head: Post, gaps: set[str], known: set[str]) -> bool:
    """The head answers a post the dump lacks that may be the author's own."""
    if head.reply_to_author is not None and head.reply_to_author != head.author:
        return False  # a reply to someone else: the start of a thread, not its middle
    if head.reply_to is not None:
        return head.reply_to not in known or head.reply_to in gaps
    return _conversation_elsewhere(head, known)


def _conversation_elsewhere(head: Post, known: set[str]) -> bool:
    """The conversation began at another post the dump lacks (X ``conversation_id``,
    Bluesky ``reply.root``), and nothing says that post was someone else's."""
    if head.reply_to_author is not None and head.reply_to_author != head.author:
        return False
    root = head.conversation_id
    return root is not None and root != head.post_id and root not in known


def _numbers_continue(earlier: Chain, head: Post) -> bool:
    last = next((p for p in reversed(earlier) if p is not None), None)
    if last is None:
        return False
    before, after = post_marker(last), post_marker(head)
    return (
        before is not None and after is not None
        and before[0].index is not None and after[0].index is not None
        and after[0].kind is Kind.NUMBERED
        and after[0].index > before[0].index
    )


def _earlier(trees: list[_Tree], head: Post) -> _Tree | None:
    """The latest tree of the same author: in the same conversation, or any when the dump
    has no conversation ids (an archive), for the markers to decide."""
    for tree in reversed(trees):
        first = next((p for p in tree.slots if p is not None), None)
        if (first is None or first.author != head.author or first.repost_of is not None
                or first.author_kind != head.author_kind):  # a name is not the same-text handle
            continue
        if head.conversation_id is None or first.conversation_id == head.conversation_id:
            return tree
    return None


def _thread(tree: _Tree, repeated: set[str]) -> Thread:
    shown = [p for p in tree.slots if p is not None]
    found = [post_marker(p) for p in shown]
    accepted = _accepted(found, tree.head_missing)
    posts: list[Post] = []
    duplicates: list[int] = []
    index = pending = 0
    found_at = iter(zip(shown, found, accepted, strict=True))
    for slot in tree.slots:
        if slot is None:
            pending += 1
            continue
        post, cut, take = next(found_at)
        marker = cut[0] if cut is not None and take else None
        if marker is not None and marker.index is not None and marker.index > index:
            index = marker.index
            assert cut is not None
            post = replace(post, text=cut[1], index=index, total=marker.total)
        else:
            index += pending + 1
            post = replace(post, index=index)
        pending = 0
        posts.append(post)
        if post.post_id in repeated:
            duplicates.append(index)
    return _made(posts, index + pending, duplicates)


def _accepted(found: Sequence[tuple[Marker, str] | None], head_missing: bool) -> list[bool]:
    """Which markers of a tree's posts number it: those sharing a total with another, those
    counting up from the post before, open ``n/`` ones beside another, and the first post's
    own (``1/7``; any index when the head is missing)."""
    markers = [f[0] if f is not None else None for f in found]
    totals = Counter(m.total for m in markers if m is not None and m.total is not None)
    opens = sum(1 for m in markers if m is not None and m.kind is Kind.OPEN)
    out: list[bool] = []
    previous: int | None = 0
    for k, m in enumerate(markers):
        if m is None or m.index is None or m.kind not in (Kind.NUMBERED, Kind.OPEN):
            out.append(False)
            previous = None if previous is None else previous + 1
            continue
        take = (
            (m.total is not None and totals[m.total] > 1)
            or (m.kind is Kind.OPEN and opens > 1 and not m.weak)
            or (previous is not None and m.index == previous + 1)
            or (k == 0 and (m.index == 1 or head_missing))
        )
        out.append(take)
        previous = m.index if take else (None if previous is None else previous + 1)
    return out


def _made(posts: list[Post], top: int, duplicates: list[int]) -> Thread:
    totals = tuple(dict.fromkeys(p.total for p in posts if p.total is not None))
    total = totals[-1] if totals else None
    present = {p.index for p in posts}
    last = max([total or 0, top])
    missing = tuple(i for i in range(1, last + 1) if i not in present)
    return Thread(
        id=0,
        author=posts[0].author,
        author_kind=posts[0].author_kind,
        total=total,
        declared_totals=totals,
        posts=tuple(posts),
        missing=missing,
        duplicates=tuple(duplicates),
        head_missing=1 in missing,
    )
