"""Structured dumps → threads, ordered by the reply graph.

A thread is an author's chain of replies to themselves (X: ``replied_to`` inside one
``conversation_id``; Bluesky: ``reply.parent``; Mastodon: ``in_reply_to_id``). The chain gives
the order; markers in the text (``3/7``) still give the index, so a post the platform lost
shows up in ``missing``. A deleted or blocked Bluesky post inside the chain is a gap: one
missing index. A post that starts no chain and carries no marker is unthreaded.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import replace

from threadscope.ingest import Dump
from threadscope.models import Post, Thread
from threadscope.threads.assemble import Assembled
from threadscope.threads.markers import Kind
from threadscope.threads.segment import segment_posts

Chain = list[Post | None]
"""Posts in reply order; None marks a gap (a post known to exist but not shown)."""


def reassemble_structured(dump: Dump) -> Assembled:
    posts = dump.all_posts
    known = {p.post_id for p in posts if p.post_id is not None}
    chains = _join_gaps(chronological(build_chains(posts)), set(dump.gaps), known)
    repeated = {i for i, n in Counter(p.post_id for p in dump.posts if p.post_id).items() if n > 1}
    threads: list[Thread] = []
    unthreaded: list[str] = []
    for chain in chains:
        thread = _thread(len(threads) + 1, chain, repeated)
        if thread is None:
            unthreaded.extend(p.text for p in chain if p is not None and p.text.strip())
        else:
            threads.append(thread)
    return Assembled(tuple(threads), tuple(unthreaded))


def build_chains(posts: Sequence[Post]) -> list[Chain]:
    """Every post in exactly one chain; chains in order of their first post's appearance."""
    by_id = {p.post_id: p for p in posts if p.post_id is not None}
    children: dict[str, list[Post]] = {}
    heads: list[Post] = []
    for post in posts:
        parent = by_id.get(post.reply_to or "")
        if parent is not None and parent is not post and parent.author == post.author:
            children.setdefault(parent.post_id or "", []).append(post)
        else:
            heads.append(post)
    seen: set[int] = set()
    chains: list[Chain] = []
    pending = deque([*heads, *posts])  # posts left over (reply cycles) start chains too
    while pending:
        head = pending.popleft()
        if id(head) in seen:
            continue
        chains.append(_follow(head, children, seen, pending))
    return chains


def _follow(
    head: Post, children: dict[str, list[Post]], seen: set[int], pending: deque[Post]
) -> Chain:
    chain: Chain = []
    current: Post | None = head
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        kids = sorted(children.get(current.post_id or "", ()),
                      key=lambda p: (p.created_at or "", p.line))
        kids = [k for k in kids if id(k) not in seen]
        pending.extendleft(reversed(kids[1:]))  # a second self-reply starts its own chain
        current = kids[0] if kids else None
    return chain


def chronological(chains: list[Chain]) -> list[Chain]:
    """Chains by their first post's time when every one has it (pages may come in any order)."""
    heads = [chain[0] for chain in chains]
    if not all(head is not None and head.created_at for head in heads):
        return chains
    return sorted(chains, key=lambda chain: (chain[0].created_at or "") if chain[0] else "")


def _join_gaps(chains: list[Chain], gaps: set[str], known: set[str]) -> list[Chain]:
    """Chains broken by a missing post are one thread when the evidence says so.

    A chain whose head answers a deleted or blocked post (a gap) continues the same author's
    earlier chain in the same conversation, with one missing post between; with no earlier
    chain it starts after one. A head answering a post the dump does not hold (X drops deleted
    tweets without a trace) joins only when markers number both chains upwards.
    """
    joined: list[Chain] = []
    for chain in chains:
        head = chain[0]
        parent = head.reply_to if head is not None else None
        if head is None or parent is None or parent in known:
            joined.append(chain)
            continue
        earlier = _earlier(joined, head)
        if parent in gaps:
            if earlier is None:
                joined.append([None, *chain])
            else:
                earlier.extend([None, *chain])
        elif earlier is not None and _numbers_continue(earlier, head):
            earlier.extend(chain)
        else:
            joined.append(chain)
    return joined


def _numbers_continue(earlier: Chain, head: Post) -> bool:
    last = next((p for p in reversed(earlier) if p is not None), None)
    if last is None:
        return False
    before, after = segment_posts([last, head]).pieces
    return (
        before.post.index is not None
        and after.post.index is not None
        and after.kind is Kind.NUMBERED
        and after.post.index > before.post.index
    )


def _earlier(chains: list[Chain], head: Post) -> Chain | None:
    for chain in reversed(chains):
        first = next((p for p in chain if p is not None), None)
        if (first is not None and first.author == head.author
                and first.conversation_id == head.conversation_id is not None):
            return chain
    return None


def _thread(number: int, chain: Chain, repeated: set[str]) -> Thread | None:
    numbered = segment_posts([p for p in chain if p is not None]).pieces
    if len(numbered) < 2 and not any(pc.kind is Kind.NUMBERED for pc in numbered):
        return None
    pieces = iter(numbered)
    posts: list[Post] = []
    gaps: list[int] = []
    duplicates: list[int] = []
    index = 0
    for slot in chain:
        if slot is None:
            index += 1
            gaps.append(index)
            continue
        piece = next(pieces)
        marked = piece.post.index if piece.kind in (Kind.NUMBERED, Kind.OPEN) else None
        index = marked if marked is not None and marked > index else index + 1
        posts.append(replace(piece.post, index=index))
        if slot.post_id in repeated:
            duplicates.append(index)
    return _made(number, posts, gaps, duplicates)


def _made(number: int, posts: list[Post], gaps: list[int], duplicates: list[int]) -> Thread:
    totals = tuple(dict.fromkeys(p.total for p in posts if p.total is not None))
    total = totals[-1] if totals else None
    present = {p.index for p in posts}
    top = max([total or 0, *(i for i in present if i is not None), *gaps])
    return Thread(
        id=number,
        author=posts[0].author,
        total=total,
        declared_totals=totals,
        posts=tuple(posts),
        missing=tuple(i for i in range(1, top + 1) if i not in present),
        duplicates=tuple(duplicates),
    )
