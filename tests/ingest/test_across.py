"""Facts carried across the lines of a dump: what a post waits on, and how it settles."""

from __future__ import annotations

from threadscope.ingest.across import Read, Wait, settle_all, settled, waits
from threadscope.ingest.dump import Dump
from threadscope.ingest.telegram import TelegramFacts
from threadscope.models import Post

REPLY = Post("Genau.", 1, author="user2", post_id="9/2", reply_to="9/1")
PARENT = Post("Wer hat die Zahlen?", 2, author="user1", post_id="9/1")


def test_a_post_waits_until_its_fact_comes_and_settles_when_it_does() -> None:
    facts = TelegramFacts()
    wait = Wait(facts, "9/1")
    assert wait.settle(REPLY, final=False) is None  # the parent may still come
    facts.learn([PARENT])
    assert wait.settle(REPLY, final=False) == Post(
        "Genau.", 1, author="user2", post_id="9/2", reply_to="9/1", reply_to_author="user1")


def test_at_the_end_a_post_whose_fact_never_came_is_kept_as_read() -> None:
    assert Wait(TelegramFacts(), "9/1").settle(REPLY, final=True) == REPLY


def test_settle_all_settles_posts_and_context_and_leaves_the_rest() -> None:
    facts = TelegramFacts()
    facts.learn([PARENT])
    read = Read(Dump("telegram", (REPLY, PARENT), context=(REPLY,)),
                waits(facts, ["9/1", None]), waits(facts, ["9/1"]))
    dump = settle_all(read)
    assert [p.reply_to_author for p in dump.posts] == ["user1", None]
    assert dump.context[0].reply_to_author == "user1"
    plain = Dump("x-api-v2", (PARENT,))
    assert settle_all(Read(plain)) is plain  # nothing waits: the dump itself


def test_settled_keeps_order_and_posts_that_wait_on_nothing() -> None:
    facts = TelegramFacts()
    facts.learn([PARENT])
    assert settled([PARENT, REPLY], [None, Wait(facts, "9/1")])[0] is PARENT
