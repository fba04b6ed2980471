"""``Dump`` and the one rule for context posts (``context_once``)."""

from __future__ import annotations

from threadscope.ingest.dump import Dump, context_once
from threadscope.models import Post


def _post(post_id: str | None, author: str, line: int = 1) -> Post:
    return Post(text=f"{post_id} by {author}", line=line, author=author, post_id=post_id)


def test_each_context_id_once_its_first_copy() -> None:
    first, again = _post("1", "old_handle"), _post("1", "new_handle", 2)
    assert context_once([first, again], set()) == (first,)


def test_the_files_own_posts_are_no_context() -> None:
    own, other = _post("1", "a"), _post("2", "b")
    assert context_once([own, other], {"1"}) == (other,)


def test_context_posts_without_an_id_are_all_kept() -> None:
    one, two = _post(None, "a"), _post(None, "b")
    assert context_once([one, two, one], set()) == (one, two, one)


def test_all_posts_puts_the_context_first() -> None:
    answered, reply = _post("1", "a"), _post("2", "b")
    dump = Dump("x-api-v2", posts=(reply,), context=(answered,))
    assert dump.all_posts == (answered, reply)
