"""What each post does, as the coordination network counts it: the object it acts on, and when.

- a plain repost acts on the post it reposts (``co-retweet``) and does nothing else: its text
  and links are the reposted post's;
- a reply acts on the post it answers (``co-reply``), unless it is the thread's own;
- every link a post spreads (expanded by the platform, or in its text; not a defanged citation,
  not a truncated fragment) acts on that URL, or on where it led when it was followed
  (``co-link``);
- an informative text acts on its near-identical set (``co-text``).

Posts without a time take no part: a co-action is defined by its window. Accounts are numbered
in order of appearance; ``handles`` turns the numbers back into handles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from threadscope.authors import Account, author_label
from threadscope.bots import signals
from threadscope.bots.cluster import TextSets, accounts_of
from threadscope.bots.links import LinkedReplies
from threadscope.bots.network import LINK, REPLY, RETWEET, TEXT, Action
from threadscope.models import Post, PostKind

TEXT_SAMPLE = 60


@dataclass
class Actions:
    by_object: dict[tuple[int, str], list[Action]]
    handles: list[Account]
    """Account number → account."""
    posts: Sequence[Post] = ()
    authors: dict[str, Account] = field(default_factory=dict)
    """Post id → author, for the posts in the dump (to name whose post was retweeted)."""
    text_sample: dict[int, int] = field(default_factory=dict)
    """Exact text number → a post with that text."""

    def describe(self, kind: int, key: str) -> str:
        """How an object reads in a reason: a post and its author, a URL, a text."""
        if kind == TEXT:
            text = " ".join(self.posts[self.text_sample[int(key)]].text.split())
            text = text if len(text) <= TEXT_SAMPLE else text[: TEXT_SAMPLE - 1] + "…"
            return f"“{text}”"
        if kind in (RETWEET, REPLY):
            author = self.authors.get(key)
            if author is None:
                return f"post {key}"
            return f"{author_label(author.name, author.kind)}'s post {key}"
        return key


def collect(
    posts: Sequence[Post], texts: TextSets, linked: LinkedReplies, skip: frozenset[int],
    times: signals.PostTimes, owners: Sequence[Account] | None = None,
) -> Actions:
    """``owners``: each post's account (``cluster.accounts_of``; made here when not given)."""
    owners = accounts_of(posts) if owners is None else owners
    numbers: dict[Account, int] = {}
    handles: list[Account] = []
    by_object: dict[tuple[int, str], list[Action]] = defaultdict(list)
    urls = [a.final_url or a.url or a.input for a in linked.assessments]
    per_reply, exact = linked.per_reply, texts.exact
    for position, post in enumerate(posts):
        if position in skip:
            continue
        moment = times.posted(position)
        if moment is None:
            continue
        handle = owners[position]
        account = numbers.get(handle)
        if account is None:
            account = numbers[handle] = len(handles)
            handles.append(handle)
        action = (moment / 1_000_000, account, position)  # as datetime.timestamp() gives it
        kind = post.kind
        if kind is PostKind.REPOST:
            by_object[(RETWEET, post.repost_of or "")].append(action)
            continue
        if kind is PostKind.REPLY:  # a reply names the post it answers
            by_object[(REPLY, post.reply_to or "")].append(action)
        links = per_reply[position]
        for link in dict.fromkeys(links) if len(links) > 1 else links:
            by_object[(LINK, urls[link])].append(action)
        if exact[position] >= 0:  # the same text, as the QUT toolkit's co-tweet
            by_object[(TEXT, str(exact[position]))].append(action)
    answered = {key for kind, key in by_object if kind in (RETWEET, REPLY)}
    authors = {
        post.post_id: Account(post.author, post.author_kind, post.author_id) for post in posts
        if post.post_id in answered and post.author
    }
    samples = {int(key): items[0][2] for (kind, key), items in by_object.items() if kind == TEXT}
    return Actions(dict(by_object), handles, posts, authors, samples)
