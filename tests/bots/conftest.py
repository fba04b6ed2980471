"""Shared helpers: the reply-set generator from ``scripts/`` and replies built by hand."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.fixtures import fake_web  # noqa: F401  (the loopback web, for test_network)
from threadscope.models import Post

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "bots"


@pytest.fixture(scope="session")
def gen_replies() -> ModuleType:
    sys.path.insert(0, str(ROOT / "scripts"))
    import gen_replies

    return gen_replies


def reply(
    index: int,
    author: str,
    text: str,
    *,
    created_at: str | None = None,
    author_created_at: str | None = None,
    urls: tuple[str, ...] = (),
    post_id: str | None = None,
    reply_to: str | None = None,
    repost_of: str | None = None,
) -> Post:
    """A post as a dump would give it; ``index`` is its position (line = index + 1)."""
    return Post(
        text, index + 1, author=author, created_at=created_at,
        author_created_at=author_created_at, urls=urls, post_id=post_id, reply_to=reply_to,
        repost_of=repost_of,
    )
